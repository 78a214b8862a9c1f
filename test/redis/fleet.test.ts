/**
 * A fleet of worker processes (each its own client, Redis connection and store) against a HubSpot stand-in in
 * its own process that enforces a rolling window and answers HubSpot's 429 body, with a real redis-server.
 *
 * The numbers hold by construction, with a margin: the server allows 24 requests in any 2 s; the fleet shares
 * 8 per second, 17 in any 2 s when paced evenly, so a worker may run up to ~0.8 s late before a window could
 * overflow. Per-process limiters at 8/s each send 32/s: four times the budget, so 429s are certain.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIS_SKIP_REASON, type RedisServer, startRedisServer } from '../support/redis-server.js';
import { type FleetServer, runFleet, startFleetServer } from './fleet/fleet.js';
import type { WorkerConfig } from './fleet/worker.js';

const WORKERS = 4;
const RATE = 8;
const WINDOW = { limit: 24, windowMs: 2000 };

describe.skipIf(REDIS_SKIP_REASON !== undefined)(
  `a fleet of 4 worker processes (real redis-server${REDIS_SKIP_REASON ? `; skipped: ${REDIS_SKIP_REASON}` : ''})`,
  { timeout: 120_000 },
  () => {
    let redis: RedisServer;
    let server: FleetServer;
    beforeAll(async () => {
      [redis, server] = await Promise.all([startRedisServer(), startFleetServer()]);
    }, 60_000);
    afterAll(async () => {
      server?.close();
      await redis?.stop();
    });

    const fleet = (overrides: Partial<WorkerConfig>, i: number): WorkerConfig => ({
      baseUrl: server.baseUrl,
      redisUrl: redis.url,
      redis: i % 2 ? 'node-redis' : 'ioredis', // both clients share one budget
      key: 'fleet',
      requestsPerSecond: RATE,
      calls: 10,
      concurrency: 2,
      ...overrides,
    });

    it('with the Redis store: zero 429s, all 40 calls succeed; with per-process limiters: 429s', async () => {
      await server.reset(WINDOW);
      const shared = await runFleet(Array.from({ length: WORKERS }, (_, i) => fleet({ key: 'fleet-a' }, i)));
      const sharedStats = await server.stats();
      expect(shared.map((r) => r.exitCode)).toEqual([0, 0, 0, 0]);
      expect(sharedStats.rejected).toBe(0);
      expect(sharedStats.accepted).toBe(40);
      expect(shared.reduce((n, r) => n + r.ok, 0)).toBe(40);
      expect(shared.every((r) => r.stats?.usingRedis && r.stats.fallbackTakes === 0)).toBe(true);
      expect(shared.every((r) => r.unhandled.length === 0 && r.warnings.length === 0)).toBe(true);

      // The same fleet, each worker with only its own in-process limiter: the test can fail.
      await server.reset(WINDOW);
      const alone = await runFleet(Array.from({ length: WORKERS }, (_, i) => fleet({ redis: 'none' }, i)));
      const aloneStats = await server.stats();
      expect(alone.map((r) => r.exitCode)).toEqual([0, 0, 0, 0]);
      expect(aloneStats.rejected).toBeGreaterThan(0);
      expect(alone.reduce((n, r) => n + r.ok, 0)).toBeLessThan(40);
    });

    it('Redis killed mid-run: every call settles, no crash, no unhandled rejection; Redis back: used again', async () => {
      await server.reset({ limit: 0 });
      const results = await runFleet(
        Array.from({ length: WORKERS }, (_, i) =>
          fleet({ key: 'fleet-b', calls: 24, requestsPerSecond: 12 }, i),
        ),
        async () => {
          await new Promise((r) => setTimeout(r, 1500));
          await redis.kill();
          await new Promise((r) => setTimeout(r, 1500));
          await redis.restart();
        },
      );
      expect(results.map((r) => r.exitCode)).toEqual([0, 0, 0, 0]);
      for (const r of results) {
        expect(r.unhandled).toEqual([]);
        expect(r.ok + Object.values(r.failed).reduce((a, b) => a + b, 0)).toBe(24);
        expect(r.ok).toBe(24); // Redis faults never fail a call
        expect(r.stats?.outages).toBeGreaterThanOrEqual(1);
        expect(r.stats?.fallbackTakes).toBeGreaterThan(0);
        expect(r.warnings.filter((w) => /Redis is not answering/.test(w))).toHaveLength(
          r.stats?.outages ?? -1,
        );
      }
      // Redis came back before the end: the workers that were still calling use it again.
      expect(results.some((r) => r.stats?.usingRedis)).toBe(true);
    });

    it('DAILY: after the first DAILY 429 only requests already on their way arrive; then every worker stops', async () => {
      // 12 requests allowed today; answers take 50 ms, so requests are in flight when the limit hits.
      await server.reset({ daily: 12, delayMs: 50 });
      const results = await runFleet(
        Array.from({ length: WORKERS }, (_, i) => fleet({ key: 'fleet-c', requestsPerSecond: 20 }, i)),
      );
      const stats = await server.stats();
      expect(results.map((r) => r.exitCode)).toEqual([0, 0, 0, 0]);
      expect(stats.accepted).toBe(12);
      expect(stats.daily).toBeGreaterThanOrEqual(1);
      // What arrives after the first DAILY 429 had been let through before the stop was known: at most one
      // per lane of the fleet (4 workers × 2 at a time), however many calls were left (28).
      expect(stats.afterDaily).toBeLessThanOrEqual(WORKERS * 2);
      const stops = results.reduce((n, r) => n + r.dailyStops, 0);
      expect(stops).toBe(40 - 12 - stats.daily);
      // The refusals carry the reset time (no Retry-After, no time zone given: the next full hour).
      const hour = Math.ceil(Date.now() / 3_600_000) * 3_600_000;
      const resets = results.flatMap((r) => r.resetAts);
      expect(resets.length).toBe(stops);
      for (const at of resets) expect(Math.abs(at - hour)).toBeLessThan(5000);

      // A worker that starts later (a new process, a new store) sends nothing: the stop lives in Redis.
      const [late] = await runFleet([fleet({ key: 'fleet-c', calls: 5, concurrency: 1 }, 0)]);
      expect((await server.stats()).daily).toBe(stats.daily);
      expect(late?.dailyStops).toBe(5);
      // The same late worker with only its own limiter learns it from HubSpot, with a 429: the test can fail.
      const [alone] = await runFleet([fleet({ redis: 'none', calls: 5, concurrency: 1 }, 0)]);
      expect((await server.stats()).daily).toBe(stats.daily + 1);
      expect(alone?.dailyStops).toBe(4);
    });
  },
);
