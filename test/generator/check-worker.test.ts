/**
 * The example check of a pipeline run happens in whichever thread is free first (generator/check-worker.cjs):
 * the lint's worker once the lint is done, or the main thread when it asks for the verdict before that. Both
 * paths must give exactly what the in-thread check gives, in the same order.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkRules, startLint } from '../../generator/check.js';
import { loadSpec } from '../../generator/load.js';
import { loadFixtures, prepareSpec } from './bad-spec-fixtures.js';

const edits = loadFixtures()
  .filter((f) => f.expect.rule === 'invalid-example')
  .flatMap((f) => f.edits);

describe('the example check in the lint thread or the main thread', () => {
  const prepared = prepareSpec(edits);
  afterAll(() => prepared.cleanup());
  const spec = loadSpec(prepared.specFile);
  const expected = checkRules(spec);

  it('finds the broken examples in this thread (the reference)', () => {
    expect(edits.length).toBeGreaterThan(1);
    expect(expected.filter((d) => d.rule === 'invalid-example').length).toBeGreaterThan(1);
  });

  it('gives the same diagnostics when the main thread takes the examples back before the lint is done', async () => {
    const linting = startLint(path.resolve(prepared.specFile));
    try {
      linting.collect(spec);
      // Asked at once: the lint (hundreds of milliseconds) cannot be done, so this thread checks them.
      expect(await linting.rules(spec)).toEqual(expected);
      await linting.result(spec);
    } finally {
      linting.stop();
    }
  });

  it('gives the same diagnostics when the lint thread checks them after the lint', async () => {
    const linting = startLint(path.resolve(prepared.specFile));
    try {
      linting.collect(spec);
      await linting.result(spec);
      // The worker claims the examples as soon as it has posted the lint's result; give it the moment it needs.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await linting.rules(spec)).toEqual(expected);
    } finally {
      linting.stop();
    }
  });
});
