/**
 * Credentials. HubSpot takes a private app token or an OAuth access token as `Authorization: Bearer`, and a
 * developer API key as the `hapikey` query parameter (only for the marketing events app-settings actions).
 */
import { HubSpotConfigError, HubSpotInputError } from './errors.js';

/**
 * A token, or a function returning one. The function is called for the first request and again whenever
 * HubSpot answers 401 (expired token); one refresh is shared by every request in flight.
 */
export type AccessToken = string | (() => string | Promise<string>);

/** Which credential an action needs. */
export type Credential = 'accessToken' | 'developerApiKey';

/** Holds the current bearer token and refreshes it at most once per expiry. */
export class BearerToken {
  /** The pending or settled token; cleared when loading failed, so the next call asks again. */
  private current: Promise<string> | undefined;
  /** The last token the source gave. */
  private value: string | undefined;
  private loading = false;

  constructor(private readonly source: AccessToken | undefined) {}

  /** True when a 401 can be answered by asking for a new token. */
  get refreshable(): boolean {
    return typeof this.source === 'function';
  }

  /** The token to send; throws {@link HubSpotConfigError} when none is configured. */
  get(actionId: string): Promise<string> {
    if (this.source === undefined) {
      return Promise.reject(
        new HubSpotConfigError(`action '${actionId}' needs an access token: pass accessToken to the client`, {
          actionId,
        }),
      );
    }
    this.current ??= this.start(actionId);
    return this.current;
  }

  /**
   * Called after a 401 for a request sent with `used`: asks for a new token unless a refresh is already under
   * way or another request already got a newer token, and returns the token to replay with. Decides without
   * awaiting, so 401s handled in the same tick share one refresh.
   */
  refresh(used: string, actionId: string): Promise<string> {
    if (!this.loading && (this.current === undefined || this.value === used))
      this.current = this.start(actionId);
    return this.get(actionId);
  }

  private start(actionId: string): Promise<string> {
    this.loading = true;
    const pending: Promise<string> = this.load(actionId).then(
      (token) => {
        this.loading = false;
        this.value = token;
        return token;
      },
      (error: unknown) => {
        this.loading = false;
        if (this.current === pending) this.current = undefined;
        throw error;
      },
    );
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
        {
          actionId,
        },
      );
    }
    assertHeaderValue('Authorization', value, actionId);
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

/** CR or LF in a header value would split the header; refuse it rather than send it. */
export function assertHeaderValue(name: string, value: string, actionId?: string): void {
  if (/[\r\n\0]/.test(value)) {
    throw new HubSpotInputError(`header '${name}' contains a line break or NUL character`, { actionId });
  }
}
