/**
 * An optional client-side rate limiter shared by every call on one client, so a busy job stays under HubSpot's
 * limits instead of collecting 429s: a token bucket whose calls wait in order. From the calls ahead and the
 * tokens left it knows how long a new call would wait, so a call whose wait would outlast its timeout is
 * refused at once instead of timing out later.
 *
 * HubSpot's `X-HubSpot-RateLimit-*` response headers tighten it: when the server says the current window is
 * spent, calls wait for the next slot of that window. Those headers come from the server, so every wait they
 * cause is bounded: HubSpot's windows are at most 10 s; a header asking for longer is not a wait but an answer
 * for HubSpot to give (the next call is sent, and a real limit surfaces as a 429).
 */
import { sleep } from './retry.js';
import type { RateLimitStore } from './store.js';

export interface RateLimitOptions {
  /** Sustained requests per second. HubSpot's private apps allow 100 or 190 per 10 s depending on tier. */
  requestsPerSecond: number;
  /**
   * Requests that may go at once after a quiet period. Default 1: requests are paced evenly, which never
   * exceeds the rate in any window, so HubSpot's rolling windows never refuse them.
   */
  burst?: number;
  /**
   * Where the budget lives. Default: in this process, one per client (an `InProcessRateLimitStore`, store.ts).
   * Give every process the same `createRedisRateLimitStore(...)` key (`hubspot-marketing-connector/redis`) to
   * share one budget across a fleet. See store.ts for writing your own.
   */
  store?: RateLimitStore;
}

/** The longest wait a rate-limit header may cause: HubSpot's longest rolling window. */
export const MAX_HEADER_WAIT_MS = 10_000;

/** A limiter wait would have been longer than the call may wait. */
export class RateLimitWaitError extends Error {
  override readonly name = 'RateLimitWaitError';
  constructor(
    /** How long the call would have had to wait, in ms. */
    readonly waitMs: number,
    /** The limit behind the wait: the configured rate, or a window HubSpot's headers reported as spent. */
    readonly source: 'rate' | 'headers',
  ) {
    super(`the rate limiter would wait ${Math.ceil(waitMs)} ms`);
  }
}

/**
 * Checks `requestsPerSecond` and `burst` (RangeError), so a bad option fails when the client is created, and
 * returns them with `burst` defaulted and rounded down.
 */
export function checkRate(options: RateLimitOptions): { requestsPerSecond: number; burst: number } {
  const rate = options.requestsPerSecond;
  if (typeof rate !== 'number' || !Number.isFinite(rate) || rate <= 0)
    throw new RangeError(`rateLimit.requestsPerSecond must be a positive finite number, got ${String(rate)}`);
  const burst = options.burst ?? 1;
  if (typeof burst !== 'number' || !Number.isFinite(burst) || burst < 1)
    throw new RangeError(`rateLimit.burst must be a finite number of at least 1, got ${String(burst)}`);
  return { requestsPerSecond: rate, burst: Math.floor(burst) };
}

export class TokenBucket {
  /** Tokens added per ms. */
  private readonly rate: number;
  private readonly capacity: number;
  private tokens: number;
  private last: number;
  /** No request before this time: a window HubSpot reported as spent. */
  private blockedUntil = 0;
  /** Calls waiting for their turn, this one's included. */
  private waiting = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    options: RateLimitOptions,
    private readonly now: () => number = () => performance.now(),
  ) {
    const { requestsPerSecond, burst } = checkRate(options);
    this.rate = requestsPerSecond / 1000;
    this.capacity = burst;
    this.tokens = this.capacity;
    this.last = this.now();
  }

  /**
   * Resolves when a request may be sent; calls are served in order, and a token is taken at the moment a call
   * goes (so a late timer never lets a group of calls out together). Rejects at once with
   * {@link RateLimitWaitError} when the expected wait — the calls ahead, the tokens left, a spent window —
   * exceeds `maxWaitMs`, and with the signal's reason when it aborts.
   */
  take(signal?: AbortSignal, maxWaitMs = Number.POSITIVE_INFINITY): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const t = this.refill();
    const blocked = this.blockedUntil - t;
    const paced = (this.waiting + 1 - this.tokens) / this.rate;
    const wait = Math.max(blocked, paced, 0);
    if (wait > maxWaitMs) {
      return Promise.reject(new RateLimitWaitError(wait, blocked >= paced ? 'headers' : 'rate'));
    }
    this.waiting++;
    const turn = this.queue.then(() => this.waitForToken(signal));
    const done = () => {
      this.waiting--;
    };
    turn.then(done, done);
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private refill(): number {
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + (t - this.last) * this.rate);
    this.last = t;
    return t;
  }

  private async waitForToken(signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw signal.reason;
      const t = this.refill();
      const blocked = this.blockedUntil - t;
      if (blocked > 0) {
        await sleep(blocked, signal);
        continue;
      }
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await sleep((1 - this.tokens) / this.rate, signal);
    }
  }

  /**
   * Applies what an answer said (see `readRateLimitSignals` in store.ts, the one reader of HubSpot's headers):
   * no request for `blockMs`, and no more than `remaining` requests before the pace frees more.
   */
  tighten(blockMs: number | undefined, remaining: number | undefined): void {
    const t = this.refill();
    if (remaining !== undefined) this.tokens = Math.min(this.tokens, Math.max(0, Math.floor(remaining)));
    if (blockMs !== undefined && blockMs > 0) this.blockedUntil = Math.max(this.blockedUntil, t + blockMs);
  }
}
