/**
 * Emitter: `schema.ts`, the TypeScript types of every path, operation and component, produced by
 * openapi-typescript's Node API from the bundled document.
 */
import openapiTS, { astToString } from 'openapi-typescript';
import type { Model } from '../model.js';
import { GENERATED_HEADER } from './header.js';

export async function emitTypes(model: Model): Promise<Map<string, string>> {
  const ast = await openapiTS(model.document as unknown as Parameters<typeof openapiTS>[0], {
    alphabetize: false,
    immutable: false,
    exportType: false,
    // A `default` tells the server what it assumes, not that callers must send the field.
    defaultNonNullable: false,
  });
  return new Map([['schema.ts', `${GENERATED_HEADER}\n${astToString(ast)}`]]);
}
