/**
 * Generation time, whole commands from spawn to exit, same machine, same run, round-robin:
 * `npm run generate` (types, client, docs, catalog; written to a temp folder so generated/ is untouched),
 * `npm run generate -- --check`, openapi-typescript alone on the bundled spec (generated/openapi.json), and
 * @hey-api/openapi-ts (types + SDK + fetch client, its defaults) on the same file, and the command the `generate`
 * script runs, spawned directly (the anchors are started with node: this shows npm's own share). Each run is
 * cold: a new process, its output folder deleted before the run, nothing kept between runs. Then the
 * generator's stages one by one (bench/generation-stages.ts) to show where the time goes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type Options, type Section, table } from '../lib/report.js';
import { exec, log, median, ROOT, resultOf, versionOf } from '../lib/util.js';
import type { Workspace } from '../lib/workspace.js';

export async function generation(ws: Workspace, options: Options): Promise<Section> {
  const runs = options.quick ? 2 : 5;
  log(`generation: ${runs} runs per command`);
  const out = path.join(ws.dir, 'generation');
  fs.mkdirSync(out, { recursive: true });
  const spec = path.join(ROOT, 'generated', 'openapi.json');
  const nm = path.join(ROOT, 'node_modules');
  const commands: Record<string, { file: string; args: string[]; expectZero: boolean; before?: () => void }> =
    {
      'npm run generate (whole: types, client, docs, catalog)': {
        file: 'npm',
        args: ['run', 'generate', '--silent', '--', '--out', path.join(out, 'generated')],
        expectZero: true,
        // Cold every time: no earlier output to compare with or keep.
        before: () => fs.rmSync(path.join(out, 'generated'), { recursive: true, force: true }),
      },
      'npm run generate -- --check': {
        file: 'npm',
        args: ['run', 'generate', '--silent', '--', '--check'],
        expectZero: false,
      },
      [`openapi-typescript ${versionOf('openapi-typescript')} alone (types only)`]: {
        file: process.execPath,
        args: [
          path.join(nm, 'openapi-typescript', 'bin', 'cli.js'),
          spec,
          '-o',
          path.join(out, 'ot', 'schema.ts'),
        ],
        expectZero: true,
      },
      [`@hey-api/openapi-ts ${versionOf('@hey-api/openapi-ts')} (types + SDK + fetch client)`]: {
        file: process.execPath,
        args: [
          path.join(nm, '@hey-api', 'openapi-ts', 'bin', 'run.js'),
          '-i',
          spec,
          '-o',
          path.join(out, 'hey-api'),
          '-c',
          '@hey-api/client-fetch',
          '--no-log-file',
          '--silent',
        ],
        expectZero: true,
      },
    };
  // What `npm run generate` runs, spawned directly: the same work without npm's own start-up, which the
  // anchors (started with node) do not pay.
  const script = (
    JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    }
  ).scripts.generate;
  const [program, ...scriptArgs] = script?.split(/\s+/) ?? [];
  const direct =
    program === 'node' ? `${script} (what npm run generate runs, without npm's start-up)` : undefined;
  if (direct !== undefined)
    commands[direct] = {
      file: process.execPath,
      args: [...scriptArgs, '--out', path.join(out, 'direct')],
      expectZero: true,
      before: () => fs.rmSync(path.join(out, 'direct'), { recursive: true, force: true }),
    };
  const labels = Object.keys(commands);
  const samples: Record<string, number[]> = Object.fromEntries(labels.map((l) => [l, []]));
  const exits: Record<string, number> = {};
  const failures: Record<string, string> = {};
  for (let r = 0; r < runs; r++) {
    for (const label of labels) {
      const c = commands[label] as (typeof commands)[string];
      c.before?.();
      const result = await exec(c.file, c.args, { cwd: ROOT });
      // A failing command is timed and reported, not fatal: the spec or templates may be mid-change.
      if (c.expectZero && result.code !== 0) {
        failures[label] ??= `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(0, 3).join(' ');
      }
      exits[label] = result.code;
      samples[label]?.push(result.ms);
    }
  }
  const med = Object.fromEntries(labels.map((l) => [l, median(samples[l] ?? [])]));

  const stageRuns: Array<Record<string, number>> = [];
  let stageError: string | undefined;
  for (let r = 0; r < (options.quick ? 1 : 3) && stageError === undefined; r++) {
    try {
      stageRuns.push(
        resultOf<Record<string, number>>(
          await exec(
            process.execPath,
            [path.join(ROOT, 'generator', 'launch.mjs'), path.join(ROOT, 'bench', 'generation-stages.ts')],
            { cwd: ROOT },
          ),
          'generation stages',
        ),
      );
    } catch (e) {
      stageError = (e instanceof Error ? e.message : String(e)).split('\n').slice(0, 3).join(' ');
    }
  }
  const stages = Object.keys(stageRuns[0] ?? {});
  const stageMedian = Object.fromEntries(stages.map((s) => [s, median(stageRuns.map((r) => r[s] ?? 0))]));
  const stageTotal = Object.values(stageMedian).reduce((a, b) => a + b, 0);

  const generate = med[labels[0] as string] as number;
  const check = med[labels[1] as string] as number;
  const heyApi = med[labels[3] as string] as number;
  const body = [
    `Median wall time of ${runs} runs per command (spawn to exit), interleaved.`,
    '',
    table(
      ['command', 'median', 'vs @hey-api/openapi-ts'],
      labels.map((l) => [
        `${l}${exits[l] === 0 || exits[l] === undefined ? '' : ` (exit ${exits[l]})`}`,
        `${((med[l] as number) / 1000).toFixed(2)} s`,
        `${((med[l] as number) / heyApi).toFixed(2)}×`,
      ]),
    ),
    ...Object.entries(failures).map(([l, f]) => `\n**${l} failed** (timed anyway): ${f.slice(0, 300)}`),
    '',
    stageError ? `The stage breakdown failed: ${stageError.slice(0, 300)}` : '',
    '',
    `Where \`npm run generate\` spends its time (bench/generation-stages.ts, median of ${stageRuns.length}): each`,
    'stage alone, one after the other in one thread. The command overlaps them on two cores: the Redocly lint',
    'runs in a worker thread from the start (begun before the generator is bundled, while TypeScript loads),',
    'beside load, model and emit, and then checks the examples the project rules collect; Biome formats in its',
    'own process meanwhile. So its wall time is less than the sum.',
    '',
    table(
      ['stage', 'median', 'share'],
      stages.map((s) => [
        s,
        `${Math.round(stageMedian[s] as number)} ms`,
        `${Math.round(((stageMedian[s] as number) / stageTotal) * 100)}%`,
      ]),
    ),
  ].join('\n');
  return {
    title: 'Generation time',
    body,
    headlines: [
      {
        metric: 'generation: npm run generate (whole)',
        goal: '≤ @hey-api/openapi-ts and < 3 s',
        result: `${(generate / 1000).toFixed(2)} s${exits[labels[0] as string] === 0 ? '' : ' (the command failed)'}`,
        pass: exits[labels[0] as string] === 0 ? generate <= heyApi && generate < 3000 : undefined,
        comparison: `@hey-api/openapi-ts ${(heyApi / 1000).toFixed(2)} s; openapi-typescript alone ${(
          (med[labels[2] as string] as number) / 1000
        ).toFixed(2)} s${
          direct === undefined
            ? ''
            : `; the same command without npm's own start-up ${((med[direct] as number) / 1000).toFixed(2)} s (${(
                (med[direct] as number) / heyApi
              ).toFixed(2)}×)`
        }`,
      },
      {
        metric: 'generation: npm run generate -- --check',
        goal: '≤ @hey-api/openapi-ts and < 3 s',
        result: `${(check / 1000).toFixed(2)} s`,
        pass: check <= heyApi && check < 3000,
        comparison: '',
      },
    ],
    data: { runs, samples, medians: med, exits, failures, stageRuns, stageMedian, stageError },
  };
}
