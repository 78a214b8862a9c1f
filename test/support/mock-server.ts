/**
 * A local stand-in for the HubSpot API that checks every request against the bundled OpenAPI 3.1 spec
 * (generated/openapi.json) with openapi-backend, records what it saw, and answers like HubSpot would:
 *
 * - 404 (HubSpot error envelope) for a path the spec does not have, 405 for a known path with another method;
 * - 401 when the operation's credential is missing: no `Authorization: Bearer …` header on an access-token
 *   operation, no `hapikey` query parameter on a developer-API-key operation;
 * - 400 with `category: 'VALIDATION_ERROR'` and one `errors[]` item per problem when the request breaks the spec
 *   (path, path and query parameters, headers, content type, body);
 * - otherwise the operation's success status (the lowest 2xx it declares) with the spec's response example,
 *   or a body made by openapi-backend's mock generator when there is none; 204 without a body when the success
 *   response has no content. Another declared status can be chosen per operation (`statuses`, `setStatus`), e.g.
 *   207 for a batch. The answer is itself checked against the spec (see `responseErrors`).
 *
 * openapi-backend 5.21 and OpenAPI 3.1. The library is written for 3.0; this helper works around what breaks:
 *
 * 1. `init()` checks the document with openapi-schema-validator, which only knows the 3.0 (and 2.0) meta-schema,
 *    so a 3.1 document "fails" (`info.summary`, `license.identifier`, `$ref` siblings, ...). In non-strict mode
 *    the error is only logged, but the dereference step after it is skipped too: the backend silently ends up
 *    with zero operations and answers 404 to everything. We subclass and replace `validateDefinition()` with a
 *    3.1 sanity check; full document validation is the Redocly lint in the generator and test/spec.
 * 2. Request and response validators are compiled with Ajv's draft-07 class and no format plugin (formats such
 *    as `uuid`, `date` and `date-time` are silently ignored with `strict: false`). `customizeAjv` swaps in Ajv's
 *    JSON Schema 2020-12 class (the dialect of OpenAPI 3.1) with ajv-formats, one instance per validation
 *    context (which also cuts start-up from about 3.5 s to about 1.3 s: the library builds ~300 Ajv instances).
 * 3. 3.1 allows keywords next to `$ref` (this spec has 54 `{ $ref, description }`). The dereferencer turns those
 *    into shallow copies that share inner objects with the target schema, and openapi-backend's `decycle()`
 *    replaces every object it meets twice, not just cycles, with `{ $ref: <pointer> }`, including non-schema
 *    objects such as a shared `properties` map; Ajv then rejects the schema and `init()` throws. Before loading,
 *    annotation-only siblings (description, title, examples, ...) are dropped (they do not affect validation)
 *    and any other siblings are kept next to an `allOf: [{ $ref }]`, which means the same in 2020-12.
 * 4. Credentials sent as an `apiKey` query parameter (`hapikey`) are not declared parameters, so the query
 *    validator (`additionalProperties: false`) would call them unknown. They are removed from the query that is
 *    validated, only for operations whose security uses that scheme; elsewhere a stray `hapikey` stays an error.
 * 5. Not checked by the library, added here: the request Content-Type against `requestBody.content`, a body
 *    sent to an operation that takes none, and malformed percent-encoding in the path (the router throws).
 * 6. The mock generator (mock-json-schema) predates 2020-12 (no `const`, `prefixItems`, ...). Every answer is
 *    validated against the response schema and problems are recorded in `responseErrors`.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ErrorObject } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import {
  type AjvCustomizer,
  type Request as BackendRequest,
  type Context,
  type Document,
  OpenAPIBackend,
  type Operation,
} from 'openapi-backend';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

export const DEFAULT_SPEC_PATH = new URL('../../generated/openapi.json', import.meta.url);

/** What the server answers. */
export interface MockAnswer {
  status: number;
  /** JSON body; `undefined` sends no body. */
  body?: unknown;
  headers?: Record<string, string>;
}

/** One request as the server saw it. */
export interface RecordedRequest {
  /** The operation the request was routed to, or `undefined` for an unknown route. */
  operationId: string | undefined;
  /** Upper-case HTTP method. */
  method: string;
  /** The raw request target: path (still percent-encoded) and query. */
  url: string;
  /** The raw path, still percent-encoded, exactly as sent. */
  path: string;
  /** Path parameters, percent-decoded. */
  params: Record<string, string>;
  /** The query, parsed (repeated keys become arrays); secrets included, as sent. */
  query: Record<string, unknown>;
  /** Whether the request matched the spec (routing aside: an unknown route is invalid too). */
  valid: boolean;
  /** What openapi-backend (and the extra checks of this helper) found wrong; empty when valid. */
  errors: ErrorObject[];
  headers: IncomingHttpHeaders;
  /** The body: parsed JSON, the raw text when it is not JSON, `undefined` when empty. */
  body: unknown;
  /** The status the server answered. */
  status: number;
  /** Problems of the answer's body against the spec's response schema (a spec or mock generator bug). */
  responseErrors: ErrorObject[];
}

export interface ValidatingServerOptions {
  /** The bundled OpenAPI 3.1 document; default generated/openapi.json. */
  specPath?: string | URL;
  /**
   * Called after a request was checked and recorded; a returned answer replaces the server's own (use it to
   * simulate HubSpot errors). Return `undefined` to keep the default answer.
   */
  respond?: Responder;
  /** The success status to answer per operationId, instead of the lowest 2xx (it must be declared). */
  statuses?: Record<string, number>;
}

export type Responder = (request: RecordedRequest, defaultAnswer: MockAnswer) => MockAnswer | undefined;

export interface ValidatingServer {
  /** Base URL, e.g. `http://127.0.0.1:54321`; pass it as the client's `baseUrl`. */
  readonly url: string;
  /** Every request so far, oldest first. Clear it with `requests.length = 0` or `reset()`. */
  readonly requests: RecordedRequest[];
  /** Replaces (or, with `undefined`, removes) the responder given in the options. */
  setResponder(responder: Responder | undefined): void;
  /** Answers `operationId` with this declared success status from now on (`undefined`: the lowest 2xx). */
  setStatus(operationId: string, status: number | undefined): void;
  /** Forgets recorded requests, the responder and the chosen statuses. */
  reset(): void;
  close(): Promise<void>;
}

/** A HubSpot error envelope, as the API sends it. */
export interface HubSpotErrorEnvelope {
  status: 'error';
  message: string;
  correlationId: string;
  category: string;
  subCategory?: string;
  errors?: Array<{ message: string; in?: string; code?: string; context?: Record<string, string[]> }>;
  context?: Record<string, string[]>;
  links?: Record<string, string>;
}

/** Builds a HubSpot error envelope with a fresh correlation id. */
export function hubspotError(
  category: string,
  message: string,
  extra: Partial<Omit<HubSpotErrorEnvelope, 'status' | 'category' | 'message'>> = {},
): HubSpotErrorEnvelope {
  return { status: 'error', message, correlationId: randomUUID(), category, ...extra };
}

/** Starts the server on 127.0.0.1 on a free port. */
export async function startValidatingServer(
  options: ValidatingServerOptions = {},
): Promise<ValidatingServer> {
  const backend = await loadBackend(options.specPath ?? DEFAULT_SPEC_PATH);
  const requests: RecordedRequest[] = [];
  let responder = options.respond;
  const statuses = new Map<string, number>();
  const setStatus = (operationId: string, status: number | undefined) => {
    if (status === undefined) {
      statuses.delete(operationId);
      return;
    }
    const responses = backend.api.getOperation(operationId)?.responses as Record<string, unknown> | undefined;
    if (!/^2\d\d$/.test(String(status)) || !responses?.[String(status)]) {
      throw new Error(`${operationId} declares no ${status} success response`);
    }
    statuses.set(operationId, status);
  };
  for (const [operationId, status] of Object.entries(options.statuses ?? {})) setStatus(operationId, status);

  const server = createServer((req, res) => {
    handle(backend, req, res, requests, () => responder, statuses).catch((err: unknown) => {
      // Only reached if writing the answer failed; never leave the client hanging.
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setResponder(next) {
      responder = next;
    },
    setStatus,
    reset() {
      requests.length = 0;
      responder = undefined;
      statuses.clear();
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// openapi-backend set-up

type JsonObject = { [key: string]: unknown };

interface SecurityScheme {
  type?: string;
  scheme?: string;
  in?: string;
  name?: string;
}

/** What the handlers get besides the openapi-backend context. */
interface RequestState {
  rawQuery: URLSearchParams;
  /** The request with apiKey query credentials removed, as validated. */
  validated: BackendRequest;
  validation?: { valid: boolean; errors: ErrorObject[] };
  responseErrors: ErrorObject[];
  /** The success status chosen for this operation, if any. */
  status?: number;
}

interface LoadedBackend {
  api: OpenAPIBackend;
  schemes: Record<string, SecurityScheme>;
}

class OpenAPI31Backend extends OpenAPIBackend {
  /** Replaces the 3.0-only meta-schema check (gap 1); the spec is linted by Redocly elsewhere. */
  override validateDefinition(): Document {
    const doc = this.document as unknown as JsonObject;
    if (typeof doc.openapi !== 'string' || !/^3\.1\.\d+$/.test(doc.openapi)) {
      throw new Error(`expected an OpenAPI 3.1 document, got openapi: ${String(doc.openapi)}`);
    }
    if (!isObject(doc.paths)) throw new Error('the document has no paths');
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(isObject(item) ? item : {})) {
        if (HTTP_METHODS.has(method) && !(isObject(op) && typeof op.operationId === 'string')) {
          throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
        }
      }
    }
    return this.document;
  }
}

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/** Keywords next to `$ref` that do not change what validates (gap 3). */
const ANNOTATIONS = new Set([
  'description',
  'summary',
  'title',
  'example',
  'examples',
  'deprecated',
  'readOnly',
  'writeOnly',
  '$comment',
]);

/** Rewrites `$ref`-with-siblings so that dereferencing never yields shallow copies (gap 3). */
export function splitRefSiblings(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(splitRefSiblings);
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) out[key] = splitRefSiblings(value);
  if (typeof out.$ref !== 'string' || Object.keys(out).length === 1) return out;
  const { $ref, ...siblings } = out;
  const kept = Object.fromEntries(Object.entries(siblings).filter(([key]) => !ANNOTATIONS.has(key)));
  if (Object.keys(kept).length === 0) return { $ref };
  const allOf = Array.isArray(kept.allOf) ? kept.allOf : [];
  return { ...kept, allOf: [{ $ref }, ...allOf] };
}

const backends = new Map<string, Promise<LoadedBackend>>();

/** Loads and initialises the backend once per spec file and process (it takes about a second). */
function loadBackend(specPath: string | URL): Promise<LoadedBackend> {
  const key = String(specPath);
  let loaded = backends.get(key);
  if (!loaded) {
    loaded = createBackend(specPath);
    backends.set(key, loaded);
    loaded.catch(() => backends.delete(key));
  }
  return loaded;
}

async function createBackend(specPath: string | URL): Promise<LoadedBackend> {
  const raw = JSON.parse(readFileSync(specPath, 'utf8')) as JsonObject;
  const definition = splitRefSiblings(raw) as Document;
  const schemes = (
    isObject(raw.components) && isObject(raw.components.securitySchemes) ? raw.components.securitySchemes : {}
  ) as Record<string, SecurityScheme>;

  // Gap 2: JSON Schema 2020-12 with formats, one Ajv per context and option set.
  const ajvs = new Map<string, Ajv2020>();
  const customizeAjv: AjvCustomizer = (_draft07, ajvOpts, context) => {
    const key = `${context} ${JSON.stringify(ajvOpts)}`;
    let ajv = ajvs.get(key);
    if (!ajv) {
      ajv = new Ajv2020({ ...ajvOpts, strict: false, allErrors: true });
      addFormats(ajv);
      ajvs.set(key, ajv);
    }
    return ajv;
  };

  const api = new OpenAPI31Backend({
    definition,
    validate: true,
    // Fail loudly: init problems throw, and nothing falls through to an operation handler unchecked.
    strict: true,
    ignoreTrailingSlashes: false,
    customizeAjv,
  });

  api.register({
    notFound: (c: Context) =>
      answerOf(c, 404, hubspotError('OBJECT_NOT_FOUND', 'No route matches this request.')),
    methodNotAllowed: (c: Context) =>
      answerOf(c, 405, hubspotError('VALIDATION_ERROR', 'This method is not allowed for this path.')),
    unauthorizedHandler: (c: Context, state: RequestState) => {
      // openapi-backend checks security before validation; validate anyway so the log is complete.
      state.validation = validate(api, state, c.operation);
      const names = Object.keys(c.security).filter((k) => k !== 'authorized');
      return answerOf(
        c,
        401,
        hubspotError(
          'INVALID_AUTHENTICATION',
          `Authentication credentials not found or invalid (${names.map((n) => describeScheme(schemes[n])).join(' or ')}).`,
        ),
      );
    },
    validationFail: (c: Context, state: RequestState) => {
      state.validation = validate(api, state, c.operation);
      return answerOf(c, 400, validationEnvelope(state.validation.errors));
    },
    notImplemented: (c: Context, state: RequestState) => {
      state.validation = validate(api, state, c.operation);
      if (!state.validation.valid) return answerOf(c, 400, validationEnvelope(state.validation.errors));
      return successAnswer(api, c.operation, state);
    },
  });
  for (const [name, scheme] of Object.entries(schemes)) {
    api.registerSecurityHandler(name, (c: Context, state: RequestState) => hasCredential(scheme, c, state));
  }
  await api.init();
  return { api, schemes };
}

// ---------------------------------------------------------------------------------------------------------
// request handling

interface Answered extends MockAnswer {
  operationId: string | undefined;
}

async function handle(
  { api, schemes }: LoadedBackend,
  req: IncomingMessage,
  res: ServerResponse,
  requests: RecordedRequest[],
  responder: () => Responder | undefined,
  statuses: ReadonlyMap<string, number>,
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  const target = req.url ?? '/';
  const q = target.indexOf('?');
  const path = q === -1 ? target : target.slice(0, q);
  const rawQueryString = q === -1 ? '' : target.slice(q + 1);
  const method = (req.method ?? 'GET').toLowerCase();
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name] = value;

  const request: BackendRequest = { method, path, headers, query: rawQueryString };
  if (text !== '') request.body = text;
  const state: RequestState = {
    rawQuery: new URLSearchParams(rawQueryString),
    validated: request,
    responseErrors: [],
  };

  let answer: Answered;
  let params: Record<string, string> = {};
  let query: Record<string, unknown> = {};
  let operation: Operation | undefined;
  try {
    // Gap 4: route first to learn which apiKey query credentials this operation takes, and hide them.
    operation = api.router.matchOperation(request);
    if (operation) {
      state.status = statuses.get(operation.operationId as string);
      const hidden = apiKeyQueryNames(operation, schemes);
      if (hidden.length > 0) state.validated = { ...request, query: dropQueryKeys(rawQueryString, hidden) };
      const parsed = api.router.parseRequest(request, operation);
      params = parsed.params as Record<string, string>;
      query = parsed.query as Record<string, unknown>;
    } else {
      query = api.router.parseRequest(request).query as Record<string, unknown>;
    }
    answer = (await api.handleRequest(state.validated, state)) as Answered;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const operationId = operation?.operationId;
    if (err instanceof URIError) {
      // Gap 5: a malformed %-escape in the path; the router's decodeURIComponent throws.
      state.validation = { valid: false, errors: [issue('', 'request', message)] };
      answer = { operationId, ...answerBody(400, validationEnvelope(state.validation.errors)) };
    } else {
      // A fault of this helper or of the spec (say, a mock that cannot be built), not of the request.
      state.validation ??= { valid: false, errors: [issue('', 'server', message)] };
      answer = {
        operationId,
        ...answerBody(500, hubspotError('INTERNAL_ERROR', `mock server failure: ${message}`)),
      };
    }
  }

  const validation = state.validation ?? {
    valid: false,
    errors: [issue('', 'route', `no operation for ${method.toUpperCase()} ${path}`)],
  };
  const recorded: RecordedRequest = {
    operationId: answer.operationId,
    method: method.toUpperCase(),
    url: target,
    path,
    params,
    query,
    valid: validation.valid,
    errors: validation.errors,
    headers: req.headers,
    body: parseBody(text),
    status: answer.status,
    responseErrors: state.responseErrors,
  };
  const { operationId: _, ...defaultAnswer } = answer;
  const final = responder()?.(recorded, defaultAnswer) ?? defaultAnswer;
  recorded.status = final.status;
  requests.push(recorded);

  const correlationId =
    isObject(final.body) && typeof final.body.correlationId === 'string'
      ? final.body.correlationId
      : randomUUID();
  const out: Record<string, string> = { 'x-hubspot-correlation-id': correlationId, ...final.headers };
  if (final.body === undefined) {
    res.writeHead(final.status, out);
    res.end();
  } else {
    res.writeHead(final.status, { 'content-type': 'application/json;charset=utf-8', ...out });
    res.end(JSON.stringify(final.body));
  }
}

/** Validates what openapi-backend validates, plus the content type and unexpected bodies (gap 5). */
function validate(api: OpenAPIBackend, state: RequestState, operation: Operation): RecordedValidation {
  const result = api.validateRequest(state.validated, operation);
  const errors: ErrorObject[] = [...(result.errors ?? [])];
  const body = state.validated.body;
  const contentType = headerValue(state.validated.headers['content-type']);
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  const requestBody = operation.requestBody as { content?: JsonObject } | undefined;
  if (body !== undefined) {
    if (!requestBody) {
      errors.push(
        issue('/requestBody', 'requestBody', 'the operation takes no request body, but one was sent'),
      );
    } else {
      const declared = Object.keys(requestBody.content ?? {});
      if (!mediaType || !declared.includes(mediaType)) {
        errors.push(
          issue(
            '/header/content-type',
            'content-type',
            `content type ${contentType ?? '(none)'} is not one of ${declared.join(', ')}`,
          ),
        );
      }
    }
  }
  return { valid: errors.length === 0, errors };
}

interface RecordedValidation {
  valid: boolean;
  errors: ErrorObject[];
}

function successAnswer(api: OpenAPIBackend, operation: Operation, state: RequestState): Answered {
  const responses = (operation.responses ?? {}) as Record<string, { content?: JsonObject }>;
  const codes = Object.keys(responses)
    .filter((code) => /^2\d\d$/.test(code))
    .sort();
  const code = state.status === undefined ? codes[0] : String(state.status);
  if (code === undefined) throw new Error(`${operation.operationId} declares no 2xx response`);
  const status = Number(code);
  const content = responses[code]?.content;
  if (!content || Object.keys(content).length === 0) return { operationId: operation.operationId, status };
  // The response example when the spec has one, else openapi-backend's mock generator.
  const { mock } = api.mockResponseForOperation(operation.operationId as string, { code: status });
  const check = api.validateResponse(mock, operation, status);
  state.responseErrors = check.errors ?? [];
  return { operationId: operation.operationId, ...answerBody(status, mock) };
}

function answerOf(c: Context, status: number, body: unknown): Answered {
  return { operationId: c.operation?.operationId, ...answerBody(status, body) };
}

function answerBody(status: number, body: unknown): MockAnswer {
  return { status, body };
}

function validationEnvelope(errors: ErrorObject[]): HubSpotErrorEnvelope {
  return hubspotError(
    'VALIDATION_ERROR',
    `The request does not match the API specification: ${errors.map(describeIssue).join('; ')}`,
    {
      errors: errors.map((e) => ({
        message: describeIssue(e),
        in: locationOf(e),
        code: e.keyword.toUpperCase(),
      })),
    },
  );
}

function hasCredential(scheme: SecurityScheme, c: Context, state: RequestState): boolean {
  const header = (name: string) => headerValue(c.request.headers[name.toLowerCase()]);
  if (scheme.type === 'http' && scheme.scheme?.toLowerCase() === 'bearer') {
    return /^Bearer\s+\S+$/i.test(header('authorization') ?? '');
  }
  if (scheme.type === 'oauth2' || scheme.type === 'openIdConnect') {
    return /^Bearer\s+\S+$/i.test(header('authorization') ?? '');
  }
  if (scheme.type === 'apiKey' && scheme.name) {
    if (scheme.in === 'query') return (state.rawQuery.get(scheme.name) ?? '') !== '';
    if (scheme.in === 'header') return (header(scheme.name) ?? '') !== '';
  }
  return false;
}

function describeScheme(scheme: SecurityScheme | undefined): string {
  if (!scheme) return 'unknown scheme';
  if (scheme.type === 'apiKey') return `${scheme.name} ${scheme.in} parameter`;
  return 'Authorization: Bearer header';
}

/** Names of query parameters that carry credentials of this operation's security schemes. */
function apiKeyQueryNames(operation: Operation, schemes: Record<string, SecurityScheme>): string[] {
  const names = new Set<string>();
  for (const requirement of operation.security ?? []) {
    for (const schemeName of Object.keys(requirement)) {
      const scheme = schemes[schemeName];
      if (scheme?.type === 'apiKey' && scheme.in === 'query' && scheme.name) names.add(scheme.name);
    }
  }
  return [...names];
}

/** Removes keys from a raw query string without re-encoding the rest. */
function dropQueryKeys(query: string, keys: string[]): string {
  return query
    .split('&')
    .filter((pair) => {
      const key = pair.split('=')[0] ?? '';
      let decoded = key;
      try {
        decoded = decodeURIComponent(key.replace(/\+/g, ' '));
      } catch {
        // keep the raw key; validation reports it
      }
      return pair !== '' && !keys.includes(decoded);
    })
    .join('&');
}

function issue(instancePath: string, keyword: string, message: string): ErrorObject {
  return { instancePath, schemaPath: '#', keyword, params: {}, message };
}

function describeIssue(e: ErrorObject): string {
  const where = locationOf(e);
  const extra =
    e.keyword === 'additionalProperties' && isObject(e.params)
      ? ` (${String(e.params.additionalProperty)})`
      : '';
  return `${where ? `${where}: ` : ''}${e.message ?? e.keyword}${extra}`;
}

/** `/query/limit` -> `query.limit`, `/requestBody/inputs/0` -> `body.inputs.0`. */
function locationOf(e: ErrorObject): string {
  return e.instancePath
    .split('/')
    .filter(Boolean)
    .map((part, i) => (i === 0 && part === 'requestBody' ? 'body' : part))
    .join('.');
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
