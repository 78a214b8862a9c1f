/**
 * `npm run soak`: the runtime under sustained load, as a long-running worker meets it. Not a test: it prints
 * figures to compare with docs/benchmarks.md, and exits non-zero only when it cannot run.
 *
 * 1. 2,000 concurrent calls through one client with `rateLimit` at the window's rate, against a rolling-window
 *    server in its own process (bench/fixtures/server.mjs, HubSpot's 429 body beyond the window): 429s seen by
 *    the server, and the time against the window's minimum (calls / rate).
 * 2. 10,000 sequential calls with no limit.
 * Around both: heap used after a forced GC at the start and at the end, peak RSS, and the handles still active
 * at the end (timers, sockets the client would have leaked).
 *
 * Runs the built package (`dist/`, built first when missing) with `node --expose-gc`. `--json` adds a last line
 * `RESULT {...}` with the raw figures (the bench's `soak` section reads it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer } from './lib/server.js';
import { exec, ROOT } from './lib/util.js';

const CONCURRENT = 2_000;
const SEQUENTIAL = 10_000;
const WINDOW = { limit: 200, windowMs: 1_000 };

/** The figures of one soak run. */
export interface SoakResult {
  concurrent: {
    calls: number;
    limit: number;
    windowMs: number;
    rejected429: number;
    failed: number;
    ms: number;
    minimumMs: number;
  };
  sequential: { calls: number; failed: number; ms: number };
  heapAfterGc: { start: number; afterConcurrent: number; end: number };
  peakRss: number;
  leftoverHandles: string[];
}

const gc = (globalThis as { gc?: () => void }).gc;

function heapAfterGc(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function main(): Promise<void> {
  if (!gc) {
    console.error('run with node --expose-gc (npm run soak does)');
    process.exit(2);
  }
  if (!fs.existsSync(path.join(ROOT, 'dist', 'index.js'))) {
    console.log('building dist/ first (npm run build)...');
    await exec('npm', ['run', 'build'], { cwd: ROOT });
  }
  type Package = typeof import('../generated/client/index.js');
  const pkg = (await import(pathToFileURL(path.join(ROOT, 'dist', 'index.js')).href)) as Package;
  const server = await startServer(path.join(ROOT, 'bench', 'fixtures'));
  const handlesBefore = process.getActiveResourcesInfo();
  try {
    const heapStart = heapAfterGc();

    await server.reset(WINDOW);
    const limited = pkg.createHubSpotMarketingClient({
      accessToken: 'soak-token',
      baseUrl: server.baseUrl,
      rateLimit: { requestsPerSecond: (WINDOW.limit * 1000) / WINDOW.windowMs },
      timeoutMs: Number.POSITIVE_INFINITY,
    });
    let failed = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENT }, (_, i) =>
        limited.marketingEmails.getMarketingEmail({ path: { emailId: String(i) } }).catch(() => {
          failed++;
        }),
      ),
    );
    const elapsed = performance.now() - started;
    const minimum = (CONCURRENT / WINDOW.limit) * WINDOW.windowMs;
    const windowStats = await server.stats();
    const heapMid = heapAfterGc();

    await server.reset({ limit: 0 });
    const plain = pkg.createHubSpotMarketingClient({ accessToken: 'soak-token', baseUrl: server.baseUrl });
    const seqStarted = performance.now();
    let seqFailed = 0;
    for (let i = 0; i < SEQUENTIAL; i++) {
      await plain.marketingEmails.getMarketingEmail({ path: { emailId: String(i) } }).catch(() => {
        seqFailed++;
      });
    }
    const seqElapsed = performance.now() - seqStarted;
    const heapEnd = heapAfterGc();
    // The server goes away (closing its keep-alive connections), then whatever the client left is still here.
    server.close();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const leftover = process
      .getActiveResourcesInfo()
      .filter(
        (h, i, all) =>
          all.filter((x) => x === h).length > handlesBefore.filter((x) => x === h).length &&
          all.indexOf(h) === i,
      );

    const rows: Array<[string, string]> = [
      ['concurrent calls (rateLimit at the window rate)', String(CONCURRENT)],
      ['  429 answers', String(windowStats.rejected)],
      ['  failed calls', String(failed)],
      [
        '  time / window minimum',
        `${(elapsed / 1000).toFixed(2)} s / ${(minimum / 1000).toFixed(2)} s = ${(elapsed / minimum).toFixed(2)}x`,
      ],
      ['sequential calls (no limit)', String(SEQUENTIAL)],
      ['  failed calls', String(seqFailed)],
      ['  per call', `${((seqElapsed * 1000) / SEQUENTIAL).toFixed(0)} us`],
      ['heap after GC: start, after concurrent, end', `${mb(heapStart)}, ${mb(heapMid)}, ${mb(heapEnd)}`],
      ['peak RSS', mb(process.resourceUsage().maxRSS * 1024)],
      ['active handles left by the client', leftover.length === 0 ? 'none' : leftover.join(', ')],
    ];
    console.log(`\nsoak (Node ${process.version}, ${new Date().toISOString().slice(0, 10)})`);
    for (const [name, value] of rows) console.log(`${name.padEnd(50)} ${value}`);
    if (process.argv.includes('--json')) {
      const result: SoakResult = {
        concurrent: {
          calls: CONCURRENT,
          ...WINDOW,
          rejected429: windowStats.rejected,
          failed,
          ms: elapsed,
          minimumMs: minimum,
        },
        sequential: { calls: SEQUENTIAL, failed: seqFailed, ms: seqElapsed },
        heapAfterGc: { start: heapStart, afterConcurrent: heapMid, end: heapEnd },
        peakRss: process.resourceUsage().maxRSS * 1024,
        leftoverHandles: leftover,
      };
      console.log(`RESULT ${JSON.stringify(result)}`);
    }
  } finally {
    server.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
