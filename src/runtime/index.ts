/**
 * The hand-written runtime core of the generated client, one concern a file: auth, retry, limiter,
 * transport, errors, path safety, pagination, batching, result style, the client assembly, and the core that
 * ties them to openapi-fetch. The generated client imports it from here; nothing is copied.
 *
 * This is the generated modules' view of the runtime, internal: what the package's root entry exports is
 * public.ts, the documented API.
 */
export { type AccessToken, BearerToken, type Credential } from './auth.js';
export {
  type BatchChunkFailure,
  type BatchedActionInfo,
  type BatchInfo,
  type BatchOptions,
  callBatched,
  HubSpotBatchError,
  mergeBatchResults,
  runBatched,
} from './batch.js';
export {
  type Bound,
  bindActions,
  type ClientTables,
  type CoreFunction,
  createClient,
} from './client.js';
export {
  type ActionInfo,
  assertInput,
  type ClientInfo,
  type ClientOptions,
  type Core,
  createCore,
  DEFAULT_BASE_URL,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_TIMEOUT_MS,
  type FetchResult,
  type RequestOptions,
  type SendInit,
} from './core.js';
export {
  type ApiErrorInit,
  createApiError,
  errorKind,
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
  redactUrl,
} from './errors.js';
export { MAX_HEADER_WAIT_MS, type RateLimitOptions, RateLimitWaitError, TokenBucket } from './limiter.js';
export {
  type ActionCaller,
  actionItems,
  actionPages,
  getPath,
  iterateItems,
  iteratePages,
  type PagedActionInfo,
  type PageLimits,
  type PaginationInfo,
} from './pagination.js';
export { encodePathSegment } from './path.js';
export { type Result, type Resultify, resultify } from './result.js';
export {
  backoffDelay,
  DEFAULT_RETRY,
  isIdempotent,
  parseRetryAfter,
  type RetryEvent,
  type RetryOptions,
  type RetryReason,
  sleep,
} from './retry.js';
export {
  bindRateLimit,
  type ClientRateLimiter,
  dailyStop,
  InProcessRateLimitStore,
  type InProcessRateLimitStoreOptions,
  msUntilMidnight,
  type RateLimitObservation,
  type RateLimitRequest,
  type RateLimitSignals,
  type RateLimitStore,
  rateLimitStop,
  readRateLimitSignals,
} from './store.js';
export type { Logger } from './transport.js';
