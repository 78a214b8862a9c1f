/**
 * One error hierarchy for every failure the client reports. HubSpot answers errors with an envelope
 * (category, correlationId, message, subCategory, context, errors[], links); `HubSpotApiError` carries it.
 * Secrets never reach an error: URLs are redacted before they are stored.
 */

/** Returns `url` with the values of secret query parameters (`hapikey`, `access_token`, ...) replaced by `[REDACTED]`. */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:hapikey|access_token|refresh_token|client_secret)=)[^&#]*/gi, '$1[REDACTED]');
}

/**
 * What failed, for `switch`ing without `instanceof`; every {@link HubSpotError} has one. The first five are
 * failures of the client or the connection, the rest are the HTTP status classes of {@link HubSpotApiError}.
 */
export type HubSpotErrorKind =
  | 'input'
  | 'config'
  | 'connection'
  | 'timeout'
  | 'response'
  | 'batch'
  | HubSpotStatusKind;

/** The HTTP status class of an API error. */
export type HubSpotStatusKind =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'server'
  | 'other';

/** Base class of every error thrown by the client. */
export class HubSpotError extends Error {
  // Literal names, not `new.target.name`: minifiers rename classes.
  override readonly name: string = 'HubSpotError';
  /** What failed; see {@link HubSpotErrorKind}. */
  readonly kind: HubSpotErrorKind;
  /** The action (operationId) that failed, when known. */
  readonly actionId: string | undefined;

  constructor(
    message: string,
    options: { actionId?: string | undefined; cause?: unknown; kind?: HubSpotErrorKind } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.actionId = options.actionId;
    this.kind = options.kind ?? 'other';
  }
}

type ErrorOptions = { actionId?: string | undefined; cause?: unknown };

/**
 * The client refused the input before sending anything (missing or unsafe path parameter, a value that cannot
 * be serialized, a bad header). Permanent: retrying the same input fails the same way.
 */
export class HubSpotInputError extends HubSpotError {
  override readonly name: string = 'HubSpotInputError';
  override readonly kind: HubSpotErrorKind = 'input';
}

/** The client is missing what an action needs (no access token, no developer API key, a failing token function). */
export class HubSpotConfigError extends HubSpotError {
  override readonly name: string = 'HubSpotConfigError';
  override readonly kind: HubSpotErrorKind = 'config';
}

/** The request never got an HTTP answer (DNS, refused or reset connection). */
export class HubSpotConnectionError extends HubSpotError {
  override readonly name: string = 'HubSpotConnectionError';
  override readonly kind: HubSpotErrorKind = 'connection';
}

/** The attempt took longer than its timeout (token, rate limiter, sending and reading the response included). */
export class HubSpotTimeoutError extends HubSpotError {
  override readonly name: string = 'HubSpotTimeoutError';
  override readonly kind: HubSpotErrorKind = 'timeout';
}

/** Why a response that arrived could not be used. */
export type HubSpotResponseProblem = 'unreadable' | 'empty' | 'too_large' | 'invalid_json';

/**
 * The request reached HubSpot and its status arrived, but the response could not be used: the connection
 * broke while the body was read, the body was empty where the action returns one, larger than
 * `maxResponseBytes`, or not valid JSON. HubSpot may have acted on the request: a create may have happened, so
 * it is not retried for POST or PATCH.
 */
export class HubSpotResponseError extends HubSpotError {
  override readonly name: string = 'HubSpotResponseError';
  readonly status: number;
  readonly method: string;
  /** The request URL, with secrets redacted. */
  readonly url: string;
  readonly problem: HubSpotResponseProblem;

  constructor(
    message: string,
    init: ErrorOptions & { status: number; method: string; url: string; problem: HubSpotResponseProblem },
  ) {
    super(message, { actionId: init.actionId, cause: init.cause, kind: 'response' });
    this.status = init.status;
    this.method = init.method.toUpperCase();
    this.url = redactUrl(init.url);
    this.problem = init.problem;
  }
}

/** One item of HubSpot's `errors[]`. */
export interface HubSpotErrorDetail {
  message: string;
  code?: string;
  in?: string;
  subCategory?: string;
  context?: Record<string, string[]>;
}

const STATUS_KINDS: Record<number, HubSpotStatusKind> = {
  400: 'bad_request',
  422: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  429: 'rate_limited',
};

export function errorKind(status: number): HubSpotStatusKind {
  return STATUS_KINDS[status] ?? (status >= 500 ? 'server' : 'other');
}

/** HubSpot answered with a non-success status. Subclasses name the class of failure. */
export class HubSpotApiError extends HubSpotError {
  override readonly name: string = 'HubSpotApiError';
  declare readonly kind: HubSpotStatusKind;
  readonly status: number;
  readonly category: string | undefined;
  readonly subCategory: string | undefined;
  readonly correlationId: string | undefined;
  readonly errors: HubSpotErrorDetail[];
  readonly context: Record<string, string[]> | undefined;
  readonly links: Record<string, string> | undefined;
  readonly method: string;
  /** The request URL, with secrets redacted. */
  readonly url: string;
  /** The parsed error body, or the raw text when it was not JSON. */
  readonly body: unknown;
  /** The raw response (its body already read). Not enumerable: logging the error never prints its URL. */
  declare readonly response: Response | undefined;

  constructor(init: ApiErrorInit) {
    const redact = init.redact ?? ((text: string) => text);
    // Everything taken from the body is scrubbed of the client's secrets: a server or proxy may echo them.
    const body = redactValue(init.body, redact);
    const env = isRecord(body) ? body : {};
    const message =
      typeof env.message === 'string' && env.message !== '' ? env.message : defaultMessage(init.status, body);
    const category = typeof env.category === 'string' ? env.category : undefined;
    const url = redact(redactUrl(init.url));
    super(
      `${init.method.toUpperCase()} ${url} failed with ${init.status}${category ? ` ${category}` : ''}: ${message}`,
      { actionId: init.actionId, kind: errorKind(init.status) },
    );
    this.status = init.status;
    this.category = category;
    this.subCategory = typeof env.subCategory === 'string' ? env.subCategory : undefined;
    this.correlationId =
      typeof env.correlationId === 'string'
        ? env.correlationId
        : (init.response?.headers.get('x-hubspot-correlation-id') ?? undefined);
    this.errors = Array.isArray(env.errors)
      ? (env.errors.filter(isRecord) as unknown as HubSpotErrorDetail[])
      : [];
    this.context = isRecord(env.context) ? (env.context as Record<string, string[]>) : undefined;
    this.links = isRecord(env.links) ? (env.links as Record<string, string>) : undefined;
    this.method = init.method.toUpperCase();
    this.url = url;
    this.body = body;
    Object.defineProperty(this, 'response', { value: init.response, enumerable: false });
  }
}

export interface ApiErrorInit {
  actionId?: string | undefined;
  method: string;
  url: string;
  status: number;
  body: unknown;
  response?: Response;
  /** Removes the client's secrets from text taken from the response. */
  redact?: (text: string) => string;
}

/** 400 or 422: HubSpot refused the input (category VALIDATION_ERROR and friends). */
export class HubSpotBadRequestError extends HubSpotApiError {
  override readonly name: string = 'HubSpotBadRequestError';
}
/** 401: the token is missing, invalid or expired. */
export class HubSpotAuthError extends HubSpotApiError {
  override readonly name: string = 'HubSpotAuthError';
}
/** 403: the token lacks a scope, or the account lacks the product tier. */
export class HubSpotForbiddenError extends HubSpotApiError {
  override readonly name: string = 'HubSpotForbiddenError';
}
/** 404: no such object (or an endpoint the account cannot see). */
export class HubSpotNotFoundError extends HubSpotApiError {
  override readonly name: string = 'HubSpotNotFoundError';
}
/** 409: the object already exists or changed meanwhile. */
export class HubSpotConflictError extends HubSpotApiError {
  override readonly name: string = 'HubSpotConflictError';
}
/** 5xx: HubSpot failed. */
export class HubSpotServerError extends HubSpotApiError {
  override readonly name: string = 'HubSpotServerError';
}

/** 429: a rate limit was hit and retrying did not help (or, for a daily limit, could not). */
export class HubSpotRateLimitError extends HubSpotApiError {
  override readonly name: string = 'HubSpotRateLimitError';
  /** HubSpot's `policyName`, e.g. `TEN_SECONDLY_ROLLING`, `SECONDLY` or `DAILY`. */
  readonly policyName: string | undefined;
  /** How long HubSpot asked to wait (`Retry-After`), in ms, when it said. */
  readonly retryAfterMs: number | undefined;
  /** When the limit resets, when HubSpot said (`Retry-After`) or the client knows. */
  readonly resetAt: Date | undefined;
  /**
   * True when the client refused the call without sending it: the rate limiter's wait would have outlasted
   * the call's timeout, or a daily limit is known to be spent. `status` is then 429 by convention.
   */
  readonly clientSide: boolean;

  constructor(init: ApiErrorInit & { retryAfterMs?: number; clientSide?: boolean }) {
    super(init);
    const env = isRecord(this.body) ? this.body : {};
    this.policyName = typeof env.policyName === 'string' ? env.policyName : undefined;
    this.retryAfterMs = init.retryAfterMs;
    this.resetAt = init.retryAfterMs === undefined ? undefined : new Date(Date.now() + init.retryAfterMs);
    this.clientSide = init.clientSide ?? false;
  }
}

/** Builds the error subclass that matches the status. */
export function createApiError(init: ApiErrorInit & { retryAfterMs?: number }): HubSpotApiError {
  const classes: Partial<Record<HubSpotStatusKind, typeof HubSpotApiError>> = {
    bad_request: HubSpotBadRequestError,
    unauthorized: HubSpotAuthError,
    forbidden: HubSpotForbiddenError,
    not_found: HubSpotNotFoundError,
    conflict: HubSpotConflictError,
    rate_limited: HubSpotRateLimitError,
    server: HubSpotServerError,
  };
  return new (classes[errorKind(init.status)] ?? HubSpotApiError)(init);
}

function defaultMessage(status: number, body: unknown): string {
  if (typeof body === 'string' && body.trim() !== '') return body.trim().slice(0, 200);
  return `HTTP ${status}`;
}

/** A copy of `value` with `redact` applied to every string in it (keys included); cycles are cut. */
export function redactValue(
  value: unknown,
  redact: (text: string) => string,
  seen = new WeakSet<object>(),
): unknown {
  if (typeof value === 'string') return redact(value);
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, redact, seen));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[redact(k)] = redactValue(v, redact, seen);
  return out;
}

/**
 * An error safe to attach as `cause` or to rethrow: the same name, message and stack with `redact` applied,
 * the code kept, and its own cause made safe too (to a small depth). Errors thrown by fetch or a URL parser can
 * quote a URL with `hapikey=...` in their message; this is how such text never reaches a caller's logs.
 */
export function redactCause(error: unknown, redact: (text: string) => string, depth = 0): unknown {
  if (!(error instanceof Error)) return typeof error === 'string' ? redact(error) : error;
  const message = redact(error.message);
  const stack = error.stack === undefined ? undefined : redact(error.stack);
  if (message === error.message && stack === error.stack && (error.cause === undefined || depth >= 3))
    return error;
  const copy = new Error(message);
  Object.defineProperty(copy, 'name', { value: error.name, configurable: true, writable: true });
  if (stack !== undefined) copy.stack = stack;
  const code = (error as { code?: unknown }).code;
  if (code !== undefined) (copy as { code?: unknown }).code = code;
  if (error.cause !== undefined && depth < 3) copy.cause = redactCause(error.cause, redact, depth + 1);
  return copy;
}

const REDACTED_FIELDS = [
  'url',
  'body',
  'errors',
  'context',
  'links',
  'category',
  'subCategory',
  'correlationId',
  'policyName',
];

/**
 * Applies `redact` to a client error in place, before it leaves the client: message, stack, the text fields
 * taken from a response, and the cause chain. One guard for every path, whoever built the error.
 */
export function redactError<E extends HubSpotError>(error: E, redact: (text: string) => string): E {
  const set = (key: string, value: unknown) =>
    Object.defineProperty(error, key, {
      value,
      configurable: true,
      writable: true,
      // As `Error` has them: message, stack and cause are not enumerable.
      enumerable: key !== 'stack' && key !== 'message' && key !== 'cause',
    });
  const message = redact(error.message);
  if (message !== error.message) set('message', message);
  if (error.stack !== undefined) {
    const stack = redact(error.stack);
    if (stack !== error.stack) set('stack', stack);
  }
  if (error.cause !== undefined) set('cause', redactCause(error.cause, redact));
  // The fields taken from a request or a response (those an error class has).
  for (const key of REDACTED_FIELDS)
    if (Object.hasOwn(error, key)) set(key, redactValue((error as Record<string, unknown>)[key], redact));
  return error;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
