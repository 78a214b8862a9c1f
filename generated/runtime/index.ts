// Copied from templates/runtime/index.ts by `npm run generate`. Edit the template, not this file.
/**
 * The hand-written runtime core of the generated client. The generator copies this folder into
 * `generated/runtime/` unchanged, so the generated client is self-contained.
 */
export type { AccessToken, Credential } from './auth.js';
export {
  type ActionInfo,
  type ClientOptions,
  type Core,
  createCore,
  DEFAULT_BASE_URL,
  type FetchResult,
  type RequestOptions,
  type SendInit,
} from './core.js';
export {
  errorKind,
  HubSpotApiError,
  HubSpotConfigError,
  HubSpotConnectionError,
  HubSpotError,
  type HubSpotErrorDetail,
  type HubSpotErrorKind,
  HubSpotInputError,
  HubSpotTimeoutError,
  redactUrl,
} from './errors.js';
export { encodePathSegment } from './path.js';
