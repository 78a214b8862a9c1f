// @ts-check
/**
 * The checks that need no generator code, in plain CommonJS so that they run in a worker thread beside
 * loading, modelling and emitting, and can start before the generator is even bundled:
 *
 * - the Redocly lint of the spec files (recommended ruleset, example validation, errors only): `lint(ref)` in
 *   the calling thread, `start(ref)` in a worker thread (this same file);
 * - our example check (every example against its schema, JSON Schema 2020-12 as OpenAPI 3.1 uses, with Ajv):
 *   {@link ExampleValidator} in the calling thread, or `run.validateExamples(components, checks)` in the
 *   lint's worker once the lint is done, unless the calling thread takes them back first
 *   (`run.claimExamples()`, when it has nothing else to do): whichever thread is free first checks them;
 * - `early(args)` is what `npm run generate` runs first (`node generator/launch.mjs --early
 *   generator/check-worker.cjs generator/cli.ts`): it starts the worker for the spec the command names
 *   (`--spec`, or `spec/openapi.yaml`) before launch.mjs has bundled the generator and while TypeScript loads,
 *   and `adopt(ref)` hands that run to generator/check.ts's `startLint` when the generator asks for the same
 *   file. A run nobody adopts (another spec, `--help`, a usage error) is stopped or left to end with the
 *   process; it never decides anything.
 */
const path = require('node:path');
const { parseArgs } = require('node:util');
const { isMainThread, parentPort, Worker, workerData } = require('node:worker_threads');

/** Rules on top of Redocly's `recommended` set. */
const LINT_RULES = {
  'no-invalid-parameter-examples': 'error',
  'no-invalid-media-type-examples': 'error',
  'no-ambiguous-paths': 'off',
  'operation-4xx-response': 'off',
  // Our `duplicate-operation-id` reports a reused operationId once, at the operationId, naming the first use;
  // Redocly's rule would report the same problem again (its pointer ends at the value).
  'operation-operationId-unique': 'off',
};

/**
 * @typedef {{ ruleId: string, message: string, file?: string, pointer?: string }} LintProblem
 *   What the linter reports, reduced to what crosses a thread boundary: the absolute path of the file the
 *   problem is in (when Redocly names one) and the JSON pointer as Redocly gives it (`#/paths/...`).
 * @typedef {{ path: string, message: string }} ExampleProblem
 *   An example that does not match its schema: where in the example (a JSON pointer, '' for the whole) and why.
 * @typedef {{ schema: unknown, value: unknown }} ExampleCheck
 * @typedef {{
 *   ref: string,
 *   problems: Promise<LintProblem[]>,
 *   validateExamples(components: unknown, checks: ExampleCheck[]): Promise<ExampleProblem[][]>,
 *   claimExamples(): boolean,
 *   stop(): void,
 * }} LintRun
 */

const SPEC_ID = 'https://spec.local/openapi.json';

/** Who checks the examples handed to a lint's worker: the first to set the shared claim. */
const UNCLAIMED = 0;
const CLAIMED_BY_WORKER = 1;
const CLAIMED_BY_CALLER = 2;

/** Validates examples against schemas of the bundled document. */
class ExampleValidator {
  /** @param {unknown} components the bundled document's `components` */
  constructor(components) {
    const { Ajv2020 } = require('ajv/dist/2020.js');
    /** @type {import('ajv').default} */
    this.ajv = new Ajv2020({
      strict: false,
      allErrors: false,
      validateFormats: true,
      // Each example is validated once: compiling fast matters more than validating fast. Referenced
      // schemas compile once each instead of being inlined into every schema that uses them.
      inlineRefs: false,
      code: { optimize: false },
    });
    require('ajv-formats')(this.ajv);
    this.ajv.addSchema({ $id: SPEC_ID, components: components ?? {} });
    /** @type {Map<string, import('ajv').ValidateFunction>} */
    this.compiled = new Map();
  }

  /**
   * The first problem of `value` against `schema`, if any.
   * @param {unknown} schema
   * @param {unknown} value
   * @returns {ExampleProblem[]}
   */
  validate(schema, value) {
    /** @type {import('ajv').ValidateFunction | undefined} */
    let fn;
    try {
      // A bare component reference compiles once per component; anything else once per distinct schema.
      const ref =
        isObject(schema) && typeof schema.$ref === 'string' && Object.keys(schema).length === 1
          ? schema.$ref
          : undefined;
      const key = ref ?? JSON.stringify(schema);
      fn = this.compiled.get(key);
      if (!fn) {
        fn = ref?.startsWith('#') ? this.ajv.getSchema(`${SPEC_ID}${ref}`) : undefined;
        fn ??= this.ajv.compile(/** @type {object} */ (rebase(schema)));
        this.compiled.set(key, fn);
      }
    } catch (e) {
      return [{ path: '', message: `cannot be checked: ${/** @type {Error} */ (e).message}` }];
    }
    if (fn(value)) return [];
    return (fn.errors ?? []).slice(0, 1).map((err) => ({
      path: err.instancePath,
      message: `is invalid at '${err.instancePath || '/'}': ${err.message ?? 'does not match the schema'}`,
    }));
  }
}

/**
 * @param {unknown} v
 * @returns {v is Record<string, unknown>}
 */
function isObject(v) {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Points local `#/components/...` references at the registered document.
 * @param {unknown} schema
 * @returns {unknown}
 */
function rebase(schema) {
  if (Array.isArray(schema)) return schema.map(rebase);
  if (!isObject(schema)) return schema;
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const [k, v] of Object.entries(schema))
    out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#') ? `${SPEC_ID}${v}` : rebase(v);
  return out;
}

/**
 * Lints the files from the root spec file `ref` in this thread.
 * @param {string} ref
 * @returns {Promise<LintProblem[]>}
 */
async function lint(ref) {
  const redocly = require('@redocly/openapi-core');
  const config = await redocly.createConfig({ extends: ['recommended'], rules: LINT_RULES });
  const problems = await redocly.lint({ ref, config });
  return problems
    .filter((p) => p.severity === 'error')
    .map((p) => ({
      ruleId: p.ruleId,
      message: p.message,
      file: p.location[0]?.source.absoluteRef,
      pointer: p.location[0]?.pointer,
    }));
}

/**
 * Starts the lint of `ref` (absolute) in a worker thread.
 * @param {string} ref
 * @returns {{ run: LintRun, worker: Worker }}
 */
function spawn(ref) {
  const claim = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(__filename, {
    workerData: { hmcLint: ref, claim: claim.buffer },
    stdout: true,
    stderr: true,
  });
  let stderr = '';
  worker.stdout.resume(); // the linter prints nothing the user needs; keep the command's output clean
  worker.stderr.setEncoding('utf8').on('data', (/** @type {string} */ s) => {
    stderr += s;
  });
  /** @type {Promise<never>} */
  const failed = new Promise((_, reject) => {
    worker.once('error', (e) => reject(new Error(`the Redocly linter failed: ${e.message}`)));
    worker.once('exit', (code) =>
      reject(
        new Error(
          `the Redocly linter stopped (exit ${code})${stderr.trim() ? `: ${stderr.trim().split('\n')[0]}` : ''}`,
        ),
      ),
    );
  });
  failed.catch(() => undefined);
  /** @type {Map<string, (m: { problems?: unknown, error?: string }) => void>} */
  const waiting = new Map();
  worker.on('message', (/** @type {{ kind: string, problems?: unknown, error?: string }} */ m) => {
    waiting.get(m.kind)?.(m);
  });
  /** @type {<T>(kind: string) => Promise<T>} */
  const reply = (kind) =>
    Promise.race([
      new Promise((resolve, reject) => {
        waiting.set(kind, (m) => {
          if (m.error === undefined) resolve(/** @type {any} */ (m.problems));
          else
            reject(
              new Error(`the ${kind === 'lint' ? 'Redocly linter' : 'example check'} failed: ${m.error}`),
            );
        });
      }),
      failed,
    ]);
  /** @type {Promise<LintProblem[]>} */
  const problems = reply('lint');
  problems.catch(() => undefined); // awaited by whoever adopts the run, unless the spec fails before
  /** @type {Promise<ExampleProblem[][]> | undefined} */
  let examples;
  return {
    run: {
      ref,
      problems,
      validateExamples(components, checks) {
        if (examples === undefined) {
          examples = reply('examples');
          examples.catch(() => undefined);
          worker.postMessage({ kind: 'examples', components, checks });
        }
        return examples;
      },
      claimExamples: () => Atomics.compareExchange(claim, 0, UNCLAIMED, CLAIMED_BY_CALLER) === UNCLAIMED,
      stop: () => void worker.terminate(),
    },
    worker,
  };
}

/**
 * Starts the lint of `ref` (absolute) in a worker thread.
 * @param {string} ref
 * @returns {LintRun}
 */
function start(ref) {
  return spawn(ref).run;
}

/** @type {{ run: LintRun, worker: Worker } | undefined} */
let started;

/**
 * Starts the lint of the spec that the generator's command line `args` name, ahead of the generator.
 * @param {string[]} args
 */
function early(args) {
  let spec = path.join(__dirname, '..', 'spec', 'openapi.yaml');
  try {
    const { values } = parseArgs({ args, options: { spec: { type: 'string' } }, strict: false });
    if (typeof values.spec === 'string') spec = values.spec;
  } catch {
    return; // the generator reports the usage error
  }
  started = spawn(path.resolve(spec));
  started.worker.unref(); // until adopted: a command that ends without asking for the lint does not wait for it
}

/**
 * The run `early` started, when it lints `ref`; any other early run is stopped. Each run is adopted once.
 * @param {string} ref
 * @returns {LintRun | undefined}
 */
function adopt(ref) {
  const early = started;
  started = undefined;
  if (early === undefined) return undefined;
  if (early.run.ref !== ref) {
    early.run.stop();
    return undefined;
  }
  early.worker.ref();
  return early.run;
}

if (!isMainThread && workerData && typeof workerData.hmcLint === 'string') {
  const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);
  const claim = new Int32Array(workerData.claim);
  /** @type {{ components: unknown, checks: ExampleCheck[] } | undefined} */
  let pending;
  let linted = false;
  const validate = () => {
    if (!pending || !linted) return;
    const { components, checks } = pending;
    pending = undefined;
    if (Atomics.compareExchange(claim, 0, UNCLAIMED, CLAIMED_BY_WORKER) !== UNCLAIMED) {
      port.close(); // the calling thread checks them: the worker ends
      return;
    }
    try {
      const validator = new ExampleValidator(components);
      port.postMessage({
        kind: 'examples',
        problems: checks.map((c) => validator.validate(c.schema, c.value)),
      });
    } catch (error) {
      port.postMessage({ kind: 'examples', error: error instanceof Error ? error.message : String(error) });
    }
    port.close(); // nothing more to do: the worker ends
  };
  // The examples arrive while the lint runs; they are checked once it is done (the lint's verdict comes first).
  port.on('message', (/** @type {{ kind: string, components: unknown, checks: ExampleCheck[] }} */ m) => {
    if (m.kind !== 'examples') return;
    pending = m;
    validate();
  });
  lint(workerData.hmcLint)
    .then(
      (problems) => port.postMessage({ kind: 'lint', problems }),
      (error) =>
        port.postMessage({ kind: 'lint', error: error instanceof Error ? error.message : String(error) }),
    )
    .then(() => {
      linted = true;
      validate();
    });
}

module.exports = { LINT_RULES, ExampleValidator, lint, start, early, adopt };
