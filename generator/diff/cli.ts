/**
 * `npm run spec:diff -- <base> <head> [--format text|markdown|json] [--fail-on ERR|WARN|INFO]
 *  [--ignore .spec-diff-ignore.yaml] [--output FILE] [--spec spec/openapi.yaml] [--no-surface]`
 *
 * Compares two versions of the spec (each a file, a folder or a git revision) and reports what changes for
 * users of the generated client. Exit codes: 0 nothing at or above the fail level, 1 something is, 2 bad
 * input (unreadable or invalid spec, unknown revision, bad options). Never prints a stack trace.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { diffSpecs, exitCodeOf } from './diff.js';
import { DEFAULT_IGNORE_FILE, readIgnoreFile } from './ignore.js';
import { renderJson } from './report-json.js';
import { renderMarkdown } from './report-markdown.js';
import { renderText } from './report-text.js';
import { DEFAULT_SPEC_PATH, DiffInputError } from './sources.js';
import { LEVELS, type Level } from './types.js';

const FORMATS = ['text', 'markdown', 'json'] as const;
type Format = (typeof FORMATS)[number];

export const USAGE = `usage: npm run spec:diff -- <base> <head> [options]

  <base>, <head>   a spec file, a folder holding openapi.yaml, or a git revision of this repository:
                   origin/main, HEAD~1, v1.2.0 (their ${DEFAULT_SPEC_PATH}), or a revision and a file,
                   e.g. HEAD:${DEFAULT_SPEC_PATH} or HEAD~1:${DEFAULT_SPEC_PATH}; a revision is read
                   with \`git show\`, the work tree is not touched

  --format F       text (default), markdown (for a pull request comment) or json
  --fail-on L      ERR (default), WARN or INFO: exit 1 when a finding at or above L is not accepted
  --ignore FILE    accepted breaking changes (default ${DEFAULT_IGNORE_FILE}, used when it exists)
  --output FILE    write the report to FILE instead of standard output
  --spec PATH      the root spec inside a revision (default ${DEFAULT_SPEC_PATH})
  --no-surface     skip the comparison of the generated client's TypeScript API
  -h, --help       this text

exit codes: 0 nothing at or above the fail level, 1 something is, 2 bad input`;

interface Options {
  base: string;
  head: string;
  format: Format;
  failOn: Level;
  ignore: string;
  ignoreGiven: boolean;
  output: string | undefined;
  spec: string;
  surface: boolean;
}

function parse(argv: string[]): Options | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      format: { type: 'string', default: 'text' },
      'fail-on': { type: 'string', default: 'ERR' },
      ignore: { type: 'string' },
      output: { type: 'string', short: 'o' },
      spec: { type: 'string', default: DEFAULT_SPEC_PATH },
      'no-surface': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: true,
  });
  if (values.help) return 'help';
  if (positionals.length !== 2)
    throw new DiffInputError(`expected two arguments, <base> and <head>; got ${positionals.length}`);
  const format = values.format as Format;
  if (!FORMATS.includes(format))
    throw new DiffInputError(`--format must be one of ${FORMATS.join(', ')}; got '${values.format}'`);
  const failOn = String(values['fail-on']).toUpperCase() as Level;
  if (!LEVELS.includes(failOn))
    throw new DiffInputError(`--fail-on must be one of ${LEVELS.join(', ')}; got '${values['fail-on']}'`);
  return {
    base: positionals[0] as string,
    head: positionals[1] as string,
    format,
    failOn,
    ignore: values.ignore ?? DEFAULT_IGNORE_FILE,
    ignoreGiven: values.ignore !== undefined,
    output: values.output,
    spec: values.spec,
    surface: !values['no-surface'],
  };
}

/** Runs the command; returns the exit code. Output goes to `out`, problems to `err`. */
export async function main(
  argv: string[],
  out: (s: string) => void = (s) => process.stdout.write(s),
  err: (s: string) => void = (s) => process.stderr.write(s),
): Promise<number> {
  try {
    const o = parse(argv);
    if (o === 'help') {
      out(`${USAGE}\n`);
      return 0;
    }
    const ignore = readIgnoreFile(path.resolve(o.ignore), o.ignoreGiven);
    const result = await diffSpecs(o.base, o.head, {
      failOn: o.failOn,
      ignore,
      surface: o.surface,
      specPath: o.spec,
    });
    const render = o.format === 'json' ? renderJson : o.format === 'markdown' ? renderMarkdown : renderText;
    const report = render(result);
    if (o.output) fs.writeFileSync(o.output, report);
    else out(report);
    return exitCodeOf(result);
  } catch (e) {
    if (e instanceof DiffInputError) {
      err(`spec-diff: ${e.message}\n`);
      return 2;
    }
    const code = (e as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      err(`spec-diff: ${(e as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    err(`spec-diff: internal error: ${(e as Error).message ?? String(e)}\n`);
    return 2;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
