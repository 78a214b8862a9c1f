/**
 * `npm run generate [-- --check | --watch] [--spec <file>] [--out <dir>]`
 *
 * Compiles the spec into `generated/`. Exit codes: 0 done (or up to date), 1 the spec has problems or
 * (with --check) `generated/` is stale, 2 bad command-line usage.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatDiagnostic, SpecError } from './diagnostics.js';
import { compile, PROJECT_ROOT } from './pipeline.js';
import { compareOutput, isStale, writeOutput } from './write.js';

const USAGE = `usage: npm run generate -- [--check] [--watch] [--spec spec/openapi.yaml] [--out generated] [--templates templates]
  --check   write nothing; exit 1 and name the stale files when generated/ differs from what the spec gives
  --watch   regenerate whenever spec/ or templates/ change`;

interface Options {
  check: boolean;
  watch: boolean;
  spec: string;
  out: string;
  templates: string;
}

function parse(argv: string[]): Options | null {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        check: { type: 'boolean', default: false },
        watch: { type: 'boolean', default: false },
        spec: {
          type: 'string',
          default: path.join(PROJECT_ROOT, 'spec', 'openapi.yaml'),
        },
        out: { type: 'string', default: path.join(PROJECT_ROOT, 'generated') },
        templates: {
          type: 'string',
          default: path.join(PROJECT_ROOT, 'templates'),
        },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      console.log(USAGE);
      process.exit(0);
    }
    if (values.check && values.watch) throw new Error('--check and --watch cannot be combined');
    return {
      check: values.check,
      watch: values.watch,
      spec: path.resolve(values.spec),
      out: path.resolve(values.out),
      templates: path.resolve(values.templates),
    };
  } catch (e) {
    console.error(`error: ${(e as Error).message}\n${USAGE}`);
    return null;
  }
}

/** Runs once; returns the exit code. */
export async function run(o: Options): Promise<number> {
  const started = performance.now();
  let files: Map<string, string>;
  let actionCount: number;
  try {
    const compiled = await compile({ spec: o.spec, templates: o.templates });
    files = compiled.files;
    actionCount = compiled.model.actions.length;
  } catch (e) {
    if (e instanceof SpecError) {
      const n = e.diagnostics.length;
      console.error(
        `✖ ${n} problem${n === 1 ? '' : 's'} in the spec; ${path.relative(process.cwd(), o.out) || o.out}/ was not changed:`,
      );
      for (const d of e.diagnostics) console.error(`  ${formatDiagnostic(d)}`);
      return 1;
    }
    console.error(`✖ generation failed: ${(e as Error).message}`);
    return 1;
  }
  const rel = path.relative(process.cwd(), o.out) || o.out;
  const ms = Math.round(performance.now() - started);
  if (o.check) {
    const s = compareOutput(o.out, files);
    if (!isStale(s)) {
      console.log(`✔ ${rel}/ is up to date (${files.size} files, ${actionCount} actions, ${ms} ms)`);
      return 0;
    }
    console.error(`✖ ${rel}/ is stale; run \`npm run generate\`:`);
    for (const f of s.changed) console.error(`  changed: ${rel}/${f}`);
    for (const f of s.missing) console.error(`  missing: ${rel}/${f}`);
    for (const f of s.extra) console.error(`  extra:   ${rel}/${f}`);
    return 1;
  }
  const s = compareOutput(o.out, files);
  if (!isStale(s)) {
    console.log(`✔ ${rel}/ already up to date (${files.size} files, ${actionCount} actions, ${ms} ms)`);
    return 0;
  }
  try {
    writeOutput(o.out, files);
  } catch (e) {
    console.error(`✖ cannot write ${rel}/: ${(e as Error).message}`);
    return 1;
  }
  const changed = s.changed.length + s.missing.length + s.extra.length;
  console.log(`✔ wrote ${rel}/: ${files.size} files (${changed} changed), ${actionCount} actions, ${ms} ms`);
  return 0;
}

function watch(o: Options): void {
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let again = false;
  const trigger = () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      await run(o);
      running = false;
      if (again) {
        again = false;
        trigger();
      }
    }, 150);
  };
  for (const dir of [path.dirname(o.spec), o.templates]) fs.watch(dir, { recursive: true }, trigger);
  console.log(
    `watching ${path.relative(process.cwd(), path.dirname(o.spec))}/ and ${path.relative(process.cwd(), o.templates)}/ (Ctrl-C to stop)`,
  );
  trigger();
}

const options = parse(process.argv.slice(2));
if (!options) process.exit(2);
else if (options.watch) watch(options);
else
  run(options).then((code) => {
    process.exitCode = code;
  });
