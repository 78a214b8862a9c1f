/**
 * A fleet sharing one rate budget: 4 worker processes (bench/fixtures/fleet-worker.mjs), 300 calls in all (75
 * each, 5 at a time per worker), against the local server (bench/fixtures/server.mjs) accepting at most 30
 * requests in any rolling second and answering HubSpot's 429 body beyond it, with a local redis-server.
 *
 * Rows: (a) this package with the Redis store (`hubspot-marketing-connector/redis`, ioredis), (b) this package
 * with per-process limiters only, (c) @hubspot/api-client with Bottleneck's Redis clustering, set up as its
 * README shows. Then the rows where a fleet hurts, for (a) and (c): Redis killed 3 s into the run and back 3 s
 * later (calls settled, 429s, time), and a DAILY limit spent after 100 calls (requests the server still got
 * after its first DAILY 429). Redis round trips per call come from Redis's own command statistics.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { type BenchRedis, redisServerVersion, startRedis } from '../lib/redis.js';
import { type Options, type Section, table } from '../lib/report.js';
import { type BenchServer, startServer } from '../lib/server.js';
import { BENCH, childEnv, log, PACKAGE, versionOf } from '../lib/util.js';
import type { Workspace } from '../lib/workspace.js';

const WORKERS = 4;
const CALLS = 300;
const CONCURRENCY = 5;
/** The server's budget: requests per rolling second. */
const BUDGET = 30;
/** The rate the clients are given: 28/s, a little under the budget (see the note in the report). */
const RATE = 28;
const MINIMUM_MS = (CALLS / BUDGET) * 1000;

type Variant = 'ours-redis' | 'ours-local' | 'hubspot-bottleneck';

const LABELS: Record<Variant, string> = {
  'ours-redis': `this package, Redis store, ${RATE}/s shared`,
  'ours-local': `this package, per-process limiter, ${RATE}/s in each`,
  'hubspot-bottleneck': `@hubspot/api-client + Bottleneck Redis clustering, minTime ${Math.ceil(1000 / RATE)} ms`,
};

interface WorkerResult {
  ms: number;
  ok: number;
  failed: number;
  unsettled: number;
  errors: Record<string, number>;
  stats?: { commands: number; fallbackTakes: number; outages: number };
}

interface FleetRun {
  variant: Variant;
  ms: number;
  ok: number;
  failed: number;
  unsettled: number;
  crashed: number;
  errors: Record<string, number>;
  rejected: number;
  afterDaily: number;
  /** Redis's command statistics over the run (commands run inside scripts included). */
  redisCommands: Record<string, number>;
}

function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${out}`)),
      timeoutMs,
    );
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = pattern.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    });
    child.once('exit', (code) => {
      setTimeout(() => {
        clearTimeout(timer);
        reject(new Error(`worker exited with ${code}:\n${out}`));
      }, 100);
    });
  });
}

async function runFleet(
  app: string,
  server: BenchServer,
  redis: BenchRedis,
  variant: Variant,
  scenario: { key: string; daily?: number; duringRun?: () => Promise<void> },
): Promise<FleetRun> {
  await redis.flush();
  await server.reset({ limit: BUDGET, windowMs: 1000, ...(scenario.daily ? { daily: scenario.daily } : {}) });
  const config = {
    variant,
    baseUrl: server.baseUrl,
    redisPort: redis.port,
    calls: CALLS / WORKERS,
    concurrency: CONCURRENCY,
    rate: RATE,
    key: scenario.key,
    deadlineMs: 90_000,
  };
  const workers = Array.from({ length: WORKERS }, () =>
    spawn(process.execPath, ['fleet-worker.mjs', JSON.stringify(config)], {
      cwd: app,
      env: childEnv(),
      stdio: ['pipe', 'pipe', 'inherit'],
    }),
  );
  await Promise.all(workers.map((w) => waitForLine(w, /READY/, 60_000)));
  await redis.resetStats();
  const results = workers.map((w) =>
    waitForLine(w, /RESULT (.*)\n/, 150_000).then(
      ([, json]) => JSON.parse(json as string) as WorkerResult,
      () => undefined,
    ),
  );
  const started = performance.now();
  for (const w of workers) w.stdin?.write('go\n');
  await scenario.duringRun?.();
  const done = await Promise.all(results);
  const ms = performance.now() - started;
  for (const w of workers) w.kill('SIGKILL');
  const stats = await server.stats();
  const finished = done.filter((r): r is WorkerResult => r !== undefined);
  const errors: Record<string, number> = {};
  for (const r of finished) for (const [k, v] of Object.entries(r.errors)) errors[k] = (errors[k] ?? 0) + v;
  return {
    variant,
    ms: Math.max(ms - 0, ...finished.map((r) => r.ms)),
    ok: finished.reduce((n, r) => n + r.ok, 0),
    failed: finished.reduce((n, r) => n + r.failed, 0),
    unsettled:
      finished.reduce((n, r) => n + r.unsettled, 0) + (WORKERS - finished.length) * (CALLS / WORKERS),
    crashed: WORKERS - finished.length,
    errors,
    rejected: stats.rejected,
    afterDaily: stats.afterDaily,
    redisCommands: await redis.commandCalls().catch(() => ({})),
  };
}

/** The benchmark's own commands (resetting and reading the statistics). */
const ADMIN = new Set(['config|resetstat', 'info']);
/**
 * Commands that only arrive over the network (a script cannot run them): scripts themselves and connection
 * housekeeping. What a script runs inside Redis is counted by Redis too, but costs no round trip.
 */
const TOP_LEVEL = /^(?:evalsha|eval|script\|.*|subscribe|psubscribe|hello|client\|.*|ping|select|auth|quit)$/;

function perCall(run: FleetRun): { roundTrips: number; commands: number } {
  const entries = Object.entries(run.redisCommands).filter(([name]) => !ADMIN.has(name));
  const sum = (list: Array<[string, number]>) => list.reduce((n, [, calls]) => n + calls, 0);
  return {
    roundTrips: sum(entries.filter(([name]) => TOP_LEVEL.test(name))) / CALLS,
    commands: sum(entries) / CALLS,
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const errorList = (errors: Record<string, number>) =>
  Object.entries(errors)
    .map(([k, v]) => `${v} × ${k}`)
    .join(', ') || 'none';

export async function fleet(ws: Workspace, options: Options): Promise<Section> {
  const version = redisServerVersion();
  if (version === undefined) {
    return {
      title: 'Fleet (skipped)',
      body: 'Skipped in this run: no `redis-server` on PATH (Debian: `apt-get install -y redis-server`).',
      headlines: [],
      data: { skipped: 'no redis-server' },
    };
  }
  log('fleet: installing the fleet app (tarball, @hubspot/api-client, ioredis, bottleneck)');
  const app = await ws.install('fleet', {
    [PACKAGE]: `file:${ws.tarball}`,
    '@hubspot/api-client': versionOf('@hubspot/api-client'),
    ioredis: versionOf('ioredis'),
    bottleneck: versionOf('bottleneck'),
  });
  for (const fixture of ['fleet-worker.mjs', 'server.mjs']) {
    fs.copyFileSync(path.join(BENCH, 'fixtures', fixture), path.join(app, fixture));
  }
  const server = await startServer(app);
  const redis = await startRedis();
  let n = 0;
  const key = () => `bench-${++n}`;
  const runs: FleetRun[] = [];
  const run = async (variant: Variant, scenario: Omit<Parameters<typeof runFleet>[4], 'key'> = {}) => {
    log(`fleet: ${variant}${scenario.daily ? ', DAILY' : scenario.duringRun ? ', Redis lost' : ''}`);
    const r = await runFleet(app, server, redis, variant, { key: key(), ...scenario });
    runs.push(r);
    return r;
  };
  const loseRedis = async () => {
    await new Promise((r) => setTimeout(r, 3000));
    await redis.kill();
    await new Promise((r) => setTimeout(r, 3000));
    await redis.restart();
  };
  try {
    const steady = {
      ours: await run('ours-redis'),
      local: await run('ours-local'),
      bottleneck: await run('hubspot-bottleneck'),
    };
    const lost = {
      ours: await run('ours-redis', { duringRun: loseRedis }),
      bottleneck: await run('hubspot-bottleneck', { duringRun: loseRedis }),
    };
    const daily = {
      ours: await run('ours-redis', { daily: 100 }),
      local: await run('ours-local', { daily: 100 }),
      bottleneck: await run('hubspot-bottleneck', { daily: 100 }),
    };

    const steadyTable = table(
      [
        'fleet of 4',
        'total time',
        'vs minimum',
        '429s answered',
        'calls failed',
        'Redis round trips per call',
        'Redis commands per call',
      ],
      [steady.ours, steady.local, steady.bottleneck].map((r) => [
        LABELS[r.variant],
        seconds(r.ms),
        `${(r.ms / MINIMUM_MS).toFixed(2)}×`,
        String(r.rejected),
        String(r.failed),
        r.variant === 'ours-local' ? '–' : perCall(r).roundTrips.toFixed(2),
        r.variant === 'ours-local' ? '–' : perCall(r).commands.toFixed(1),
      ]),
    );
    const lostTable = table(
      [
        'Redis killed at 3 s, back at 6 s',
        'calls settled',
        'calls failed',
        'unsettled (hung) at 90 s',
        '429s answered',
        'total time',
      ],
      [lost.ours, lost.bottleneck].map((r) => [
        LABELS[r.variant],
        `${r.ok + r.failed} / ${CALLS}`,
        `${r.failed}${r.failed ? ` (${errorList(r.errors)})` : ''}`,
        String(r.unsettled),
        String(r.rejected),
        seconds(r.ms),
      ]),
    );
    const dailyTable = table(
      [
        'DAILY spent after 100 calls',
        'requests after the first DAILY 429',
        'calls refused without a request',
        'total time',
      ],
      [daily.ours, daily.local, daily.bottleneck].map((r) => [
        LABELS[r.variant],
        String(r.afterDaily),
        String(
          Object.entries(r.errors)
            .filter(([k]) => k.includes('(not sent)'))
            .reduce((a, [, v]) => a + v, 0),
        ),
        seconds(r.ms),
      ]),
    );
    const body = [
      `${WORKERS} worker processes, ${CALLS} calls in all (${CALLS / WORKERS} each, ${CONCURRENCY} at a time per worker), one GET each; the server accepts at most ${BUDGET} requests in any rolling second (429 \`TEN_SECONDLY_ROLLING\` beyond). Minimum: ${CALLS} / ${BUDGET} per second = ${(MINIMUM_MS / 1000).toFixed(1)} s. Clients are given ${RATE}/s: a worker may then run up to ~70 ms late without a window overflowing (at exactly ${BUDGET}/s any lateness is a 429). ${version}; one run per row${options.quick ? ' (--quick)' : ''}.`,
      '',
      steadyTable,
      '',
      "Redis round trips per call: the commands that reached Redis over the network (scripts, `SUBSCRIBE`, connection housekeeping), from Redis's own `INFO commandstats` over the run, divided by 300; commands per call also count what the scripts ran inside Redis. This package runs one script (`EVALSHA`) per attempt — a retried call, or a call held up past its slot, takes a slot again — plus one `EVAL` per worker the first time.",
      '',
      lostTable,
      '',
      dailyTable,
      '',
      `Per-process limiters at ${RATE}/s each send ${WORKERS * RATE}/s into a budget of ${BUDGET}: their 429s and retries are the cost of not sharing. Redis lost: this package's store goes on with each worker at its share of the rate (1/4, from the workers Redis last saw), warns once, and returns to Redis when it answers again (a restarted Redis has lost the schedule, so the first second after it can overlap with the workers' last local slots). DAILY: a worker that learns of the stop from Redis refuses its calls without a request; with per-process limiters every worker has to meet its own DAILY 429 first.`,
    ].join('\n');
    const best = steady.ours;
    return {
      title: 'Fleet: one budget for 4 processes (Redis)',
      body,
      headlines: [
        {
          metric: `fleet of 4, 300 calls sharing ${BUDGET}/s (Redis store)`,
          goal: '≤ 1.10 × minimum, zero 429s, no worse than Bottleneck',
          result: `${seconds(best.ms)} (${(best.ms / MINIMUM_MS).toFixed(2)}×), ${best.rejected} 429s`,
          pass:
            best.ms <= MINIMUM_MS * 1.1 &&
            best.rejected === 0 &&
            best.ms <= steady.bottleneck.ms &&
            best.rejected <= steady.bottleneck.rejected,
          comparison: `Bottleneck: ${seconds(steady.bottleneck.ms)} (${(steady.bottleneck.ms / MINIMUM_MS).toFixed(2)}×), ${steady.bottleneck.rejected} 429s; per-process: ${seconds(steady.local.ms)}, ${steady.local.rejected} 429s`,
        },
        {
          metric: 'fleet, Redis killed mid-run',
          goal: 'every call settles, none fails',
          result: `${lost.ours.ok + lost.ours.failed}/${CALLS} settled, ${lost.ours.failed} failed, ${lost.ours.rejected} 429s`,
          pass: lost.ours.unsettled === 0 && lost.ours.failed === 0,
          comparison: `Bottleneck: ${lost.bottleneck.ok + lost.bottleneck.failed}/${CALLS} settled, ${lost.bottleneck.failed} failed, ${lost.bottleneck.unsettled} hung`,
        },
        {
          metric: 'fleet, DAILY stop',
          goal: 'only requests already in flight after the first DAILY 429',
          result: `${daily.ours.afterDaily} requests after it`,
          pass: daily.ours.afterDaily <= WORKERS * CONCURRENCY,
          comparison: `per-process: ${daily.local.afterDaily}; Bottleneck: ${daily.bottleneck.afterDaily}`,
        },
        {
          metric: 'Redis round trips per call',
          goal: '1',
          result: perCall(steady.ours).roundTrips.toFixed(2),
          pass: perCall(steady.ours).roundTrips <= 1.05,
          comparison: `Bottleneck: ${perCall(steady.bottleneck).roundTrips.toFixed(2)} round trips, ${perCall(steady.bottleneck).commands.toFixed(1)} commands per call (this package: ${perCall(steady.ours).commands.toFixed(1)})`,
        },
      ],
      data: { runs },
    };
  } finally {
    server.close();
    await redis.stop();
  }
}
