// @ts-check
/**
 * The Redocly lint of the spec files (recommended ruleset, example validation, errors only), in plain
 * CommonJS so that it needs no generator code to run:
 *
 * - `start(ref)` runs it in a worker thread (this same file), so that it runs beside loading, modelling and
 *   emitting; generator/check.ts's `startLint` uses it, and `lint(ref)` runs it in the calling thread.
 * - `early(args)` is what `npm run generate` runs first (`node generator/launch.mjs --early generator/lint.cjs
 *   generator/cli.ts`): it starts the lint of the spec the command names (`--spec`, or `spec/openapi.yaml`)
 *   before launch.mjs has bundled the generator and while TypeScript loads, and `adopt(ref)` hands that run to
 *   `startLint` when the generator asks for the same file. A run nobody adopts (another spec, `--help`, a
 *   usage error) is stopped or left to end with the process; it never decides anything.
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
 * @typedef {{ ref: string, problems: Promise<LintProblem[]>, stop(): void }} LintRun
 */

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
  const worker = new Worker(__filename, { workerData: { hmcLint: ref }, stdout: true, stderr: true });
  /** @type {Promise<LintProblem[]>} */
  const problems = new Promise((resolve, reject) => {
    let stderr = '';
    worker.stdout.resume(); // the linter prints nothing the user needs; keep the command's output clean
    worker.stderr.setEncoding('utf8').on('data', (/** @type {string} */ s) => {
      stderr += s;
    });
    worker.once('message', (/** @type {{ problems?: LintProblem[], error?: string }} */ m) => {
      if (m.problems) resolve(m.problems);
      else reject(new Error(`the Redocly linter failed: ${m.error}`));
      void worker.terminate();
    });
    worker.once('error', (e) => reject(new Error(`the Redocly linter failed: ${e.message}`)));
    worker.once('exit', (code) =>
      reject(
        new Error(
          `the Redocly linter stopped (exit ${code})${stderr.trim() ? `: ${stderr.trim().split('\n')[0]}` : ''}`,
        ),
      ),
    );
  });
  problems.catch(() => undefined); // awaited by whoever adopts the run, unless the spec fails before
  return { run: { ref, problems, stop: () => void worker.terminate() }, worker };
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
  lint(workerData.hmcLint).then(
    (problems) => parentPort?.postMessage({ problems }),
    (error) => parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) }),
  );
}

module.exports = { LINT_RULES, lint, start, early, adopt };
