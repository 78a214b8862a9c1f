// Copied from templates/runtime/core.ts by `npm run generate`. Edit the template, not this file.
/**
 * The client core: one openapi-fetch client plus what every action needs around it — credentials, safe path
 * parameters, retries, timeouts, the rate limiter and typed errors. Generated action functions take a core as
 * their first argument.
 */
import createClient, { type Client, createQuerySerializer } from 'openapi-fetch';
import {
  type AccessToken,
  assertHeaderValue,
  BearerToken,
  type Credential,
  requireDeveloperApiKey,
} from './auth.js';
import type { BatchInfo } from './batch.js';
import { createApiError, HubSpotConnectionError, HubSpotError, HubSpotInputError } from './errors.js';
import { type RateLimitOptions, TokenBucket } from './limiter.js';
import type { PaginationInfo } from './pagination.js';
import { assertPathParams, strictPathSerializer } from './path.js';
import { DEFAULT_RETRY, parseRetryAfter, type RetryEvent, type RetryOptions } from './retry.js';
import { callFetch, type Logger } from './transport.js';

export const DEFAULT_BASE_URL = 'https://api.hubapi.com';
export const DEFAULT_TIMEOUT_MS = 30_000;

export interface ClientOptions {
  /**
   * A private app token or OAuth access token, or a function returning one. The function is called for the
   * first request and again after a 401 (one refresh shared by all requests in flight).
   */
  accessToken?: AccessToken;
  /** A developer API key, sent as `hapikey` only to the actions that need it (marketing events app settings). */
  developerApiKey?: string;
  /** Defaults to `https://api.hubapi.com`. */
  baseUrl?: string;
  /** A fetch implementation; defaults to the global `fetch`. */
  fetch?: (request: Request) => Promise<Response>;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** Retries after the first attempt (429, 502/503/504, connection errors); 0 turns retrying off. Default 3. */
  maxRetries?: number;
  /** Also retry 5xx and ambiguous connection failures on POST/PATCH (not idempotent). Default false. */
  retryNonIdempotent?: boolean;
  /** Backoff: first step and cap in ms. Defaults 500 and 30 000. */
  retry?: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs'>;
  /** Timeout of each attempt in ms. Default 30 000. */
  timeoutMs?: number;
  /** A client-side token bucket shared by every call on this client; off by default. */
  rateLimit?: RateLimitOptions;
  /** Called before every retry with the attempt, the delay and the reason. */
  onRetry?: (event: RetryEvent) => void;
  /** Receives retry warnings and debug notes; never given a secret. */
  logger?: Logger;
}

/** Per-call options, accepted by every action. */
export interface RequestOptions {
  /** Aborts the call, including any wait between retries. */
  signal?: AbortSignal;
  /** Headers for this call only. */
  headers?: Record<string, string>;
  /** Overrides the client's `maxRetries` for this call. */
  maxRetries?: number;
  /** Overrides the client's `retryNonIdempotent` for this call. */
  retryNonIdempotent?: boolean;
  /** Overrides the client's `timeoutMs` for this call. */
  timeoutMs?: number;
  /** Receives the final raw `Response` (success or error), e.g. to read headers. */
  onResponse?: (response: Response) => void;
}

/** What the core needs to know about an action; generated once per action. */
export interface ActionInfo {
  readonly id: string;
  readonly method: string;
  readonly path: string;
  readonly credential: Credential;
  /** Set on cursor-paged actions. */
  readonly pagination?: PaginationInfo;
  /** Set on batch actions whose inputs are capped. */
  readonly batch?: BatchInfo;
  /** Set when the action cannot be called without a body. */
  readonly bodyRequired?: boolean;
}

/**
 * Checks the shape of an action's input before anything else runs, so that untyped callers (plain
 * JavaScript, `invoke` with ids from data) get a {@link HubSpotInputError} instead of a TypeError.
 */
export function assertInput(action: ActionInfo, input: unknown): void {
  if (input !== undefined && (typeof input !== 'object' || input === null || Array.isArray(input))) {
    throw new HubSpotInputError(`the input of '${action.id}' must be an object like { path, query, body }`, {
      actionId: action.id,
    });
  }
  const record = (input ?? {}) as { path?: unknown; body?: unknown };
  if (/\{[^}]+\}/.test(action.path))
    assertPathParams(action.path, record.path as Record<string, unknown> | undefined, action.id);
  if (action.bodyRequired && record.body === undefined) {
    throw new HubSpotInputError(`'${action.id}' needs a request body (input.body)`, { actionId: action.id });
  }
}

/** The request options the core hands to openapi-fetch for one call. */
export interface SendInit {
  headers: Record<string, string>;
  signal?: AbortSignal;
  fetch: (request: Request) => Promise<Response>;
  querySerializer?: (query: Record<string, unknown>) => string;
}

/** What openapi-fetch returns. */
export interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

export interface Core<Paths extends {}> {
  /** The underlying openapi-fetch client, for raw access. */
  readonly api: Client<Paths>;
  readonly baseUrl: string;
  /**
   * Runs one action: adds credentials, sends through `send` (with retries, timeout and rate limiting), and
   * returns the parsed success body or throws a {@link HubSpotError}. Path parameters are checked by
   * {@link assertInput} before, and encoded by the client's path serializer.
   */
  request<T>(
    action: ActionInfo,
    options: RequestOptions | undefined,
    send: (init: SendInit) => Promise<FetchResult<T>>,
  ): Promise<T>;
}

function nonNegative(name: string, value: number | undefined): number | undefined {
  if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
    throw new RangeError(`${name} must be a non-negative number`);
  }
  return value;
}

export function createCore<Paths extends {}>(options: ClientOptions = {}): Core<Paths> {
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  const baseFetch = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const api = createClient<Paths>({ baseUrl, fetch: baseFetch, pathSerializer: strictPathSerializer });
  const serializeQuery = createQuerySerializer({
    array: { style: 'form', explode: true },
    object: { style: 'deepObject', explode: true },
  });
  for (const [name, value] of Object.entries(options.headers ?? {})) assertHeaderValue(name, value);
  const token = new BearerToken(options.accessToken);
  const limiter = options.rateLimit ? new TokenBucket(options.rateLimit) : undefined;
  const clientRetry = {
    ...DEFAULT_RETRY,
    ...options.retry,
    maxRetries: nonNegative('maxRetries', options.maxRetries) ?? DEFAULT_RETRY.maxRetries,
    retryNonIdempotent: options.retryNonIdempotent ?? DEFAULT_RETRY.retryNonIdempotent,
  };
  const clientTimeout = nonNegative('timeoutMs', options.timeoutMs) ?? DEFAULT_TIMEOUT_MS;

  return {
    api,
    baseUrl,
    async request<T>(
      action: ActionInfo,
      callOptions: RequestOptions | undefined,
      send: (init: SendInit) => Promise<FetchResult<T>>,
    ): Promise<T> {
      for (const [name, value] of Object.entries(callOptions?.headers ?? {}))
        assertHeaderValue(name, value, action.id);
      const headers: Record<string, string> = { ...options.headers, ...callOptions?.headers };
      const method = action.method.toUpperCase();
      const usesToken = action.credential === 'accessToken';
      if (usesToken) await token.get(action.id); // a missing token fails before anything is sent
      let answered: Response | undefined;
      const transport = callFetch({
        actionId: action.id,
        method,
        retry: {
          ...clientRetry,
          maxRetries: nonNegative('maxRetries', callOptions?.maxRetries) ?? clientRetry.maxRetries,
          retryNonIdempotent: callOptions?.retryNonIdempotent ?? clientRetry.retryNonIdempotent,
        },
        timeoutMs: nonNegative('timeoutMs', callOptions?.timeoutMs) ?? clientTimeout,
        ...(callOptions?.signal ? { signal: callOptions.signal } : {}),
        ...(usesToken ? { token } : {}),
        ...(limiter ? { limiter } : {}),
        fetch: baseFetch,
        ...(options.onRetry ? { onRetry: options.onRetry } : {}),
        ...(options.logger ? { logger: options.logger } : {}),
      });
      const init: SendInit = {
        headers,
        fetch: async (request) => {
          answered = await transport(request);
          return answered;
        },
      };
      if (callOptions?.signal) init.signal = callOptions.signal;
      if (action.credential === 'developerApiKey') {
        const key = requireDeveloperApiKey(options.developerApiKey, action.id);
        init.querySerializer = (query) => {
          const rest = serializeQuery(query);
          const auth = `hapikey=${encodeURIComponent(key)}`;
          return rest ? `${rest}&${auth}` : auth;
        };
      }

      let result: FetchResult<T>;
      try {
        result = await send(init);
      } catch (cause) {
        if (cause instanceof HubSpotError) throw cause;
        if (callOptions?.signal?.aborted) throw callOptions.signal.reason ?? cause;
        if (answered) {
          throw new HubSpotError(
            `${method} ${action.path} answered ${answered.status} with a body that could not be read: ${describe(cause)}`,
            { actionId: action.id, cause },
          );
        }
        throw new HubSpotConnectionError(`${method} ${action.path} could not be sent: ${describe(cause)}`, {
          actionId: action.id,
          cause,
        });
      }
      const { response } = result;
      callOptions?.onResponse?.(response);
      if (!response.ok || result.error !== undefined) {
        const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
        throw createApiError({
          actionId: action.id,
          method,
          url: response.url || `${baseUrl}${action.path}`,
          status: response.status,
          body: result.error,
          response,
          ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
        });
      }
      // A success without a body (204) has no data: the action's output type is then `undefined`.
      return result.data as T;
    },
  };
}

function describe(cause: unknown): string {
  if (cause instanceof Error) {
    const inner = cause.cause instanceof Error ? ` (${cause.cause.message})` : '';
    return `${cause.message}${inner}`;
  }
  return String(cause);
}
