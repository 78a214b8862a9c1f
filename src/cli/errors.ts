/**
 * How the command line fails. Exit codes: 0 success, 1 HubSpot (or the server) answered with an error or could
 * not be reached, 2 bad input: unknown action, missing or malformed parameter, invalid JSON, bad option.
 */
export const EXIT_OK = 0;
export const EXIT_API_ERROR = 1;
export const EXIT_USAGE = 2;

/** Bad input, found before any request is sent. */
export class UsageError extends Error {
  override name = 'UsageError';
}
