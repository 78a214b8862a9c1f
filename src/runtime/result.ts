/**
 * Result style: for callers who prefer `{ data, error, response }` to exceptions. The client created with
 * `throwOnError: false` wraps every action with {@link resultify} (see client.ts) so that HubSpot errors are
 * returned, not thrown. Aborts and programming errors still throw. Iterators (`...All`, `...Pages`) are left
 * as they are.
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

function isOptions(v: unknown): v is RequestOptions {
  return typeof v === 'object' && v !== null;
}

/** Wraps one action function whose argument at `optionsIndex` is its `RequestOptions`. */
export function resultify<R>(
  fn: (...args: never[]) => R | Promise<R>,
  optionsIndex: number,
): (...args: unknown[]) => Promise<Result<R>> {
  return async (...args: unknown[]) => {
    let response: Response | undefined;
    const given = args[optionsIndex];
    const options: RequestOptions = {
      ...(isOptions(given) ? given : {}),
      onResponse: (r) => {
        response = r;
        if (isOptions(given)) given.onResponse?.(r);
      },
    };
    const callArgs = [...args];
    while (callArgs.length < optionsIndex) callArgs.push(undefined);
    callArgs[optionsIndex] = options;
    try {
      const data = await fn(...(callArgs as never[]));
      return { data, error: undefined, response };
    } catch (error) {
      if (error instanceof HubSpotError) return { data: undefined, error, response };
      throw error;
    }
  };
}
