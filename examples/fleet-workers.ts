/**
 * Several worker processes, one HubSpot rate budget: each worker has its own client and its own Redis
 * connection, and all of them take their request slots from one Redis rate-limit store (same `key`), so
 * together they never send more than `requestsPerSecond`.
 *
 *   node --import tsx examples/fleet-workers.ts
 *
 * Runs against a local mock server and a local redis-server it starts itself (`redis-server` on PATH; or set
 * REDIS_URL to use yours). With HUBSPOT_ACCESS_TOKEN set, the workers list marketing emails of that account.
 * In an app the imports are `hubspot-marketing-connector` and `hubspot-marketing-connector/redis`.
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { createHubSpotMarketingClient, HubSpotRateLimitError } from '../generated/client/index.js';
import { createRedisRateLimitStore } from '../src/redis/index.js';

const WORKERS = 4;
const CALLS_PER_WORKER = 6;
/** The fleet's budget. HubSpot allows 100 or 190 per 10 s per app and account: stay a little under. */
const REQUESTS_PER_SECOND = 8;

interface WorkerReport {
  worker: number;
  ok: number;
  rateLimited: number;
}

async function worker(): Promise<void> {
  const redis = new Redis(process.env.REDIS_URL as string);
  const store = createRedisRateLimitStore({ redis, key: 'example-portal' });
  const token = process.env.HUBSPOT_ACCESS_TOKEN;
  const client = createHubSpotMarketingClient({
    accessToken: token ?? 'mock-token',
    ...(token ? {} : { baseUrl: process.env.MOCK_URL as string }),
    rateLimit: { requestsPerSecond: REQUESTS_PER_SECOND, store },
    logger: console, // the store warns here once if Redis goes away (calls then go on at this worker's share)
  });
  const report: WorkerReport = { worker: Number(process.env.WORKER), ok: 0, rateLimited: 0 };
  for (let i = 0; i < CALLS_PER_WORKER; i++) {
    try {
      await client.marketingEmails.listMarketingEmails({ query: { limit: 1 } });
      report.ok++;
    } catch (error) {
      // A 429 that retries could not absorb, or a DAILY stop (error.resetAt says when it ends).
      if (error instanceof HubSpotRateLimitError) report.rateLimited++;
      else throw error;
    }
  }
  redis.disconnect();
  process.send?.(report);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A throwaway redis-server without persistence, or undefined when REDIS_URL is given. */
async function localRedis(): Promise<{ url: string; stop: () => void } | undefined> {
  if (process.env.REDIS_URL) return undefined;
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  await new Promise<void>((resolve, reject) => {
    child.once('error', () => reject(new Error('redis-server not found: install it, or set REDIS_URL')));
    child.once('spawn', () => resolve());
  });
  const url = `redis://127.0.0.1:${port}`;
  const probe = new Redis(url, { retryStrategy: () => 50 }); // reconnects until the server listens
  probe.on('error', () => undefined);
  await probe.ping(); // queued until connected
  probe.disconnect();
  return { url, stop: () => child.kill() };
}

async function main(): Promise<void> {
  let closeMock = async () => {};
  let mockUrl = '';
  if (process.env.HUBSPOT_ACCESS_TOKEN) {
    console.log('Using the HubSpot account of HUBSPOT_ACCESS_TOKEN.');
  } else {
    const { startMockServer } = await import('../src/mock/index.js');
    const mock = await startMockServer();
    mockUrl = mock.url;
    closeMock = () => mock.close();
    console.log(`HUBSPOT_ACCESS_TOKEN is not set: using a local mock server at ${mock.url}.`);
  }
  const redis = await localRedis();
  const redisUrl = redis?.url ?? (process.env.REDIS_URL as string);
  console.log(redis ? `Started a local redis-server at ${redis.url}.` : 'Using the Redis at REDIS_URL.');
  try {
    const started = performance.now();
    const reports = await Promise.all(
      Array.from({ length: WORKERS }, (_, i) => {
        const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['worker'], {
          execArgv: ['--import', 'tsx'],
          env: { ...process.env, REDIS_URL: redisUrl, MOCK_URL: mockUrl, WORKER: String(i + 1) },
        });
        return new Promise<WorkerReport>((resolve, reject) => {
          child.once('message', (m) => resolve(m as WorkerReport));
          child.once(
            'exit',
            (code) => code !== 0 && reject(new Error(`worker ${i + 1} exited with ${code}`)),
          );
        });
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    for (const r of reports) console.log(`Worker ${r.worker}: ${r.ok} calls, ${r.rateLimited} rate-limited.`);
    const calls = reports.reduce((n, r) => n + r.ok, 0);
    const floor = (calls - 1) / REQUESTS_PER_SECOND;
    console.log(
      `${WORKERS} workers shared one budget of ${REQUESTS_PER_SECOND} requests/s: ${calls} calls in ${seconds.toFixed(1)} s ` +
        `(one budget needs at least ${floor.toFixed(1)} s; ${WORKERS} separate budgets would have taken a quarter of that).`,
    );
  } finally {
    redis?.stop();
    await closeMock();
  }
}

if (process.argv[2] === 'worker') {
  await worker();
} else {
  await main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
