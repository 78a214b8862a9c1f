/**
 * Emitter: the machine-readable catalog. `actions.json` has one entry per action (id, area, connector
 * group, method, path, prose, parameters with their JSON Schemas, body, responses, security, pagination,
 * batch limit, example). `openapi.json` is the bundled single-file spec, and it holds the one copy of the named
 * schemas: a `$ref` of `actions.json` is a relative reference into it (`openapi.json#/components/schemas/X`),
 * which any JSON reference resolver follows from where the two files lie side by side (`generated/`, and
 * `dist/` in the package). The catalog used to carry a second copy of `components` (116 KB of the package).
 */
import type { Json } from '../load.js';
import type { Model } from '../model.js';

export function emitCatalog(model: Model): Map<string, string> {
  const areaName = new Map(model.areas.map((a) => [a.key, a.name]));
  const actions = model.actions.map((a) => ({
    id: a.id,
    area: a.areaKey,
    areaName: areaName.get(a.areaKey) ?? a.areaKey,
    connectorGroup: a.connectorGroup,
    method: a.method.toUpperCase(),
    path: a.path,
    summary: a.summary,
    description: a.description,
    deprecated: a.deprecated,
    params: a.params.map((p) => ({
      name: p.name,
      in: p.in,
      required: p.required,
      description: p.description,
      schema: p.schema,
    })),
    requestBody: a.requestBody
      ? {
          required: a.requestBody.required,
          contentType: a.requestBody.contentType,
          schema: a.requestBody.schema,
        }
      : null,
    responses: a.responses.map((r) => ({
      status: r.status,
      description: r.description,
      schema: r.schema ?? null,
    })),
    security:
      a.credential === 'developerApiKey'
        ? {
            credential: 'developerApiKey',
            scheme: 'developerApiKey',
            scopes: [],
          }
        : {
            credential: 'accessToken',
            scheme: 'hubspotAccessToken',
            anyOf: a.security.map((s) => s.scopes),
          },
    pagination: a.pagination ?? null,
    batch: a.batch ?? null,
    example: a.example,
  }));
  const catalog = {
    title: model.title,
    version: model.version,
    baseUrl: model.serverUrl,
    actionCount: actions.length,
    areas: model.areas.map((a) => ({
      key: a.key,
      name: a.name,
      description: a.description,
      actions: a.actions.map((x) => x.id),
    })),
    connectorGroups: model.groups.map((g) => ({
      name: g.name,
      actions: g.actions.map((x) => x.id),
    })),
    actions: intoSpec(actions as unknown as Json),
  };
  return new Map([
    ['actions.json', `${JSON.stringify(catalog, null, 2)}\n`],
    ['openapi.json', `${JSON.stringify(model.document, null, 2)}\n`],
  ]);
}

/** Where the catalog's `$ref`s point: the schemas of the spec shipped beside it. */
export const CATALOG_REF_BASE = 'openapi.json';

/** A copy of `value` whose local `$ref`s (`#/...`, into the spec) point into `openapi.json` instead. */
function intoSpec(value: Json): Json {
  if (Array.isArray(value)) return value.map(intoSpec);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, Json> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] =
      key === '$ref' && typeof v === 'string' && v.startsWith('#') ? `${CATALOG_REF_BASE}${v}` : intoSpec(v);
  }
  return out;
}
