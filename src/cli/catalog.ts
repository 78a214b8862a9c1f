/**
 * The action catalog the command line works from: `generated/actions.json`, read once, with helpers to find
 * an action and resolve the schemas its `$ref`s point to.
 */
import { existsSync, readFileSync } from 'node:fs';

export type JsonSchema = { [key: string]: unknown };

export interface CatalogParam {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  description: string;
  schema: JsonSchema;
}

export interface CatalogAction {
  id: string;
  area: string;
  areaName: string;
  connectorGroup: string;
  method: string;
  path: string;
  summary: string;
  description: string;
  deprecated: boolean;
  params: CatalogParam[];
  requestBody: { required: boolean; contentType: string; schema: JsonSchema } | null;
  responses: Array<{ status: string; description: string; schema: JsonSchema | null }>;
  security:
    | { credential: 'accessToken'; scheme: string; anyOf: string[][] }
    | { credential: 'developerApiKey'; scheme: string; scopes: string[] };
  pagination: { cursorParam: string; nextCursorPath: string; itemsPath: string; limitParam?: string } | null;
  batch: { inputsPath: string; maxItems: number } | null;
  example: { path?: Record<string, unknown>; query?: Record<string, unknown>; body?: unknown };
}

export interface Catalog {
  title: string;
  version: string;
  baseUrl: string;
  actionCount: number;
  areas: Array<{ key: string; name: string; description: string; actions: string[] }>;
  connectorGroups: Array<{ name: string; actions: string[] }>;
  actions: CatalogAction[];
  components: { schemas: Record<string, JsonSchema> };
}

/**
 * The action catalog: `dist/actions.json` beside the built command (`dist/node/cli.js`), or
 * `generated/actions.json` when the command runs from its source in `src/cli/`.
 */
export const DEFAULT_CATALOG_PATH =
  [
    new URL('../actions.json', import.meta.url),
    new URL('../../generated/actions.json', import.meta.url),
  ].find((url) => existsSync(url)) ?? new URL('../actions.json', import.meta.url);

let cached: Catalog | undefined;

export function loadCatalog(path: string | URL = DEFAULT_CATALOG_PATH): Catalog {
  if (path === DEFAULT_CATALOG_PATH && cached) return cached;
  const catalog = JSON.parse(readFileSync(path, 'utf8')) as Catalog;
  if (path === DEFAULT_CATALOG_PATH) cached = catalog;
  return catalog;
}

/** Follows `#/components/schemas/X` references (a few hops at most). */
export function resolveSchema(
  catalog: Catalog,
  schema: JsonSchema | null | undefined,
): JsonSchema | undefined {
  let cur = schema ?? undefined;
  for (let i = 0; i < 10 && cur && typeof cur.$ref === 'string'; i++) {
    cur = catalog.components.schemas[cur.$ref.split('/').pop() ?? ''];
  }
  return cur;
}

/** A short type for a schema: `string (uuid)`, `PublicCampaign[]`, `'a' | 'b'`. */
export function typeName(schema: JsonSchema | null | undefined): string {
  if (!schema) return 'none';
  if (typeof schema.$ref === 'string') return schema.$ref.split('/').pop() ?? 'object';
  if (Array.isArray(schema.enum)) {
    const values = schema.enum.map((v) => JSON.stringify(v));
    return values.length > 6
      ? `${values.slice(0, 6).join(' | ')} | … (${values.length})`
      : values.join(' | ');
  }
  if (schema.type === 'array') return `${typeName(schema.items as JsonSchema | undefined)}[]`;
  const t = Array.isArray(schema.type) ? schema.type.join(' | ') : String(schema.type ?? 'any');
  if (
    t === 'object' &&
    !schema.properties &&
    schema.additionalProperties &&
    typeof schema.additionalProperties === 'object'
  ) {
    return `map of ${typeName(schema.additionalProperties as JsonSchema)}`;
  }
  return typeof schema.format === 'string' ? `${t} (${schema.format})` : t;
}
