// @ts-check
/**
 * `node generator/launch.mjs [--early <module.cjs>] <entry.ts> [args]`: runs a generator entry with plain
 * Node, no TypeScript loader. `npm run generate` is
 * `node generator/launch.mjs --early generator/check-worker.cjs generator/cli.ts`.
 *
 * Each run bundles the entry and the generator modules it imports with esbuild, in memory (nothing is written
 * or kept between runs), and compiles the bundle as one CommonJS module. That is cheaper than tsx, which
 * starts a second Node process and a loader thread and compiles every file on its own, and it lets the
 * generator load ONE TypeScript compiler: ts-morph (the client emitter's builder) ships its own copy, and the
 * `typescript` that openapi-typescript (the types emitter) imports is pointed at that same copy instead of
 * loading a second 9 MB compiler. Packages stay outside the bundle and load from node_modules with
 * `require`, except openapi-typescript and its ESM-only dependencies, which are bundled so that the `typescript`
 * they import can be redirected.
 *
 * esbuild bundles in its own process; meanwhile this thread loads that TypeScript compiler (every entry run
 * here uses it), and `--early` names a plain CommonJS module whose `early(args)` is called with the entry's
 * arguments before anything else, to start work that needs no generator code: generate starts the Redocly
 * lint of the spec in its worker thread there (generator/check-worker.cjs), and the generator takes that run
 * over.
 */
import fs from 'node:fs';
import { createRequire, Module } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

/** Packages loaded from node_modules as they are (all CommonJS); any other package is bundled. */
const EXTERNAL =
  /^(?:ts-morph|@redocly\/openapi-core|@ts-morph\/common|ajv|ajv-formats|js-yaml|yaml|ansi-colors)(?:\/|$)/;

/** The TypeScript compiler ts-morph loads: the one copy the generator uses. */
const TYPESCRIPT = createRequire(require.resolve('ts-morph')).resolve('@ts-morph/common/dist/typescript.js');

let argv = process.argv.slice(2);
let earlyModule;
if (argv[0] === '--early') [, earlyModule, ...argv] = argv;
const [entryArg, ...args] = argv;
if (entryArg === undefined) {
  console.error('usage: node generator/launch.mjs [--early <module.cjs>] <entry.ts> [args]');
  process.exit(2);
}
const entry = path.resolve(entryArg);
if (earlyModule !== undefined)
  /** @type {{ early(args: string[]): void }} */ (require(path.resolve(earlyModule))).early(args);
const { build } = await import('esbuild');

let code;
try {
  const building = build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'silent',
    plugins: [
      {
        name: 'generator',
        setup(b) {
          b.onResolve({ filter: /^typescript$/ }, () => ({ path: TYPESCRIPT, external: true }));
          b.onResolve({ filter: /^[^./]/ }, (a) =>
            EXTERNAL.test(a.path) ? { path: a.path, external: true } : undefined,
          );
          // Each module keeps its own `import.meta.url` (paths such as PROJECT_ROOT are computed from it).
          b.onLoad({ filter: /\.ts$/ }, (a) => {
            if (a.path.split(path.sep).includes('node_modules')) return undefined;
            const source = fs.readFileSync(a.path, 'utf8');
            return {
              contents: source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(a.path).href)),
              loader: 'ts',
            };
          });
        },
      },
    ],
  });
  // While esbuild bundles: the compiler the generator would otherwise load once the bundle is compiled.
  require(TYPESCRIPT);
  const result = await building;
  code = result.outputFiles[0]?.text ?? '';
} catch (error) {
  const errors =
    /** @type {{ errors?: Array<{ text: string, location?: { file: string, line: number } }> }} */ (error)
      .errors;
  console.error(`✖ cannot compile ${path.relative(process.cwd(), entry)}:`);
  for (const e of errors ?? [{ text: String(error) }])
    console.error(`  ${e.location ? `${e.location.file}:${e.location.line}: ` : ''}${e.text}`);
  process.exit(1);
}

// The bundle is compiled as a module beside the entry, so that `require` resolves from the project.
const filename = path.join(path.dirname(entry), `${path.basename(entry, '.ts')}.bundle.cjs`);
const bundle = new Module(filename);
bundle.filename = filename;
bundle.paths = /** @type {{ _nodeModulePaths(dir: string): string[] }} */ (
  /** @type {unknown} */ (Module)
)._nodeModulePaths(path.dirname(filename));
process.argv = [process.argv[0] ?? process.execPath, entry, ...args];
/** @type {{ _compile(code: string, filename: string): void }} */ (/** @type {unknown} */ (bundle))._compile(
  code,
  filename,
);
