/**
 * The whole pipeline, spec in, files out: load -> check -> model -> emit (types, client, docs, catalog,
 * runtime) -> format. Nothing is written here; see write.ts.
 *
 * Three threads of work overlap: the Redocly lint runs in a worker thread from the start (it reads the files
 * itself) and then checks the examples our rules collect; the main thread loads, runs our rules, builds the
 * model and emits, then Biome formats the emitted files in its own process. The check's verdict comes first —
 * a spec that fails it fails with its diagnostics (Biome and the lint are stopped), whatever building or
 * emitting did with it.
 * The emitters are imported once the lint has started, so the worker does not wait for TypeScript to load.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkSpec, startLint } from './check.js';
import { formatFiles } from './format.js';
import { type LoadedSpec, loadSpec } from './load.js';
import type { Model } from './model.js';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface CompileOptions {
  /** Root spec file; defaults to `spec/openapi.yaml`. */
  spec?: string;
  /** Templates folder; defaults to `templates/`. */
  templates?: string;
}

export interface Compiled {
  model: Model;
  /** Output files by path relative to `generated/`, formatted, in a stable order. */
  files: Map<string, string>;
}

export async function compile(options: CompileOptions = {}): Promise<Compiled> {
  const specFile = options.spec ?? path.join(PROJECT_ROOT, 'spec', 'openapi.yaml');
  const templates = options.templates ?? path.join(PROJECT_ROOT, 'templates');
  const linting = startLint(path.resolve(specFile));
  let spec: LoadedSpec;
  try {
    spec = loadSpec(specFile);
  } catch (error) {
    linting.stop();
    throw error;
  }
  // Our rules run here and now, and the examples they collect go to the lint's thread, which checks them once
  // the lint is done while this thread builds and emits (or this thread does, if it is free first); checkSpec
  // takes the verdict below.
  linting.collect(spec);
  let built: { model: Model; emitted: Map<string, string> } | undefined;
  let failure: unknown;
  try {
    const [{ buildModel }, { emitTypes }, { emitClient }, { emitDocs }, { emitCatalog }] = await Promise.all([
      import('./model.js'),
      import('./emit/types.js'),
      import('./emit/client.js'),
      import('./emit/docs.js'),
      import('./emit/catalog.js'),
    ]);
    const model = buildModel(spec);
    const emitted = new Map<string, string>([
      ...(await emitTypes(model)),
      ...emitClient(model),
      ...emitDocs(model, templates),
      ...emitCatalog(model),
    ]);
    built = { model, emitted };
  } catch (error) {
    failure = error;
  }
  const stop = new AbortController();
  const formatting = built ? formatFiles(built.emitted, stop.signal) : undefined;
  formatting?.catch(() => undefined); // awaited below, unless the check fails first
  try {
    await checkSpec(spec, linting);
  } catch (error) {
    linting.stop();
    stop.abort();
    await formatting?.catch(() => undefined);
    throw error;
  }
  if (!built || !formatting) throw failure;
  const model = built.model;
  const formatted = await formatting;
  return {
    model,
    files: new Map([...formatted.entries()].sort(([a], [b]) => a.localeCompare(b))),
  };
}
