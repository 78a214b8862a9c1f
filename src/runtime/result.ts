/**
 * Result style: for callers who prefer `{ data, error, response }` to exceptions. A core (or client) made
 * with `throwOnError: false` makes every action resolve to a {@link Result}: the action functions (action.ts)
 * settle their call here, so the option is handled in this one place for standalone actions, area objects,
 * `invoke` and batch actions alike. HubSpot errors are returned, not thrown; aborts and programming errors
 * still throw. Iterators (`...All`, `...Pages`) throw as usual.
 */
import type { RequestOptions } from './core.js';
import { HubSpotError } from './errors.js';

export type Result<T> =
  | { data: T; error: undefined; response: Response | undefined }
  | { data: undefined; error: HubSpotError; response: Response | undefined };

/** The same object, with every `Promise<T>` action returning `Promise<Result<T>>`. */
export type Resultify<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => Promise<infer R>
    ? (...args: A) => Promise<Result<R>>
    : T[K] extends (...args: infer _A) => AsyncGenerator<infer _Y, infer _R, infer _N>
      ? T[K]
      : T[K] extends object
        ? Resultify<T[K]>
        : T[K];
};

/** The result style option, of a core (`createHubSpotCore`) or a client. */
export interface ErrorStyle {
  /**
   * `false`: every action called with this core (or client) resolves to `{ data, error, response }` and
   * returns a `HubSpotError` as `error` instead of throwing it; aborts and programming errors still throw,
   * and the `...Pages`/`...All` iterators throw as usual. Default `true`.
   */
  throwOnError?: boolean;
}

/**
 * Runs one action call in the style of `core`: as is when it throws (the default), else settled into a
 * {@link Result}, with the final `Response` (also handed to the caller's own `onResponse`).
 */
export function styled<T>(
  core: ErrorStyle,
  options: RequestOptions | undefined,
  run: (options: RequestOptions | undefined) => Promise<T>,
): Promise<T> {
  return core.throwOnError === false ? (settle(options, run) as Promise<T>) : run(options);
}

async function settle<T>(
  given: RequestOptions | undefined,
  run: (options: RequestOptions) => Promise<T>,
): Promise<Result<T>> {
  let response: Response | undefined;
  const options: RequestOptions = {
    ...given,
    onResponse: (r) => {
      response = r;
      given?.onResponse?.(r);
    },
  };
  try {
    return { data: await run(options), error: undefined, response };
  } catch (error) {
    if (error instanceof HubSpotError) return { data: undefined, error, response };
    throw error;
  }
}
