/**
 * `hubspot-marketing-connector/redis`: one rate budget for a fleet of processes, kept in Redis.
 *
 * ```ts
 * import Redis from 'ioredis';
 * import { createHubSpotMarketingClient } from 'hubspot-marketing-connector';
 * import { createRedisRateLimitStore } from 'hubspot-marketing-connector/redis';
 *
 * const store = createRedisRateLimitStore({ redis: new Redis(process.env.REDIS_URL), key: 'portal-123' });
 * const client = createHubSpotMarketingClient({ accessToken, rateLimit: { requestsPerSecond: 9, store } });
 * ```
 *
 * Every store with the same `key` (and `prefix`) shares one budget. Each attempt of each call runs one Lua
 * script (script.ts) in Redis: one round trip that reserves the next slot of an even schedule on Redis's
 * clock, so the fleet never goes over the rate in any window and no two workers get the same slot.
 * HubSpot's rate-limit headers and 429s seen by any worker hold back all of them (at most 10 s), and a DAILY
 * 429 stops all of them until the daily reset.
 *
 * Redis faults never fail a call: when Redis is unreachable, slow (no answer within `commandTimeoutMs`) or
 * errs, the store warns once on the client's logger and paces this process alone with the in-process bucket
 * at its share of the rate (`fallbackShare`: by default 1 / the number of workers that used the key in the
 * last minute), and tries Redis again every `retryIntervalMs`; the first answer brings it back.
 *
 * The store never imports a Redis library: it takes the client you made, ioredis or node-redis (v4 or
 * later), and uses one command of it (`call`, or `sendCommand`).
 */
// Only the root entry's public API: in the package, dist/redis.js imports these from dist/index.js, which
// exports nothing else (generator/build.ts checks it), so the root entry stays one module.
import {
  dailyRateLimitStop,
  InProcessRateLimitStore,
  type Logger,
  type RateLimitObservation,
  type RateLimitRequest,
  type RateLimitStore,
  RateLimitWaitError,
  readRateLimitSignals,
} from '../runtime/public.js';
import { RATE_LIMIT_SCRIPT, RATE_LIMIT_SCRIPT_SHA } from './script.js';

type Arg = string | number;

/** The part of an ioredis client (`Redis` or `Cluster`) the store uses. */
export interface IORedisLike {
  call(command: string, ...args: Arg[]): Promise<unknown>;
  /** `ready` when connected. */
  readonly status?: string;
}

/** The part of a node-redis (v4 or later) client the store uses. */
export interface NodeRedisLike {
  sendCommand(args: string[]): Promise<unknown>;
  readonly isReady?: boolean;
  readonly isOpen?: boolean;
}

/** An ioredis or node-redis client, connected (node-redis: after `await client.connect()`). */
export type RedisClientLike = IORedisLike | NodeRedisLike;

export interface RedisRateLimitStoreOptions {
  /** An ioredis client, or a node-redis (v4 or later) client. The store does not close it. */
  redis: RedisClientLike;
  /** The budget's name: every store with the same key shares one budget (e.g. one per HubSpot account). */
  key: string;
  /** Prefix of the Redis keys. Default `hubspot-marketing:rate-limit:`. */
  prefix?: string;
  /** How long one Redis command may take before the store goes on without Redis, in ms. Default 500. */
  commandTimeoutMs?: number;
  /** While Redis is away, how often one call tries it again, in ms. Default 1000. */
  retryIntervalMs?: number;
  /**
   * The share of the rate this process uses while Redis is away, in (0, 1]. Default: 1 / the number of
   * workers that used the key in the last minute (1 if this worker never reached Redis).
   */
  fallbackShare?: number;
  /**
   * The HubSpot account's time zone (IANA name, e.g. `Europe/Berlin`): a DAILY stop without `Retry-After`
   * lasts until the next midnight there. Without it, until the next full hour, when one call checks again.
   */
  timeZone?: string;
  /** Receives the store's warning and notes; by default the logger of the client making the call. */
  logger?: Logger;
}

/** What a store has done so far, for monitoring and tests. */
export interface RedisRateLimitStoreStats {
  /** Redis commands sent (scripts, a NOSCRIPT retry included). */
  commands: number;
  /** Slots taken in Redis. */
  redisTakes: number;
  /**
   * Slots taken again because the call would have left more than one slot (at least 25 ms) after its slot:
   * an event loop stalled under load. Up to twice per call; each costs one more round trip.
   */
  lateRetakes: number;
  /** Slots taken from the in-process bucket because Redis was away. */
  fallbackTakes: number;
  /** Times the store lost Redis. */
  outages: number;
  /** Whether the store uses Redis now. */
  usingRedis: boolean;
  /** Workers that used the key in the last minute, as Redis last said. */
  workers: number;
}

export interface RedisRateLimitStore extends RateLimitStore {
  stats(): RedisRateLimitStoreStats;
}

class RedisUnavailable extends Error {
  override readonly name = 'RedisUnavailable';
}

/** Creates a rate-limit store whose budget is shared through Redis by every store with the same key. */
export function createRedisRateLimitStore(options: RedisRateLimitStoreOptions): RedisRateLimitStore {
  return new RedisStore(options);
}

type Runner = (args: string[]) => Promise<unknown>;

function adapt(redis: RedisClientLike): { run: Runner; available: () => boolean } {
  if (typeof (redis as IORedisLike).call === 'function') {
    const io = redis as IORedisLike;
    return {
      run: (args) => io.call(args[0] as string, ...args.slice(1)),
      // 'wait' (lazyConnect) and 'connecting' connect on the first command; these mean the link is down.
      available: () => !['reconnecting', 'close', 'end'].includes(io.status ?? 'ready'),
    };
  }
  if (typeof (redis as NodeRedisLike).sendCommand === 'function') {
    const node = redis as NodeRedisLike;
    return {
      run: (args) => node.sendCommand(args),
      available: () => node.isOpen !== false && node.isReady !== false,
    };
  }
  throw new TypeError('createRedisRateLimitStore: `redis` must be an ioredis or node-redis (v4+) client');
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(Number.isFinite(value) && value > 0)) throw new RangeError(`${name} must be a positive number`);
  return value;
}

function randomId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  return c?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

class RedisStore implements RedisRateLimitStore {
  private readonly id = randomId();
  private readonly keys: [string, string];
  private readonly redis: { run: Runner; available: () => boolean };
  private readonly commandTimeoutMs: number;
  private readonly retryIntervalMs: number;
  private readonly fallbackShare: number | undefined;
  private readonly local: InProcessRateLimitStore;
  private usingRedis = true;
  /** While Redis is away: when (performance.now()) one call may try it again. */
  private retryAt = 0;
  /** Until when (Date.now()) the daily limit is spent, as this worker knows. */
  private dailyUntil = 0;
  private workers = 0;
  private readonly counts = { commands: 0, redisTakes: 0, lateRetakes: 0, fallbackTakes: 0, outages: 0 };

  constructor(private readonly options: RedisRateLimitStoreOptions) {
    if (typeof options.key !== 'string' || options.key === '' || /[{}]/.test(options.key)) {
      throw new RangeError('createRedisRateLimitStore: `key` must be a non-empty string without { or }');
    }
    this.redis = adapt(options.redis);
    // One hash tag: both keys live in the same slot of a Redis Cluster.
    const base = `${options.prefix ?? 'hubspot-marketing:rate-limit:'}{${options.key}}`;
    this.keys = [`${base}:budget`, `${base}:workers`];
    this.commandTimeoutMs = positive('commandTimeoutMs', options.commandTimeoutMs, 500);
    this.retryIntervalMs = positive('retryIntervalMs', options.retryIntervalMs, 1000);
    if (options.fallbackShare !== undefined && !(options.fallbackShare > 0 && options.fallbackShare <= 1)) {
      throw new RangeError('fallbackShare must be a number in (0, 1]');
    }
    this.fallbackShare = options.fallbackShare;
    this.local = new InProcessRateLimitStore(options.timeZone ? { timeZone: options.timeZone } : {});
    // node-redis throws an 'error' event nobody listens to (the process would crash when Redis goes away),
    // ioredis prints it: the store handles Redis faults itself, so it listens when the app does not.
    const emitter = options.redis as {
      on?: (event: string, listener: (error: unknown) => void) => unknown;
      listenerCount?: (event: string) => number;
    };
    if (typeof emitter.on === 'function' && emitter.listenerCount?.('error') === 0) {
      emitter.on('error', () => undefined);
    }
  }

  stats(): RedisRateLimitStoreStats {
    return { ...this.counts, usingRedis: this.usingRedis, workers: this.workers };
  }

  async take(request: RateLimitRequest): Promise<void> {
    const started = performance.now();
    const interval = Math.ceil(1_000_000 / request.requestsPerSecond);
    // A call that leaves more than a slot after its own (a stalled event loop, a slow answer) would bunch up
    // with the next slots, and a rolling window counts bunches: it takes a fresh slot instead. Up to one slot
    // late, a window sees at most one request more than the rate, which the margin under the limit absorbs.
    const tolerance = Math.max(interval / 1000, 25);
    for (let attempt = 1; ; attempt++) {
      const stopped = this.dailyUntil - Date.now();
      if (stopped > 0) throw dailyRateLimitStop(request, stopped);
      if (!this.shouldTryRedis()) return this.takeLocally(request);
      const left = request.maxWaitMs - (performance.now() - started);
      const maxWait = Number.isFinite(left) ? Math.max(0, Math.floor(left * 1000)) : -1;
      const asked = performance.now();
      let reply: number[];
      try {
        reply = await this.script(
          [
            'take',
            String(interval),
            String(Math.max(1, Math.floor(request.burst))),
            String(maxWait),
            this.id,
          ],
          request.signal,
        );
      } catch (error) {
        if (request.signal?.aborted) throw request.signal.reason;
        this.lost(error, request.logger);
        return this.takeLocally(request);
      }
      const answered = performance.now();
      this.back(request.logger);
      this.counts.redisTakes++;
      const [status, micros, workers] = reply;
      if (typeof workers === 'number' && workers > 0) this.workers = workers;
      const ms = Math.max(0, (micros ?? 0) / 1000);
      if (status === 1) {
        this.dailyUntil = Math.max(this.dailyUntil, Date.now() + ms);
        throw dailyRateLimitStop(request, ms);
      }
      // No slot within the time the call may wait: nothing was reserved, the call fails at once.
      if (status === 2) throw new RateLimitWaitError(ms, 'rate');
      if (ms >= 1) await waitFor(Math.ceil(ms), request.signal);
      // A DAILY stop this worker learnt while the call waited for its slot holds it back too.
      const stoppedMeanwhile = this.dailyUntil - Date.now();
      if (stoppedMeanwhile > 0) throw dailyRateLimitStop(request, stoppedMeanwhile);
      // Redis ran the script between `asked` and its answer: the slot is `ms` after about the middle.
      const late = performance.now() - ((asked + answered) / 2 + ms);
      if (late <= tolerance || attempt >= 3) return;
      this.counts.lateRetakes++;
    }
  }

  observe(observation: RateLimitObservation): void {
    this.local.observe(observation);
    const signals = readRateLimitSignals(
      observation,
      this.options.timeZone ? { timeZone: this.options.timeZone } : {},
    );
    const logger = this.options.logger ?? observation.logger;
    if (signals.dailyResetMs !== undefined) {
      this.dailyUntil = Math.max(this.dailyUntil, Date.now() + signals.dailyResetMs);
      this.tell(['daily', String(Math.ceil(signals.dailyResetMs))], logger);
    } else if (signals.blockMs !== undefined) {
      this.tell(['block', String(signals.blockMs)], logger);
    }
  }

  /** Sends a signal to the other workers; a Redis fault only switches the store to its fallback. */
  private tell(args: string[], logger: Logger | undefined): void {
    if (!this.usingRedis || !this.redis.available()) return;
    this.script(args).then(
      () => undefined,
      (error: unknown) => this.lost(error, logger),
    );
  }

  private shouldTryRedis(): boolean {
    if (this.usingRedis) return true;
    const now = performance.now();
    if (now < this.retryAt) return false;
    this.retryAt = now + this.retryIntervalMs; // one call tries; the others go on locally meanwhile
    return true;
  }

  private lost(error: unknown, logger: Logger | undefined): void {
    this.retryAt = performance.now() + this.retryIntervalMs;
    if (!this.usingRedis) return;
    this.usingRedis = false;
    this.counts.outages++;
    const share = this.share();
    (this.options.logger ?? logger)?.warn?.(
      `rate-limit store '${this.options.key}': Redis is not answering (${describe(error)}); this process goes on ` +
        `alone at ${formatShare(share)} of the rate until Redis is back`,
      { key: this.options.key, share, workers: this.workers, error: describe(error) },
    );
  }

  private back(logger: Logger | undefined): void {
    if (this.usingRedis) return;
    this.usingRedis = true;
    (this.options.logger ?? logger)?.debug?.(`rate-limit store '${this.options.key}': Redis is back`, {
      key: this.options.key,
    });
  }

  private share(): number {
    return this.fallbackShare ?? 1 / Math.max(1, this.workers);
  }

  private takeLocally(request: RateLimitRequest): Promise<void> {
    this.counts.fallbackTakes++;
    return this.local.take({ ...request, requestsPerSecond: request.requestsPerSecond * this.share() });
  }

  /** Runs the script: EVALSHA, and EVAL once if Redis lost its script cache; within the command timeout. */
  private async script(args: string[], signal?: AbortSignal): Promise<number[]> {
    if (!this.redis.available()) throw new RedisUnavailable('the Redis client is not connected');
    const tail = ['2', ...this.keys, ...args];
    let reply: unknown;
    try {
      reply = await this.command(['EVALSHA', RATE_LIMIT_SCRIPT_SHA, ...tail], signal);
    } catch (error) {
      if (!/NOSCRIPT/.test(describe(error))) throw error;
      reply = await this.command(['EVAL', RATE_LIMIT_SCRIPT, ...tail], signal);
    }
    if (!Array.isArray(reply)) throw new Error('the rate-limit script answered an unexpected reply');
    return reply.map(Number);
  }

  private command(args: string[], signal?: AbortSignal): Promise<unknown> {
    this.counts.commands++;
    const pending = this.redis.run(args);
    pending.catch(() => undefined); // a late failure after the timeout is nobody's rejection
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      let timer2: ReturnType<typeof setTimeout> | undefined;
      const done = () => {
        clearTimeout(timer);
        clearTimeout(timer2);
        signal?.removeEventListener('abort', onAbort);
      };
      // When the timer fires, an answer may already wait in the socket (this process was busy, not Redis):
      // one more turn of the event loop reads it before the store gives up on Redis.
      const timer = setTimeout(() => {
        timer2 = setTimeout(() => {
          done();
          reject(new RedisUnavailable(`no answer within ${this.commandTimeoutMs} ms`));
        }, 0);
      }, this.commandTimeoutMs);
      const onAbort = () => {
        done();
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      pending.then(
        (value) => {
          done();
          resolve(value);
        },
        (error: unknown) => {
          done();
          reject(error);
        },
      );
    });
  }
}

function formatShare(share: number): string {
  return share === 1 ? 'all' : `${Math.round(share * 1000) / 10}%`;
}

/**
 * Waits `ms`, or rejects with the signal's reason as soon as it aborts (the runtime's own `sleep` is internal:
 * this entry uses only the root's public API).
 */
function waitFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.min(ms, 2_147_483_647),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
