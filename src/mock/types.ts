/**
 * The mock server's public data shapes: what it answers (`MockAnswer`), what it records per request
 * (`RecordedRequest`), the hook that can replace an answer (`Responder`), and the per-operation handlers that
 * the stateful layer plugs in (`OperationHandler`).
 */

/**
 * One problem found in a request (or in the server's own answer), in the shape of an Ajv error object: the
 * mock's public types are its own, so they compile without Ajv's or Node's types.
 */
export interface ValidationIssue {
  /** JSON pointer into the checked value, e.g. `/requestBody/properties/hs_name`, `/query/limit`. */
  instancePath: string;
  schemaPath: string;
  /** The failing keyword (`required`, `type`, `maxItems`, ...), or the server's own check. */
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** Request headers as Node gives them: lower-case names. */
export type RequestHeaders = Record<string, string | string[] | undefined>;

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
  /** What openapi-backend (and the server's extra checks) found wrong; empty when valid. */
  errors: ValidationIssue[];
  headers: RequestHeaders;
  /** The body: parsed JSON, the raw text when it is not JSON, `undefined` when empty. */
  body: unknown;
  /** The status the server answered. */
  status: number;
  /** The JSON body the server answered with (`undefined` for none). */
  responseBody: unknown;
  /** Problems of the server's own answer against the spec's response schema (a spec or mock bug). */
  responseErrors: ValidationIssue[];
}

/**
 * Called after a request was checked and recorded; a returned answer replaces the server's own (use it to
 * simulate HubSpot errors). Return `undefined` to keep the default answer.
 */
export type Responder = (request: RecordedRequest, defaultAnswer: MockAnswer) => MockAnswer | undefined;

/** A request that passed validation, as an operation handler sees it. */
export interface HandlerRequest {
  operationId: string;
  /** Path parameters, percent-decoded. */
  params: Record<string, string>;
  /** The parsed query (values are strings, or arrays of strings for repeated keys). */
  query: Record<string, unknown>;
  /** The parsed JSON body, `undefined` when there is none. */
  body: unknown;
}

/**
 * Answers one operation from state. It may throw a `MockApiError` (see envelope.ts) to answer with a HubSpot
 * error envelope, such as a 404 for an unknown id.
 */
export type OperationHandler = (request: HandlerRequest) => MockAnswer;

/** Operation handlers by operationId; operations without one are answered from the spec's examples. */
export type OperationHandlers = Readonly<Record<string, OperationHandler>>;
