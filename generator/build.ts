/**
 * `npm run build` (also run by `prepack`): builds the publishable package in `dist/` from `generated/` (the client,
 * the catalogs) and `src/` (the hand-written runtime, Redis store, mock server and command line).
 *
 * - ESM only (`.js` + `.d.ts`), one entry per public subpath: `index` (the client factory, every action, the
 *   runtime and the types), `core` (`createHubSpotCore`) and one per API area (`campaigns`, `marketing-emails`,
 *   ...). CommonJS code loads the same files with `require()` (Node >= 20.19 loads ES modules synchronously, and
 *   no module of the package uses top-level await), so the package ships one copy of its code and one of its
 *   types instead of two (the `.cjs` + `.d.cts` copy was 0.7 MB). The code is one module: the root entry
 *   `dist/index.js` holds the runtime, every area module and the client factory, and the other entries
 *   (`core`, the areas, `redis`) import from it. So every subpath shares one copy of the error classes
 *   (`instanceof` holds across subpaths), importing the root loads one module of ours (each further module
 *   cost about 0.8 ms of cold import), and a bundler still keeps only what an app calls
 *   (`sideEffects: false`; no module of the package has top-level side effects). The root exports exactly
 *   the public API (`checkRootExports`): `redis` uses only public names, so nothing internal is exported
 *   for it.
 * - `openapi-fetch` stays external: it is the one runtime dependency.
 * - `actions.json` and `openapi.json` are copied next to the code.
 * - Checks that `package.json` exports every entry (and nothing that is not built) and that the output
 *   imports no Node built-in, so the package runs on Deno, Bun, browsers and Workers through the global fetch.
 *
 * Built with tsdown (rolldown + rolldown-plugin-dts), driven from here so the project root keeps no extra
 * config file. Exit codes: 0 built, 1 failed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import semver from 'semver';
import { build, type InlineConfig } from 'tsdown';
import { PROJECT_ROOT } from './pipeline.js';
import { listFiles } from './write.js';

const GENERATED = path.join(PROJECT_ROOT, 'generated');
/** The hand-written code that ships: runtime, Redis store, mock server, command line. */
const SRC = path.join(PROJECT_ROOT, 'src');
const DIST = path.join(PROJECT_ROOT, 'dist');
const CLIENT = path.join(GENERATED, 'client');
/**
 * Node-only tools, built into `dist/node/`: the mock server (`./mock`, a test and development tool) and the
 * `hubspot-marketing` command line (`bin`). The package keeps openapi-fetch as its one runtime dependency: the
 * mock's libraries (openapi-backend, Ajv, ajv-formats) and `call`'s (Ajv, ajv-formats, which check its input)
 * are optional peer dependencies that they import on first use (src/mock/peers.ts, see PEER_IMPORTS), and the
 * command line bundles only commander. From `dist/node/` they find the catalogs at
 * `../actions.json` and `../openapi.json` (from `src/` at `../../generated/`).
 */
const NODE_ENTRIES = ['mock'] as const;

/** What the mock and `call` (src/mock/peers.ts) import at run time from the app's node_modules: never bundled. */
const PEER_IMPORTS = ['openapi-backend', 'ajv/dist/2020.js', 'ajv-formats'];

/** Data files shipped as-is, each exported as `./<name>`. */
const DATA_FILES = ['actions.json', 'openapi.json'];

/** Entry name -> source file: index, core, and one per area module of `generated/client/`. */
export function entries(): Record<string, string> {
  if (!fs.existsSync(path.join(CLIENT, 'index.ts'))) {
    throw new Error('generated/client/index.ts is missing: run `npm run generate` first');
  }
  const areas = fs
    .readdirSync(CLIENT)
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && f !== 'core.ts')
    .map((f) => f.slice(0, -'.ts'.length))
    .sort();
  const result: Record<string, string> = {
    index: path.join(CLIENT, 'index.ts'),
    core: path.join(CLIENT, 'core.ts'),
  };
  for (const area of areas) result[area] = path.join(CLIENT, `${area}.ts`);
  // `./redis`: the Redis rate-limit store. It imports no Redis library (it takes the app's client), and only
  // this entry reaches it: the root entry and the areas never bundle it.
  if (fs.existsSync(path.join(SRC, 'redis', 'index.ts'))) result.redis = path.join(SRC, 'redis', 'index.ts');
  return result;
}

interface ConditionalExport {
  types: string;
  default: string;
}

/**
 * The `exports` map that `package.json` must have for these entries: one ES module and its types per subpath,
 * for `import` and `require` alike (no `import`/`require` conditions: there is one copy to point at).
 */
export function expectedExports(names: string[]): Record<string, ConditionalExport | string> {
  const map: Record<string, ConditionalExport | string> = {};
  for (const name of names) {
    const subpath = name === 'index' ? '.' : `./${name}`;
    map[subpath] = { types: `./dist/${name}.d.ts`, default: `./dist/${name}.js` };
  }
  for (const name of NODE_ENTRIES) {
    map[`./${name}`] = { types: `./dist/node/${name}.d.ts`, default: `./dist/node/${name}.js` };
  }
  for (const file of DATA_FILES) map[`./${file}`] = `./dist/${file}`;
  map['./package.json'] = './package.json';
  return map;
}

/**
 * The `typesVersions` map that gives subpath types to TypeScript's legacy `node10` resolution (which ignores
 * `exports`: the default of `module: commonjs` projects, whose `require()` calls Node >= 20.19 resolves through
 * `exports`); `types` covers the root.
 */
export function expectedTypesVersions(names: string[]): Record<string, Record<string, string[]>> {
  const map: Record<string, string[]> = {};
  for (const name of names.filter((n) => n !== 'index')) map[name] = [`./dist/${name}.d.ts`];
  for (const name of NODE_ENTRIES) map[name] = [`./dist/node/${name}.d.ts`];
  for (const file of DATA_FILES) map[file] = [`./dist/${file}`];
  return { '*': map };
}

/** Differences between `package.json` exports and what the build produces; empty when they agree. */
export function exportProblems(actual: unknown, expected: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const got = (typeof actual === 'object' && actual !== null ? actual : {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(expected)) {
    if (!(key in got)) problems.push(`package.json exports lacks "${key}"`);
    else if (JSON.stringify(got[key]) !== JSON.stringify(value))
      problems.push(`package.json exports["${key}"] should be ${JSON.stringify(value)}`);
  }
  for (const key of Object.keys(got)) {
    if (!(key in expected)) problems.push(`package.json exports "${key}", which the build does not produce`);
  }
  return problems;
}

/** Node built-ins that the runtime code must not import (it runs on any runtime with a global fetch). */
const NODE_IMPORT =
  /(?:from\s*|import\s*\(\s*|require\s*\(\s*)['"](node:[^'"]+|fs|path|http|https|url|crypto|stream|buffer|util|events|os|zlib|net|tls|child_process)['"]/;

/**
 * Fails the build unless the root entry is one module that exports exactly what the root module of
 * `generated/client/` exports: the documented API, nothing internal that other entries would need.
 */
async function checkRootExports(dist: string, files: string[]): Promise<void> {
  const chunks = files.filter((f) => f.startsWith('_chunks/') && f.endsWith('.js'));
  if (chunks.length > 0)
    throw new Error(`the root entry should be one module; dist/ also has ${chunks.join(', ')}`);
  const built = Object.keys(await import(pathToFileURL(path.join(dist, 'index.js')).href));
  const source = Object.keys(await import(pathToFileURL(path.join(CLIENT, 'index.ts')).href));
  const extra = built.filter((n) => !source.includes(n));
  const missing = source.filter((n) => !built.includes(n));
  if (extra.length > 0 || missing.length > 0)
    throw new Error(
      'dist/index.js should export what generated/client/index.ts exports; ' +
        `extra: ${extra.join(', ') || 'none'}; missing: ${missing.join(', ') || 'none'}`,
    );
}

/** `dist` other than dist/ is for tests that run the built command line beside a build of the package. */
export async function buildPackage(dist: string = DIST): Promise<void> {
  const started = performance.now();
  const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
    exports?: unknown;
    typesVersions?: unknown;
  };
  const entry = entries();
  const problems = exportProblems(pkg.exports, expectedExports(Object.keys(entry)));
  const typesVersions = expectedTypesVersions(Object.keys(entry));
  if (JSON.stringify(pkg.typesVersions) !== JSON.stringify(typesVersions))
    problems.push(`package.json typesVersions should be ${JSON.stringify(typesVersions)}`);
  if (problems.length > 0) throw new Error(problems.join('\n'));

  fs.rmSync(dist, { recursive: true, force: true });
  const common = {
    config: false,
    cwd: PROJECT_ROOT,
    logLevel: 'warn',
    entry,
    outDir: dist,
    format: ['esm'],
    // `.js`/`.d.ts` (the package is "type": "module").
    fixedExtension: false,
    platform: 'neutral',
    target: 'es2022',
    hash: false,
    clean: false,
    sourcemap: false,
    treeshake: true,
    report: false,
    deps: { neverBundle: ['openapi-fetch'] },
    checks: { legacyCjs: false, pluginTimings: false },
  } satisfies InlineConfig;
  // The code: generated/ and src/runtime/ are one group, which holds the root entry's module, so rolldown makes
  // the root entry that chunk (src/redis/ stays in its own entry). `allow-extension` would let the root export
  // more than its own exports; checkRootExports fails the build if it does. The JS keeps only legal and
  // `#__PURE__` comments (JSDoc is in the `.d.ts` files).
  await build({
    ...common,
    dts: false,
    inputOptions: (options) => ({ ...options, preserveEntrySignatures: 'allow-extension' }),
    outputOptions: (options) => ({
      ...options,
      chunkFileNames: '_chunks/[name].js',
      codeSplitting: {
        groups: [{ name: 'index', test: (id: string) => /[\\/](generated|src[\\/]runtime)[\\/]/.test(id) }],
      },
      comments: { legal: true, annotation: true, jsdoc: false },
    }),
  });
  // The types, in a build of their own with tsdown's chunking: each entry's `.d.ts` exports exactly its
  // module's names (extending entry signatures there would show internal names in editors).
  await build({
    ...common,
    dts: { emitDtsOnly: true },
    outputOptions: (options) => ({ ...options, chunkFileNames: '_chunks/[name].js' }),
  });
  // The JSON catalogs are shipped without indentation (same data, a third smaller).
  for (const file of DATA_FILES) {
    const data: unknown = JSON.parse(fs.readFileSync(path.join(GENERATED, file), 'utf8'));
    fs.writeFileSync(path.join(dist, file), JSON.stringify(data));
  }

  const files = listFiles(dist);
  for (const name of Object.keys(entry)) {
    for (const ext of ['.js', '.d.ts']) {
      if (!files.includes(`${name}${ext}`)) throw new Error(`the build did not produce dist/${name}${ext}`);
    }
  }
  const stray = files.filter((f) => /\.(c|m)(js|ts)$/.test(f));
  if (stray.length > 0)
    throw new Error(`the build produced files of another module format: ${stray.join(', ')}`);
  await checkRootExports(dist, files);
  await buildNodeTools(path.join(dist, 'node'));
  for (const file of listFiles(dist).filter((f) => f.endsWith('.d.ts'))) {
    const at = path.join(dist, file);
    fs.writeFileSync(at, tabIndent(fs.readFileSync(at, 'utf8')));
  }
  for (const file of files.filter((f) => f.endsWith('.js') && !f.startsWith('node/'))) {
    const match = NODE_IMPORT.exec(fs.readFileSync(path.join(dist, file), 'utf8'));
    if (match) throw new Error(`dist/${file} imports the Node built-in '${match[1]}'`);
  }
  const bytes = files.reduce((n, f) => n + fs.statSync(path.join(dist, f)).size, 0);
  console.log(
    `✔ built dist/: ${Object.keys(entry).length} entries (ESM), ${files.length} files, ` +
      `${(bytes / 1024).toFixed(0)} KiB, ${Math.round(performance.now() - started)} ms`,
  );
}

/**
 * The declaration files indented with tabs, as rolldown writes the JavaScript, instead of two spaces each: the same
 * declarations and JSDoc (only the whitespace before a line's first character changes, never a comment's text
 * after its `*`), 27 KB less, most of it in the spec's types. Each run of two spaces at the start of a line
 * becomes one tab; a single space left over (the one before a JSDoc line's `*`) stays.
 */
export function tabIndent(text: string): string {
  return text.replace(/^(?: {2})+/gm, (run) => '\t'.repeat(run.length / 2));
}

/**
 * The mock server and the command line, for Node only (see NODE_ENTRIES): two minified ESM builds. The mock
 * (`mock.js` and its chunk) leaves openapi-fetch and its peer dependencies to the app's node_modules; the
 * command line bundles commander (`call` imports Ajv like the mock, from the app's node_modules) and loads
 * the mock from `./mock.js` and the client from the package's root entry (`../index.js`) instead of carrying
 * second copies.
 * `outDir` is the `node/` folder of the package build.
 */
async function buildNodeTools(outDir: string): Promise<void> {
  const bundled = new Set<string>();
  /** Output file -> the modules it holds. */
  const byFile = new Map<string, string[]>();
  const common = {
    config: false,
    cwd: PROJECT_ROOT,
    logLevel: 'error',
    outDir,
    format: ['esm'],
    fixedExtension: false,
    platform: 'node',
    target: 'node20',
    minify: true,
    hash: false,
    clean: false,
    sourcemap: false,
    treeshake: true,
    report: false,
    // Chunks beside the entries: the code finds the catalogs at ../actions.json and ../openapi.json.
    outputOptions: (options) => ({ ...options, chunkFileNames: '[name]-chunk.js' }),
    checks: { legacyCjs: false, pluginTimings: false },
  } satisfies Parameters<typeof build>[0];
  const thirdParty: NonNullable<Parameters<typeof build>[0]>['plugins'] = {
    // Which modules of node_modules end up in the JavaScript, for THIRD-PARTY-NOTICES.md.
    name: 'third-party-modules',
    generateBundle(_options, bundle) {
      for (const item of Object.values(bundle)) {
        if (item.type !== 'chunk' || item.fileName.endsWith('.d.ts')) continue;
        for (const id of item.moduleIds) bundled.add(id);
        byFile.set(item.fileName, item.moduleIds);
      }
    },
  };
  await build({
    ...common,
    entry: { mock: path.join(SRC, 'mock', 'index.ts') },
    dts: true,
    deps: { neverBundle: ['openapi-fetch', ...PEER_IMPORTS] },
    plugins: [thirdParty],
  });
  // Modules the command line loads from their own build instead of carrying a second copy: the mock built
  // above (`./mock.js`, beside cli.js), and the client from the package's root entry (`../index.js`).
  const builtElsewhere = new Map([
    [path.join(SRC, 'mock', 'index.ts'), './mock.js'],
    [path.join(CLIENT, 'index.ts'), '../index.js'],
  ]);
  await build({
    ...common,
    entry: { cli: path.join(SRC, 'cli', 'bin.ts') },
    dts: false,
    // Ajv and ajv-formats (for `call`) are optional peer dependencies, imported on first use like the mock's.
    deps: { neverBundle: ['openapi-fetch', ...PEER_IMPORTS] },
    plugins: [
      thirdParty,
      {
        name: 'from-their-own-build',
        async resolveId(source, importer, options) {
          if (importer === undefined || !source.startsWith('.')) return null;
          const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
          const built = resolved === null ? undefined : builtElsewhere.get(path.resolve(resolved.id));
          return built === undefined ? null : { id: built, external: true };
        },
      },
    ],
  });
  const packages = bundledPackages(bundled);
  const tooNew = enginesProblems(packages, packageEngines());
  if (tooNew.length > 0) throw new Error(tooNew.join('\n'));
  const files = new Map<string, string[]>();
  for (const [file, ids] of [...byFile].sort(([a], [b]) => a.localeCompare(b))) {
    for (const p of bundledPackages(ids)) {
      const key = `${p.name}@${p.version}`;
      files.set(key, [...(files.get(key) ?? []), file]);
    }
  }
  fs.writeFileSync(path.join(outDir, NOTICES_FILE), thirdPartyNotices(packages, files));
  const cli = path.join(outDir, 'cli.js');
  const code = fs.readFileSync(cli, 'utf8');
  if (!code.startsWith('#!')) fs.writeFileSync(cli, `#!/usr/bin/env node\n${code}`);
  fs.chmodSync(cli, 0o755);
  for (const file of listFiles(outDir).filter((f) => f.endsWith('.d.ts') && f !== 'mock.d.ts')) {
    fs.rmSync(path.join(outDir, file)); // only the mock has a public API
  }
}

/** Beside the bundled code in dist/node: what third-party code it holds, at which versions, under which licences. */
export const NOTICES_FILE = 'THIRD-PARTY-NOTICES.md';

interface BundledPackage {
  name: string;
  version: string;
  /** Its `engines.node`, if it declares one. */
  engines: string | undefined;
  license: string;
  repository: string;
  licenseText: string;
}

/** The packages (name, version, licence) that own the given module files, found from their package.json. */
export function bundledPackages(moduleIds: Iterable<string>): BundledPackage[] {
  const found = new Map<string, BundledPackage>();
  for (const id of moduleIds) {
    const file = id.replace(/^\0+/, '').split('?')[0] as string;
    const at = file.lastIndexOf(`${path.sep}node_modules${path.sep}`);
    if (at === -1) continue;
    const rest = file.slice(at + '/node_modules/'.length).split(path.sep);
    const dirName = rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] as string);
    const dir = path.join(file.slice(0, at), 'node_modules', ...dirName.split('/'));
    if (found.has(dir)) continue;
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
      name: string;
      version: string;
      license?: string;
      repository?: string | { url?: string };
      engines?: { node?: string };
    };
    const licenseFile = fs.readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(f));
    found.set(dir, {
      name: pkg.name,
      version: pkg.version,
      engines: pkg.engines?.node,
      license: pkg.license ?? 'UNKNOWN',
      repository: (typeof pkg.repository === 'string' ? pkg.repository : (pkg.repository?.url ?? '')).replace(
        /^git\+/,
        '',
      ),
      licenseText: licenseFile ? fs.readFileSync(path.join(dir, licenseFile), 'utf8').trim() : '',
    });
  }
  return [...found.values()].sort(
    (a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version),
  );
}

/** The package's own `engines.node` (the Node versions it promises to run on). */
export function packageEngines(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
    engines?: { node?: string };
  };
  if (!pkg.engines?.node) throw new Error('package.json declares no engines.node');
  return pkg.engines.node;
}

/**
 * Bundled packages whose own `engines.node` leaves out the oldest Node the package supports: their code ships
 * inside dist/node, so their floor would silently become ours.
 */
export function enginesProblems(
  packages: Array<{ name: string; version: string; engines: string | undefined }>,
  supported: string,
): string[] {
  const oldest = semver.minVersion(supported)?.version;
  if (!oldest) return [`engines.node '${supported}' has no lowest version`];
  return packages
    .filter((p) => p.engines !== undefined && !semver.satisfies(oldest, p.engines))
    .map(
      (p) =>
        `${p.name}@${p.version} (bundled in dist/node) needs Node ${p.engines}, but the package supports ${supported}: pin or override it`,
    );
}

/** `files`: `name@version` -> the files of dist/node that hold its code. */
function thirdPartyNotices(packages: BundledPackage[], files: Map<string, string[]>): string {
  const lines = [
    '# Third-party code in dist/node',
    '',
    'The files of dist/node named below are minified bundles that hold the code of these packages, at these',
    'exact versions. The client itself bundles none (its one dependency, openapi-fetch, is installed by npm), and',
    'neither do the mock server and the `call` command: their libraries (openapi-backend, Ajv, ajv-formats) are',
    'optional peer dependencies, installed by you. A security fix in a package below reaches you as a new release',
    'of hubspot-marketing-connector; see "Bundled code" in README.md.',
    '',
    '| Package | Version | Licence | Source | In |',
    '| --- | --- | --- | --- | --- |',
    ...packages.map(
      (p) =>
        `| ${p.name} | ${p.version} | ${p.license} | ${p.repository} | ${(files.get(`${p.name}@${p.version}`) ?? []).join(', ')} |`,
    ),
  ];
  for (const p of packages) {
    lines.push(
      '',
      `## ${p.name}@${p.version} (${p.license})`,
      '',
      p.licenseText || `(no licence file; ${p.license})`,
    );
  }
  return `${lines.join('\n')}\n`;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  buildPackage().catch((e: unknown) => {
    console.error(`✖ build failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
