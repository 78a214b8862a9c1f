/**
 * Soak: the runtime under sustained load (bench/soak.ts, also `npm run soak`), run in its own `node --expose-gc`
 * process against the repository's built package. Reports 429s, time against the window's minimum, heap after
 * GC over the run, peak RSS and the handles the client left behind.
 */
import { type Options, type Section, table } from '../lib/report.js';
import { exec, ROOT } from '../lib/util.js';
import type { SoakResult } from '../soak.js';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export async function soak(_options: Options): Promise<Section> {
  const run = await exec(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/soak.ts', '--json'], {
    cwd: ROOT,
  });
  const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error(`the soak printed no result:\n${run.stdout}\n${run.stderr}`);
  const r = JSON.parse(line.slice('RESULT '.length)) as SoakResult;
  const ratio = r.concurrent.ms / r.concurrent.minimumMs;
  const heapGrowth = r.heapAfterGc.end - r.heapAfterGc.afterConcurrent;
  const body = [
    `${r.concurrent.calls} concurrent calls through one client with \`rateLimit\` at the window's rate, against a rolling window of ${r.concurrent.limit} requests per ${r.concurrent.windowMs} ms in another process; then ${r.sequential.calls} sequential calls without a limit. Heap is measured after two forced collections.`,
    '',
    table(
      ['figure', 'result'],
      [
        ['429 answers (concurrent phase)', r.concurrent.rejected429],
        ['failed calls (concurrent / sequential)', `${r.concurrent.failed} / ${r.sequential.failed}`],
        [
          'time / window minimum',
          `${(r.concurrent.ms / 1000).toFixed(2)} s / ${(r.concurrent.minimumMs / 1000).toFixed(2)} s = ${ratio.toFixed(2)}x`,
        ],
        ['per sequential call', `${((r.sequential.ms * 1000) / r.sequential.calls).toFixed(0)} us`],
        [
          'heap after GC: start, after concurrent, end',
          `${mb(r.heapAfterGc.start)}, ${mb(r.heapAfterGc.afterConcurrent)}, ${mb(r.heapAfterGc.end)}`,
        ],
        ['peak RSS', mb(r.peakRss)],
        [
          'active handles left by the client',
          r.leftoverHandles.length === 0 ? 'none' : r.leftoverHandles.join(', '),
        ],
      ],
    ),
  ].join('\n');
  return {
    title: 'Soak',
    body,
    headlines: [
      {
        metric: 'soak: 429s, time vs minimum, heap growth over 10,000 calls, handles left',
        goal: '0, <= 1.2x, flat, none',
        result: `${r.concurrent.rejected429}, ${ratio.toFixed(2)}x, ${heapGrowth >= 0 ? '+' : ''}${mb(heapGrowth)}, ${r.leftoverHandles.length}`,
        pass:
          r.concurrent.rejected429 === 0 &&
          ratio <= 1.2 &&
          heapGrowth < 2 * 1024 * 1024 &&
          r.leftoverHandles.length === 0,
        comparison: '',
      },
    ],
    data: r,
  };
}
