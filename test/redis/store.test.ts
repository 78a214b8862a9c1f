/**
 * The Redis rate-limit store against a real redis-server, once with ioredis and once with node-redis: the
 * shared even schedule (decided by the script on Redis's clock), the refusal of a wait longer than the call
 * may wait, HubSpot's signals shared by every store of a key (window spent, DAILY stop), keys that expire,
 * and Redis faults (killed, frozen, back again). Waits are asserted as lower bounds or as exact values of the
 * script's replies, never as upper bounds on the machine's speed.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRedisRateLimitStore,
  type RedisRateLimitStore,
  type RedisRateLimitStoreOptions,
} from '../../src/redis/index.js';
import { RATE_LIMIT_SCRIPT, RATE_LIMIT_SCRIPT_SHA } from '../../src/redis/script.js';
import { HubSpotRateLimitError, type RateLimitRequest, RateLimitWaitError } from '../../src/runtime/index.js';
import { REDIS_SKIP_REASON, type RedisServer, startRedisServer } from '../support/redis-server.js';
import { type ConnectedClient, inspector, REDIS_CLIENTS } from './clients.js';

function request(requestsPerSecond: number, extra: Partial<RateLimitRequest> = {}): RateLimitRequest {
  return {
    actionId: 'getMarketingEmail',
    method: 'GET',
    url: 'https://api.hubapi.com/marketing/v3/emails/1',
    requestsPerSecond,
    burst: 1,
    maxWaitMs: 30_000,
    ...extra,
  };
}

function answer(status: number, headers: Record<string, string> = {}, policyName?: string) {
  return {
    actionId: 'getMarketingEmail',
    status,
    headers: new Headers(headers),
    ...(policyName ? { policyName } : {}),
  };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('the script SHA constant is the SHA-1 of the script', () => {
  expect(createHash('sha1').update(RATE_LIMIT_SCRIPT).digest('hex')).toBe(RATE_LIMIT_SCRIPT_SHA);
});

describe.skipIf(REDIS_SKIP_REASON !== undefined)(
  `Redis store (real redis-server${REDIS_SKIP_REASON ? `; skipped: ${REDIS_SKIP_REASON}` : ''})`,
  () => {
    let server: RedisServer;
    let peek: Redis;
    beforeAll(async () => {
      server = await startRedisServer();
      peek = await inspector(server.url);
    });
    afterAll(async () => {
      peek?.disconnect();
      await server?.stop();
    });

    let n = 0;
    const freshKey = () => `test-${++n}-${Date.now()}`;

    describe.each(Object.keys(REDIS_CLIENTS) as Array<keyof typeof REDIS_CLIENTS>)(
      'with %s',
      (clientName) => {
        const clients: ConnectedClient[] = [];
        const connect = async () => {
          const client = await REDIS_CLIENTS[clientName](server.url);
          clients.push(client);
          return client;
        };
        const store = async (options: Partial<RedisRateLimitStoreOptions> & { key: string }) =>
          createRedisRateLimitStore({ redis: (await connect()).redis, ...options });
        afterAll(async () => {
          await Promise.all(clients.map((c) => c.close()));
        });

        // Timing-bound (a lower bound on 12 slots from two connections): retried under load, not loosened.
        it('reserves an even schedule shared by every store of a key; other keys are independent', {
          retry: 2,
        }, async () => {
          const key = freshKey();
          const [a, b] = [await store({ key }), await store({ key })];
          const started = performance.now();
          const done: number[] = [];
          // 12 calls at 40/s, from two stores with their own connections: slots 25 ms apart.
          await Promise.all(
            Array.from({ length: 12 }, (_, i) =>
              (i % 2 ? a : b).take(request(40)).then(() => done.push(performance.now() - started)),
            ),
          );
          done.sort((x, y) => x - y);
          expect(done[11]! - done[0]!).toBeGreaterThanOrEqual(11 * 25 - 15);
          const taken = (x: RedisRateLimitStore) => x.stats().redisTakes - x.stats().lateRetakes;
          expect(taken(a) + taken(b)).toBe(12);
          expect(a.stats().workers).toBe(2);

          // A fresh key starts its own schedule: one slot of 1/s reserved, whatever the other key did.
          const otherKey = freshKey();
          await (await store({ key: otherKey })).take(request(1));
          const budget = await peek.hgetall(`hubspot-marketing:rate-limit:{${otherKey}}:budget`);
          const [secs, micros] = (await peek.time()) as [number | string, number | string];
          expect(Number(budget.tat) - (Number(secs) * 1e6 + Number(micros))).toBeLessThanOrEqual(1_000_000);
        });

        it('refuses at once, without using a slot, a wait longer than the call may wait', async () => {
          const key = freshKey();
          const s = await store({ key });
          await s.take(request(5)); // the next slot is 200 ms away
          const error = await rejection(s.take(request(5, { maxWaitMs: 50 })));
          // the transport turns it into a client-side HubSpotRateLimitError (see client.test.ts)
          expect(error).toBeInstanceOf(RateLimitWaitError);
          expect((error as RateLimitWaitError).waitMs).toBeGreaterThan(50);
          // the refused call reserved nothing: the next slot is still ~200 ms after the first, not 400
          const budget = await peek.hgetall(`hubspot-marketing:rate-limit:{${key}}:budget`);
          const [secs, micros] = (await peek.time()) as [number | string, number | string];
          const ahead = Number(budget.tat) - (Number(secs) * 1e6 + Number(micros));
          expect(ahead).toBeLessThanOrEqual(200_000);
        });

        it('HubSpot saying the window is spent holds back every store of the key, within 10 s', async () => {
          const key = freshKey();
          const [a, b] = [await store({ key }), await store({ key })];
          const t = performance.now();
          a.observe(
            answer(200, {
              'X-HubSpot-RateLimit-Remaining': '0',
              'X-HubSpot-RateLimit-Max': '4',
              'X-HubSpot-RateLimit-Interval-Milliseconds': '2000',
            }),
          );
          await sleep(50); // the signal is sent without blocking the call that saw it
          await b.take(request(100));
          // one slot of the window (2000 / 4), counted from when Redis got the signal, after `t`
          expect(performance.now() - t).toBeGreaterThanOrEqual(500 - 10);

          // a wait longer than HubSpot's longest window (10 s) is not waited for; one within it is, by all
          const key2 = freshKey();
          const c = await store({ key: key2 });
          const blockedFor = async () => {
            await sleep(50);
            const budget = await peek.hgetall(`hubspot-marketing:rate-limit:{${key2}}:budget`);
            const [secs, micros] = (await peek.time()) as [number | string, number | string];
            return Number(budget.blocked ?? 0) - (Number(secs) * 1e6 + Number(micros));
          };
          c.observe(answer(429, { 'Retry-After': '3600' }, 'TEN_SECONDLY_ROLLING'));
          expect(await blockedFor()).toBeLessThanOrEqual(0);
          c.observe(answer(429, { 'Retry-After': '8' }, 'TEN_SECONDLY_ROLLING'));
          const blocked = await blockedFor();
          expect(blocked).toBeGreaterThan(7_000_000);
          expect(blocked).toBeLessThanOrEqual(8_000_000);
        });

        it('a DAILY 429 seen by one store stops every store of the key until the reset, which the error carries', async () => {
          const key = freshKey();
          const [a, b] = [await store({ key }), await store({ key })];
          await b.take(request(100));
          const commandsBefore = a.stats().commands;
          a.observe(answer(429, { 'Retry-After': '5' }, 'DAILY'));
          // a itself stops at once, without asking Redis
          const own = await rejection(a.take(request(100)));
          expect(own).toBeInstanceOf(HubSpotRateLimitError);
          await sleep(50);
          const before = Date.now();
          const error = (await rejection(b.take(request(100)))) as HubSpotRateLimitError;
          expect(error).toBeInstanceOf(HubSpotRateLimitError);
          expect(error.policyName).toBe('DAILY');
          expect(error.status).toBe(429);
          expect(error.retryAfterMs).toBeGreaterThan(4000);
          expect(error.retryAfterMs).toBeLessThanOrEqual(5000);
          expect(error.resetAt!.getTime()).toBeGreaterThan(before + 4000);
          expect(error.resetAt!.getTime()).toBeLessThanOrEqual(Date.now() + 5000);
          // once told, b refuses without a round trip
          const bCommands = b.stats().commands;
          await rejection(b.take(request(100)));
          expect(b.stats().commands).toBe(bCommands);
          expect(a.stats().commands).toBe(commandsBefore + 1); // only the 'daily' signal

          // X-HubSpot-RateLimit-Daily-Remaining: 0 without Retry-After: until midnight in the account's zone
          const key2 = freshKey();
          const [c, d] = [await store({ key: key2, timeZone: 'UTC' }), await store({ key: key2 })];
          c.observe(answer(200, { 'X-HubSpot-RateLimit-Daily-Remaining': '0' }));
          await sleep(50);
          const stop = (await rejection(d.take(request(100)))) as HubSpotRateLimitError;
          const midnight = new Date();
          midnight.setUTCHours(24, 0, 0, 0);
          expect(Math.abs(stop.resetAt!.getTime() - midnight.getTime())).toBeLessThan(2000);
        });

        it('keeps two keys per budget, each with a TTL: nothing grows with the number of calls', async () => {
          const key = freshKey();
          const s = await store({ key });
          await Promise.all(Array.from({ length: 100 }, () => s.take(request(1000))));
          const keys = await peek.keys(`hubspot-marketing:rate-limit:{${key}}*`);
          expect(keys.sort()).toEqual([
            `hubspot-marketing:rate-limit:{${key}}:budget`,
            `hubspot-marketing:rate-limit:{${key}}:workers`,
          ]);
          for (const k of keys) {
            const ttl = await peek.pttl(k);
            expect(ttl).toBeGreaterThan(0);
            expect(ttl).toBeLessThanOrEqual(60_000);
          }
          expect(await peek.zcard(`hubspot-marketing:rate-limit:{${key}}:workers`)).toBe(1);
          // the budget outlives its last slot by one second only
          expect(await peek.pttl(`hubspot-marketing:rate-limit:{${key}}:budget`)).toBeLessThanOrEqual(1200);
        });

        it('reloads the script when Redis lost it (SCRIPT FLUSH or a restart)', async () => {
          const s = await store({ key: freshKey() });
          await s.take(request(100));
          await peek.script('FLUSH');
          const before = s.stats();
          await s.take(request(100));
          // EVALSHA answered NOSCRIPT, then EVAL (and one EVALSHA per slot taken again, if the call was late)
          const after = s.stats();
          expect(after.commands - before.commands).toBe(2 + after.lateRetakes - before.lateRetakes);
          await s.take(request(100));
          expect(s.stats().commands - after.commands).toBe(1 + s.stats().lateRetakes - after.lateRetakes);
        });

        // Timing-bound (a 700 ms stall against a real server's round trip): retried, not loosened.
        it('a call held up past its slot (a stalled event loop) takes a fresh slot instead of bunching', {
          retry: 2,
        }, async () => {
          const s = await store({ key: freshKey() });
          await s.take(request(10));
          const taking = s.take(request(10));
          // Block this process for 700 ms while the answer is on its way: the call leaves ~350 ms (the middle
          // of the round trip) after its slot, more than one slot (100 ms) late. The answer waited in the socket
          // past the command timeout (500 ms): this process was busy, not Redis, so that is no Redis fault.
          const until = performance.now() + 700;
          while (performance.now() < until);
          await taking;
          expect(s.stats().lateRetakes).toBeGreaterThanOrEqual(1);
          expect(s.stats().outages).toBe(0);
          expect(s.stats().usingRedis).toBe(true);
        });

        it('honours the signal while it waits for its slot', async () => {
          const s = await store({ key: freshKey() });
          await s.take(request(2));
          const controller = new AbortController();
          const waiting = s.take(request(2, { signal: controller.signal }));
          setTimeout(() => controller.abort(new Error('stop')), 20);
          expect(((await rejection(waiting)) as Error).message).toBe('stop');
        });
      },
    );
  },
);

describe.skipIf(REDIS_SKIP_REASON !== undefined)(
  `Redis faults (real redis-server${REDIS_SKIP_REASON ? `; skipped: ${REDIS_SKIP_REASON}` : ''})`,
  () => {
    describe.each(Object.keys(REDIS_CLIENTS) as Array<keyof typeof REDIS_CLIENTS>)(
      'with %s',
      (clientName) => {
        let server: RedisServer;
        let client: ConnectedClient;
        let peer: ConnectedClient;
        beforeAll(async () => {
          server = await startRedisServer();
          client = await REDIS_CLIENTS[clientName](server.url);
          peer = await REDIS_CLIENTS[clientName](server.url);
        });
        afterAll(async () => {
          await client?.close();
          await peer?.close();
          await server?.stop();
        });

        it('Redis killed: calls go on at the fallback share, one warning; Redis back: the store uses it again', async () => {
          const warnings: string[] = [];
          const logger = { warn: (m: string) => warnings.push(m) };
          const key = `faults-${clientName}`;
          const s: RedisRateLimitStore = createRedisRateLimitStore({
            redis: client.redis,
            key,
            retryIntervalMs: 200,
            commandTimeoutMs: 300,
          });
          const other = createRedisRateLimitStore({ redis: peer.redis, key });
          await other.take(request(40));
          await s.take(request(40, { logger })); // Redis now counts two workers on the key
          expect(s.stats().workers).toBe(2);

          await server.kill();
          const started = performance.now();
          const results = await Promise.allSettled(
            Array.from({ length: 8 }, () => s.take(request(40, { logger }))),
          );
          expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
          // 8 calls at half of 40/s (two workers were seen): 7 gaps of 50 ms
          expect(performance.now() - started).toBeGreaterThanOrEqual(7 * 50 - 25);
          expect(s.stats().usingRedis).toBe(false);
          expect(s.stats().fallbackTakes).toBeGreaterThanOrEqual(8);
          expect(warnings).toHaveLength(1);
          expect(warnings[0]).toMatch(/goes on alone at 50% of the rate/);

          await server.restart();
          const deadline = Date.now() + 15_000;
          while (!s.stats().usingRedis && Date.now() < deadline) {
            await s.take(request(40, { logger }));
            await sleep(50);
          }
          expect(s.stats().usingRedis).toBe(true);
          const takes = s.stats().redisTakes;
          await s.take(request(40, { logger }));
          expect(s.stats().redisTakes).toBe(takes + 1);
          expect(warnings).toHaveLength(1);
        }, 30_000);

        it('Redis frozen (no answer): a call waits at most the command timeout, then goes on', async () => {
          const warnings: string[] = [];
          const s = createRedisRateLimitStore({
            redis: client.redis,
            key: `frozen-${clientName}`,
            commandTimeoutMs: 200,
            retryIntervalMs: 60_000,
          });
          await s.take(request(50));
          server.pause();
          try {
            const t = performance.now();
            await s.take(request(50, { logger: { warn: (m) => warnings.push(m) } }));
            expect(performance.now() - t).toBeGreaterThanOrEqual(200 - 10);
            expect(s.stats().usingRedis).toBe(false);
            expect(warnings[0]).toMatch(/no answer within 200 ms/);
            // until the next try, calls do not ask Redis at all
            const commands = s.stats().commands;
            await s.take(request(1000));
            expect(s.stats().commands).toBe(commands);
            expect(s.stats().fallbackTakes).toBe(2);
          } finally {
            server.resume();
          }
        });
      },
    );
  },
);
