/**
 * A local stand-in for the HubSpot Marketing API, for integration tests and offline development:
 * `startMockServer()` serves the 73 actions of the bundled spec on 127.0.0.1, validates every request against
 * it (400 with HubSpot's error envelope naming the bad field, 401 without credentials), keeps campaigns,
 * marketing events, marketing emails and SMTP tokens in memory per server (404 `OBJECT_NOT_FOUND` for unknown
 * ids, cursor-paged lists), and answers the other actions from the spec's examples.
 *
 * ```ts
 * const mock = await startMockServer();
 * const client = createHubSpotMarketingClient({ accessToken: 'any-token', baseUrl: mock.url });
 * // ... exercise your integration ...
 * await mock.close();
 * ```
 */
import { statefulHandlers } from './handlers/index.js';
import { type HttpMock, startHttpMock } from './server.js';
import type { MockSeed } from './state/seed.js';
import { MockStore } from './state/store.js';
import type { RecordedRequest, Responder } from './types.js';

// Not loadBackend: its types are openapi-backend's, which the package does not ship.
export { DEFAULT_SPEC_PATH, splitRefSiblings } from './backend.js';
export {
  badRequest,
  conflict,
  type HubSpotErrorEnvelope,
  hubspotError,
  MockApiError,
  notFound,
} from './envelope.js';
export { MOCK_PEERS, MockDependencyError } from './peers.js';
export {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_REQUEST_LOG_SIZE,
  type HttpMock,
  type HttpMockOptions,
} from './server.js';
export { MOCK_APP_ID } from './state/events.js';
export type {
  MockSeed,
  SeedBudgetLine,
  SeedCampaign,
  SeedContact,
  SeedMarketingEmail,
  SeedMarketingEvent,
  SeedSmtpToken,
} from './state/seed.js';
export { MockStore } from './state/store.js';
export type {
  HandlerRequest,
  MockAnswer,
  OperationHandler,
  OperationHandlers,
  RecordedRequest,
  RequestHeaders,
  Responder,
  ValidationIssue,
} from './types.js';

export interface MockServerOptions {
  /** Default 0: any free port (read it from `port` or `url`). */
  port?: number;
  /** Default 127.0.0.1 (this machine only). */
  host?: string;
  /** Objects the server starts with, and returns to on `reset()`. */
  seed?: MockSeed;
  /** `false`: no state, every valid request is answered from the spec's examples. Default `true`. */
  stateful?: boolean;
  /** The bundled OpenAPI 3.1 document; default the generated openapi.json next to this folder. */
  specPath?: string | URL;
  /** Replaces answers, e.g. to simulate a 429 or a 500; see `Responder`. */
  respond?: Responder;
  /** The success status to answer per operationId for spec-example answers (e.g. 207 for a batch). */
  statuses?: Record<string, number>;
  /** Called with every request once it is answered (the CLI logs them). */
  onRequest?: (request: RecordedRequest) => void;
  /** Request bodies above this are answered 413 with HubSpot's error envelope, unread. Default 1 MiB. */
  maxBodyBytes?: number;
  /** `requests` keeps this many of the latest requests (0: none). Default 1,000. */
  requestLogSize?: number;
}

export interface MockServer extends HttpMock {
  /** The server's state (undefined when started with `stateful: false`), e.g. to inspect transactional sends. */
  readonly store: MockStore | undefined;
  /** Forgets requests, responder and chosen statuses, and puts the state back to the seed. */
  reset(): void;
}

/** Starts a mock server; it answers until `close()`. */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const store = options.stateful === false ? undefined : new MockStore(options.seed);
  const http = await startHttpMock({
    specPath: options.specPath,
    host: options.host,
    port: options.port,
    respond: options.respond,
    statuses: options.statuses,
    onRequest: options.onRequest,
    maxBodyBytes: options.maxBodyBytes,
    requestLogSize: options.requestLogSize,
    handlers: store ? statefulHandlers(store) : undefined,
  });
  return {
    ...http,
    store,
    reset() {
      http.reset();
      store?.reset();
    },
  };
}
