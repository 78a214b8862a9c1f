/**
 * Runs the TypeScript compiler (one program, the project's compiler options) over
 * - test/fixtures/types/bad-calls.ts: every line marked `// error: TSxxxx <text>` must get exactly that
 *   diagnostic (code, and a message containing <text>), and no other line may get any, so the test fails
 *   when the generated types become too loose;
 * - test/fixtures/types/good-calls.ts: must compile without diagnostics;
 * - test/types/client.types.test.ts: must compile without diagnostics, so its `@ts-expect-error` lines are
 *   all used and its `expectTypeOf` assertions hold, even when `tsc` is not run.
 */
import path from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../generator/pipeline.js';

const BAD = path.join(PROJECT_ROOT, 'test', 'fixtures', 'types', 'bad-calls.ts');
const GOOD = path.join(PROJECT_ROOT, 'test', 'fixtures', 'types', 'good-calls.ts');
const TYPES_TEST = path.join(PROJECT_ROOT, 'test', 'types', 'client.types.test.ts');

interface Found {
  line: number;
  code: number;
  message: string;
}

let config: ts.ParsedCommandLine;
let program: ts.Program;

function diagnosticsOf(file: string): Found[] {
  const sf = program.getSourceFile(file);
  if (!sf) throw new Error(`not in the program: ${file}`);
  return ts.getPreEmitDiagnostics(program, sf).map((d) => ({
    line: d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0,
    code: d.code,
    message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
  }));
}

beforeAll(() => {
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(PROJECT_ROOT, 'tsconfig.json'), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!parsed) throw new Error('tsconfig.json could not be read');
  config = parsed;
  program = ts.createProgram({ rootNames: [BAD, GOOD, TYPES_TEST], options: config.options });
}, 60_000);

describe('type checking set-up', () => {
  it('tsconfig.json type-checks the type tests and leaves the fixtures out', () => {
    const files = new Set(config.fileNames.map((f) => path.resolve(f)));
    expect(files.has(TYPES_TEST)).toBe(true);
    expect(files.has(BAD)).toBe(false);
    expect(files.has(GOOD)).toBe(false);
    expect(config.options.strict).toBe(true);
  });
});

describe('bad calls (test/fixtures/types/bad-calls.ts)', () => {
  const expected = (): Array<{ line: number; code: number; text: string }> =>
    ts.sys
      .readFile(BAD)
      ?.split('\n')
      .flatMap((l, i) => {
        const m = /\/\/ error: TS(\d+)(?: (.*))?$/.exec(l);
        return m ? [{ line: i + 1, code: Number(m[1]), text: (m[2] ?? '').trim() }] : [];
      }) ?? [];

  it('marks at least 20 bad calls', () => {
    expect(expected().length).toBeGreaterThanOrEqual(20);
  });

  it('each marked line gets its diagnostic', () => {
    const found = diagnosticsOf(BAD);
    const missing = expected().filter(
      (e) => !found.some((f) => f.line === e.line && f.code === e.code && f.message.includes(e.text)),
    );
    expect(
      missing.map((e) => `line ${e.line}: TS${e.code} ${e.text}`),
      `found:\n${found.map((f) => `line ${f.line}: TS${f.code} ${f.message}`).join('\n')}`,
    ).toEqual([]);
  });

  it('no unmarked line gets a diagnostic (the fixture is otherwise valid)', () => {
    const marked = new Set(expected().map((e) => e.line));
    const stray = diagnosticsOf(BAD).filter((f) => !marked.has(f.line));
    expect(stray.map((f) => `line ${f.line}: TS${f.code} ${f.message}`)).toEqual([]);
  });
});

describe('good calls', () => {
  it('test/fixtures/types/good-calls.ts compiles', () => {
    expect(diagnosticsOf(GOOD).map((f) => `line ${f.line}: TS${f.code} ${f.message}`)).toEqual([]);
  });

  it('test/types/client.types.test.ts compiles (every @ts-expect-error is used, every expectTypeOf holds)', () => {
    expect(diagnosticsOf(TYPES_TEST).map((f) => `line ${f.line}: TS${f.code} ${f.message}`)).toEqual([]);
  });
});
