/**
 * Retry policy: which failures are retried, and how long to wait. HubSpot-aware: `Retry-After` is honoured,
 * a 429 whose `policyName` is a daily limit is never retried, and non-idempotent calls (POST, PATCH) are
 * retried only when that is safe (a 429, or a connection that failed before the request was sent).
 */

import { timerDelay } from './signals.js';

export interface RetryOptions {
  /** Retries after the first attempt; 0 turns retrying off. Default 3. */
  maxRetries?: number;
  /** First backoff step in ms. Default 500. */
  baseDelayMs?: number;
  /** Longest wait between attempts in ms, `Retry-After` included. Default 30 000. */
  maxDelayMs?: number;
  /** Also retry 5xx answers and ambiguous connection failures on POST/PATCH. Default false. */
  retryNonIdempotent?: boolean;
}

/**
 * Why an attempt is retried. `response_error`: the status arrived but the body could not be read (GET, PUT and
 * DELETE only, unless `retryNonIdempotent`).
 */
export type RetryReason = 'rate_limited' | 'server_error' | 'connection_error' | 'response_error' | 'timeout';

/** What the retry hook is told before each wait. */
export interface RetryEvent {
  actionId: string;
  method: string;
  /** The attempt that just failed, 1-based. */
  attempt: number;
  /** How long the client waits before the next attempt. */
  delayMs: number;
  reason: RetryReason;
  status?: number;
  /** HubSpot's rate-limit policy, when the 429 named one. */
  policyName?: string;
}

export const DEFAULT_RETRY: Required<RetryOptions> = {
  maxRetries: 3,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  retryNonIdempotent: false,
};

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

export function isIdempotent(method: string): boolean {
  return IDEMPOTENT.has(method.toUpperCase());
}

/** Parses `Retry-After` (delta seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff with full jitter: a random wait in [0, min(cap, base * 2^(attempt-1))]. */
export function backoffDelay(
  attempt: number,
  policy: Required<RetryOptions>,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/** Daily limits reset at midnight; retrying within the call cannot help. */
export function isDailyPolicy(policyName: string | undefined): boolean {
  return policyName !== undefined && /DAILY/i.test(policyName);
}

/** Whether a status is worth retrying for this method under this policy. */
export function retryableStatus(
  status: number,
  method: string,
  policy: Required<RetryOptions>,
): RetryReason | undefined {
  if (status === 429) return 'rate_limited';
  if (status === 502 || status === 503 || status === 504) {
    return isIdempotent(method) || policy.retryNonIdempotent ? 'server_error' : undefined;
  }
  return undefined;
}

/** Error codes that mean the request never left this machine, so any method may be retried. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** The Node/undici error code behind a failed fetch, when there is one. */
export function errorCode(error: unknown): string | undefined {
  let cur: unknown = error;
  for (let i = 0; i < 5 && typeof cur === 'object' && cur !== null; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Whether a failed connection may be retried for this method. */
export function retryableConnectionError(
  error: unknown,
  method: string,
  policy: Required<RetryOptions>,
): boolean {
  if (isIdempotent(method) || policy.retryNonIdempotent) return true;
  const code = errorCode(error);
  return code !== undefined && NOT_SENT_CODES.has(code);
}

/** Waits `ms` (clamped to what a timer can hold), or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, timerDelay(ms));
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
