// Copied from templates/runtime/core.ts by `npm run generate`. Edit the template, not this file.
/**
 * The client core: one openapi-fetch client plus what every action needs around it (credentials,
 * safe path parameters, typed errors). Generated action functions take a core as their first argument.
 */
import createClient, { type Client, createQuerySerializer } from 'openapi-fetch';
import {
  type AccessToken,
  assertHeaderValue,
  type Credential,
  requireDeveloperApiKey,
  resolveAccessToken,
} from './auth.js';
import { HubSpotApiError, HubSpotConnectionError, HubSpotError } from './errors.js';
import { assertPathParams, strictPathSerializer } from './path.js';

export const DEFAULT_BASE_URL = 'https://api.hubapi.com';

export interface ClientOptions {
  /** A private app token or OAuth access token, or a function returning one (called per request). */
  accessToken?: AccessToken;
  /** A developer API key, sent as `hapikey` only to the actions that need it (marketing events app settings). */
  developerApiKey?: string;
  /** Defaults to `https://api.hubapi.com`. */
  baseUrl?: string;
  /** A fetch implementation; defaults to the global `fetch`. */
  fetch?: typeof globalThis.fetch;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
}

/** Per-call options, accepted by every action. */
export interface RequestOptions {
  /** Aborts the request. */
  signal?: AbortSignal;
  /** Headers for this call only. */
  headers?: Record<string, string>;
}

/** What the core needs to know about an action; generated once per action. */
export interface ActionInfo {
  readonly id: string;
  readonly method: string;
  readonly path: string;
  readonly credential: Credential;
}

/** The request options the core hands to openapi-fetch for one call. */
export interface SendInit {
  headers: Record<string, string>;
  signal?: AbortSignal;
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
   * Runs one action: checks path parameters, adds credentials, sends through `send`, and returns the
   * parsed success body or throws a {@link HubSpotError}.
   */
  request<T>(
    action: ActionInfo,
    pathParams: object | undefined,
    options: RequestOptions | undefined,
    send: (init: SendInit) => Promise<FetchResult<T>>,
  ): Promise<T>;
}

export function createCore<Paths extends {}>(options: ClientOptions = {}): Core<Paths> {
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  const api = createClient<Paths>({
    baseUrl,
    fetch: options.fetch ?? ((input: Request) => globalThis.fetch(input)),
    pathSerializer: strictPathSerializer,
  });
  const serializeQuery = createQuerySerializer({
    array: { style: 'form', explode: true },
    object: { style: 'deepObject', explode: true },
  });
  for (const [name, value] of Object.entries(options.headers ?? {})) assertHeaderValue(name, value);

  return {
    api,
    baseUrl,
    async request<T>(
      action: ActionInfo,
      pathParams: object | undefined,
      callOptions: RequestOptions | undefined,
      send: (init: SendInit) => Promise<FetchResult<T>>,
    ): Promise<T> {
      assertPathParams(action.path, pathParams as Record<string, unknown> | undefined, action.id);
      const headers: Record<string, string> = {
        ...options.headers,
        ...callOptions?.headers,
      };
      for (const [name, value] of Object.entries(callOptions?.headers ?? {}))
        assertHeaderValue(name, value, action.id);
      const init: SendInit = { headers };
      if (callOptions?.signal) init.signal = callOptions.signal;
      if (action.credential === 'developerApiKey') {
        const key = requireDeveloperApiKey(options.developerApiKey, action.id);
        init.querySerializer = (query) => {
          const rest = serializeQuery(query);
          const auth = `hapikey=${encodeURIComponent(key)}`;
          return rest ? `${rest}&${auth}` : auth;
        };
      } else {
        headers.Authorization = `Bearer ${await resolveAccessToken(options.accessToken, action.id)}`;
      }

      let result: FetchResult<T>;
      try {
        result = await send(init);
      } catch (cause) {
        if (cause instanceof HubSpotError) throw cause;
        if (callOptions?.signal?.aborted) throw callOptions.signal.reason ?? cause;
        throw new HubSpotConnectionError(
          `${action.method.toUpperCase()} ${action.path} could not be sent: ${describe(cause)}`,
          {
            actionId: action.id,
            cause,
          },
        );
      }
      const { response } = result;
      if (!response.ok || result.error !== undefined) {
        throw new HubSpotApiError({
          actionId: action.id,
          method: action.method,
          url: response.url || `${baseUrl}${action.path}`,
          status: response.status,
          body: result.error,
          response,
        });
      }
      // A success without a body (204) has no data: the action's output type is then `void`.
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
