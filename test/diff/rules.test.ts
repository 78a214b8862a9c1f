/**
 * Spec diff on our own spec: every pair of pairs.ts (the real spec and a variant with a few YAML edits)
 * gives exactly the findings and exit code it states. Runs without the oasdiff corpus.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Side } from '../../generator/diff/context.js';
import { diffSides, exitCodeOf } from '../../generator/diff/diff.js';
import { loadSide } from '../../generator/diff/sources.js';
import { cleanTemp, findingList, SPEC_DIR, specVariant } from './helpers.js';
import { ACTION_PAIRS, type PairCase } from './pairs.js';
import { BODY_PAIRS, RESPONSE_PAIRS } from './pairs-bodies.js';

let base: Side;
beforeAll(() => {
  base = loadSide(SPEC_DIR);
});
afterAll(cleanTemp);

async function run(c: PairCase) {
  const b = c.base ? loadSide(specVariant(c.base)) : base;
  const h = loadSide(specVariant(c.head));
  return diffSides(b, h, { surface: false, failOn: c.failOn ?? 'ERR' });
}

for (const [group, pairs] of [
  ['actions, parameters, security and metadata', ACTION_PAIRS],
  ['request bodies', BODY_PAIRS],
  ['responses', RESPONSE_PAIRS],
] as const) {
  describe(`spec diff on our spec: ${group}`, () => {
    for (const c of pairs) {
      it(c.name, async () => {
        const r = await run(c);
        expect(findingList(r)).toEqual([...c.expected].sort());
        expect(exitCodeOf(r)).toBe(c.exit);
      });
    }
  });
}
