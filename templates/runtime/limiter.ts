/**
 * An optional client-side rate limiter: a token bucket shared by every call on one client, so a busy job
 * stays under HubSpot's limits instead of collecting 429s. HubSpot's `X-HubSpot-RateLimit-*` response headers
 * tighten it: when the server says the current window is spent, the bucket waits for the window to pass.
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

export class TokenBucket {
  private readonly rate: number;
  private readonly capacity: number;
  private tokens: number;
  private last: number;
  private blockedUntil = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    options: RateLimitOptions,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(options.requestsPerSecond > 0))
      throw new RangeError('rateLimit.requestsPerSecond must be a positive number');
    this.rate = options.requestsPerSecond / 1000;
    this.capacity = Math.max(1, options.burst ?? 1);
    this.tokens = this.capacity;
    this.last = this.now();
  }

  /** Resolves when a request may be sent; calls are served in order. */
  take(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.waitForToken(signal));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async waitForToken(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const t = this.now();
      this.tokens = Math.min(this.capacity, this.tokens + (t - this.last) * this.rate);
      this.last = t;
      const blocked = this.blockedUntil - t;
      if (blocked > 0) {
        await sleep(blocked, signal);
        continue;
      }
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await sleep(Math.ceil((1 - this.tokens) / this.rate), signal);
    }
  }

  /** Reads HubSpot's rate-limit headers of a response. */
  observe(headers: Headers): void {
    const num = (name: string) => {
      const v = headers.get(name);
      return v === null || v.trim() === '' || Number.isNaN(Number(v)) ? undefined : Number(v);
    };
    const t = this.now();
    // A rolling window frees its next slot when its oldest request leaves it: at a steady pace that is one
    // slot's time (window / max), not the whole window.
    const secondlyRemaining = num('x-hubspot-ratelimit-secondly-remaining');
    if (secondlyRemaining !== undefined && secondlyRemaining <= 0) {
      const perSecond = num('x-hubspot-ratelimit-secondly');
      this.blockedUntil = Math.max(
        this.blockedUntil,
        t + (perSecond && perSecond > 0 ? 1000 / perSecond : 1000),
      );
    }
    const remaining = num('x-hubspot-ratelimit-remaining');
    const interval = num('x-hubspot-ratelimit-interval-milliseconds');
    const max = num('x-hubspot-ratelimit-max');
    if (remaining !== undefined) {
      this.tokens = Math.min(this.tokens, remaining);
      if (remaining <= 0 && interval !== undefined) {
        this.blockedUntil = Math.max(this.blockedUntil, t + (max && max > 0 ? interval / max : interval));
      }
    }
  }
}
