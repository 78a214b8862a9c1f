/**
 * The client core: one openapi-fetch client plus what every action needs around it — input checks,
 * credentials, safe path parameters, retries, timeouts, the rate limiter, batching and typed errors. A
 * generated action is one line, `core.call(descriptor, input, options)`, with a static descriptor
 * ({@link ActionInfo}) of the action.
 */
import createClient, { type Client } from 'openapi-fetch';
import {
  type AccessToken,
  assertHeader,
  BearerToken,
  type Credential,
  requireDeveloperApiKey,
} from './auth.js';
import type { BatchInfo, BatchOptions } from './batch.js';
import {
  createApiError,
  HubSpotConnectionError,
  HubSpotError,
  HubSpotInputError,
  HubSpotResponseError,
  redactCause,
  redactError,
} from './errors.js';
import type { RateLimitOptions } from './limiter.js';
import type { PaginationInfo } from './pagination.js';
import { assertPathParams, encodePath, strictPathSerializer } from './path.js';
import { serializeQuery } from './query.js';
import type { ErrorStyle } from './result.js';
import { DEFAULT_RETRY, parseRetryAfter, type RetryEvent, type RetryOptions } from './retry.js';
import { Secrets } from './secrets.js';
import { follow } from './signals.js';
import { bindRateLimit } from './store.js';
import { type Answer, callFetch, describe, type Logger } from './transport.js';

export const DEFAULT_BASE_URL = 'https://api.hubapi.com';
export const DEFAULT_TIMEOUT_MS = 30_000;
/** 16 MiB: far above any HubSpot Marketing answer, far below what would hurt a process. */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

export interface ClientOptions {
  /**
   * A private app token or OAuth access token, or a function returning one. The function is called for the
   * first request and again after a 401 (one refresh shared by all requests in flight), not per request; its
   * wait counts toward the attempt's timeout, and an acquisition that fails or is abandoned is not kept.
   */
  accessToken?: AccessToken;
  /** A developer API key, sent as `hapikey` only to the actions that need it (marketing events app settings). */
  developerApiKey?: string;
  /** An absolute http(s) URL. Defaults to `https://api.hubapi.com`. */
  baseUrl?: string;
  /** A fetch implementation; defaults to the global `fetch`. */
  fetch?: (request: Request) => Promise<Response>;
  /** Headers sent with every request (a `User-Agent` here replaces the client's own). */
  headers?: Record<string, string>;
  /** Retries after the first attempt (429, 502/503/504, connection errors); 0 turns retrying off. Default 3. */
  maxRetries?: number;
  /** Also retry 5xx and ambiguous connection failures on POST/PATCH (not idempotent). Default false. */
  retryNonIdempotent?: boolean;
  /** Backoff: first step and cap in ms. Defaults 500 and 30 000. */
  retry?: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs'>;
  /**
   * Timeout of each attempt in ms, covering the rate limiter's wait, the token, the answer and its body.
   * Default 30 000; `Infinity` switches it off.
   */
  timeoutMs?: number;
  /** Largest response body the client reads, in bytes; a larger one fails the call. Default 16 MiB. */
  maxResponseBytes?: number;
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
  /** Overrides the client's `timeoutMs` for this call (`Infinity`: no timeout). */
  timeoutMs?: number;
  /** Overrides the client's `maxResponseBytes` for this call. */
  maxResponseBytes?: number;
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
  /** Set when every success status of the action has a body: an empty one is then an error. */
  readonly returnsBody?: boolean;
  /** Query parameters that take a calendar date (`format: date`): a `Date` goes out as `YYYY-MM-DD` (UTC). */
  readonly queryDates?: readonly string[];
  /** Set when the action takes query parameters (`input.query`). */
  readonly query?: boolean;
  /** Set when the action takes a request body (`input.body`). */
  readonly body?: boolean;
}

/** The input of an action as the runtime sees it: any of `path`, `query`, `body`. */
interface ActionInput {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: unknown;
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
  if (action.path.includes('{'))
    assertPathParams(action.path, record.path as Record<string, unknown> | undefined, action.id);
  if (action.bodyRequired && record.body === undefined) {
    throw new HubSpotInputError(`'${action.id}' needs a request body (input.body)`, { actionId: action.id });
  }
}

/** The request options the core hands to openapi-fetch for one call. */
export interface SendInit {
  headers: Record<string, string>;
  fetch: (request: Request) => Promise<Response>;
  querySerializer: (query: Record<string, unknown>) => string;
  bodySerializer: (body: unknown) => string;
  /** Encodes the path parameters (already checked). */
  pathSerializer: (template: string, params: Record<string, unknown>) => string;
  /** The first attempt's signal (see transport.ts). */
  signal: AbortSignal;
  /** The core parses the body it has read itself: openapi-fetch hands the response over unread. */
  parseAs: 'stream';
}

/** What openapi-fetch returns. */
export interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

export interface Core<Paths extends {}, ThrowOnError extends boolean = true> {
  /** The underlying openapi-fetch client, for raw access. */
  readonly api: Client<Paths>;
  readonly baseUrl: string;
  /** `false` when the core was made with `throwOnError: false`: actions then resolve to results. */
  readonly throwOnError: ThrowOnError;
  /**
   * Runs one request of an action from its descriptor: checks the input ({@link assertInput}), sends it
   * through openapi-fetch with credentials, retries, timeout and rate limiting, and resolves to the parsed
   * success body or rejects with a {@link HubSpotError} (or the reason of the caller's signal). Batch actions
   * go through `callBatched` (batch.ts), which splits a batch larger than the action's cap into such calls.
   * It always rejects on failure, whatever `throwOnError` says: the action functions apply the result style
   * (action.ts), so pagination and batching build on this.
   */
  call<T>(action: ActionInfo, input: unknown, options?: RequestOptions & BatchOptions): Promise<T>;
}

/** openapi-fetch's `request`, seen without the path typing (the descriptor's path is a key of `Paths`). */
type RawRequest = (
  method: string,
  path: string,
  init: SendInit & { params: ActionInput; body?: unknown },
) => Promise<FetchResult<unknown>>;

/** What the generated client tells the core about itself. */
export interface ClientInfo {
  /** Sent as `User-Agent`, with the JavaScript runtime appended. */
  readonly userAgent?: string;
}

interface NumberRule {
  min: number;
  /** `min` itself is not allowed. */
  above?: boolean;
  integer?: boolean;
  infinity?: boolean;
}

/** Validates a numeric option: a clear RangeError instead of a timer that fires at once or never. */
function numberOption(name: string, value: unknown, rule: NumberRule): number | undefined {
  if (value === undefined) return undefined;
  const ok =
    typeof value === 'number' &&
    !Number.isNaN(value) &&
    (Number.isFinite(value)
      ? !rule.integer || Number.isInteger(value)
      : rule.infinity === true && value > 0) &&
    (rule.above ? value > rule.min : value >= rule.min);
  if (!ok) {
    const what = `${rule.integer ? 'an integer' : 'a number'} ${rule.above ? 'greater than' : 'of at least'} ${rule.min}${rule.infinity ? ' (or Infinity)' : ''}`;
    throw new RangeError(`${name} must be ${what}, got ${typeof value === 'number' ? value : typeof value}`);
  }
  return value as number;
}

const TIMEOUT_RULE: NumberRule = { min: 0, above: true, infinity: true };
const RETRIES_RULE: NumberRule = { min: 0, integer: true };
const BYTES_RULE: NumberRule = { min: 0, above: true, integer: true };
const DELAY_RULE: NumberRule = { min: 0 };

function checkBaseUrl(value: unknown): string {
  let url: URL | undefined;
  try {
    if (typeof value === 'string') url = new URL(value);
  } catch {
    url = undefined;
  }
  if (
    url === undefined ||
    (url.protocol !== 'https:' && url.protocol !== 'http:') ||
    url.search ||
    url.hash
  ) {
    throw new TypeError(
      `baseUrl must be an absolute http(s) URL without query or fragment, like ${DEFAULT_BASE_URL}; got ${JSON.stringify(
        typeof value === 'string' ? value.replace(/[?#].*$/s, '?...') : typeof value,
      )}`,
    );
  }
  return (value as string).replace(/\/+$/, '');
}

/** `name/version (runtime/version)`: the runtime where one can be told. */
function defaultUserAgent(client: string | undefined): string | undefined {
  if (client === undefined) return undefined;
  const g = globalThis as {
    document?: unknown;
    Bun?: { version?: string };
    Deno?: { version?: { deno?: string } };
    process?: { versions?: { node?: string } };
  };
  // Browsers refuse to let scripts set User-Agent; skip it there rather than have it dropped or refused.
  if (g.document !== undefined) return undefined;
  const runtime = g.Bun?.version
    ? `bun/${g.Bun.version}`
    : g.Deno?.version?.deno
      ? `deno/${g.Deno.version.deno}`
      : g.process?.versions?.node
        ? `node/${g.process.versions.node}`
        : undefined;
  return runtime ? `${client} (${runtime})` : client;
}

function hasHeader(headers: Record<string, string> | undefined, name: string): boolean {
  return headers !== undefined && Object.keys(headers).some((k) => k.toLowerCase() === name);
}

export function createCore<Paths extends {}>(
  options: ClientOptions & ErrorStyle = {},
  info: ClientInfo = {},
): Core<Paths, boolean> {
  const baseUrl = checkBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL);
  const baseFetch = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const api = createClient<Paths>({ baseUrl, fetch: baseFetch, pathSerializer: strictPathSerializer });
  for (const [name, value] of Object.entries(options.headers ?? {})) assertHeader(name, value);
  const secrets = new Secrets();
  secrets.pin(options.developerApiKey);
  const { redact } = secrets;
  const token = new BearerToken(options.accessToken, secrets);
  const limiter = options.rateLimit ? bindRateLimit(options.rateLimit, options.logger) : undefined;
  const clientRetry = {
    ...DEFAULT_RETRY,
    baseDelayMs:
      numberOption('retry.baseDelayMs', options.retry?.baseDelayMs, DELAY_RULE) ?? DEFAULT_RETRY.baseDelayMs,
    maxDelayMs:
      numberOption('retry.maxDelayMs', options.retry?.maxDelayMs, DELAY_RULE) ?? DEFAULT_RETRY.maxDelayMs,
    maxRetries: numberOption('maxRetries', options.maxRetries, RETRIES_RULE) ?? DEFAULT_RETRY.maxRetries,
    retryNonIdempotent: options.retryNonIdempotent ?? DEFAULT_RETRY.retryNonIdempotent,
  };
  const clientTimeout = numberOption('timeoutMs', options.timeoutMs, TIMEOUT_RULE) ?? DEFAULT_TIMEOUT_MS;
  const clientMaxBytes =
    numberOption('maxResponseBytes', options.maxResponseBytes, BYTES_RULE) ?? DEFAULT_MAX_RESPONSE_BYTES;
  const userAgent = hasHeader(options.headers, 'user-agent') ? undefined : defaultUserAgent(info.userAgent);
  const serializeBody = (actionId: string, body: unknown): string => {
    let json: string | undefined;
    try {
      json = JSON.stringify(body);
    } catch (cause) {
      throw new HubSpotInputError(`the request body cannot be sent as JSON: ${describe(cause)}`, {
        actionId,
        cause,
      });
    }
    if (json === undefined) {
      throw new HubSpotInputError(`the request body cannot be sent as JSON (got ${typeof body})`, {
        actionId,
      });
    }
    return json;
  };

  const rawRequest = (api as unknown as { request: RawRequest }).request;
  /** The headers of a call without headers of its own (openapi-fetch copies them, never changes them). */
  const clientHeaders: Record<string, string> = { ...options.headers };
  if (userAgent !== undefined) clientHeaders['User-Agent'] = userAgent;
  const hapikey =
    options.developerApiKey === undefined
      ? undefined
      : `hapikey=${encodeURIComponent(options.developerApiKey)}`;

  /** One request of an action (one chunk of a batch), with its retries. */
  async function run<T>(
    action: ActionInfo,
    callOptions: RequestOptions | undefined,
    params: ActionInput,
    body: unknown,
    signal: AbortSignal | undefined,
  ): Promise<T> {
    const callHeaders = callOptions?.headers;
    let headers = clientHeaders;
    if (callHeaders !== undefined) {
      for (const [name, value] of Object.entries(callHeaders)) assertHeader(name, value, action.id);
      headers = { ...options.headers, ...callHeaders };
      if (userAgent !== undefined && !hasHeader(callHeaders, 'user-agent')) headers['User-Agent'] = userAgent;
    }
    const method = action.method.toUpperCase();
    let dispatched = false;
    let answered: Answer | undefined;
    let serialized: string | undefined;
    const transport = callFetch({
      actionId: action.id,
      method,
      retry:
        callOptions?.maxRetries === undefined && callOptions?.retryNonIdempotent === undefined
          ? clientRetry
          : {
              ...clientRetry,
              maxRetries:
                numberOption('maxRetries', callOptions.maxRetries, RETRIES_RULE) ?? clientRetry.maxRetries,
              retryNonIdempotent: callOptions.retryNonIdempotent ?? clientRetry.retryNonIdempotent,
            },
      timeoutMs: numberOption('timeoutMs', callOptions?.timeoutMs, TIMEOUT_RULE) ?? clientTimeout,
      maxResponseBytes:
        numberOption('maxResponseBytes', callOptions?.maxResponseBytes, BYTES_RULE) ?? clientMaxBytes,
      signal,
      token: action.credential === 'accessToken' ? token : undefined,
      limiter,
      fetch: baseFetch,
      onRetry: options.onRetry,
      logger: options.logger,
      redact,
    });
    let key: string | undefined;
    if (action.credential === 'developerApiKey') {
      requireDeveloperApiKey(options.developerApiKey, action.id);
      key = hapikey;
    }
    const init: SendInit & { params: ActionInput; body?: unknown } = {
      params,
      body,
      headers,
      fetch: async (request) => {
        dispatched = true;
        answered = await transport(request, serialized);
        // A success goes back unread (the core parses it once); an error as a copy openapi-fetch can read.
        return answered.response.ok ? answered.response : answered.view();
      },
      querySerializer: (query) => serializeQuery(query, action, key),
      bodySerializer: (value) => {
        serialized = serializeBody(action.id, value);
        return serialized;
      },
      // assertInput checked the path parameters: encode them without checking again.
      pathSerializer: encodePath,
      signal: transport.signal,
      parseAs: 'stream',
    };

    const url = () => answered?.url || `${baseUrl}${action.path}`;
    let result: FetchResult<unknown>;
    let data: unknown;
    try {
      result = await rawRequest(action.method, action.path, init);
      if (result.response.ok && result.error === undefined) data = answered?.json();
    } catch (cause) {
      if (cause instanceof HubSpotError) throw cause;
      if (signal?.aborted) throw signal.reason;
      const why = redact(describe(cause));
      if (answered) {
        throw new HubSpotResponseError(
          `${method} ${action.path} answered ${answered.response.status} with a body that is not valid JSON: ${why}`,
          {
            actionId: action.id,
            method,
            url: url(),
            status: answered.response.status,
            problem: 'invalid_json',
            cause,
          },
        );
      }
      // Nothing was sent when building the request failed (a value fetch cannot carry): permanent, not retried.
      throw new (dispatched ? HubSpotConnectionError : HubSpotInputError)(
        `${method} ${action.path} could not be ${dispatched ? 'sent' : 'built'}: ${why}`,
        { actionId: action.id, cause },
      );
    }
    const status = result.response.status;
    if (callOptions?.onResponse !== undefined) callOptions.onResponse(answered?.view() ?? result.response);
    if (!result.response.ok || result.error !== undefined) {
      const retryAfterMs = parseRetryAfter(result.response.headers.get('retry-after'));
      throw createApiError({
        actionId: action.id,
        method,
        url: url(),
        status,
        body: result.error,
        response: answered?.view() ?? result.response,
        redact,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      });
    }
    if (data === undefined && action.returnsBody) {
      throw new HubSpotResponseError(
        `${method} ${action.path} answered ${status} without a body, where the action returns one`,
        {
          actionId: action.id,
          method,
          url: url(),
          status,
          problem: 'empty',
        },
      );
    }
    // A success without a body (204) has no data: the action's output type is then `undefined`.
    return data as T;
  }

  /** One request, under its own controller when the caller gave a signal; the one exit of failures. */
  async function send<T>(
    action: ActionInfo,
    callOptions: RequestOptions | undefined,
    params: ActionInput,
    body: unknown,
  ): Promise<T> {
    const given = callOptions?.signal;
    // One controller per request follows the caller's signal: a signal shared by many calls carries one
    // listener. Without a signal there is nothing to follow.
    const call = given === undefined ? undefined : new AbortController();
    const unlink = call === undefined ? undefined : follow(given, call);
    try {
      return await run<T>(action, callOptions, params, body, call?.signal);
    } catch (error) {
      // The one exit of every failure: no text the client built leaves it with a secret in it.
      if (error instanceof HubSpotError) throw redactError(error, redact);
      if (error instanceof Error && !(given?.aborted && error === given.reason))
        throw redactCause(error, redact);
      throw error;
    } finally {
      unlink?.();
    }
  }

  return {
    api,
    baseUrl,
    throwOnError: options.throwOnError !== false,
    call<T>(action: ActionInfo, input: unknown, callOptions?: RequestOptions & BatchOptions): Promise<T> {
      const hasPath = action.path.includes('{');
      try {
        if (hasPath || action.query || action.body) assertInput(action, input);
      } catch (error) {
        // Always a rejection, never a synchronous throw: callers await one promise.
        return Promise.reject(error);
      }
      const given = (input ?? {}) as ActionInput;
      const params: ActionInput = {};
      if (hasPath) params.path = given.path;
      if (action.query) params.query = given.query;
      return send<T>(action, callOptions, params, action.body ? given.body : undefined);
    },
  };
}
