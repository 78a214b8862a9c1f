/**
 * The release rules without a registry: the bump from findings, surface changes and commits (judgeDiff,
 * commitSection, nextVersion), the changelog file (insertSection, extractSection), and the command in a
 * scratch clone of this repository — first release at a chosen version, refusals (dirty tree, stale
 * generated/, a version below the rules, nothing to release), --dry-run writing nothing, --allow-smaller-bump
 * written into the changelog, a removed action taking the major version after 1.0, a break accepted in
 * .spec-diff-ignore.yaml taking the minor one, and --notes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiffResult, Finding, SurfaceChange } from '../../generator/diff/types.js';
import { extractSection, insertSection } from '../../generator/release/changelog.js';
import { main } from '../../generator/release/cli.js';
import type { Commit } from '../../generator/release/git.js';
import { commitSection, judgeDiff, nextVersion } from '../../generator/release/plan.js';
import { addOptionalQueryParameter, removeAction } from './spec-edits.js';
import { commitAll, generate, isolatedEnv, ok, readJson, run, scratchClone } from './support.js';

function finding(over: Partial<Finding>): Finding {
  return {
    id: 'api-path-removed-without-deprecation',
    level: 'ERR',
    operationId: 'getThing',
    method: 'GET',
    path: '/things/{id}',
    message: 'action `getThing` (`GET /things/{id}`) removed',
    base: null,
    head: null,
    ...over,
  };
}

function surface(over: Partial<SurfaceChange>): SurfaceChange {
  return {
    change: 'removed',
    kind: 'function',
    name: 'getThing',
    base: 'x',
    head: null,
    bump: 'major',
    message: 'function `getThing` removed: code that uses it no longer compiles',
    ...over,
  };
}

function result(findings: Finding[], changes: SurfaceChange[] = [], identical = false): DiffResult {
  return {
    base: { label: 'v1.0.0', title: '', version: '', operations: 2 },
    head: { label: 'HEAD', title: '', version: '', operations: 1 },
    findings,
    surface: changes,
    surfaceSkipped: null,
    unusedIgnores: [],
    summary: {
      ERR: findings.filter((f) => f.level === 'ERR').length,
      WARN: findings.filter((f) => f.level === 'WARN').length,
      INFO: findings.filter((f) => f.level === 'INFO').length,
      accepted: findings.filter((f) => f.accepted).length,
      failOn: 'ERR',
      failed: false,
      actions: { added: 0, removed: 0, changed: 0 },
    },
    semver: 'none',
    semverReasons: [],
    identical,
  };
}

describe('the bump', () => {
  it('is major for an ERR finding, with the finding in Breaking', () => {
    const j = judgeDiff(result([finding({})], [surface({})]));
    expect(j.bump).toBe('major');
    expect(j.entries.breaking).toEqual(['action `getThing` (`GET /things/{id}`) removed']);
    expect(j.reasons.join(' ')).toContain('1 breaking spec change (ERR)');
  });

  it('is minor for an ERR finding accepted in the ignore file; its surface breaks are accepted with it', () => {
    const j = judgeDiff(
      result(
        [finding({ accepted: 'HubSpot retired it' })],
        [
          surface({}),
          surface({
            name: 'GetThingInput',
            kind: 'interface',
            message: 'input interface `GetThingInput` removed',
          }),
          surface({ name: 'components.schemas.Thing', kind: 'type', message: 'output type `Thing` removed' }),
        ],
      ),
    );
    expect(j.bump).toBe('minor');
    expect(j.entries.breaking).toEqual([]);
    expect(j.entries.changed[0]).toBe(
      'action `getThing` (`GET /things/{id}`) removed (breaking, accepted: HubSpot retired it)',
    );
    expect(j.entries.changed).toContain('TypeScript API: output type `Thing` removed (accepted)');
  });

  it('is major for a breaking surface change no finding explains (a renamed type)', () => {
    const j = judgeDiff(
      result(
        [],
        [
          surface({
            change: 'changed',
            kind: 'type',
            name: 'components.schemas.Old',
            message: 'type `components.schemas.Old` renamed `components.schemas.New` (same shape)',
          }),
        ],
      ),
    );
    expect(j.bump).toBe('major');
    expect(j.entries.breaking).toEqual([
      'TypeScript API: type `components.schemas.Old` renamed `components.schemas.New` (same shape)',
    ]);
  });

  it('keeps an unaccepted break major even when another break is accepted', () => {
    const j = judgeDiff(
      result(
        [
          finding({ accepted: 'ok' }),
          finding({ operationId: 'listThings', message: 'action `listThings` removed' }),
        ],
        [surface({}), surface({ name: 'listThings', message: 'function `listThings` removed' })],
      ),
    );
    expect(j.bump).toBe('major');
    expect(j.entries.breaking).toEqual(['action `listThings` removed']);
  });

  it('is minor for additions (actions, optional parameters, exports) and lists them in Added', () => {
    const j = judgeDiff(
      result(
        [
          finding({
            id: 'new-optional-request-parameter',
            level: 'INFO',
            message: 'query parameter `locale` added, optional',
          }),
        ],
        [
          surface({
            change: 'added',
            kind: 'property',
            name: 'GetThingInput.query.locale',
            bump: 'minor',
            message: 'input property `GetThingInput.query.locale` added',
          }),
        ],
      ),
    );
    expect(j.bump).toBe('minor');
    expect(j.entries.added).toEqual([
      '`getThing` (`GET /things/{id}`): query parameter `locale` added, optional',
    ]);
  });

  it('is minor for a possibly breaking (WARN) finding, patch for other changes, patch for prose only', () => {
    expect(judgeDiff(result([finding({ id: 'api-path-changed', level: 'WARN' })])).bump).toBe('minor');
    expect(judgeDiff(result([finding({ id: 'x-connector-group-changed', level: 'INFO' })])).bump).toBe(
      'patch',
    );
    expect(judgeDiff(result([], [], false)).bump).toBe('patch');
    expect(judgeDiff(result([], [], true)).bump).toBe(null);
  });

  it('raises the minor version for a major bump while the major version is 0', () => {
    expect(nextVersion('0.1.0', 'major')).toBe('0.2.0');
    expect(nextVersion('0.1.3', 'minor')).toBe('0.2.0');
    expect(nextVersion('0.1.3', 'patch')).toBe('0.1.4');
    expect(nextVersion('1.4.2', 'major')).toBe('2.0.0');
    expect(nextVersion('1.4.2', 'minor')).toBe('1.5.0');
    expect(nextVersion('1.4.2', 'patch')).toBe('1.4.3');
    expect(nextVersion('2.0.0-rc.1', 'patch')).toBe('2.0.0');
  });

  it('reads a commit by its Changelog trailer, a breaking-change marker, or its subject', () => {
    const c = (subject: string, body = ''): Commit => ({ hash: 'h', short: 'h', subject, body, files: [] });
    expect(commitSection(c('Runtime: retries honour Retry-After'))).toBe('changed');
    expect(commitSection(c('Runtime: fix the timeout of a stalled body'))).toBe('fixed');
    expect(commitSection(c('Runtime: a rate limiter', 'Shared by every call.\n\nChangelog: added'))).toBe(
      'added',
    );
    expect(commitSection(c('Runtime: errors', 'BREAKING CHANGE: HubSpotError is renamed'))).toBe('breaking');
    expect(commitSection(c('runtime!: drop the v1 names'))).toBe('breaking');
    expect(commitSection(c('Runtime: fix a typo', 'Changelog: skip'))).toBe('skip');
  });
});

describe('the command line', () => {
  it('exits 2 on bad options, and 1 for --notes of a version the changelog lacks', async () => {
    const errors: string[] = [];
    const sink = (s: string) => {
      errors.push(s);
    };
    expect(await main(['--bogus'], process.cwd(), sink, sink)).toBe(2);
    expect(await main(['--allow-smaller-bump'], process.cwd(), sink, sink)).toBe(2);
    expect(errors.join('')).toContain('--allow-smaller-bump needs --version');
    expect(await main(['--notes', '99.0.0'], process.cwd(), sink, sink)).toBe(1);
    expect(errors.join('')).toContain('CHANGELOG.md has no section for 99.0.0');
  });
});

describe('CHANGELOG.md', () => {
  const section = (v: string) => `## [${v}] - 2026-01-02\n\nNotes of ${v}.\n\n### Added\n\n- thing ${v}\n`;

  it('starts with a Keep a Changelog header and puts each release above the previous one', () => {
    const one = insertSection(null, section('0.1.0'), '0.1.0');
    expect(one).toMatch(/^# Changelog\n/);
    expect(one).toContain('[Keep a Changelog](https://keepachangelog.com/en/1.1.0/)');
    const two = insertSection(one, section('0.2.0'), '0.2.0');
    expect(two.indexOf('## [0.2.0]')).toBeLessThan(two.indexOf('## [0.1.0]'));
    expect(two).toContain('- thing 0.2.0\n\n## [0.1.0] - 2026-01-02');
    expect(() => insertSection(two, section('0.2.0'), '0.2.0')).toThrow('already has a section for 0.2.0');
  });

  it('keeps an Unreleased section on top', () => {
    const text = '# Changelog\n\n## [Unreleased]\n\n- soon\n\n## [1.0.0] - 2026-01-01\n\n- old\n';
    const out = insertSection(text, section('1.1.0'), '1.1.0');
    expect(out.indexOf('## [Unreleased]')).toBeLessThan(out.indexOf('## [1.1.0]'));
    expect(out.indexOf('## [1.1.0]')).toBeLessThan(out.indexOf('## [1.0.0]'));
  });

  it('gives one release section back, without its heading (the release notes)', () => {
    const text = insertSection(insertSection(null, section('1.0.0'), '1.0.0'), section('1.1.0'), '1.1.0');
    expect(extractSection(text, 'v1.1.0')).toBe('Notes of 1.1.0.\n\n### Added\n\n- thing 1.1.0\n');
    expect(extractSection(text, '1.0.0')).toBe('Notes of 1.0.0.\n\n### Added\n\n- thing 1.0.0\n');
    expect(extractSection(text, '9.9.9')).toBe(null);
  });
});

describe('npm run release in a scratch clone', { timeout: 240_000 }, () => {
  let tmp: string;
  let repo: string;
  let env: NodeJS.ProcessEnv;
  const saved = { ...process.env };

  /** The command in-process, in the scratch clone. */
  async function release(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await main(
      argv,
      repo,
      (s) => {
        out += s;
      },
      (s) => {
        err += s;
      },
    );
    return { code, out, err };
  }
  const git = async (...args: string[]) =>
    ok(await run('git', args, repo, env), `git ${args[0]}`).stdout.trim();
  const version = () => readJson<{ version: string }>(path.join(repo, 'package.json')).version;
  const changelog = () => fs.readFileSync(path.join(repo, 'CHANGELOG.md'), 'utf8');

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hsmc-release-rules-'));
    env = isolatedEnv(path.join(tmp, 'home'));
    // The command runs in this process: git gets the same isolated identity and no user config.
    for (const k of [
      'HOME',
      'GIT_CONFIG_NOSYSTEM',
      'GIT_AUTHOR_NAME',
      'GIT_AUTHOR_EMAIL',
      'GIT_COMMITTER_NAME',
      'GIT_COMMITTER_EMAIL',
    ])
      process.env[k] = env[k];
    repo = await scratchClone(path.join(tmp, 'repo'), env);
  }, 120_000);

  afterAll(() => {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('cuts the first release at a chosen version: package.json, package-lock.json, CHANGELOG.md, commit, tag', async () => {
    const r = await release('--version', '1.0.0');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(version()).toBe('1.0.0');
    const lock = readJson<{ version: string; packages: Record<string, { version?: string }> }>(
      path.join(repo, 'package-lock.json'),
    );
    expect(lock.version).toBe('1.0.0');
    expect(lock.packages['']?.version).toBe('1.0.0');
    expect(changelog()).toMatch(/^## \[1\.0\.0\] - \d{4}-\d{2}-\d{2}$/m);
    expect(await git('log', '-1', '--format=%s')).toBe('Release: v1.0.0');
    expect(await git('tag', '--list')).toBe('v1.0.0');
    expect(await git('cat-file', '-t', 'v1.0.0')).toBe('tag');
    expect(await git('status', '--porcelain')).toBe('');
    // generated/ was generated again with the new version (the client's User-Agent carries it).
    const core = fs.readFileSync(path.join(repo, 'generated', 'client', 'core.ts'), 'utf8');
    if (core.includes('hubspot-marketing-connector/'))
      expect(core).toContain('hubspot-marketing-connector/1.0.0');
  });

  it('refuses nothing to release, a dirty tree and a stale generated/', async () => {
    const nothing = await release();
    expect(nothing.code).toBe(1);
    expect(nothing.err).toContain('nothing to release: there is no commit since v1.0.0');

    // A spec change committed without `npm run generate`, and a stray file.
    addOptionalQueryParameter(repo, 'getMarketingEmailStatistics', 'emailType');
    await commitAll(repo, 'Spec: getMarketingEmailStatistics takes an optional emailType', env);
    fs.writeFileSync(path.join(repo, 'stray.txt'), 'x');
    const head = await git('rev-parse', 'HEAD');
    const r = await release();
    expect(r.code).toBe(1);
    expect(r.err).toContain('the work tree is not clean');
    expect(r.err).toContain('?? stray.txt');
    expect(r.err).toContain('generated/ is stale');
    expect(await git('rev-parse', 'HEAD')).toBe(head);
    fs.rmSync(path.join(repo, 'stray.txt'));
    await generate(repo, env);
    await commitAll(repo, 'Generated: emailType', env);
  });

  it('--dry-run prints the plan and the section and writes nothing; a version below the rules is refused', async () => {
    const head = await git('rev-parse', 'HEAD');
    const dry = await release('--dry-run');
    expect(dry.err).toBe('');
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('release: v1.0.0 -> v1.1.0');
    expect(dry.out).toContain('### Added');
    expect(dry.out).toContain('query parameter `emailType` added, optional');
    expect(dry.out).toContain('dry run: nothing was written.');
    expect(await git('rev-parse', 'HEAD')).toBe(head);
    expect(await git('status', '--porcelain')).toBe('');
    expect(await git('tag', '--list')).toBe('v1.0.0');

    const low = await release('--version', '1.0.1');
    expect(low.code).toBe(1);
    expect(low.err).toContain('1.0.1 is below what the changes since v1.0.0 demand, 1.1.0');
    expect(low.err).toContain('--allow-smaller-bump');
    expect(version()).toBe('1.0.0');
  });

  it('--allow-smaller-bump releases the lower version and says so in the changelog', async () => {
    const r = await release(
      '--version',
      '1.0.1',
      '--allow-smaller-bump',
      '--reason',
      'a hotfix line for one customer',
    );
    expect(r.code, r.err).toBe(0);
    expect(version()).toBe('1.0.1');
    const section = extractSection(changelog(), '1.0.1') ?? '';
    expect(section).toContain(
      '**Version forced below the rules:** 1.0.1 was released with `--version 1.0.1 --allow-smaller-bump`',
    );
    expect(section).toContain('call for 1.1.0');
    expect(section).toContain('Reason: a hotfix line for one customer');
  });

  it('after 1.0, a removed action takes the major version', async () => {
    removeAction(repo, 'getMarketingEmailStatisticsHistogram');
    await generate(repo, env);
    await commitAll(repo, 'Spec: the statistics histogram is gone', env);
    const r = await release();
    expect(r.code, r.err).toBe(0);
    expect(version()).toBe('2.0.0');
    const section = extractSection(changelog(), '2.0.0') ?? '';
    expect(section).toMatch(/^### Breaking$/m);
    expect(section).toContain('`getMarketingEmailStatisticsHistogram`');
    expect(section).not.toContain('while the major version is 0');
  });

  it('a break accepted in .spec-diff-ignore.yaml takes the minor version, listed under Changed with its reason', async () => {
    removeAction(repo, 'getMarketingEventAppSettings');
    fs.writeFileSync(
      path.join(repo, '.spec-diff-ignore.yaml'),
      [
        'accepted:',
        '  - id: api-removed-without-deprecation',
        '    operationId: getMarketingEventAppSettings',
        '    reason: HubSpot retired the endpoint; calls already failed',
        '',
      ].join('\n'),
    );
    await generate(repo, env);
    await commitAll(repo, 'Spec: app settings read retired by HubSpot', env);
    const r = await release();
    expect(r.code, r.err).toBe(0);
    expect(version()).toBe('2.1.0');
    const section = extractSection(changelog(), '2.1.0') ?? '';
    expect(section).not.toMatch(/^### Breaking$/m);
    expect(section).toMatch(/^### Changed$/m);
    expect(section).toContain('accepted: HubSpot retired the endpoint; calls already failed');

    const notes = await release('--notes', 'v2.1.0');
    expect(notes.code).toBe(0);
    expect(notes.out).toBe(section);
    expect((await git('tag', '--list', '--sort=v:refname')).split('\n')).toEqual([
      'v1.0.0',
      'v1.0.1',
      'v2.0.0',
      'v2.1.0',
    ]);
  });
});
