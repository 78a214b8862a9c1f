/**
 * The transport under openapi-fetch: for one call, sends the request built by openapi-fetch with the bearer
 * token, a per-attempt timeout, the shared rate limiter, retries (see retry.ts) and one token refresh on 401.
 * It returns the final `Response`; turning it into data or a typed error is the core's job.
 */
import type { BearerToken } from './auth.js';
import { HubSpotTimeoutError } from './errors.js';
import type { TokenBucket } from './limiter.js';
import {
  backoffDelay,
  isDailyPolicy,
  isIdempotent,
  parseRetryAfter,
  type RetryEvent,
  type RetryOptions,
  type RetryReason,
  retryableConnectionError,
  retryableStatus,
  sleep,
} from './retry.js';

/** Receives diagnostics; never given a secret. */
export interface Logger {
  debug?(message: string, data?: Record<string, unknown>): void;
  warn?(message: string, data?: Record<string, unknown>): void;
}

export interface CallSettings {
  actionId: string;
  method: string;
  retry: Required<RetryOptions>;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Set for bearer-token actions. */
  token?: BearerToken;
  limiter?: TokenBucket;
  fetch: (request: Request) => Promise<Response>;
  onRetry?: (event: RetryEvent) => void;
  logger?: Logger;
}

/** Builds the `fetch` that openapi-fetch uses for one call. */
export function callFetch(settings: CallSettings): (request: Request) => Promise<Response> {
  return async (request) => {
    const body = request.body === null ? undefined : await request.arrayBuffer();
    const { retry, signal, actionId, method } = settings;
    let refreshed = false;
    let failures = 0;
    for (;;) {
      if (signal?.aborted) throw signal.reason;
      if (settings.limiter) await settings.limiter.take(signal);
      const headers = new Headers(request.headers);
      const token = settings.token ? await settings.token.get(actionId) : undefined;
      if (token !== undefined) headers.set('Authorization', `Bearer ${token}`);

      const timeout = new AbortController();
      const timer = setTimeout(
        () =>
          timeout.abort(
            new HubSpotTimeoutError(`${method} request timed out after ${settings.timeoutMs} ms`, {
              actionId,
            }),
          ),
        settings.timeoutMs,
      );
      const attemptSignal = signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal;
      let response: Response;
      try {
        // The body is read inside the attempt, so a body that stalls after the headers also times out.
        response = await bufferBody(
          await settings.fetch(
            new Request(request.url, {
              method: request.method,
              headers,
              body,
              signal: attemptSignal,
              redirect: request.redirect,
            }),
          ),
        );
      } catch (error) {
        clearTimeout(timer);
        if (signal?.aborted) throw signal.reason;
        failures++;
        const timedOut = timeout.signal.aborted;
        const canRetry =
          failures <= retry.maxRetries &&
          (timedOut ? retryableTimeout(method, retry) : retryableConnectionError(error, method, retry));
        if (!canRetry) throw timedOut ? timeout.signal.reason : error;
        await wait(
          settings,
          failures,
          backoffDelay(failures, retry),
          timedOut ? 'timeout' : 'connection_error',
        );
        continue;
      }
      clearTimeout(timer);
      settings.limiter?.observe(response.headers);

      if (response.status === 401 && token !== undefined && settings.token?.refreshable && !refreshed) {
        refreshed = true;
        await response.body?.cancel();
        await settings.token.refresh(token, actionId);
        settings.logger?.debug?.(`refreshed the access token after 401 on ${actionId}`, { actionId });
        continue;
      }

      const reason = retryableStatus(response.status, method, retry);
      if (reason === undefined || failures >= retry.maxRetries) return response;
      let policyName: string | undefined;
      if (response.status === 429) {
        policyName = await readPolicyName(response);
        if (isDailyPolicy(policyName)) return response;
      }
      const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
      if (retryAfter !== undefined && retryAfter > retry.maxDelayMs) return response;
      failures++;
      await response.body?.cancel();
      const delay = retryAfter ?? backoffDelay(failures, retry);
      await wait(settings, failures, delay, reason, response.status, policyName);
    }
  };
}

function retryableTimeout(method: string, retry: Required<RetryOptions>): boolean {
  return isIdempotent(method) || retry.retryNonIdempotent;
}

async function wait(
  settings: CallSettings,
  attempt: number,
  delayMs: number,
  reason: RetryReason,
  status?: number,
  policyName?: string,
): Promise<void> {
  const event: RetryEvent = {
    actionId: settings.actionId,
    method: settings.method,
    attempt,
    delayMs,
    reason,
  };
  if (status !== undefined) event.status = status;
  if (policyName !== undefined) event.policyName = policyName;
  settings.onRetry?.(event);
  settings.logger?.warn?.(
    `retrying ${settings.actionId} after ${status ?? reason} (attempt ${attempt}, waiting ${delayMs} ms)`,
    { ...event },
  );
  await sleep(delayMs, settings.signal);
}

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** Reads the whole body now and returns an equivalent response whose body is in memory. */
async function bufferBody(response: Response): Promise<Response> {
  const data = NULL_BODY_STATUSES.has(response.status) ? null : await response.arrayBuffer();
  const copy = new Response(data, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  if (response.url) Object.defineProperty(copy, 'url', { value: response.url });
  return copy;
}

/** HubSpot's 429 body names the limit that was hit (`policyName`). */
async function readPolicyName(response: Response): Promise<string | undefined> {
  try {
    const body: unknown = await response.clone().json();
    const name =
      typeof body === 'object' && body !== null ? (body as { policyName?: unknown }).policyName : undefined;
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}
