/**
 * Cancellation plumbing for one call. Two properties matter under load:
 *
 * - A caller's long-lived `AbortSignal`, shared by thousands of calls, carries one listener per core and
 *   signal, not one per call or attempt: {@link follow} fans one listener out to every call in flight.
 * - A timeout or abort settles the call even if the runtime's fetch lost the link to its signal. Node's fetch
 *   follows a `Request`'s signal only weakly (nodejs/node#55428, nodejs/undici#4068): after a garbage
 *   collection an abort could go unnoticed and the call hang until undici's own 300 s timeout.
 *   {@link untilAborted} races every await of an attempt against its signal, and holds the objects of an
 *   attempt strongly until it settles, so the abort also reaches the connection.
 */

interface Fanout {
  readonly controllers: Set<AbortController>;
  readonly listener: () => void;
}

const fanouts = new WeakMap<AbortSignal, Fanout>();

/**
 * Aborts `controller` when `signal` aborts (with its reason). Returns the function that unlinks them; call it
 * when the controller's work is done. However many controllers follow one signal, it carries one listener.
 */
export function follow(signal: AbortSignal | undefined, controller: AbortController): () => void {
  if (signal === undefined) return noop;
  if (signal.aborted) {
    controller.abort(signal.reason);
    return noop;
  }
  let fanout = fanouts.get(signal);
  if (fanout === undefined) {
    const controllers = new Set<AbortController>();
    const listener = () => {
      fanouts.delete(signal);
      for (const c of controllers) c.abort(signal.reason);
      controllers.clear();
    };
    fanout = { controllers, listener };
    fanouts.set(signal, fanout);
    signal.addEventListener('abort', listener, { once: true });
  }
  const { controllers, listener } = fanout;
  controllers.add(controller);
  return () => {
    if (!controllers.delete(controller) || controllers.size > 0) return;
    signal.removeEventListener('abort', listener);
    if (fanouts.get(signal) === fanout) fanouts.delete(signal);
  };
}

/** Strong references to what an attempt in flight needs, so the garbage collector cannot cut an abort chain. */
const inFlight = new Set<object>();

/**
 * Settles like `promise`, or rejects with the signal's reason as soon as it aborts, whichever comes first.
 * `hold` (the objects of an attempt in flight) is kept strongly reachable until then.
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal, hold?: object): Promise<T> {
  if (signal.aborted) {
    promise.catch(noop);
    return Promise.reject(signal.reason);
  }
  if (hold !== undefined) inFlight.add(hold);
  return new Promise<T>((resolve, reject) => {
    const settle = () => {
      signal.removeEventListener('abort', onAbort);
      if (hold !== undefined) inFlight.delete(hold);
    };
    const onAbort = () => {
      promise.catch(noop);
      if (hold !== undefined) inFlight.delete(hold);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        settle();
        resolve(value);
      },
      (error: unknown) => {
        settle();
        reject(error);
      },
    );
  });
}

/** The longest delay a timer can take: longer ones fire after 1 ms with a TimeoutOverflowWarning. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** `ms` made safe for `setTimeout`: finite, at least 0, at most {@link MAX_TIMER_MS}. */
export function timerDelay(ms: number): number {
  if (!(ms > 0)) return 0;
  return Math.min(Math.ceil(ms), MAX_TIMER_MS);
}

function noop(): void {}
