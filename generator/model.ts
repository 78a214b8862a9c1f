/**
 * Stage 3, model: one description of the API built from the bundled spec, shared by every emitter:
 * areas (one per tag), actions (one per operation), their parameters, bodies, responses, security,
 * pagination and batch metadata, and the connector's groups.
 */
import { HTTP_METHODS, resolveLocal } from './check.js';
import { isObject, type Json, type JsonObject, type LoadedSpec } from './load.js';
import { stripMaintainerExtensions } from './upstream/annotations.js';

export interface Param {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  description: string;
  schema: Json;
  example?: Json;
  style?: string;
  explode?: boolean;
}

export interface RequestBody {
  required: boolean;
  contentType: string;
  schema: Json;
  example?: Json;
}

export interface ResponseModel {
  status: string;
  description: string;
  schema?: Json;
  example?: Json;
}

export interface SecurityRequirement {
  scheme: string;
  scopes: string[];
}

export interface Pagination {
  cursorParam: string;
  limitParam?: string;
  nextCursorPath: string;
  itemsPath: string;
}

export interface Batch {
  inputsPath: string;
  maxItems: number;
}

export interface Action {
  /** The operationId: the function name and the `invoke` id. */
  id: string;
  areaKey: string;
  connectorGroup: string;
  method: string;
  path: string;
  summary: string;
  description: string;
  deprecated: boolean;
  params: Param[];
  requestBody?: RequestBody;
  responses: ResponseModel[];
  /** The 2xx responses. */
  success: ResponseModel[];
  /** Alternatives: any one requirement suffices. */
  security: SecurityRequirement[];
  /** The credential the client sends: a bearer access token, or the developer API key. */
  credential: 'accessToken' | 'developerApiKey';
  pagination?: Pagination;
  batch?: Batch;
  /** The request example assembled from the spec's parameter and body examples. */
  example: { path?: JsonObject; query?: JsonObject; body?: Json };
}

export interface Area {
  /** The tag name, e.g. `Marketing Events`. */
  name: string;
  /** camelCase key used on the client object, e.g. `marketingEvents`. */
  key: string;
  /** kebab-case file and doc page name, e.g. `marketing-events`. */
  slug: string;
  description: string;
  actions: Action[];
}

export interface ConnectorGroup {
  name: string;
  actions: Action[];
}

export interface SecurityScheme {
  name: string;
  type: string;
  description: string;
  in?: string;
  paramName?: string;
}

export interface Model {
  title: string;
  version: string;
  description: string;
  serverUrl: string;
  areas: Area[];
  actions: Action[];
  groups: ConnectorGroup[];
  securitySchemes: SecurityScheme[];
  /** The bundled document, for emitters that need the raw schemas. */
  document: JsonObject;
}

export function camelCase(words: string): string {
  const parts = words.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return parts
    .map((w, i) => (i === 0 ? w.toLowerCase() : w[0]?.toUpperCase() + w.slice(1).toLowerCase()))
    .join('');
}

export function kebabCase(words: string): string {
  return words
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase())
    .join('-');
}

const str = (v: Json | undefined): string => (typeof v === 'string' ? v : '');

/** Builds the model. Assumes the spec passed {@link checkSpec}. */
export function buildModel(spec: LoadedSpec): Model {
  // The upstream annotations are for maintainers (npm run spec:upstream): nothing generated carries them.
  const doc = stripMaintainerExtensions(spec.document) as JsonObject;
  const info = isObject(doc.info) ? doc.info : {};
  const tags = Array.isArray(doc.tags) ? doc.tags.filter(isObject) : [];
  const areas: Area[] = tags.map((t) => ({
    name: str(t.name),
    key: camelCase(str(t.name)),
    slug: kebabCase(str(t.name)),
    description: str(t.description),
    actions: [],
  }));
  const areaByTag = new Map(areas.map((a) => [a.name, a]));
  const actions: Action[] = [];
  const paths = isObject(doc.paths) ? doc.paths : {};

  for (const [p, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const tag = Array.isArray(op.tags) ? str(op.tags[0]) : '';
      const area = areaByTag.get(tag);
      if (!area) continue;
      const rawParams = [
        ...(Array.isArray(item.parameters) ? item.parameters : []),
        ...(Array.isArray(op.parameters) ? op.parameters : []),
      ];
      const params: Param[] = rawParams
        .map((x) => resolveLocal(doc, x))
        .filter(isObject)
        .map((x) => {
          const param: Param = {
            name: str(x.name),
            in: str(x.in) as Param['in'],
            required: x.required === true,
            description: str(x.description),
            schema: x.schema ?? {},
          };
          if (x.example !== undefined) param.example = x.example;
          if (typeof x.style === 'string') param.style = x.style;
          if (typeof x.explode === 'boolean') param.explode = x.explode;
          return param;
        });
      const order = { path: 0, query: 1, header: 2, cookie: 3 } as const;
      params.sort((a, b) => order[a.in] - order[b.in]);

      let requestBody: RequestBody | undefined;
      const rb = resolveLocal(doc, op.requestBody);
      if (isObject(rb) && isObject(rb.content)) {
        const [contentType, media] = Object.entries(rb.content)[0] ?? [];
        if (contentType && isObject(media)) {
          requestBody = {
            required: rb.required === true,
            contentType,
            schema: media.schema ?? {},
          };
          if (media.example !== undefined) requestBody.example = media.example;
        }
      }

      const responses: ResponseModel[] = Object.entries(isObject(op.responses) ? op.responses : {}).map(
        ([status, raw]) => {
          const r = resolveLocal(doc, raw);
          const media =
            isObject(r) && isObject(r.content)
              ? (r.content['application/json'] ?? Object.values(r.content)[0])
              : undefined;
          const out: ResponseModel = {
            status,
            description: isObject(r) ? str(r.description) : '',
          };
          if (isObject(media) && media.schema !== undefined) out.schema = media.schema;
          if (isObject(media) && media.example !== undefined) out.example = media.example;
          return out;
        },
      );

      const security: SecurityRequirement[] = (
        Array.isArray(op.security) ? op.security : Array.isArray(doc.security) ? doc.security : []
      )
        .filter(isObject)
        .flatMap((req) =>
          Object.entries(req).map(([scheme, scopes]) => ({
            scheme,
            scopes: Array.isArray(scopes) ? scopes.map(String) : [],
          })),
        );
      const credential =
        security.length > 0 && security.every((s) => s.scheme === 'developerApiKey')
          ? 'developerApiKey'
          : 'accessToken';

      const example: Action['example'] = {};
      for (const prm of params) {
        if (prm.example === undefined || (prm.in !== 'path' && prm.in !== 'query')) continue;
        example[prm.in] ??= {};
        (example[prm.in] as JsonObject)[prm.name] = prm.example;
      }
      if (requestBody?.example !== undefined) example.body = requestBody.example;

      const action: Action = {
        id: str(op.operationId),
        areaKey: area.key,
        connectorGroup: str(op['x-connector-group']),
        method,
        path: p,
        summary: str(op.summary),
        description: str(op.description),
        deprecated: op.deprecated === true,
        params,
        responses,
        success: responses.filter((r) => /^2\d\d$/.test(r.status)),
        security,
        credential,
        example,
      };
      if (requestBody) action.requestBody = requestBody;
      const pg = op['x-pagination'];
      if (isObject(pg)) {
        action.pagination = {
          cursorParam: str(pg.cursorParam),
          nextCursorPath: str(pg.nextCursorPath),
          itemsPath: str(pg.itemsPath),
        };
        if (typeof pg.limitParam === 'string') action.pagination.limitParam = pg.limitParam;
      }
      const bt = op['x-batch'];
      if (isObject(bt) && typeof bt.maxItems === 'number')
        action.batch = {
          inputsPath: str(bt.inputsPath),
          maxItems: bt.maxItems,
        };
      area.actions.push(action);
      actions.push(action);
    }
  }

  const groupMap = new Map<string, Action[]>();
  for (const a of actions) groupMap.set(a.connectorGroup, [...(groupMap.get(a.connectorGroup) ?? []), a]);
  const groups = [...groupMap.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, list]) => ({ name, actions: list }));

  const rawSchemes =
    isObject(doc.components) && isObject(doc.components.securitySchemes)
      ? doc.components.securitySchemes
      : {};
  const securitySchemes = Object.entries(rawSchemes).map(([name, s]) => {
    const o = isObject(s) ? s : {};
    const scheme: SecurityScheme = {
      name,
      type: str(o.type),
      description: str(o.description),
    };
    if (typeof o.in === 'string') scheme.in = o.in;
    if (typeof o.name === 'string') scheme.paramName = o.name;
    return scheme;
  });

  const servers = Array.isArray(doc.servers) ? doc.servers.filter(isObject) : [];
  return {
    title: str(info.title),
    version: str(info.version),
    description: str(info.description),
    serverUrl: str(servers[0]?.url) || 'https://api.hubapi.com',
    areas,
    actions,
    groups,
    securitySchemes,
    document: doc,
  };
}
