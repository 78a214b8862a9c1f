/**
 * Loads the bundled OpenAPI 3.1 spec (generated/openapi.json) into openapi-backend, which routes, checks
 * credentials and validates every request, and registers how each outcome is answered (404/405 envelopes,
 * 401, 400 with one `errors[]` item per problem, otherwise `validAnswer`).
 *
 * openapi-backend 5.21 and OpenAPI 3.1. The library is written for 3.0; this module works around what breaks:
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
 *    validated, only for operations whose security uses that scheme; elsewhere a stray `hapikey` stays an error
 *    (see server.ts and checks.ts).
 * 5. Not checked by the library, added in checks.ts: the request Content-Type against `requestBody.content`, a
 *    body sent to an operation that takes none; and in server.ts, malformed percent-encoding in the path (the
 *    router throws).
 * 6. The mock generator (mock-json-schema) predates 2020-12 (no `const`, `prefixItems`, ...). Every answer is
 *    validated against the response schema and problems are recorded in `responseErrors` (answers.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import type { AjvCustomizer, Context, Document, OpenAPIBackend } from 'openapi-backend';
import { answerOf, type RequestState, validAnswer } from './answers.js';
import { describeScheme, hasCredential, type SecurityScheme, validateRequest } from './checks.js';
import { hubspotError, validationEnvelope } from './envelope.js';
import { loadMockPeers } from './peers.js';

/**
 * The bundled spec: `dist/openapi.json` beside the built mock (`dist/node/mock.js`), or `generated/openapi.json`
 * when the mock runs from its source in `src/mock/`.
 */
export const DEFAULT_SPEC_PATH =
  [
    new URL('../openapi.json', import.meta.url),
    new URL('../../generated/openapi.json', import.meta.url),
  ].find((url) => existsSync(url)) ?? new URL('../openapi.json', import.meta.url);

type JsonObject = { [key: string]: unknown };

export interface LoadedBackend {
  api: OpenAPIBackend;
  schemes: Record<string, SecurityScheme>;
}

/** openapi-backend with the 3.0-only meta-schema check replaced (gap 1); made once the library is loaded. */
function openAPI31Backend(Base: typeof OpenAPIBackend) {
  return class OpenAPI31Backend extends Base {
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
  };
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

/**
 * Loads and initialises the backend once per spec file and process (it takes about a second); servers share
 * it, their own state travels with each request (`RequestState`).
 */
export function loadBackend(specPath: string | URL = DEFAULT_SPEC_PATH): Promise<LoadedBackend> {
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
  const { OpenAPIBackend, Ajv2020, addFormats } = await loadMockPeers();
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

  const api = new (openAPI31Backend(OpenAPIBackend))({
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
      state.validation = validateRequest(api, state.validated, c.operation);
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
      state.validation = validateRequest(api, state.validated, c.operation);
      return answerOf(c, 400, validationEnvelope(state.validation.errors));
    },
    notImplemented: (c: Context, state: RequestState) => {
      state.validation = validateRequest(api, state.validated, c.operation);
      if (!state.validation.valid) return answerOf(c, 400, validationEnvelope(state.validation.errors));
      return validAnswer(api, c, state);
    },
  });
  for (const [name, scheme] of Object.entries(schemes)) {
    api.registerSecurityHandler(name, (c: Context, state: RequestState) =>
      hasCredential(scheme, c, state.rawQuery),
    );
  }
  await api.init();
  return { api, schemes };
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
