/**
 * The runtime's public API: what the package's root entry re-exports, and what README documents — the
 * error classes and their types, the option types, the result types, `RetryEvent`, `Logger`,
 * `RateLimitOptions`, and what a rate-limit store is written with (`RateLimitStore` and its request and
 * observation types, `InProcessRateLimitStore`, `readRateLimitSignals`, `rateLimitStop`, `dailyRateLimitStop`,
 * `RateLimitWaitError`). Everything else of the runtime (the token holder, the limiter, backoff, the transport,
 * the descriptors the generated actions hand to the core) is internal and may change in any release.
 */
export type { AccessToken } from './auth.js';
export { type BatchChunkFailure, type BatchOptions, HubSpotBatchError } from './batch.js';
export type { ClientOptions, RequestOptions } from './core.js';
export {
  HubSpotApiError,
  HubSpotAuthError,
  HubSpotBadRequestError,
  HubSpotConfigError,
  HubSpotConflictError,
  HubSpotConnectionError,
  HubSpotError,
  type HubSpotErrorDetail,
  type HubSpotErrorKind,
  HubSpotForbiddenError,
  HubSpotInputError,
  HubSpotNotFoundError,
  HubSpotRateLimitError,
  HubSpotResponseError,
  type HubSpotResponseProblem,
  HubSpotServerError,
  type HubSpotStatusKind,
  HubSpotTimeoutError,
} from './errors.js';
export { type RateLimitOptions, RateLimitWaitError } from './limiter.js';
export type { PageLimits } from './pagination.js';
export type { ErrorStyle, Result, Resultify } from './result.js';
export type { RetryEvent, RetryOptions, RetryReason } from './retry.js';
export {
  dailyRateLimitStop,
  InProcessRateLimitStore,
  type InProcessRateLimitStoreOptions,
  type RateLimitObservation,
  type RateLimitRequest,
  type RateLimitSignals,
  type RateLimitStore,
  rateLimitStop,
  readRateLimitSignals,
} from './store.js';
export type { Logger } from './transport.js';
