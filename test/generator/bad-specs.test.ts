/**
 * Broken specs: every fixture in test/fixtures/bad-specs/ is applied to a temp copy of spec/ and compiled
 * in-process; a few of them, plus `--check` and a bad flag, also go through the real CLI in a child process.
 *
 * The CLI processes are queued in the file's first hook and run in the background (one at a time on a
 * 2-core machine) while the in-process cases compile; each CLI suite awaits its own run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { checkSpec } from '../../generator/check.js';
import { type Diagnostic, formatDiagnostic, SpecError } from '../../generator/diagnostics.js';
import { loadSpec } from '../../generator/load.js';
import { compile, PROJECT_ROOT as GENERATOR_ROOT } from '../../generator/pipeline.js';
import {
  applyEdit,
  type BadSpecFixture,
  type Check,
  GENERATED_DIR,
  loadFixtures,
  type PreparedSpec,
  prepareSpec,
  roundTrip,
  SPEC_DIR,
} from './bad-spec-fixtures.js';
import {
  type CliResult,
  escapeRegExp,
  fingerprint,
  makeTempDir,
  PROJECT_ROOT,
  runCli,
  STACK_TRACE,
  taskQueue,
} from './helpers.js';

const fixtures = loadFixtures();
const cliFixtures = fixtures.filter((f) => f.cli);

/** Options for a test of `check`: `it.fails` while a known bug breaks it, with the bug in the title. */
function checkOf(fixture: BadSpecFixture, check: Check, title: string): [string, { fails: boolean }] {
  const bug = fixture.knownBug?.fails.includes(check) ? fixture.knownBug : undefined;
  return [
    bug ? `${title} [known bug, expected to fail: ${bug.reason}]` : title,
    { fails: bug !== undefined },
  ];
}

/** The diagnostic a fixture expects, or undefined. */
function findExpected(
  fixture: BadSpecFixture,
  dir: string,
  diagnostics: Diagnostic[],
): Diagnostic | undefined {
  const { rule, file, pointer } = fixture.expect;
  return diagnostics.find((d) => d.rule === rule && d.file === path.join(dir, file) && d.pointer === pointer);
}

/** Checks the line of `d` against the fixture: `line` exactly, `lineText` on that line of the edited file. */
function expectLine(fixture: BadSpecFixture, line: number | undefined, dir: string): void {
  expect(line, 'the diagnostic has a line').toBeTypeOf('number');
  if (fixture.expect.line !== undefined) expect(line).toBe(fixture.expect.line);
  if (fixture.expect.lineText !== undefined) {
    const text = fs.readFileSync(path.join(dir, fixture.expect.file), 'utf8').split('\n');
    expect(text[(line ?? 0) - 1]).toContain(fixture.expect.lineText);
  }
}

// ---------------------------------------------------------------------------------------------------
// CLI runs, started early so that they overlap with the in-process cases.

interface CliCase {
  prepared: PreparedSpec;
  before: Map<string, string>;
  result: Promise<CliResult>;
}
const cliCases = new Map<string, CliCase>();
let committedBefore: Map<string, string>;
let checkCommitted: Promise<CliResult>;
let stale: { dir: string; before: Map<string, string>; result: Promise<CliResult> };
let badFlag: Promise<CliResult>;

beforeAll(() => {
  // One CLI process at a time beside this worker on a 2-core machine; more where there are more cores.
  const enqueue = taskQueue(Math.max(1, os.availableParallelism() - 1));
  const cli = (args: string[]) => enqueue(() => runCli(args));
  for (const f of cliFixtures) {
    const prepared = prepareSpec(f.edits, { withGenerated: true });
    const before = fingerprint(prepared.dir);
    cliCases.set(f.name, {
      prepared,
      before,
      result: cli(['--spec', prepared.specFile, '--out', prepared.outDir]),
    });
  }
  committedBefore = fingerprint(GENERATED_DIR);
  checkCommitted = cli(['--check']);

  const dir = makeTempDir('stale-generated-');
  const out = path.join(dir, 'generated');
  fs.cpSync(GENERATED_DIR, out, { recursive: true });
  fs.appendFileSync(path.join(out, 'docs', 'README.md'), '\nEdited by hand.\n');
  fs.writeFileSync(path.join(out, 'client', 'notes.ts'), 'export const notes = 1;\n');
  stale = { dir, before: fingerprint(dir), result: cli(['--check', '--out', out]) };

  badFlag = cli(['--chekc']);
});

afterAll(async () => {
  // Let every child finish before its folder goes.
  await Promise.allSettled([
    ...[...cliCases.values()].map((c) => c.result),
    checkCommitted,
    stale.result,
    badFlag,
  ]);
  for (const c of cliCases.values()) c.prepared.cleanup();
  fs.rmSync(stale.dir, { recursive: true, force: true });
}, 180_000);

// ---------------------------------------------------------------------------------------------------

describe('bad-spec fixtures', () => {
  it('cover at least 14 cases, each rule the generator must report', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(14);
    const rules = new Set(fixtures.map((f) => f.expect.rule));
    for (const rule of [
      'yaml-syntax',
      'empty-file',
      'unresolved-ref',
      'ref-cycle',
      'component-name-clash',
      'duplicate-operation-id',
      'path-params',
      'connector-actions',
      'invalid-example',
      'area-tag',
      'missing-summary',
      'schema-type',
      'connector-group',
    ])
      expect(rules).toContain(rule);
    expect(fixtures.filter((f) => f.expect.rule === 'connector-actions').map((f) => f.name)).toEqual([
      'extra-action',
      'missing-action',
    ]);
  });

  it('name files that exist in spec/', () => {
    expect(PROJECT_ROOT).toBe(GENERATOR_ROOT);
    for (const f of fixtures) expect(fs.existsSync(path.join(SPEC_DIR, f.expect.file)), f.name).toBe(true);
  });

  it('edit through the yaml Document API without changing the data of the rest of the file', () => {
    const editedFiles = new Set(
      fixtures.flatMap((f) => f.edits.flatMap((e) => ('set' in e || 'delete' in e ? [e.file] : []))),
    );
    expect(editedFiles.size).toBeGreaterThan(0);
    for (const file of editedFiles) {
      const text = fs.readFileSync(path.join(SPEC_DIR, file), 'utf8');
      const before: unknown = parseDocument(text).toJS();
      expect(isDeepStrictEqual(parseDocument(roundTrip(text)).toJS(), before), file).toBe(true);
    }
    const text = fs.readFileSync(path.join(SPEC_DIR, 'common.yaml'), 'utf8');
    const at = ['components', 'schemas', 'NextPage', 'properties', 'after', 'description'];
    const pointer = `/${at.join('/')}`;
    const original = parseDocument(text).getIn(at);
    const edited = applyEdit(text, { file: 'common.yaml', set: pointer, value: 'x' });
    expect(parseDocument(edited).getIn(at)).toBe('x');
    const restored = applyEdit(edited, { file: 'common.yaml', set: pointer, value: original });
    expect(isDeepStrictEqual(parseDocument(restored).toJS(), parseDocument(text).toJS())).toBe(true);
  });

  it('refuse an edit whose target does not exist, so that a fixture cannot rot silently', () => {
    const text = fs.readFileSync(path.join(SPEC_DIR, 'common.yaml'), 'utf8');
    expect(() =>
      applyEdit(text, { file: 'common.yaml', delete: '/components/schemas/NoSuchSchema' }),
    ).toThrow(/does not exist/);
    expect(() =>
      applyEdit(text, { file: 'common.yaml', set: '/components/nope/Foo/type', value: 'x' }),
    ).toThrow(/does not exist/);
    expect(() => applyEdit(text, { file: 'common.yaml', replace: 'no such text', with: '' })).toThrow(
      /0 times/,
    );
  });

  it('start from a copy of spec/ that loads and passes every check', async () => {
    const p = prepareSpec([]);
    try {
      await expect(checkSpec(loadSpec(p.specFile))).resolves.toBeUndefined();
    } finally {
      p.cleanup();
    }
  }, 60_000);
});

describe.each(fixtures)('bad spec $name', (fixture) => {
  let prepared: PreparedSpec;
  let error: unknown;
  let diagnostics: Diagnostic[] = [];

  beforeAll(async () => {
    prepared = prepareSpec(fixture.edits);
    try {
      await compile({ spec: prepared.specFile });
      error = undefined;
    } catch (e) {
      error = e;
      if (e instanceof SpecError) diagnostics = e.diagnostics;
    }
  }, 60_000);
  afterAll(() => prepared.cleanup());

  it(...checkOf(fixture, 'spec-error', 'compiling fails with a SpecError of one-line diagnostics'), () => {
    expect(error).toBeInstanceOf(SpecError);
    expect(diagnostics.length).toBeGreaterThan(0);
    if (fixture.expect.only) expect(diagnostics).toHaveLength(1);
    for (const d of diagnostics) {
      expect(d.message.trim(), d.rule).not.toBe('');
      expect(d.message, d.rule).not.toMatch(/[\r\n]/);
      expect(formatDiagnostic(d, prepared.dir), d.rule).not.toMatch(/[\r\n]/);
      expect(path.isAbsolute(d.file), d.file).toBe(true);
      if (d.line !== undefined) {
        const lines = fs.readFileSync(d.file, 'utf8').split('\n').length;
        expect(d.line, `${d.rule} ${d.file}`).toBeGreaterThanOrEqual(1);
        expect(d.line, `${d.rule} ${d.file}`).toBeLessThanOrEqual(lines);
      }
    }
  });

  it(
    ...checkOf(
      fixture,
      'diagnostic',
      `reports [${fixture.expect.rule}] at ${fixture.expect.file}#${fixture.expect.pointer}`,
    ),
    () => {
      expect(diagnostics).toContainEqual(
        expect.objectContaining({
          rule: fixture.expect.rule,
          file: path.join(prepared.dir, fixture.expect.file),
          pointer: fixture.expect.pointer,
          message: expect.stringMatching(fixture.expect.message),
        }),
      );
    },
  );

  it.runIf(fixture.expect.line !== undefined || fixture.expect.lineText !== undefined)(
    ...checkOf(fixture, 'line', 'reports the line, and formats as file:line #pointer: message [rule]'),
    () => {
      const d = findExpected(fixture, prepared.dir, diagnostics);
      expect(d, 'the expected diagnostic').toBeDefined();
      expectLine(fixture, d?.line, prepared.dir);
      expect(formatDiagnostic(d as Diagnostic, prepared.dir)).toBe(
        `${fixture.expect.file}:${d?.line} #${fixture.expect.pointer}: ${d?.message} [${fixture.expect.rule}]`,
      );
    },
  );
});

describe.each(cliFixtures)('CLI on bad spec $name', (fixture) => {
  let c: CliCase;
  let r: CliResult;
  beforeAll(async () => {
    c = cliCases.get(fixture.name) as CliCase;
    r = await c.result;
  }, 120_000);

  const rel = (file: string) => path.relative(PROJECT_ROOT, c.prepared.fileOf(file));

  it('exits 1 and says the output folder was not changed', () => {
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/^✖ \d+ problems? in the spec; .*generated\/ was not changed:$/m);
    expect(r.stdout).toBe('');
  });

  it('names the file, the JSON pointer and the rule on stderr', () => {
    const { file, pointer, rule } = fixture.expect;
    expect(r.stderr).toMatch(
      new RegExp(
        `^  ${escapeRegExp(rel(file))}(:\\d+)? #${escapeRegExp(pointer)}: .+ \\[${escapeRegExp(rule)}\\]$`,
        'm',
      ),
    );
  });

  it(...checkOf(fixture, 'line', 'names the line on stderr'), () => {
    const { file, pointer } = fixture.expect;
    const m = new RegExp(`^  ${escapeRegExp(rel(file))}:(\\d+) #${escapeRegExp(pointer)}: `, 'm').exec(
      r.stderr,
    );
    expect(m, r.stderr).not.toBeNull();
    expectLine(fixture, Number(m?.[1]), c.prepared.dir);
  });

  it('prints no stack trace', () => {
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });

  it('leaves the output folder (and the rest of the temp folder) byte-identical', () => {
    expect(fingerprint(c.prepared.dir)).toEqual(c.before);
  });
});

describe('CLI --check', () => {
  it('exits 0 on the committed spec and generated/, and writes nothing', async () => {
    const r = await checkCommitted;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^✔ generated\/ is up to date \(\d+ files, 73 actions, \d+ ms\)$/m);
    expect(r.stderr).toBe('');
    expect(fingerprint(GENERATED_DIR)).toEqual(committedBefore);
  }, 120_000);

  it('exits 1 and names the changed and the extra file when generated/ is stale, changing nothing', async () => {
    const r = await stale.result;
    const out = path.relative(PROJECT_ROOT, path.join(stale.dir, 'generated'));
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(`✖ ${out}/ is stale`);
    const listed = r.stderr.split('\n').filter((l) => /^ {2}(changed|missing|extra):/.test(l));
    expect(listed).toEqual([`  changed: ${out}/docs/README.md`, `  extra:   ${out}/client/notes.ts`]);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(fingerprint(stale.dir)).toEqual(stale.before);
  }, 120_000);
});

describe('CLI usage', () => {
  it('exits 2 on an unknown flag, with the usage and no stack trace', async () => {
    const r = await badFlag;
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^error: Unknown option '--chekc'/);
    expect(r.stderr).toContain('usage: npm run generate');
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stdout).toBe('');
  }, 120_000);
});

describe('an unreadable spec file', () => {
  it('says why it cannot be read (ENOENT, EISDIR)', async () => {
    const missing = path.join(os.tmpdir(), `no-such-spec-${process.pid}.yaml`);
    const messages = async (spec: string) => {
      try {
        await compile({ spec });
      } catch (e) {
        if (e instanceof SpecError) return e.diagnostics.map((d) => `${d.rule}: ${d.message}`);
        throw e;
      }
      throw new Error('compiled');
    };
    expect(await messages(missing)).toEqual([
      'unreadable-file: the spec file cannot be read: ENOENT: no such file or directory',
    ]);
    expect((await messages(os.tmpdir()))[0]).toMatch(
      /^unreadable-file: the spec file cannot be read: EISDIR/,
    );
  });
});
