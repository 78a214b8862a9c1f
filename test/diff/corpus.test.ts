/**
 * Spec diff against oasdiff's own test corpus (../shared/specdiff-corpus: 62 spec pairs with the findings
 * oasdiff asserts, cases.json). Every case runs; the agreement is printed at the end. Where we differ on
 * purpose the case says so below, with the reason. Skipped, with a message, when the corpus is absent
 * (a user's clone); the rest of the suite does not need it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diffSpecs, exitCodeOf } from '../../generator/diff/diff.js';
import { OASDIFF_LEVELS } from '../../generator/diff/oasdiff-rules.js';
import { LEVEL_OVERRIDES, PROJECT_RULES } from '../../generator/diff/rules.js';
import { LEVEL_RANK, type Level } from '../../generator/diff/types.js';
import { CORPUS_DIR, HAS_CORPUS } from './helpers.js';

interface CorpusCase {
  name: string;
  base: string;
  revision: string;
  oasdiff_scope: { checks: 'all' } | { checks: string[]; family_ids: string[] };
  min_level: Level;
  match: 'exact' | 'contains' | 'none';
  expected_count: number | null;
  expected: Array<{ id: string; level: Level }>;
  exit_codes?: Record<string, number>;
}

interface Corpus {
  cases: CorpusCase[];
  oasdiff_rules: Array<{ id: string; level: Level }>;
}

/** Cases where we report more than oasdiff on purpose: the extra findings (`id/LEVEL`) and why. */
const DELIBERATE: Record<string, { extra: string[]; reason: string }> = {
  'multi-paths-removed-status-removed-param-removed': {
    extra: ['api-operation-id-removed/ERR'],
    reason:
      'the revision drops the operationId `GetSecurityScores`: the generated function disappears, so ERR for us (oasdiff: INFO, outside the WARN view this case asserts)',
  },
  'multi-success-status-removed-params-removed': {
    extra: ['api-operation-id-removed/ERR'],
    reason:
      'the operationId changes from `GetSecurityScores` to `GetSecurityScore`: the generated function and the `invoke` id are renamed, so ERR for us (oasdiff: INFO)',
  },
  'path-param-renamed': {
    extra: ['request-path-parameter-renamed/ERR'],
    reason:
      'oasdiff erases path parameter names before matching paths and reports nothing; the client takes path parameters by name (`input.path.bookId` becomes `input.path.id`), so callers break',
  },
};

const corpus: Corpus = HAS_CORPUS
  ? (JSON.parse(fs.readFileSync(path.join(CORPUS_DIR, 'cases.json'), 'utf8')) as Corpus)
  : { cases: [], oasdiff_rules: [] };

const agreed: string[] = [];
const deliberate: string[] = [];

async function run(c: CorpusCase, failOn: Level = 'ERR') {
  return diffSpecs(path.join(CORPUS_DIR, c.base), path.join(CORPUS_DIR, c.revision), {
    failOn,
    cwd: CORPUS_DIR,
  });
}

describe.skipIf(!HAS_CORPUS)('spec diff against the oasdiff corpus (../shared/specdiff-corpus)', () => {
  afterAll(() => {
    const total = corpus.cases.length;
    console.info(
      `oasdiff corpus: ${agreed.length} of ${total} cases agree with oasdiff exactly; ${deliberate.length} differ on purpose (${deliberate.join(', ')})`,
    );
  });

  it('has the 62 cases', () => {
    expect(corpus.cases).toHaveLength(62);
  });

  for (const c of corpus.cases) {
    it(`${c.name} (${c.match}, ${c.min_level} and above)`, async () => {
      const r = await run(c);
      let found = r.findings.filter((f) => LEVEL_RANK[f.level] >= LEVEL_RANK[c.min_level]);
      if (c.oasdiff_scope.checks !== 'all') {
        const family = new Set(c.oasdiff_scope.family_ids);
        found = found.filter((f) => family.has(f.id));
      }
      const got = found.map((f) => `${f.id}/${f.level}`).sort();
      const expected = c.expected.map((e) => `${e.id}/${e.level}`).sort();
      const diff = DELIBERATE[c.name];
      if (diff) {
        // The deliberate extra findings are there, and apart from them we agree with oasdiff.
        for (const x of diff.extra) expect(got, diff.reason).toContain(x);
        const rest = [...got];
        for (const x of diff.extra) rest.splice(rest.indexOf(x), 1);
        if (c.match === 'none') expect(rest).toEqual([]);
        else expect(rest).toEqual(expected);
        deliberate.push(c.name);
        return;
      }
      if (c.match === 'none') expect(got).toEqual([]);
      else if (c.match === 'exact') expect(got).toEqual(expected);
      else {
        for (const e of expected) expect(got).toContain(e);
        if (c.expected_count !== null) expect(got).toHaveLength(c.expected_count);
      }
      agreed.push(c.name);
    });
  }

  it('gives the exit codes oasdiff asserts', async () => {
    const byName = new Map(corpus.cases.map((c) => [c.name, c]));
    const identical = byName.get('identical-specs') as CorpusCase;
    expect(exitCodeOf(await run(identical, 'ERR'))).toBe(0);
    expect(exitCodeOf(await run(identical, 'WARN'))).toBe(0);
    const breaking = byName.get('multi-success-status-removed-params-removed') as CorpusCase;
    expect(exitCodeOf(await run(breaking, 'ERR'))).toBe(1);
    expect(exitCodeOf(await run(breaking, 'WARN'))).toBe(1);
    const optional = byName.get('optional-query-param-added-exit-codes') as CorpusCase;
    expect(optional.exit_codes).toEqual({ 'changelog --fail-on INFO': 1, 'changelog --fail-on WARN': 0 });
    expect(exitCodeOf(await run(optional, 'INFO'))).toBe(1);
    expect(exitCodeOf(await run(optional, 'WARN'))).toBe(0);
  });

  it("uses oasdiff's full rule table, changing levels only where stated", () => {
    expect(OASDIFF_LEVELS.size).toBe(corpus.oasdiff_rules.length);
    for (const r of corpus.oasdiff_rules) expect(OASDIFF_LEVELS.get(r.id), r.id).toBe(r.level);
    for (const id of Object.keys(LEVEL_OVERRIDES)) expect(OASDIFF_LEVELS.has(id), id).toBe(true);
    for (const id of Object.keys(PROJECT_RULES))
      expect(OASDIFF_LEVELS.has(id), `${id} is ours, not oasdiff's`).toBe(false);
  });
});

if (!HAS_CORPUS)
  describe('spec diff against the oasdiff corpus', () => {
    it.skip(`skipped: ${CORPUS_DIR} is absent (it is provided beside the project in CI)`, () => {});
  });
