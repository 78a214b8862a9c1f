/**
 * Where a client's rate budget lives. The client asks its {@link RateLimitStore} for a slot before every
 * attempt and tells it about every answer; the store decides when the request may go. The default store is
 * in-process ({@link InProcessRateLimitStore}: the token bucket of limiter.ts, one per client unless you share
 * one store between clients); `hubspot-marketing-connector/redis` has one that a fleet of processes shares.
 *
 * Writing a store: implement `take` (resolve when the request may be sent; reject with `RateLimitWaitError` (limiter.ts)
 * when the wait would exceed `maxWaitMs`, with the error of {@link rateLimitStop} for a stop) and `observe`
 * (read HubSpot's answers, e.g. with {@link readRateLimitSignals}). `take` must honour `signal`; the time it
 * spends counts toward the call's timeout.
 */
import { HubSpotRateLimitError } from './errors.js';
import {
  checkRate,
  MAX_HEADER_WAIT_MS,
  type RateLimitOptions,
  RateLimitWaitError,
  TokenBucket,
} from './limiter.js';
import { isDailyPolicy, parseRetryAfter } from './retry.js';
import type { Logger } from './transport.js';

/** One request asking for a slot. */
export interface RateLimitRequest {
  /** The action about to be sent. */
  readonly actionId: string;
  /** Its method and URL, for the error of a stop (the URL is redacted by the error). */
  readonly method: string;
  readonly url: string;
  /** The client's `rateLimit.requestsPerSecond`. */
  readonly requestsPerSecond: number;
  /** The client's `rateLimit.burst` (default 1: even pacing). */
  readonly burst: number;
  /**
   * The longest the request may wait, in ms (what is left of the call's timeout). A store that would have to
   * wait longer rejects at once with `RateLimitWaitError` (limiter.ts), and should not use up a slot for it.
   */
  readonly maxWaitMs: number;
  /** Aborts the wait: the call's signal and timeout. */
  readonly signal?: AbortSignal;
  /** The client's logger. */
  readonly logger?: Logger;
}

/** One answer from HubSpot (every attempt, retried ones included). */
export interface RateLimitObservation {
  readonly actionId: string;
  readonly status: number;
  readonly headers: Headers;
  /** The `policyName` of a 429 body (`TEN_SECONDLY_ROLLING`, `SECONDLY`, `DAILY`), when it had one. */
  readonly policyName?: string;
  /** The client's logger. */
  readonly logger?: Logger;
}

/** A rate budget: in-process by default, shared by a fleet with `createRedisRateLimitStore`. */
export interface RateLimitStore {
  /**
   * Resolves when the request may be sent. Rejects with `RateLimitWaitError` (limiter.ts) when there is no slot
   * within `maxWaitMs` (the call then fails at once with a client-side {@link HubSpotRateLimitError}), with a
   * {@link HubSpotRateLimitError} when the request may not be sent at all (a daily stop), and with the
   * signal's reason when it aborts.
   */
  take(request: RateLimitRequest): Promise<void>;
  /** Reads one answer: HubSpot's rate-limit headers and 429s tighten the budget. Must not throw. */
  observe(observation: RateLimitObservation): void;
}

/** What an answer says about the budget. */
export interface RateLimitSignals {
  /** Nobody should send for this long (ms, never more than {@link MAX_HEADER_WAIT_MS}). */
  blockMs?: number;
  /** The daily limit is spent: nobody should send for this long (ms), until the daily reset. */
  dailyResetMs?: number;
  /** `X-HubSpot-RateLimit-Remaining`: requests the rolling window has left. */
  remaining?: number;
  /** Waits a header asked for that were longer than {@link MAX_HEADER_WAIT_MS}, and so ignored. */
  ignored?: Array<{ header: string; waitMs: number }>;
}

/**
 * Reads HubSpot's rate-limit signals from one answer:
 * - `X-HubSpot-RateLimit-Secondly-Remaining: 0` blocks one slot of the secondly limit (1000 / per-second);
 * - `X-HubSpot-RateLimit-Remaining: 0` blocks one slot of the rolling window (interval / max);
 * - a 429 that is not a daily one blocks for its `Retry-After` (without one, the headers above decide);
 * - a 429 with `policyName` DAILY, or `X-HubSpot-RateLimit-Daily-Remaining: 0`, is a daily stop until its
 *   `Retry-After`, or else until the daily reset: HubSpot resets daily limits at midnight in the account's
 *   time zone, so the next midnight in `timeZone` when it is given, else the next full hour (UTC), when one
 *   call finds out whether the limit has reset (midnight in every time zone falls on a full hour of UTC, but
 *   for the few at :30 or :45).
 * A wait longer than {@link MAX_HEADER_WAIT_MS} (HubSpot's windows are at most 10 s) is ignored, as the
 * in-process limiter does: not a wait but HubSpot's to enforce with a 429. Nonsense values are ignored.
 */
export function readRateLimitSignals(
  observation: Pick<RateLimitObservation, 'status' | 'headers' | 'policyName'>,
  options: { timeZone?: string; now?: number } = {},
): RateLimitSignals {
  const { headers, status } = observation;
  const num = (name: string) => {
    const v = headers.get(name);
    const n = v === null || v.trim() === '' ? Number.NaN : Number(v);
    return Number.isFinite(n) ? n : undefined;
  };
  const now = options.now ?? Date.now();
  const retryAfter = parseRetryAfter(headers.get('retry-after'), now);
  const signals: RateLimitSignals = {};
  const dailyRemaining = num('x-hubspot-ratelimit-daily-remaining');
  if ((status === 429 && isDailyPolicy(observation.policyName)) || (dailyRemaining ?? 1) <= 0) {
    signals.dailyResetMs =
      status === 429 && retryAfter !== undefined
        ? retryAfter
        : options.timeZone
          ? msUntilMidnight(options.timeZone, now)
          : 3_600_000 - (now % 3_600_000);
    return signals;
  }
  // Each wait a header asks for counts only up to HubSpot's longest window; a longer ask is not a wait but an
  // answer for HubSpot to give (the next call is sent, and a real limit surfaces as a 429).
  // A rolling window frees its next slot when its oldest request leaves it: at a steady pace that is one
  // slot's time (window / max), not the whole window.
  const waits: Array<{ header: string; waitMs: number }> = [];
  const slot = (limit: number | undefined, windowMs: number) =>
    limit !== undefined && limit > 0 ? windowMs / limit : windowMs;
  if ((num('x-hubspot-ratelimit-secondly-remaining') ?? 1) <= 0)
    waits.push({
      header: 'x-hubspot-ratelimit-secondly',
      waitMs: slot(num('x-hubspot-ratelimit-secondly'), 1000),
    });
  const remaining = num('x-hubspot-ratelimit-remaining');
  if (remaining !== undefined) signals.remaining = Math.max(0, Math.floor(remaining));
  if ((remaining ?? 1) <= 0) {
    const interval = num('x-hubspot-ratelimit-interval-milliseconds');
    if (interval !== undefined && interval > 0)
      waits.push({
        header: 'x-hubspot-ratelimit-interval-milliseconds',
        waitMs: slot(num('x-hubspot-ratelimit-max'), interval),
      });
  }
  if (status === 429 && retryAfter !== undefined) waits.push({ header: 'retry-after', waitMs: retryAfter });
  const ignored = waits.filter((w) => w.waitMs > MAX_HEADER_WAIT_MS);
  if (ignored.length > 0) signals.ignored = ignored;
  const block = Math.max(0, ...waits.filter((w) => w.waitMs <= MAX_HEADER_WAIT_MS).map((w) => w.waitMs));
  if (block > 0) signals.blockMs = Math.ceil(block);
  return signals;
}

/** Milliseconds until the next midnight in `timeZone` (an IANA name). */
export function msUntilMidnight(timeZone: string, now: number = Date.now()): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(now));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const sinceMidnight = ((part('hour') * 60 + part('minute')) * 60 + part('second')) * 1000 + (now % 1000);
  return 86_400_000 - sinceMidnight;
}

/**
 * The error of a request that a store refuses to send: a {@link HubSpotRateLimitError} with status 429,
 * the policy, and `retryAfterMs`/`resetAt` when it is known. No request was sent for it.
 */
export function rateLimitStop(
  request: Pick<RateLimitRequest, 'actionId' | 'method' | 'url'>,
  stop: { policyName: string; message: string; retryAfterMs?: number },
): HubSpotRateLimitError {
  return new HubSpotRateLimitError({
    actionId: request.actionId,
    method: request.method,
    url: request.url,
    status: 429,
    body: {
      status: 'error',
      category: 'RATE_LIMITS',
      message: stop.message,
      policyName: stop.policyName,
    },
    ...(stop.retryAfterMs === undefined ? {} : { retryAfterMs: Math.max(0, Math.ceil(stop.retryAfterMs)) }),
    clientSide: true,
  });
}

/**
 * The error of a call refused while the daily limit is spent: {@link rateLimitStop} with HubSpot's `DAILY` policy,
 * `retryAfterMs` the time until the daily reset (`resetInMs`).
 */
export function dailyRateLimitStop(request: RateLimitRequest, resetInMs: number): HubSpotRateLimitError {
  return rateLimitStop(request, {
    policyName: 'DAILY',
    message: `the daily rate limit is spent; no request is sent until it resets at ${new Date(Date.now() + resetInMs).toISOString()}`,
    retryAfterMs: resetInMs,
  });
}

export interface InProcessRateLimitStoreOptions {
  /**
   * The HubSpot account's time zone (IANA name, e.g. `America/New_York`): a DAILY stop without `Retry-After`
   * lasts until the next midnight there. Without it, until the next full hour.
   */
  timeZone?: string;
}

/**
 * The default store: the token bucket of limiter.ts in this process, plus the daily stop. A client without a
 * `rateLimit.store` gets its own; give several clients one instance to let them share a budget.
 */
export class InProcessRateLimitStore implements RateLimitStore {
  private readonly buckets = new Map<string, TokenBucket>();
  private dailyUntil = 0;

  constructor(private readonly options: InProcessRateLimitStoreOptions = {}) {}

  async take(request: RateLimitRequest): Promise<void> {
    const stopped = this.dailyUntil - Date.now();
    if (stopped > 0) throw dailyRateLimitStop(request, stopped);
    await this.bucket(request).take(request.signal, request.maxWaitMs);
  }

  observe(observation: RateLimitObservation): void {
    const signals = readRateLimitSignals(
      observation,
      this.options.timeZone ? { timeZone: this.options.timeZone } : {},
    );
    for (const { header, waitMs } of signals.ignored ?? []) {
      observation.logger?.warn?.(
        `ignored ${header}: it asked for a ${Math.round(waitMs)} ms wait, longer than any HubSpot window`,
        { header, waitMs },
      );
    }
    for (const bucket of this.buckets.values()) bucket.tighten(signals.blockMs, signals.remaining);
    if (signals.dailyResetMs !== undefined)
      this.dailyUntil = Math.max(this.dailyUntil, Date.now() + signals.dailyResetMs);
  }

  private bucket(rate: Pick<RateLimitOptions, 'requestsPerSecond' | 'burst'>): TokenBucket {
    const id = `${rate.requestsPerSecond}/${rate.burst ?? 1}`;
    let bucket = this.buckets.get(id);
    if (!bucket) {
      bucket = new TokenBucket({ requestsPerSecond: rate.requestsPerSecond, burst: rate.burst ?? 1 });
      this.buckets.set(id, bucket);
    }
    return bucket;
  }
}

/** What the transport needs of a client's limiter: its store, bound to the client's rate and logger. */
export interface ClientRateLimiter {
  /**
   * Resolves when the attempt may be sent. A wait longer than `maxWaitMs` rejects at once with a client-side
   * {@link HubSpotRateLimitError} (nothing sent); a stop of the store with its own error.
   */
  take(call: {
    actionId: string;
    method: string;
    /** Redacted. */
    url: string;
    signal: AbortSignal;
    maxWaitMs: number;
    /** The attempt's timeout, for the error's message. */
    timeoutMs: number;
  }): Promise<void>;
  observe(observation: Omit<RateLimitObservation, 'logger'>): void;
}

/**
 * Binds `rateLimit` to one client (checking the rate and the store at once, so a bad option fails when the
 * client is created) and returns what the transport uses. The store is `rateLimit.store`, else an
 * {@link InProcessRateLimitStore} of the client's own.
 */
export function bindRateLimit(options: RateLimitOptions, logger?: Logger): ClientRateLimiter {
  const rate = checkRate(options);
  const store = options.store === undefined ? new InProcessRateLimitStore() : options.store;
  if (typeof store?.take !== 'function' || typeof store.observe !== 'function')
    throw new TypeError('rateLimit.store must have take() and observe() (see RateLimitStore)');
  return {
    take: async ({ timeoutMs, ...call }) => {
      try {
        await store.take({ ...call, ...rate, ...(logger ? { logger } : {}) });
      } catch (error) {
        if (!(error instanceof RateLimitWaitError)) throw error;
        const waitMs = Math.ceil(error.waitMs);
        throw new HubSpotRateLimitError({
          ...call,
          status: 429,
          body: {
            status: 'error',
            category: 'RATE_LIMITS',
            message: `not sent: the client's rate limiter would wait ${waitMs} ms, longer than the ${timeoutMs} ms timeout (${error.source === 'headers' ? "HubSpot's rate-limit headers reported the window spent" : 'the configured rate'})`,
          },
          retryAfterMs: waitMs,
          clientSide: true,
        });
      }
    },
    observe: (observation) => {
      try {
        store.observe(logger ? { ...observation, logger } : observation);
      } catch (error) {
        logger?.warn?.(
          `the rate-limit store failed to read an answer: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    },
  };
}
