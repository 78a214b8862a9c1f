/**
 * `npm run spec:upstream -- <folder> [--format text|markdown|json] [--spec spec] [--output FILE] [--explained]`
 *
 * Compares the curated spec with HubSpot's own OpenAPI files (a checkout of HubSpot's public spec collection,
 * or a folder of copies) and lists every difference no recorded deviation explains, the upstream operations
 * in our areas' files the spec does not cover, and deviations that no longer apply. Exit codes: 0 nothing
 * unexplained, 1 something is, 2 bad input (a missing folder, an unreadable file, bad options). Never prints a
 * stack trace.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DiffInputError } from '../diff/sources.js';
import { DEVIATION_KINDS, KIND_MEANINGS } from './annotations.js';
import { UpstreamInputError } from './files.js';
import { renderJson, renderMarkdown, renderText } from './report.js';
import { compareWithUpstream, exitCodeOf } from './upstream.js';

const FORMATS = ['text', 'markdown', 'json'] as const;
type Format = (typeof FORMATS)[number];

export const USAGE = `usage: npm run spec:upstream -- <folder> [options]

  <folder>         HubSpot's OpenAPI files: a checkout of HubSpot's public spec collection (each operation's
                   x-upstream.file is a path in it), or a folder of copies named <name>.<version>.json

  --format F       text (default), markdown (for the drift issue) or json (report.schema.json)
  --spec PATH      the curated spec: a file, a folder holding openapi.yaml, or a git revision (default spec)
  --output FILE    write the report to FILE instead of standard output
  --explained      also list the differences the spec explains, with their reasons
  -h, --help       this text

exit codes: 0 nothing unexplained, 1 something is (a difference, an uncovered operation, a stale
deviation, a moved or missing upstream file), 2 bad input

kinds of difference (x-upstream-deviation kind):
${DEVIATION_KINDS.map((k) => `  ${k.padEnd(15)}${KIND_MEANINGS[k]}`).join('\n')}`;

interface Options {
  folder: string;
  format: Format;
  spec: string;
  output: string | undefined;
  explained: boolean;
}

function parse(argv: string[]): Options | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      format: { type: 'string', default: 'text' },
      spec: { type: 'string', default: 'spec' },
      output: { type: 'string', short: 'o' },
      explained: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: true,
  });
  if (values.help) return 'help';
  if (positionals.length !== 1)
    throw new UpstreamInputError(
      `expected one argument, the folder of HubSpot's OpenAPI files; got ${positionals.length}`,
    );
  const format = values.format as Format;
  if (!FORMATS.includes(format))
    throw new UpstreamInputError(`--format must be one of ${FORMATS.join(', ')}; got '${values.format}'`);
  return {
    folder: positionals[0] as string,
    format,
    spec: values.spec,
    output: values.output,
    explained: values.explained,
  };
}

/** Runs the command; returns the exit code. Output goes to `out`, problems to `err`. */
export async function main(
  argv: string[],
  out: (s: string) => void = (s) => process.stdout.write(s),
  err: (s: string) => void = (s) => process.stderr.write(s),
  cwd: string = process.cwd(),
): Promise<number> {
  try {
    const o = parse(argv);
    if (o === 'help') {
      out(`${USAGE}\n`);
      return 0;
    }
    const result = compareWithUpstream(o.folder, { spec: o.spec, cwd });
    const report =
      o.format === 'json'
        ? renderJson(result)
        : o.format === 'markdown'
          ? renderMarkdown(result, { explained: o.explained })
          : renderText(result, { explained: o.explained });
    if (o.output) fs.writeFileSync(path.resolve(cwd, o.output), report);
    else out(report);
    return exitCodeOf(result);
  } catch (e) {
    if (e instanceof UpstreamInputError || e instanceof DiffInputError) {
      err(`spec-upstream: ${e.message}\n`);
      return 2;
    }
    const code = (e as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      err(`spec-upstream: ${(e as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    err(`spec-upstream: internal error: ${(e as Error).message ?? String(e)}\n`);
    return 2;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
