/**
 * One error hierarchy for every failure the client reports. HubSpot answers errors with an envelope
 * (category, correlationId, message, subCategory, context, errors[], links); `HubSpotApiError` carries it.
 * Secrets never reach an error: URLs are redacted before they are stored.
 */

/** Query parameters whose values are secrets and are replaced by `[REDACTED]` in URLs we report. */
const SECRET_QUERY_PARAMS = ['hapikey', 'access_token', 'refresh_token', 'client_secret'];

/** Returns `url` with secret query values replaced by `[REDACTED]`. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    let changed = false;
    for (const key of [...u.searchParams.keys()]) {
      if (SECRET_QUERY_PARAMS.includes(key.toLowerCase())) {
        u.searchParams.set(key, '[REDACTED]');
        changed = true;
      }
    }
    return changed ? u.toString().replaceAll('%5BREDACTED%5D', '[REDACTED]') : url;
  } catch {
    return url.replace(/([?&](?:hapikey|access_token|refresh_token|client_secret)=)[^&#]*/gi, '$1[REDACTED]');
  }
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
  constructor(message: string, options: ErrorOptions = {}) {
    super(message, { ...options, kind: 'input' });
  }
}

/** The client is missing what an action needs (no access token, no developer API key, a failing token function). */
export class HubSpotConfigError extends HubSpotError {
  override readonly name: string = 'HubSpotConfigError';
  constructor(message: string, options: ErrorOptions = {}) {
    super(message, { ...options, kind: 'config' });
  }
}

/** The request never got an HTTP answer (DNS, refused or reset connection). */
export class HubSpotConnectionError extends HubSpotError {
  override readonly name: string = 'HubSpotConnectionError';
  constructor(message: string, options: ErrorOptions = {}) {
    super(message, { ...options, kind: 'connection' });
  }
}

/** The attempt took longer than its timeout (token, rate limiter, sending and reading the response included). */
export class HubSpotTimeoutError extends HubSpotError {
  override readonly name: string = 'HubSpotTimeoutError';
  constructor(message: string, options: ErrorOptions = {}) {
    super(message, { ...options, kind: 'timeout' });
  }
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

export function errorKind(status: number): HubSpotStatusKind {
  if (status === 400 || status === 422) return 'bad_request';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server';
  return 'other';
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
  switch (errorKind(init.status)) {
    case 'bad_request':
      return new HubSpotBadRequestError(init);
    case 'unauthorized':
      return new HubSpotAuthError(init);
    case 'forbidden':
      return new HubSpotForbiddenError(init);
    case 'not_found':
      return new HubSpotNotFoundError(init);
    case 'conflict':
      return new HubSpotConflictError(init);
    case 'rate_limited':
      return new HubSpotRateLimitError(init);
    case 'server':
      return new HubSpotServerError(init);
    default:
      return new HubSpotApiError(init);
  }
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
      enumerable: key !== 'stack' && key !== 'message',
    });
  const message = redact(error.message);
  if (message !== error.message) set('message', message);
  if (error.stack !== undefined) {
    const stack = redact(error.stack);
    if (stack !== error.stack) set('stack', stack);
  }
  if (error.cause !== undefined)
    Object.defineProperty(error, 'cause', {
      value: redactCause(error.cause, redact),
      configurable: true,
      writable: true,
      enumerable: false,
    });
  if (error instanceof HubSpotApiError || error instanceof HubSpotResponseError)
    set('url', redact(error.url));
  if (error instanceof HubSpotApiError) {
    set('body', redactValue(error.body, redact));
    set('errors', redactValue(error.errors, redact));
    set('context', redactValue(error.context, redact));
    set('links', redactValue(error.links, redact));
    for (const key of ['category', 'subCategory', 'correlationId'] as const) {
      const v = error[key];
      if (typeof v === 'string') set(key, redact(v));
    }
    if (error instanceof HubSpotRateLimitError && typeof error.policyName === 'string')
      set('policyName', redact(error.policyName));
  }
  return error;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
