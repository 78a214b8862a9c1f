/**
 * An optional client-side rate limiter shared by every call on one client, so a busy job stays under HubSpot's
 * limits instead of collecting 429s. It schedules calls like a token bucket (the generic cell rate algorithm:
 * each call reserves the next free slot), which tells at once how long a call would wait, so a call whose wait
 * would outlast its timeout is refused at once instead of timing out later.
 *
 * HubSpot's `X-HubSpot-RateLimit-*` response headers tighten it: when the server says the current window is
 * spent, calls wait for the next slot of that window. Those headers come from the server, so every wait they
 * cause is bounded: HubSpot's windows are at most 10 s; a header asking for longer is not a wait but an answer
 * for HubSpot to give (the next call is sent, and a real limit surfaces as a 429).
 */
import { sleep } from './retry.js';

export interface RateLimitOptions {
  /** Sustained requests per second. HubSpot's private apps allow 100 or 190 per 10 s depending on tier. */
  requestsPerSecond: number;
  /**
   * Requests that may go at once after a quiet period. Default 1: requests are paced evenly, which never
   * exceeds the rate in any window, so HubSpot's rolling windows never refuse them.
   */
  burst?: number;
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

export class TokenBucket {
  /** ms between two requests at the configured rate. */
  private readonly interval: number;
  /** How far ahead of the pace a burst may run, in ms. */
  private readonly tolerance: number;
  /** The theoretical arrival time of the next request at the configured pace. */
  private tat: number;
  /** No request before this time: a window HubSpot reported as spent. */
  private blockedUntil = 0;
  /** Called once per header value that asked for a wait longer than {@link MAX_HEADER_WAIT_MS}. */
  onIgnoredHeader: ((name: string, waitMs: number) => void) | undefined;

  constructor(
    options: RateLimitOptions,
    private readonly now: () => number = () => performance.now(),
  ) {
    const rate = options.requestsPerSecond;
    if (typeof rate !== 'number' || !Number.isFinite(rate) || rate <= 0)
      throw new RangeError(
        `rateLimit.requestsPerSecond must be a positive finite number, got ${String(rate)}`,
      );
    const burst = options.burst ?? 1;
    if (typeof burst !== 'number' || !Number.isFinite(burst) || burst < 1)
      throw new RangeError(`rateLimit.burst must be a finite number of at least 1, got ${String(burst)}`);
    this.interval = 1000 / rate;
    this.tolerance = (Math.floor(burst) - 1) * this.interval;
    this.tat = this.now();
  }

  /**
   * Resolves when a request may be sent; calls are served in the order they ask. Rejects at once, without
   * taking a slot, with {@link RateLimitWaitError} when the wait would exceed `maxWaitMs`, and with the
   * signal's reason when it aborts.
   */
  async take(signal?: AbortSignal, maxWaitMs = Number.POSITIVE_INFINITY): Promise<void> {
    if (signal?.aborted) throw signal.reason;
    const started = this.now();
    const slot = Math.max(started, this.tat - this.tolerance, this.blockedUntil);
    const wait = slot - started;
    if (wait > maxWaitMs) throw new RateLimitWaitError(wait, slot === this.blockedUntil ? 'headers' : 'rate');
    const reserved = Math.max(this.tat, slot) + this.interval;
    this.tat = reserved;
    try {
      if (wait > 0) await sleep(wait, signal);
      // A window reported spent while this call waited still holds it back, within the same bound.
      for (let t = this.now(); this.blockedUntil > t; t = this.now()) {
        const more = this.blockedUntil - t;
        if (t - started + more > maxWaitMs) throw new RateLimitWaitError(t - started + more, 'headers');
        await sleep(more, signal);
      }
    } catch (error) {
      // Give the slot back when no later call has reserved one after it.
      if (this.tat === reserved) this.tat -= this.interval;
      throw error;
    }
  }

  /** Reads HubSpot's rate-limit headers of a response. */
  observe(headers: Headers): void {
    const num = (name: string) => {
      const v = headers.get(name);
      if (v === null || v.trim() === '') return undefined;
      const n = Number(v);
      return Number.isFinite(n) && n >= 0 ? n : undefined;
    };
    const t = this.now();
    // A rolling window frees its next slot when its oldest request leaves it: at a steady pace that is one
    // slot's time (window / max), not the whole window.
    const secondlyRemaining = num('x-hubspot-ratelimit-secondly-remaining');
    if (secondlyRemaining !== undefined && secondlyRemaining < 1) {
      const perSecond = num('x-hubspot-ratelimit-secondly');
      this.block(t, perSecond && perSecond > 0 ? 1000 / perSecond : 1000, 'x-hubspot-ratelimit-secondly');
    }
    const remaining = num('x-hubspot-ratelimit-remaining');
    if (remaining !== undefined) {
      // No more requests than the window has left may go before the pace frees more.
      const left = Math.floor(remaining);
      this.tat = Math.max(this.tat, t + this.tolerance - (left - 1) * this.interval);
      const interval = num('x-hubspot-ratelimit-interval-milliseconds');
      if (left < 1 && interval !== undefined && interval > 0) {
        const max = num('x-hubspot-ratelimit-max');
        this.block(
          t,
          max && max >= 1 ? interval / max : interval,
          'x-hubspot-ratelimit-interval-milliseconds',
        );
      }
    }
  }

  private block(t: number, waitMs: number, header: string): void {
    if (waitMs > MAX_HEADER_WAIT_MS) {
      this.onIgnoredHeader?.(header, waitMs);
      return;
    }
    this.blockedUntil = Math.max(this.blockedUntil, t + waitMs);
  }
}
