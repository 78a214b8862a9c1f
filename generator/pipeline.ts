/**
 * The whole pipeline, spec in, files out: load -> check -> model -> emit (types, client, docs, catalog,
 * runtime) -> format. Nothing is written here; see write.ts.
 *
 * The check and the formatting overlap: the model is built and the files emitted first, Biome formats them in
 * its own process while the spec is checked, and the check's verdict comes first — a spec that fails it fails
 * with its diagnostics (Biome is stopped), whatever building or emitting did with it.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkSpec } from './check.js';
import { emitCatalog } from './emit/catalog.js';
import { emitClient } from './emit/client.js';
import { emitDocs } from './emit/docs.js';
import { emitTypes } from './emit/types.js';
import { formatFiles } from './format.js';
import { loadSpec } from './load.js';
import { buildModel, type Model } from './model.js';

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
  const spec = loadSpec(specFile);
  let built: { model: Model; emitted: Map<string, string> } | undefined;
  let failure: unknown;
  try {
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
    await checkSpec(spec);
  } catch (error) {
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
