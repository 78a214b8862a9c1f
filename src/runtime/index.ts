/**
 * The hand-written runtime core of the generated client, one concern a file: auth, retry, limiter,
 * transport, errors, path safety, pagination, batching, result style, the client assembly, and the core that
 * ties them to openapi-fetch. The generated client imports it from here; nothing is copied.
 *
 * This is the generated modules' view of the runtime, internal: what the package's root entry exports is
 * public.ts, the documented API.
 */
// The documented API, then what only the generated modules and the Redis store use.

export {
  type ActionFunction,
  action,
  batchAction,
  itemsOf,
  type Paginator,
  pagesOf,
} from './action.js';
export { BearerToken, type Credential } from './auth.js';
export {
  type BatchedActionInfo,
  type BatchInfo,
  callBatched,
  mergeBatchResults,
  runBatched,
} from './batch.js';
export { type Bound, bindActions, type ClientTables, type CoreFunction, createClient } from './client.js';
export {
  type ActionInfo,
  assertInput,
  type ClientInfo,
  type Core,
  createCore,
  DEFAULT_BASE_URL,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_TIMEOUT_MS,
  type FetchResult,
  type SendInit,
} from './core.js';
export { type ApiErrorInit, createApiError, errorKind, redactUrl } from './errors.js';
export { MAX_HEADER_WAIT_MS, TokenBucket } from './limiter.js';
export {
  type ActionCaller,
  actionItems,
  actionPages,
  getPath,
  iterateItems,
  iteratePages,
  type PagedActionInfo,
  type PaginationInfo,
} from './pagination.js';
export { encodePathSegment } from './path.js';
export * from './public.js';
export { type ErrorStyle, styled } from './result.js';
export { backoffDelay, DEFAULT_RETRY, isIdempotent, parseRetryAfter, sleep } from './retry.js';
export {
  bindRateLimit,
  type ClientRateLimiter,
  msUntilMidnight,
} from './store.js';
