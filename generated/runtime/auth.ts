// Copied from templates/runtime/auth.ts by `npm run generate`. Edit the template, not this file.
/**
 * Credentials. HubSpot takes a private app token or an OAuth access token as `Authorization: Bearer`, and a
 * developer API key as the `hapikey` query parameter (only for the marketing events app-settings actions).
 */
import { HubSpotConfigError, HubSpotInputError } from './errors.js';

/** A token, or a function returning one (called for every request, so it can refresh OAuth tokens). */
export type AccessToken = string | (() => string | Promise<string>);

/** Which credential an action needs. */
export type Credential = 'accessToken' | 'developerApiKey';

/** Resolves the access token; throws {@link HubSpotConfigError} when none is configured or it is empty. */
export async function resolveAccessToken(token: AccessToken | undefined, actionId: string): Promise<string> {
  if (token === undefined) {
    throw new HubSpotConfigError(
      `action '${actionId}' needs an access token: pass accessToken to the client`,
      { actionId },
    );
  }
  const value = typeof token === 'function' ? await token() : token;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new HubSpotConfigError(
      `action '${actionId}' needs an access token, but the configured one is empty`,
      { actionId },
    );
  }
  assertHeaderValue('Authorization', value, actionId);
  return value;
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
