/**
 * One worker of a test fleet, in its own process (`node --import tsx worker.ts '<json>'`): its own client and,
 * unless `redis` is 'none', its own Redis connection and store. It connects, prints `READY`, waits for a line
 * on stdin (so the whole fleet starts together), sends `calls` getMarketingEmail calls, `concurrency` at a
 * time, and prints `RESULT {…}`: calls that succeeded, failures by kind, the DAILY stops refused without a
 * request and their reset times, the store's stats, and any unhandled rejection. Exits 0 unless it crashed.
 */
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { createHubSpotMarketingClient, HubSpotRateLimitError } from '../../../generated/client/index.js';
import {
  createRedisRateLimitStore,
  type RedisClientLike,
  type RedisRateLimitStore,
} from '../../../src/redis/index.js';

export interface WorkerConfig {
  baseUrl: string;
  redisUrl?: string;
  redis: 'ioredis' | 'node-redis' | 'none';
  key: string;
  requestsPerSecond: number;
  calls: number;
  concurrency: number;
  maxRetries?: number;
  /** Pause between two calls of one lane, ms (spreads a run over time). */
  pauseMs?: number;
}

export interface WorkerResult {
  ok: number;
  failed: Record<string, number>;
  dailyStops: number;
  resetAts: number[];
  warnings: string[];
  stats?: ReturnType<RedisRateLimitStore['stats']>;
  unhandled: string[];
}

const config = JSON.parse(process.argv[2] ?? '{}') as WorkerConfig;
const unhandled: string[] = [];
process.on('unhandledRejection', (reason) => unhandled.push(String(reason)));

let redis: RedisClientLike | undefined;
let close = async () => {};
if (config.redis === 'ioredis') {
  const io = new Redis(config.redisUrl as string);
  await new Promise<void>((resolve, reject) => {
    io.once('ready', resolve);
    io.once('error', reject);
  });
  redis = io;
  close = async () => io.disconnect();
} else if (config.redis === 'node-redis') {
  const node = createClient({ url: config.redisUrl as string });
  node.on('error', () => undefined);
  await node.connect();
  redis = node;
  close = async () => node.destroy();
}
const warnings: string[] = [];
const store = redis ? createRedisRateLimitStore({ redis, key: config.key, retryIntervalMs: 250 }) : undefined;
const client = createHubSpotMarketingClient({
  accessToken: 'fleet-token',
  baseUrl: config.baseUrl,
  maxRetries: config.maxRetries ?? 0,
  retry: { baseDelayMs: 50 },
  rateLimit: { requestsPerSecond: config.requestsPerSecond, ...(store ? { store } : {}) },
  logger: { warn: (message) => warnings.push(message) },
});

console.log('READY');
await new Promise<void>((resolve) => createInterface({ input: process.stdin }).once('line', () => resolve()));

const result: WorkerResult = { ok: 0, failed: {}, dailyStops: 0, resetAts: [], warnings, unhandled };
let next = 0;
await Promise.all(
  Array.from({ length: config.concurrency }, async () => {
    while (next < config.calls) {
      const id = String(++next);
      try {
        await client.marketingEmails.getMarketingEmail({ path: { emailId: id } });
        result.ok++;
      } catch (error) {
        if (error instanceof HubSpotRateLimitError && error.policyName === 'DAILY' && error.clientSide) {
          result.dailyStops++;
          if (error.resetAt) result.resetAts.push(error.resetAt.getTime());
        }
        const kind =
          error instanceof HubSpotRateLimitError
            ? `429 ${error.policyName ?? ''}${error.clientSide ? ' (not sent)' : ''}`
            : error instanceof Error
              ? error.name
              : 'unknown';
        result.failed[kind] = (result.failed[kind] ?? 0) + 1;
      }
      if (config.pauseMs) await new Promise((r) => setTimeout(r, config.pauseMs));
    }
  }),
);
if (store) result.stats = store.stats();
await close();
console.log(`RESULT ${JSON.stringify(result)}`);
process.exit(0);
