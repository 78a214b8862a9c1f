/**
 * Runtime benchmarks against a local server in its own process (bench/fixtures/server.mjs).
 *
 * Per-call overhead (bench/fixtures/overhead.mjs): the same GET, one call at a time, no limits, through raw
 * fetch, openapi-fetch alone, this package and @hubspot/api-client, interleaved rounds in one process.
 *
 * Throughput under HubSpot's limits (bench/fixtures/throughput.mjs): a rolling window of 20 requests per
 * second answering 429 `TEN_SECONDLY_ROLLING` beyond it; 300 calls at concurrency 10, each variant in a fresh
 * process. Once with bare 429s (the server says nothing else) and once with HubSpot's
 * `X-HubSpot-RateLimit-Max/-Remaining/-Interval-Milliseconds` headers on every answer, as HubSpot sends them.
 */
import { type Options, type Section, table } from '../lib/report.js';
import { type BenchServer, startServer } from '../lib/server.js';
import { exec, log, median, resultOf } from '../lib/util.js';
import type { Workspace } from '../lib/workspace.js';

const CALLS = 300;
const CONCURRENCY = 10;
const RATE = 20;
/** calls / allowed rate. */
const MINIMUM_MS = (CALLS / RATE) * 1000;

interface Throughput {
  ms: number;
  ok: number;
  failed: number;
  errors: Record<string, number>;
  rejected: number;
}

async function overhead(ws: Workspace, server: BenchServer, options: Options) {
  const rounds = options.quick ? 8 : 20;
  const perRound = options.quick ? 100 : 250;
  log(`per-call overhead: ${rounds} rounds × ${perRound} sequential calls per client`);
  await server.reset({ limit: 0 });
  const samples = resultOf<Record<string, number[]>>(
    await exec(process.execPath, ['overhead.mjs', server.baseUrl, String(rounds), String(perRound)], {
      cwd: ws.app,
    }),
    'overhead.mjs',
  );
  const med = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
  return { rounds, perRound, samples, medians: med };
}

async function throughput(ws: Workspace, server: BenchServer, options: Options) {
  const runs = options.quick ? 1 : 3;
  const variants: Array<{ label: string; args: string[]; headers: boolean }> = [];
  variants.push(
    {
      label: 'this package, limiter { requestsPerSecond: 20, burst: 1 }',
      args: ['ours-limiter', '1'],
      headers: false,
    },
    {
      label: 'this package, limiter { requestsPerSecond: 20, burst: 20 }',
      args: ['ours-limiter', '20'],
      headers: false,
    },
    { label: 'this package, no limiter (default retries: 3)', args: ['ours-retries'], headers: false },
    {
      label: '@hubspot/api-client, bottleneck { minTime: 50, maxConcurrent: 10 }, 3 retries',
      args: ['hubspot-limiter'],
      headers: false,
    },
    // The headers change nothing for the last two (neither reads them): only this package's limiter runs again.
    {
      label: 'this package, limiter { requestsPerSecond: 20, burst: 1 }',
      args: ['ours-limiter', '1'],
      headers: true,
    },
    {
      label: 'this package, limiter { requestsPerSecond: 20, burst: 20 }',
      args: ['ours-limiter', '20'],
      headers: true,
    },
  );
  log(
    `throughput: ${variants.length} variants × ${runs} run(s), ${CALLS} calls each (≥ ${MINIMUM_MS / 1000} s a run)`,
  );
  const results: Array<{ label: string; headers: boolean; runs: Throughput[] }> = [];
  for (const v of variants) {
    const list: Throughput[] = [];
    for (let r = 0; r < runs; r++) {
      await server.reset({ limit: RATE, windowMs: 1000, headers: v.headers });
      const [variant, burst] = v.args;
      const got = resultOf<Omit<Throughput, 'rejected'>>(
        await exec(
          process.execPath,
          [
            'throughput.mjs',
            variant as string,
            server.baseUrl,
            String(CALLS),
            String(CONCURRENCY),
            burst ?? '1',
          ],
          { cwd: ws.app, timeoutMs: 900_000 },
        ),
        `throughput.mjs ${v.args.join(' ')}`,
      );
      const { rejected } = await server.stats();
      list.push({ ...got, rejected });
    }
    results.push({ label: v.label, headers: v.headers, runs: list });
  }
  return { runs, results };
}

export async function runtime(ws: Workspace, options: Options): Promise<Section> {
  const server = await startServer(ws.app);
  try {
    const o = await overhead(ws, server, options);
    const t = await throughput(ws, server, options);

    const base = o.medians['openapi-fetch'] as number;
    const raw = o.medians['raw fetch'] as number;
    const ours = o.medians['this package'] as number;
    const hubspot = o.medians['@hubspot/api-client'] as number;
    const invoke = o.medians['this package, client.invoke'] as number;
    const timedBase = o.medians['openapi-fetch + timeout signal'] as number;
    const untimed = o.medians['this package, timeoutMs: Infinity (no signal)'] as number;
    const overheadTable = table(
      ['client', 'median per call', 'vs openapi-fetch', 'vs raw fetch'],
      Object.entries(o.medians).map(([k, v]) => [
        k,
        `${Math.round(v)} µs`,
        `${(v / base).toFixed(2)}×`,
        `${(v / raw).toFixed(2)}×`,
      ]),
    );

    const summarize = (r: { runs: Throughput[] }) => ({
      ms: median(r.runs.map((x) => x.ms)),
      rejected: median(r.runs.map((x) => x.rejected)),
      failed: median(r.runs.map((x) => x.failed)),
    });
    const throughputTable = (headers: boolean) =>
      table(
        ['client', 'total time', 'vs minimum', '429s answered', 'calls failed'],
        t.results
          .filter((r) => r.headers === headers)
          .map((r) => {
            const s = summarize(r);
            return [
              r.label,
              `${(s.ms / 1000).toFixed(2)} s`,
              `${(s.ms / MINIMUM_MS).toFixed(2)}×`,
              String(s.rejected),
              String(s.failed),
            ];
          }),
      );
    const find = (label: string, headers: boolean) => {
      const r = t.results.find((x) => x.label.startsWith(label) && x.headers === headers);
      if (r === undefined) throw new Error(`no throughput result for ${label}`);
      return summarize(r);
    };
    const best = find('this package, limiter { requestsPerSecond: 20, burst: 1 }', false);
    const hs = find('@hubspot/api-client', false);
    const withHeaders = find('this package, limiter { requestsPerSecond: 20, burst: 20 }', true);
    const withHeadersBurst1 = find('this package, limiter { requestsPerSecond: 20, burst: 1 }', true);

    const body = [
      '### Per-call overhead',
      '',
      `GET one marketing email (about 1 KB of JSON) from the local server, one call at a time; median over ${o.rounds} interleaved rounds of ${o.perRound} calls per client, after a warm-up.`,
      '',
      overheadTable,
      '',
      '### Throughput under HubSpot rate limits',
      '',
      `${CALLS} calls at concurrency ${CONCURRENCY}; the server accepts at most ${RATE} requests in any rolling second and answers 429 \`TEN_SECONDLY_ROLLING\` beyond it. Theoretical minimum: ${CALLS} / ${RATE} per second = ${(MINIMUM_MS / 1000).toFixed(1)} s (a rolling window lets the first ${RATE} go at once, so 14 s plus latency is possible). Median of ${t.runs} run(s), each in a fresh process.`,
      '',
      'Bare 429s (the server sends no rate-limit headers):',
      '',
      throughputTable(false),
      '',
      "With HubSpot's `X-HubSpot-RateLimit-Max/-Remaining/-Interval-Milliseconds` headers on every answer:",
      '',
      throughputTable(true),
      '',
      `@hubspot/api-client waits 10 s × attempt after a \`TEN_SECONDLY_ROLLING\` 429, so each 429 it meets costs about 10 s. This package's limiter reads the headers: with \`remaining: 0\` it waits one slot of the window, interval / max (${(
        withHeadersBurst1.ms / 1000
      ).toFixed(
        1,
      )} s with burst 1, the default); with burst = rate the first burst overruns the rolling window (${(withHeaders.ms / 1000).toFixed(1)} s, ${withHeaders.rejected} 429s), which is why burst defaults to 1.`,
    ].join('\n');

    return {
      title: 'Runtime',
      body,
      headlines: [
        {
          metric: 'throughput, 300 calls under 20/s (limiter, burst 1, bare 429s)',
          goal: '≤ 1.10 × minimum, zero 429s, ahead of @hubspot/api-client',
          result: `${(best.ms / 1000).toFixed(2)} s (${(best.ms / MINIMUM_MS).toFixed(2)}×), ${best.rejected} 429s`,
          pass: best.ms <= MINIMUM_MS * 1.1 && best.rejected === 0 && best.ms < hs.ms,
          comparison: `@hubspot/api-client: ${(hs.ms / 1000).toFixed(2)} s (${(hs.ms / MINIMUM_MS).toFixed(2)}×), ${hs.rejected} 429s`,
        },
        {
          metric: 'throughput, same with HubSpot rate-limit headers (default burst 1)',
          goal: '≤ 1.10 × minimum, zero 429s',
          result: `${(withHeadersBurst1.ms / 1000).toFixed(2)} s (${(withHeadersBurst1.ms / MINIMUM_MS).toFixed(2)}×), ${withHeadersBurst1.rejected} 429s`,
          pass: withHeadersBurst1.ms <= MINIMUM_MS * 1.1 && withHeadersBurst1.rejected === 0,
          comparison: `burst 20 with headers: ${(withHeaders.ms / 1000).toFixed(2)} s, ${withHeaders.rejected} 429s`,
        },
        {
          metric: 'per-call overhead over openapi-fetch alone (standalone action and `invoke`)',
          goal: '≤ 1.10×, `invoke` included',
          result: `${(ours / base).toFixed(2)}× (${Math.round(ours)} µs vs ${Math.round(base)} µs); invoke ${(invoke / base).toFixed(2)}×`,
          pass: Math.max(ours, invoke) / base <= 1.1,
          comparison:
            `openapi-fetch with the same 30 s timeout signal ${Math.round(timedBase)} µs (ours ${(ours / timedBase).toFixed(2)}× of it); ` +
            `ours without a timeout (no signal) ${(untimed / base).toFixed(2)}×; raw fetch ${Math.round(raw)} µs; ` +
            `@hubspot/api-client ${Math.round(hubspot)} µs (${(hubspot / base).toFixed(2)}×)`,
        },
      ],
      data: { overhead: o, throughput: t, minimumMs: MINIMUM_MS },
    };
  } finally {
    server.close();
  }
}
