/**
 * Releases end to end against a real registry. Verdaccio runs on a free 127.0.0.1 port with a temporary
 * storage; every npm command uses the test's own userconfig, cache and HOME (no token or setting of the
 * user's). In a scratch clone of this repository (no tags):
 *
 *  1. `npm run release` cuts the first release (the version in package.json), `npm pack` + `npm publish` put it
 *     in the registry, and a fresh project installs `hubspot-marketing-connector@<version>` from there and runs
 *     an example (examples/run-webinar.ts, its imports pointed at the package) against the installed mock;
 *  2. an action is removed from the spec: the release takes the breaking bump, and the new version installed
 *     from the registry no longer has the action;
 *  3. an optional query parameter is added: the release takes the additive bump;
 *  4. the registry holds exactly those versions, the last one `latest`.
 *
 * Skipped, with the reason, when Verdaccio cannot start here; CI installs it with `npm ci` (devDependency).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { transform } from 'esbuild';
import semver from 'semver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MOCK_PEERS } from '../../src/mock/peers.js';
import { type Registry, seedDependencies, startRegistry } from './registry.js';
import { addOptionalQueryParameter, removeAction } from './spec-edits.js';
import { commitAll, generate, ok, ROOT, readJson, release, run, scratchClone } from './support.js';

const PACKAGE = 'hubspot-marketing-connector';
const REMOVED = 'getMarketingEmailStatisticsHistogram';
const EXTENDED = 'getMarketingEmailStatistics';

let tmp: string;
let registry: Registry | null = null;
let skipReason = '';
let scratch: string;
let consumer: string;
const published: string[] = [];
const timings: Record<string, number> = {};

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await fn();
  } finally {
    timings[label] = Math.round(performance.now() - started);
  }
}

const env = () => (registry as Registry).npmEnv;

/** `npm run release` in the scratch clone; returns the version package.json then holds. */
async function cutRelease(label: string): Promise<{ version: string; stdout: string }> {
  const r = await timed(`release ${label}`, () => release([], scratch, env()));
  ok(r, `npm run release (${label})`);
  return {
    version: readJson<{ version: string }>(path.join(scratch, 'package.json')).version,
    stdout: r.stdout,
  };
}

/** `npm pack` (prepack builds dist/) then `npm publish` of the tarball to the test registry. */
async function publish(version: string): Promise<void> {
  const packs = path.join(tmp, 'packs');
  fs.mkdirSync(packs, { recursive: true });
  await timed(`pack ${version}`, async () =>
    ok(
      await run('npm', ['pack', '--pack-destination', packs, '--loglevel=error'], scratch, env()),
      'npm pack',
    ),
  );
  const tarball = path.join(packs, `${PACKAGE}-${version}.tgz`);
  expect(fs.existsSync(tarball), `npm pack wrote ${tarball}`).toBe(true);
  await timed(`publish ${version}`, async () =>
    ok(
      await run('npm', ['publish', tarball, '--access', 'public'], scratch, env()),
      `npm publish ${version}`,
    ),
  );
  published.push(version);
}

/** Installs `hubspot-marketing-connector@version` from the registry into the consumer project. */
async function install(version: string): Promise<void> {
  await timed(`install ${version}`, async () =>
    ok(
      await run(
        'npm',
        ['install', `${PACKAGE}@${version}`, '--save-exact', '--no-audit', '--no-fund', '--loglevel=error'],
        consumer,
        env(),
      ),
      `npm install ${PACKAGE}@${version}`,
    ),
  );
  const installed = readJson<{ version: string }>(
    path.join(consumer, 'node_modules', PACKAGE, 'package.json'),
  );
  expect(installed.version).toBe(version);
  // Wherever the built code names the package's version (the client's User-Agent), it is this version.
  const dist = path.join(consumer, 'node_modules', PACKAGE, 'dist');
  const named = new Set<string>();
  for (const file of fs.readdirSync(dist, { recursive: true, encoding: 'utf8' }))
    if (/\.c?js$/.test(file))
      for (const m of fs
        .readFileSync(path.join(dist, file), 'utf8')
        .matchAll(/hubspot-marketing-connector\/(\d+\.\d+\.\d+[\w.-]*)/g))
        named.add(m[1] as string);
  expect([...named].filter((v) => v !== version)).toEqual([]);
}

/** An example program, its imports pointed at the installed package, compiled to plain ESM in the consumer. */
async function portExample(file: string): Promise<void> {
  const rewrite = (code: string) =>
    code
      .replaceAll("'../generated/client/index.js'", `'${PACKAGE}'`)
      .replaceAll("'../src/mock/index.js'", `'${PACKAGE}/mock'`);
  for (const name of [file, 'connect.ts']) {
    const source = rewrite(fs.readFileSync(path.join(ROOT, 'examples', name), 'utf8'));
    expect(source).not.toContain('../generated/');
    const { code } = await transform(source, { loader: 'ts', format: 'esm', target: 'node20' });
    fs.writeFileSync(path.join(consumer, name.replace(/\.ts$/, '.js')), code);
  }
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hsmc-release-'));
  try {
    registry = await timed('start verdaccio', () => startRegistry(path.join(tmp, 'registry')));
  } catch (e) {
    skipReason = `Verdaccio could not start here: ${(e as Error).message.split('\n')[0]}`;
    return;
  }
  await timed('seed dependencies', () =>
    seedDependencies(
      registry as Registry,
      path.join(ROOT, 'package.json'),
      path.join(ROOT, 'node_modules'),
      path.join(tmp, 'deps'),
      Object.keys(MOCK_PEERS),
    ),
  );
  scratch = await scratchClone(path.join(tmp, 'repo'), env());
  consumer = path.join(tmp, 'consumer');
  fs.mkdirSync(consumer);
  // The example runs the mock, whose libraries are optional peer dependencies: the consumer installs them as
  // README says (with this repository's override of openapi-backend's ref parser for Node 20).
  const root = readJson<{ devDependencies: Record<string, string>; overrides: Record<string, unknown> }>(
    path.join(ROOT, 'package.json'),
  );
  const consumerPackage = {
    name: 'release-consumer',
    private: true,
    type: 'module',
    devDependencies: Object.fromEntries(Object.keys(MOCK_PEERS).map((p) => [p, root.devDependencies[p]])),
    overrides: { 'openapi-backend': root.overrides['openapi-backend'] },
  };
  fs.writeFileSync(path.join(consumer, 'package.json'), `${JSON.stringify(consumerPackage, null, 2)}\n`);
}, 180_000);

afterAll(async () => {
  await registry?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  if (Object.keys(timings).length > 0) console.log(`release test timings (ms): ${JSON.stringify(timings)}`);
});

describe('releases published to a real registry (Verdaccio)', { timeout: 300_000 }, () => {
  let first = '';
  let breaking = '';
  let additive = '';

  it('publishes the first release; a fresh project installs it and runs an example against the installed mock', async (ctx) => {
    if (!registry) return ctx.skip(skipReason);
    const initial = readJson<{ version: string }>(path.join(scratch, 'package.json')).version;
    const r = await cutRelease('first');
    first = r.version;
    expect(first).toBe(initial);
    expect(r.stdout).toContain(`(no release yet) -> v${first}`);
    const tags = ok(await run('git', ['tag', '--list'], scratch, env()), 'git tag').stdout.trim();
    expect(tags).toBe(`v${first}`);
    expect(fs.readFileSync(path.join(scratch, 'CHANGELOG.md'), 'utf8')).toMatch(
      new RegExp(`^## \\[${first.replaceAll('.', '\\.')}\\] - \\d{4}-\\d{2}-\\d{2}$`, 'm'),
    );
    await publish(first);

    await install(first);
    await portExample('run-webinar.ts');
    const example = await timed('run example', () =>
      run(process.execPath, ['run-webinar.js'], consumer, { ...env(), NODE_ENV: 'production' }, 60_000),
    );
    expect(example.stderr, example.stdout).toBe('');
    expect(example.code, example.stdout).toBe(0);
    expect(example.stdout).toMatch(
      /^HUBSPOT_ACCESS_TOKEN is not set: using a local mock server at http:\/\/127\.0\.0\.1:\d+\./,
    );
    expect(example.stdout).toMatch(/^Created webinar webinar-\d+ \(HubSpot id \d+\)\.$/m);
    expect(example.stdout).toMatch(/^Participation: 3 registered, 2 attended, 0 cancelled, 1 no-shows\.$/m);
  });

  it('an action removed from the spec: the breaking bump, and the published version no longer has it', async (ctx) => {
    if (!registry) return ctx.skip(skipReason);
    expect(first).not.toBe('');
    removeAction(scratch, REMOVED);
    await timed('generate (removed action)', () => generate(scratch, env()));
    await commitAll(scratch, `Spec: ${REMOVED} removed (HubSpot retired it)`, env());

    const r = await cutRelease('breaking');
    breaking = r.version;
    // Breaking: the major version, or while it is 0 the minor one.
    const expected = semver.inc(first, semver.major(first) === 0 ? 'minor' : 'major');
    expect(breaking).toBe(expected);
    const changelog = fs.readFileSync(path.join(scratch, 'CHANGELOG.md'), 'utf8');
    const section = changelog.slice(
      changelog.indexOf(`## [${breaking}]`),
      changelog.indexOf(`## [${first}]`),
    );
    expect(section).toMatch(/^### Breaking$/m);
    expect(section).toContain(`\`${REMOVED}\``);
    expect(section).toContain('a **major** bump');
    await publish(breaking);

    await install(breaking);
    const probe = [
      `import * as emails from '${PACKAGE}/marketing-emails';`,
      `import catalog from '${PACKAGE}/actions.json' with { type: 'json' };`,
      `console.log(JSON.stringify({ removed: typeof emails.${REMOVED}, kept: typeof emails.${EXTENDED}, count: catalog.actionCount }));`,
    ].join('\n');
    fs.writeFileSync(path.join(consumer, 'probe.mjs'), probe);
    const p = await run(process.execPath, ['probe.mjs'], consumer, env(), 60_000);
    expect(p.code, p.stderr).toBe(0);
    expect(JSON.parse(p.stdout.trim())).toEqual({ removed: 'undefined', kept: 'function', count: 72 });
  });

  it('an optional parameter added to the spec: the additive bump', async (ctx) => {
    if (!registry) return ctx.skip(skipReason);
    expect(breaking).not.toBe('');
    addOptionalQueryParameter(scratch, EXTENDED, 'emailType');
    await timed('generate (added parameter)', () => generate(scratch, env()));
    await commitAll(scratch, `Spec: ${EXTENDED} takes an optional emailType`, env());
    const r = await cutRelease('additive');
    additive = r.version;
    expect(additive).toBe(semver.inc(breaking, 'minor'));
    const changelog = fs.readFileSync(path.join(scratch, 'CHANGELOG.md'), 'utf8');
    const section = changelog.slice(
      changelog.indexOf(`## [${additive}]`),
      changelog.indexOf(`## [${breaking}]`),
    );
    expect(section).toMatch(/^### Added$/m);
    expect(section).toContain(`\`${EXTENDED}\``);
    expect(section).toContain('`emailType`');
    expect(section).not.toMatch(/^### Breaking$/m);
    await publish(additive);
  });

  it('the registry holds each released version, the last one as latest', async (ctx) => {
    if (!registry) return ctx.skip(skipReason);
    expect(published).toEqual([first, breaking, additive]);
    const view = ok(
      await run('npm', ['view', PACKAGE, 'versions', 'dist-tags', '--json'], tmp, env()),
      'npm view',
    );
    const info = JSON.parse(view.stdout) as { versions: string[]; 'dist-tags': Record<string, string> };
    expect(info.versions).toEqual([first, breaking, additive]);
    expect(info['dist-tags'].latest).toBe(additive);
    const tags = ok(await run('git', ['tag', '--list', '--sort=v:refname'], scratch, env()), 'git tag');
    expect(tags.stdout.trim().split('\n')).toEqual([`v${first}`, `v${breaking}`, `v${additive}`]);
  });
});
