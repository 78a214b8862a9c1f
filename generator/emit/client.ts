/**
 * Emitter: the typed client, one module per artefact, each from its own emitter file: `client/<area>.ts`
 * (client-area.ts: per action its types, a static descriptor and a one-line function into the runtime),
 * `client/core.ts` (client-core.ts: the runtime core bound to the generated `paths`) and `client/index.ts`
 * (client-index.ts, with client-actions.ts and client-factory.ts: the root entry, the action tables and
 * `createHubSpotMarketingClient`). The logic — input checks, requests, pagination, batching, `invoke` and the
 * result style — is the runtime's (src/runtime/); what is emitted here is types, data and thin wrappers.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { printStructure, StructureKind } from 'ts-morph';
import type { Model } from '../model.js';
import { emitAreaModule } from './client-area.js';
import { emitCoreModule } from './client-core.js';
import { emitIndexModule } from './client-index.js';

export { inputOptional } from './client-shared.js';

/** The package's name and version, for the `User-Agent` the client sends. */
export interface PackageInfo {
  name: string;
  version: string;
}

/** Name and version from package.json: the generated client sends them as its `User-Agent`. */
export function readPackageInfo(
  root: string = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..'),
): PackageInfo {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as PackageInfo;
  return { name: pkg.name, version: pkg.version };
}

export function emitClient(model: Model, pkg: PackageInfo = readPackageInfo()): Map<string, string> {
  const files = [
    emitCoreModule(`${pkg.name}/${pkg.version}`),
    ...model.areas.map((a) => emitAreaModule(a)),
    emitIndexModule(model),
  ];
  // ts-morph's structure printer writes each file's text directly: the same text a Project's
  // `createSourceFile(path, structure).getFullText()` gives, without parsing it into a syntax tree nobody
  // reads (that parse was most of this emitter's time).
  return new Map(
    files.map((f) => [f.path, printStructure({ kind: StructureKind.SourceFile, statements: f.statements })]),
  );
}
