/**
 * The store inside a client (`rateLimit: { requestsPerSecond, store }`), against the fault server and a real
 * redis-server: a full budget refuses a call at once (client-side 429, nothing sent), the call's timeout and
 * signal cover the time spent in the store, a DAILY 429 stops the next calls of every client of the key,
 * and the one warning of a Redis fault reaches the client's logger.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createHubSpotMarketingClient,
  HubSpotRateLimitError,
  HubSpotTimeoutError,
} from '../../generated/client/index.js';
import { createRedisRateLimitStore } from '../../src/redis/index.js';
import { InProcessRateLimitStore } from '../../src/runtime/index.js';
import { type FaultServer, startFaultServer } from '../support/fault-server.js';
import { REDIS_SKIP_REASON, type RedisServer, startRedisServer } from '../support/redis-server.js';
import { type ConnectedClient, REDIS_CLIENTS } from './clients.js';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

let fault: FaultServer;
beforeEach(async () => {
  fault = await startFaultServer();
  fault.otherwise({ json: { id: '1' } });
});
afterEach(async () => {
  await fault.close();
});

describe('the in-process store (the default)', () => {
  it('stops sending after a DAILY 429, with the reset time, for every client sharing the store', async () => {
    const store = new InProcessRateLimitStore({ timeZone: 'America/New_York' });
    const [a, b] = [1, 2].map(() =>
      createHubSpotMarketingClient({
        accessToken: 't',
        baseUrl: fault.url,
        rateLimit: { requestsPerSecond: 50, store },
      }),
    );
    fault.reply({ status: 429, json: { status: 'error', message: 'daily', policyName: 'DAILY' } });
    const first = (await rejection(
      a!.marketingEmails.getMarketingEmail({ path: { emailId: '1' } }),
    )) as HubSpotRateLimitError;
    expect(first.clientSide).toBe(false);
    const second = (await rejection(
      b!.marketingEmails.getMarketingEmail({ path: { emailId: '2' } }),
    )) as HubSpotRateLimitError;
    expect(second).toBeInstanceOf(HubSpotRateLimitError);
    expect(second.clientSide).toBe(true);
    expect(second.policyName).toBe('DAILY');
    expect(second.resetAt!.getTime()).toBeGreaterThan(Date.now());
    expect(second.resetAt!.getTime()).toBeLessThanOrEqual(Date.now() + 86_400_000);
    expect(fault.requests).toHaveLength(1);
  });

  it('rejects a store that is not one', () => {
    expect(() =>
      createHubSpotMarketingClient({
        rateLimit: { requestsPerSecond: 1, store: {} as InProcessRateLimitStore },
      }),
    ).toThrow(TypeError);
  });
});

describe.skipIf(REDIS_SKIP_REASON !== undefined)(
  `the Redis store in a client (real redis-server${REDIS_SKIP_REASON ? `; skipped: ${REDIS_SKIP_REASON}` : ''})`,
  () => {
    let redis: RedisServer;
    beforeAll(async () => {
      redis = await startRedisServer();
    });
    afterAll(async () => {
      await redis?.stop();
    });

    describe.each(Object.keys(REDIS_CLIENTS) as Array<keyof typeof REDIS_CLIENTS>)(
      'with %s',
      (clientName) => {
        let connection: ConnectedClient;
        beforeAll(async () => {
          connection = await REDIS_CLIENTS[clientName](redis.url);
        });
        afterAll(async () => {
          await connection?.close();
        });
        const makeClient = (
          key: string,
          options: { timeoutMs?: number; rate?: number; commandTimeoutMs?: number } = {},
        ) => {
          const warnings: string[] = [];
          const store = createRedisRateLimitStore({
            redis: connection.redis,
            key: `${clientName}-${key}`,
            ...(options.commandTimeoutMs ? { commandTimeoutMs: options.commandTimeoutMs } : {}),
          });
          return {
            warnings,
            store,
            client: createHubSpotMarketingClient({
              accessToken: 't',
              baseUrl: fault.url,
              maxRetries: 0,
              timeoutMs: options.timeoutMs ?? 5000,
              rateLimit: { requestsPerSecond: options.rate ?? 2, store },
              logger: { warn: (m) => warnings.push(m) },
            }),
          };
        };

        it('a call whose slot is further away than its timeout fails at once, client-side, and sends nothing', async () => {
          const { client } = makeClient('busy', { rate: 1, timeoutMs: 300 });
          await client.marketingEmails.getMarketingEmail({ path: { emailId: '1' } });
          const error = (await rejection(
            client.marketingEmails.getMarketingEmail({ path: { emailId: '2' } }),
          )) as HubSpotRateLimitError;
          expect(error).toBeInstanceOf(HubSpotRateLimitError);
          expect(error.clientSide).toBe(true);
          expect(error.retryAfterMs).toBeGreaterThan(300);
          expect(fault.requests).toHaveLength(1);
        });

        it('the call’s timeout and signal cover the time spent in the store (Redis frozen)', async () => {
          const { client, warnings } = makeClient('frozen', { timeoutMs: 300, commandTimeoutMs: 20_000 });
          await client.marketingEmails.getMarketingEmail({ path: { emailId: '1' } });
          redis.pause();
          try {
            const timedOut = await rejection(
              client.marketingEmails.getMarketingEmail({ path: { emailId: '2' } }),
            );
            expect(timedOut).toBeInstanceOf(HubSpotTimeoutError);
            expect((timedOut as Error).message).toMatch(/waiting for the rate limiter/);
            const controller = new AbortController();
            const aborted = client.marketingEmails.getMarketingEmail(
              { path: { emailId: '3' } },
              { signal: controller.signal, timeoutMs: 60_000 },
            );
            setTimeout(() => controller.abort(new Error('caller gave up')), 100);
            expect(((await rejection(aborted)) as Error).message).toBe('caller gave up');
            expect(fault.requests).toHaveLength(1);
            // neither is a Redis fault: the store did not give up on Redis, and said nothing
            expect(warnings).toEqual([]);
          } finally {
            redis.resume();
          }
        });

        it('a DAILY 429 seen by one client stops the next call of another client of the key, unsent', async () => {
          const a = makeClient('daily', { rate: 20 });
          const b = makeClient('daily', { rate: 20 });
          fault.reply({
            status: 429,
            json: { status: 'error', message: 'daily', policyName: 'DAILY' },
            headers: { 'Retry-After': '120' },
          });
          await rejection(a.client.marketingEmails.getMarketingEmail({ path: { emailId: '1' } }));
          await new Promise((r) => setTimeout(r, 50));
          const error = (await rejection(
            b.client.marketingEmails.getMarketingEmail({ path: { emailId: '2' } }),
          )) as HubSpotRateLimitError;
          expect(error.clientSide).toBe(true);
          expect(error.policyName).toBe('DAILY');
          expect(error.retryAfterMs).toBeGreaterThan(100_000);
          expect(error.resetAt!.getTime()).toBeGreaterThan(Date.now() + 100_000);
          expect(fault.requests).toHaveLength(1);
        });

        it('Redis gone: calls succeed, one warning on the client’s logger', async () => {
          const { client, warnings, store } = makeClient('gone', { rate: 50, commandTimeoutMs: 200 });
          await client.marketingEmails.getMarketingEmail({ path: { emailId: '1' } });
          await redis.kill();
          try {
            for (let i = 0; i < 5; i++)
              await client.marketingEmails.getMarketingEmail({ path: { emailId: `${i}` } });
            expect(warnings).toHaveLength(1);
            expect(warnings[0]).toMatch(/rate-limit store '.*gone': Redis is not answering/);
            expect(store.stats().usingRedis).toBe(false);
          } finally {
            await redis.restart();
            const fresh = await REDIS_CLIENTS[clientName](redis.url);
            await connection.close();
            connection = fresh;
          }
        });
      },
    );
  },
);
