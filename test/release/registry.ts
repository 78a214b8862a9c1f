/**
 * A real npm registry for the release tests: Verdaccio (a devDependency) in a child process on a free
 * 127.0.0.1 port, with its storage, config and password file in a temporary folder, no uplink (it never
 * reaches out), and a user created through its API whose token goes into an npm userconfig of the test's
 * own. `npmEnv` is the environment every npm command of the test uses: that userconfig, an empty global
 * config, its own cache, this registry and nothing of the user's.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import semver from 'semver';
import { isolatedEnv, ok, run } from './support.js';

export interface Registry {
  url: string;
  /** The environment for npm commands against this registry (isolated userconfig, cache, HOME). */
  npmEnv: NodeJS.ProcessEnv;
  /** Verdaccio's output so far, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** Verdaccio's start script, or null when it is not installed. */
export function verdaccioBin(): string | null {
  try {
    const require = createRequire(import.meta.url);
    const pkgFile = require.resolve('verdaccio/package.json');
    const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as { bin?: string | Record<string, string> };
    const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin?.verdaccio;
    return bin ? path.join(path.dirname(pkgFile), bin) : null;
  } catch {
    return null;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitUntilUp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`verdaccio exited (${child.exitCode ?? child.signalCode}) before answering`);
    try {
      const r = await fetch(`${url}-/ping`, { signal: AbortSignal.timeout(2_000) });
      if (r.ok) return;
    } catch {
      // not up yet
    }
    await sleep(250);
  }
  throw new Error(`verdaccio did not answer on ${url} within ${timeoutMs / 1000} s`);
}

/** Starts Verdaccio under `dir`. Throws (with its output) when it cannot start. */
export async function startRegistry(dir: string): Promise<Registry> {
  const bin = verdaccioBin();
  if (bin === null) throw new Error('verdaccio is not installed (npm ci installs it: it is a devDependency)');
  fs.mkdirSync(path.join(dir, 'storage'), { recursive: true });
  const config = path.join(dir, 'config.yaml');
  fs.writeFileSync(
    config,
    [
      `storage: ${JSON.stringify(path.join(dir, 'storage'))}`,
      'auth:',
      '  htpasswd:',
      `    file: ${JSON.stringify(path.join(dir, 'htpasswd'))}`,
      '    max_users: 10',
      'uplinks: {}',
      'packages:',
      "  '**':",
      '    access: $all',
      '    publish: $authenticated',
      '    unpublish: $authenticated',
      'web:',
      '  enable: false',
      'max_body_size: 50mb',
      'log: { type: stdout, format: pretty, level: warn }',
      '',
    ].join('\n'),
  );
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/`;
    let output = '';
    const child = spawn(process.execPath, [bin, '--config', config, '--listen', `127.0.0.1:${port}`], {
      cwd: dir,
      env: isolatedEnv(path.join(dir, 'home')),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d) => {
      output += String(d);
    });
    child.stderr?.on('data', (d) => {
      output += String(d);
    });
    const stop = () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      });
    try {
      await waitUntilUp(url, child, 60_000);
    } catch (e) {
      await stop();
      lastError = new Error(`${(e as Error).message}:\n${output}`);
      continue;
    }
    // A user of the test's own; its token goes into the test's userconfig, never the user's.
    const password = randomBytes(18).toString('base64url');
    const res = await fetch(`${url}-/user/org.couchdb.user:release-test`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'release-test', password, email: 'release-test@example.com' }),
    });
    const body = (await res.json()) as { token?: string; error?: string };
    if (!res.ok || !body.token) {
      await stop();
      throw new Error(`verdaccio refused to create the test user (${res.status} ${body.error ?? ''})`);
    }
    const userconfig = path.join(dir, 'npmrc');
    const globalconfig = path.join(dir, 'global-npmrc');
    fs.writeFileSync(userconfig, `registry=${url}\n//127.0.0.1:${port}/:_authToken=${body.token}\n`);
    fs.writeFileSync(globalconfig, '');
    const npmEnv = isolatedEnv(path.join(dir, 'home'), {
      npm_config_userconfig: userconfig,
      npm_config_globalconfig: globalconfig,
      npm_config_cache: path.join(dir, 'npm-cache'),
      npm_config_registry: url,
    });
    return { url, npmEnv, output: () => output, stop };
  }
  throw lastError;
}

/**
 * Publishes the packages `name` depends on (its `dependencies` and required peers, transitively, plus the `extra`
 * packages and theirs, e.g. optional peer dependencies a consumer installs) to the registry from the copies in
 * node_modules, so that installs from it need nothing else. Each dependency is taken where Node would find it from its
 * dependent (a nested `node_modules` first), so two versions of one package are both published. Tarballs are
 * packed without running scripts.
 */
export async function seedDependencies(
  registry: Registry,
  packageJson: string,
  nodeModules: string,
  work: string,
  extra: string[] = [],
): Promise<string[]> {
  const root = path.dirname(nodeModules);
  const found = new Map<string, { name: string; version: string }>();
  const queue: Array<{ name: string; from: string }> = [
    ...Object.keys(
      (JSON.parse(fs.readFileSync(packageJson, 'utf8')) as { dependencies?: Record<string, string> })
        .dependencies ?? {},
    ),
    ...extra,
  ].map((name) => ({ name, from: root }));
  while (queue.length) {
    const { name, from } = queue.shift() as { name: string; from: string };
    const dir = locate(name, from, root);
    if (found.has(dir)) continue;
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
      version: string;
      dependencies?: Record<string, string>;
      peerDependencies?: Record<string, string>;
      peerDependenciesMeta?: Record<string, { optional?: boolean }>;
    };
    found.set(dir, { name, version: pkg.version });
    // npm installs the peer dependencies that are not optional too.
    const peers = Object.keys(pkg.peerDependencies ?? {}).filter(
      (p) => !pkg.peerDependenciesMeta?.[p]?.optional,
    );
    queue.push(
      ...[...Object.keys(pkg.dependencies ?? {}), ...peers].map((dep) => ({ name: dep, from: dir })),
    );
  }

  // One `npm pack` for all of them, then the publishes, a few at a time (one package name at a time each).
  fs.mkdirSync(work, { recursive: true });
  const dirs = [...found.keys()];
  const packed = ok(
    await run(
      'npm',
      ['pack', ...dirs, '--ignore-scripts', '--pack-destination', work, '--json'],
      work,
      registry.npmEnv,
    ),
    'npm pack (dependencies)',
  );
  const files = (JSON.parse(packed.stdout) as Array<{ filename: string }>).map((p) => p.filename);
  if (files.length !== dirs.length)
    throw new Error(`npm pack wrote ${files.length} tarballs for ${dirs.length} packages`);
  const byName = new Map<string, Array<{ version: string; file: string }>>();
  dirs.forEach((dir, i) => {
    const { name, version } = found.get(dir) as { name: string; version: string };
    byName.set(name, [...(byName.get(name) ?? []), { version, file: files[i] as string }]);
  });
  const names = [...byName.keys()];
  const publishName = async (name: string) => {
    const copies = (byName.get(name) ?? []).sort((a, b) => semver.compare(b.version, a.version));
    for (const [i, { version, file }] of copies.entries()) {
      // The newest takes `latest`; an older copy (a nested one) gets its own tag (npm refuses to move latest back).
      ok(
        await run(
          'npm',
          [
            'publish',
            path.join(work, file),
            '--ignore-scripts',
            ...(i > 0 ? ['--tag', `seeded-${version}`] : []),
          ],
          work,
          registry.npmEnv,
        ),
        `npm publish ${name}@${version}`,
      );
    }
  };
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let name = names.shift(); name !== undefined; name = names.shift()) await publishName(name);
    }),
  );
  return [...found.values()].map((p) => `${p.name}@${p.version}`);
}

/** Where Node finds package `name` from the package in `from`: its own node_modules, then each parent's. */
function locate(name: string, from: string, root: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === root || path.dirname(dir) === dir) throw new Error(`${name} is not installed (from ${from})`);
  }
}
