// Copied from templates/runtime/auth.ts by `npm run generate`. Edit the template, not this file.
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
  private current: Promise<string> | undefined;

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
    this.current ??= this.load(actionId);
    return this.current;
  }

  /**
   * Called after a 401 for a request sent with `used`: asks for a new token unless another request already
   * did, and returns the token to replay with.
   */
  async refresh(used: string, actionId: string): Promise<string> {
    const now = this.current ? await this.current.catch(() => undefined) : undefined;
    if (now === used || now === undefined) this.current = this.load(actionId);
    return this.get(actionId);
  }

  private async load(actionId: string): Promise<string> {
    const source = this.source;
    let value: unknown;
    try {
      value = typeof source === 'function' ? await source() : source;
    } catch (cause) {
      this.current = undefined;
      throw new HubSpotConfigError(`the accessToken function failed for action '${actionId}'`, {
        actionId,
        cause,
      });
    }
    if (typeof value !== 'string' || value.trim() === '') {
      this.current = undefined;
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
