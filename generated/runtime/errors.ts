// Copied from templates/runtime/errors.ts by `npm run generate`. Edit the template, not this file.
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

/** Base class of every error thrown by the client. */
export class HubSpotError extends Error {
  // Literal names, not `new.target.name`: minifiers rename classes.
  override readonly name: string = 'HubSpotError';
  /** The action (operationId) that failed, when known. */
  readonly actionId: string | undefined;

  constructor(message: string, options: { actionId?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.actionId = options.actionId;
  }
}

/** The client was called with input it cannot send (missing or unsafe path parameter, bad header value). */
export class HubSpotInputError extends HubSpotError {
  override readonly name: string = 'HubSpotInputError';
}

/** The client is missing what an action needs (no access token, no developer API key). */
export class HubSpotConfigError extends HubSpotError {
  override readonly name: string = 'HubSpotConfigError';
}

/** The request never got an HTTP answer (DNS, refused or reset connection). */
export class HubSpotConnectionError extends HubSpotError {
  override readonly name: string = 'HubSpotConnectionError';
}

/** The request took longer than its timeout. */
export class HubSpotTimeoutError extends HubSpotError {
  override readonly name: string = 'HubSpotTimeoutError';
}

/** One item of HubSpot's `errors[]`. */
export interface HubSpotErrorDetail {
  message: string;
  code?: string;
  in?: string;
  subCategory?: string;
  context?: Record<string, string[]>;
}

/** The HTTP status class of an API error, for `switch`ing without `instanceof`. */
export type HubSpotErrorKind =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'server'
  | 'other';

export function errorKind(status: number): HubSpotErrorKind {
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
  readonly kind: HubSpotErrorKind;
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

  constructor(init: {
    actionId?: string;
    method: string;
    url: string;
    status: number;
    body: unknown;
    response?: Response;
  }) {
    const env = isRecord(init.body) ? init.body : {};
    const message =
      typeof env.message === 'string' && env.message !== ''
        ? env.message
        : defaultMessage(init.status, init.body);
    const category = typeof env.category === 'string' ? env.category : undefined;
    super(
      `${init.method.toUpperCase()} ${redactUrl(init.url)} failed with ${init.status}${category ? ` ${category}` : ''}: ${message}`,
      {
        actionId: init.actionId,
      },
    );
    this.kind = errorKind(init.status);
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
    this.url = redactUrl(init.url);
    this.body = init.body;
    Object.defineProperty(this, 'response', { value: init.response, enumerable: false });
  }
}

export interface ApiErrorInit {
  actionId?: string;
  method: string;
  url: string;
  status: number;
  body: unknown;
  response?: Response;
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
  /** When the limit resets, when HubSpot said (`Retry-After`). */
  readonly resetAt: Date | undefined;

  constructor(init: ApiErrorInit & { retryAfterMs?: number }) {
    super(init);
    const env = isRecord(init.body) ? init.body : {};
    this.policyName = typeof env.policyName === 'string' ? env.policyName : undefined;
    this.retryAfterMs = init.retryAfterMs;
    this.resetAt = init.retryAfterMs === undefined ? undefined : new Date(Date.now() + init.retryAfterMs);
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

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
