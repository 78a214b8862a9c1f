/**
 * Emitter: `schema.ts`, the TypeScript types of every path, operation and component, produced by
 * openapi-typescript's transform (`transformSchema`, part of its Node API) from the bundled document.
 *
 * Not through `openapiTS()`: that entry point first lints and bundles its input with Redocly, which here is
 * done already (load bundles, check runs Redocly's recommended rules and ours), and its module loads all of
 * Redocly into the main thread. The transform and the printer are imported from their own modules of the
 * package (typed in ../openapi-typescript.d.ts, which the reference below brings into every program that
 * type-checks this file), which need only Redocly's small `ref-utils`.
 */
/// <reference path="../openapi-typescript.d.ts" />
import type { GlobalContext, OpenAPI3 } from 'openapi-typescript';
import { astToString } from 'openapi-typescript/dist/lib/ts.mjs';
import { resolveRef, scanDiscriminators } from 'openapi-typescript/dist/lib/utils.mjs';
import transformSchema from 'openapi-typescript/dist/transform/index.mjs';
import type { Model } from '../model.js';
import { GENERATED_HEADER } from './header.js';

export async function emitTypes(model: Model): Promise<Map<string, string>> {
  const schema = structuredClone(model.document) as unknown as OpenAPI3;
  const options = {
    alphabetize: false,
    immutable: false,
    exportType: false,
    // A `default` tells the server what it assumes, not that callers must send the field.
    defaultNonNullable: false,
  };
  // openapiTS()'s context for these options, minus the Redocly config (only its lint and bundle read it).
  const ctx: GlobalContext = {
    additionalProperties: false,
    alphabetize: options.alphabetize,
    arrayLength: false,
    defaultNonNullable: options.defaultNonNullable,
    discriminators: scanDiscriminators(schema, options),
    emptyObjectsUnknown: false,
    enum: false,
    enumValues: false,
    conditionalEnums: false,
    dedupeEnums: false,
    excludeDeprecated: false,
    exportType: options.exportType,
    immutable: options.immutable,
    rootTypes: false,
    rootTypesNoSchemaPrefix: false,
    rootTypesKeepCasing: false,
    injectFooter: [],
    pathParamsAsTypes: false,
    postTransform: undefined,
    propertiesRequiredByDefault: false,
    redoc: undefined as unknown as GlobalContext['redoc'],
    silent: false,
    inject: undefined,
    transform: undefined,
    transformProperty: undefined,
    makePathsEnum: false,
    generatePathParams: false,
    readWriteMarkers: false,
    resolve: ($ref) => resolveRef(schema, $ref, { silent: false }),
  };
  return new Map([['schema.ts', `${GENERATED_HEADER}\n${astToString(transformSchema(schema, ctx))}`]]);
}
