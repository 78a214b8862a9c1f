/**
 * The action catalog the command line works from: `generated/actions.json`, read once, with helpers to find
 * an action and resolve the schemas its `$ref`s point to. Those `$ref`s are relative references into the spec
 * beside it (`openapi.json#/components/schemas/X`), which holds the one copy of the named schemas; the spec is
 * read on the first lookup (`actions` never needs it).
 */
import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

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

/** `actions.json`, as shipped. */
export interface CatalogFile {
  title: string;
  version: string;
  baseUrl: string;
  actionCount: number;
  areas: Array<{ key: string; name: string; description: string; actions: string[] }>;
  connectorGroups: Array<{ name: string; actions: string[] }>;
  actions: CatalogAction[];
}

/** The catalog with the schemas its `$ref`s point to. */
export interface Catalog extends CatalogFile {
  /** The spec's `components`, where `$ref`s point (read from `openapi.json` on first use). */
  readonly components: { schemas: Record<string, JsonSchema> };
}

/** The prefix of every `$ref` of the catalog: the spec shipped beside it. */
export const SPEC_REF = 'openapi.json#';

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

/** Reads `actions.json`; the `openapi.json` beside it is read when a schema is first looked up. */
export function loadCatalog(path: string | URL = DEFAULT_CATALOG_PATH): Catalog {
  if (path === DEFAULT_CATALOG_PATH && cached) return cached;
  const file = JSON.parse(readFileSync(path, 'utf8')) as CatalogFile;
  const specPath = new URL('openapi.json', path instanceof URL ? path : pathToFileURL(path));
  let components: Catalog['components'] | undefined;
  const catalog: Catalog = Object.defineProperty({ ...file }, 'components', {
    enumerable: false,
    get(): Catalog['components'] {
      if (components) return components;
      let spec: { components?: { schemas?: Record<string, JsonSchema> } };
      try {
        spec = JSON.parse(readFileSync(specPath, 'utf8')) as typeof spec;
      } catch (e) {
        throw new Error(`cannot read the spec the action catalog refers to: ${(e as Error).message}`);
      }
      components = { schemas: spec.components?.schemas ?? {} };
      return components;
    },
  }) as Catalog;
  if (path === DEFAULT_CATALOG_PATH) cached = catalog;
  return catalog;
}

/** Follows `openapi.json#/components/schemas/X` references (a few hops at most). */
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
