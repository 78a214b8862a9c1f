/**
 * The validating, stateless HubSpot stand-in of the end-to-end tests: the shipped mock server
 * (src/mock, copied into src/mock) started with `stateful: false` on 127.0.0.1 and a free port.
 * It checks every request against generated/openapi.json with openapi-backend, records what it saw, and
 * answers like HubSpot would:
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
 * The workarounds that make openapi-backend 5.21 work with OpenAPI 3.1 are documented in
 * src/mock/backend.ts.
 */
import { type MockServer, type Responder, startMockServer } from '../../src/mock/index.js';

export {
  DEFAULT_SPEC_PATH,
  type HubSpotErrorEnvelope,
  hubspotError,
  type MockAnswer,
  type RecordedRequest,
  type Responder,
  splitRefSiblings,
} from '../../src/mock/index.js';

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

/** The server: `url`, the `requests` log, `setResponder`, `setStatus`, `reset` and `close`. */
export type ValidatingServer = Pick<
  MockServer,
  'url' | 'requests' | 'setResponder' | 'setStatus' | 'reset' | 'close'
>;

/** Starts the server on 127.0.0.1 on a free port. */
export function startValidatingServer(options: ValidatingServerOptions = {}): Promise<ValidatingServer> {
  return startMockServer({ ...options, stateful: false });
}
