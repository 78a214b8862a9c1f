/**
 * Credentials. HubSpot takes a private app token or an OAuth access token as `Authorization: Bearer`, and a
 * developer API key as the `hapikey` query parameter (only for the marketing events app-settings actions).
 */
import { HubSpotConfigError, HubSpotInputError } from './errors.js';
import type { Secrets } from './secrets.js';
import { untilAborted } from './signals.js';

/**
 * A token, or a function returning one. The function is called for the first request and again whenever
 * HubSpot answers 401 (expired token); one refresh is shared by every request in flight. It is not called per
 * request: token functions usually fetch or refresh over the network, and HubSpot's 401 says when the token
 * has expired. A function that caches may return a new token at any time; it is used after the next 401.
 */
export type AccessToken = string | (() => string | Promise<string>);

/** Which credential an action needs. */
export type Credential = 'accessToken' | 'developerApiKey';

/** Holds the current bearer token and refreshes it at most once per expiry. */
export class BearerToken {
  /** The pending or settled token; cleared when loading failed or was abandoned, so the next call asks again. */
  private current: Promise<string> | undefined;
  /** The last token the source gave. */
  private value: string | undefined;
  /** Set while an acquisition is pending. */
  private loading: Promise<string> | undefined;

  constructor(
    private readonly source: AccessToken | undefined,
    private readonly secrets?: Secrets,
  ) {
    if (typeof source === 'string') secrets?.add(source);
  }

  /** The current token when one is at hand (no acquisition or refresh pending), else undefined. */
  peek(): string | undefined {
    return this.loading === undefined && this.current !== undefined ? this.value : undefined;
  }

  /** True when a 401 can be answered by asking for a new token. */
  get refreshable(): boolean {
    return typeof this.source === 'function';
  }

  /**
   * The token to send; throws {@link HubSpotConfigError} when none is configured. The wait ends when `signal`
   * aborts (the attempt's timeout or the caller's signal); an acquisition still pending then is abandoned, so
   * a token function that never settles cannot hold up the calls that come after.
   */
  get(actionId: string, signal?: AbortSignal): Promise<string> {
    if (this.source === undefined) {
      return Promise.reject(
        new HubSpotConfigError(`action '${actionId}' needs an access token: pass accessToken to the client`, {
          actionId,
        }),
      );
    }
    this.current ??= this.start(actionId);
    const pending = this.current;
    if (signal === undefined) return pending;
    return untilAborted(pending, signal).catch((error: unknown) => {
      if (signal.aborted && this.loading === pending) this.forget(pending);
      throw error;
    });
  }

  /**
   * Called after a 401 for a request sent with `used`: asks for a new token unless a refresh is already under
   * way or another request already got a newer token, and returns the token to replay with. Decides without
   * awaiting, so 401s handled in the same tick share one refresh.
   */
  refresh(used: string, actionId: string, signal?: AbortSignal): Promise<string> {
    if (this.loading === undefined && (this.current === undefined || this.value === used))
      this.current = this.start(actionId);
    return this.get(actionId, signal);
  }

  private forget(pending: Promise<string>): void {
    if (this.current === pending) this.current = undefined;
    if (this.loading === pending) this.loading = undefined;
  }

  private start(actionId: string): Promise<string> {
    const pending: Promise<string> = this.load(actionId).then(
      (token) => {
        // An abandoned acquisition that settles late does not overwrite a newer one.
        if (this.loading === pending) {
          this.loading = undefined;
          this.value = token;
        }
        return token;
      },
      (error: unknown) => {
        this.forget(pending);
        throw error;
      },
    );
    this.loading = pending;
    pending.catch(() => undefined); // observed by the callers that wait for it
    return pending;
  }

  private async load(actionId: string): Promise<string> {
    const source = this.source;
    let value: unknown;
    try {
      value = typeof source === 'function' ? await source() : source;
    } catch (cause) {
      throw new HubSpotConfigError(`the accessToken function failed for action '${actionId}'`, {
        actionId,
        cause,
      });
    }
    if (typeof value !== 'string' || value.trim() === '') {
      throw new HubSpotConfigError(
        `action '${actionId}' needs an access token, but the configured one is empty`,
        { actionId },
      );
    }
    this.secrets?.add(value);
    if (!isHeaderValue(value)) {
      throw new HubSpotInputError(
        `the access token for action '${actionId}' contains characters a header cannot carry`,
        { actionId },
      );
    }
    return value;
  }
}

/** Throws {@link HubSpotConfigError} when the developer API key is missing. */
export function requireDeveloperApiKey(key: string | undefined, actionId: string): string {
  if (key === undefined || key.trim() === '') {
    throw new HubSpotConfigError(
      `action '${actionId}' needs a developer API key: pass developerApiKey to the client`,
      { actionId },
    );
  }
  return key;
}

/** An HTTP token (RFC 9110): what a header name may be made of. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Latin-1 without CR, LF or NUL: what fetch can put in a header value without splitting it or throwing. */
function isHeaderValue(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c > 0xff || c === 0x0a || c === 0x0d || c === 0) return false;
  }
  return true;
}

/**
 * Refuses a header that would be split or rejected by fetch: a name that is not an HTTP token, a value with
 * CR, LF or NUL, or a value with characters outside Latin-1 (which fetch cannot encode).
 */
export function assertHeader(name: string, value: unknown, actionId?: string): void {
  if (typeof name !== 'string' || !HEADER_NAME.test(name)) {
    throw new HubSpotInputError(
      `header name ${JSON.stringify(String(name))} is not a valid HTTP header name`,
      { actionId },
    );
  }
  if (typeof value !== 'string') {
    throw new HubSpotInputError(`header '${name}' must be a string, got ${typeof value}`, { actionId });
  }
  if (/[\r\n\0]/.test(value)) {
    throw new HubSpotInputError(`header '${name}' contains a line break or NUL character`, { actionId });
  }
  if (!isHeaderValue(value)) {
    throw new HubSpotInputError(
      `header '${name}' contains characters outside Latin-1, which HTTP headers cannot carry`,
      { actionId },
    );
  }
}
