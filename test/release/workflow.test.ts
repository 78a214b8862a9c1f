/**
 * The release workflow (.github/workflows/release.yml): it runs on pushed `v*` tags only, checks the tag
 * against package.json, runs the whole CI before publishing, publishes with provenance and the token from
 * the repository's secrets (never a literal), and takes the GitHub release notes from CHANGELOG.md through
 * `npm run release -- --notes`, whose section format the release code writes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { extractSection, insertSection } from '../../generator/release/changelog.js';
import { ROOT } from './support.js';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}

const workflow = parse(fs.readFileSync(path.join(ROOT, '.github', 'workflows', 'release.yml'), 'utf8')) as {
  on: { push: { tags: string[]; branches?: unknown } };
  permissions: Record<string, string>;
  jobs: Record<string, { steps: Step[] }>;
};
const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
const index = (pred: (s: Step) => boolean) => steps.findIndex(pred);

describe('the release workflow', () => {
  it('runs on pushed version tags only', () => {
    expect(workflow.on.push.tags).toEqual(['v*']);
    expect(workflow.on.push.branches).toBeUndefined();
    expect(Object.keys(workflow.on)).toEqual(['push']);
  });

  it('checks the tag against package.json, runs CI, then publishes with provenance and the secret token', () => {
    const check = index((s) => /package\.json/.test(s.run ?? '') && /GITHUB_REF_NAME/.test(s.run ?? ''));
    const ci = index((s) => s.run?.trim() === 'bash .ci/run');
    const publish = index((s) => /npm publish --provenance --access public/.test(s.run ?? ''));
    expect(check).toBeGreaterThanOrEqual(0);
    expect(ci).toBeGreaterThan(check);
    expect(publish).toBeGreaterThan(ci);
    expect(steps[publish]?.env?.NODE_AUTH_TOKEN).toMatch(/^\$\{\{ secrets\.[A-Z_]+ \}\}$/);
    expect(workflow.permissions['id-token']).toBe('write');
    const setup = steps.find((s) => s.uses?.startsWith('actions/setup-node'));
    expect(setup?.with?.['registry-url']).toBe('https://registry.npmjs.org');
  });

  it('writes the GitHub release with the changelog section as its notes', () => {
    const notes = index((s) =>
      /npm run --silent release -- --notes "\$GITHUB_REF_NAME" > release-notes\.md/.test(s.run ?? ''),
    );
    const gh = index((s) =>
      /gh release create "\$GITHUB_REF_NAME" .*--notes-file release-notes\.md/.test(s.run ?? ''),
    );
    expect(notes).toBeGreaterThanOrEqual(0);
    expect(gh).toBeGreaterThan(notes);
    expect(workflow.permissions.contents).toBe('write');
  });

  it('finds a section in the committed CHANGELOG.md once a release adds one', () => {
    const committed = fs.readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8');
    expect(committed).toMatch(/^# Changelog\n/);
    const next = insertSection(committed, '## [9.9.9] - 2026-01-01\n\n### Fixed\n\n- a fix\n', '9.9.9');
    expect(extractSection(next, 'v9.9.9')).toBe('### Fixed\n\n- a fix\n');
  });
});
