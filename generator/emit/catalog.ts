/**
 * Emitter: the machine-readable catalog. `actions.json` has one entry per action (id, area, connector
 * group, method, path, prose, parameters with their JSON Schemas, body, responses, security, pagination,
 * batch limit, example); its `$ref`s point into its own `components`, so the file stands alone.
 * `openapi.json` is the bundled single-file spec.
 */
import { isObject, type Json } from '../load.js';
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
  const components = isObject(model.document.components) ? model.document.components : {};
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
    actions,
    components: { schemas: (components.schemas ?? {}) as Json },
  };
  return new Map([
    ['actions.json', `${JSON.stringify(catalog, null, 2)}\n`],
    ['openapi.json', `${JSON.stringify(model.document, null, 2)}\n`],
  ]);
}
