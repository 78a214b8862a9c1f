/**
 * The transport under openapi-fetch: for one call, sends the request built by openapi-fetch with the bearer
 * token, a per-attempt timeout, the shared rate limiter, retries (see retry.ts) and one token refresh on 401.
 * It returns the final answer with its body read (within the attempt's timeout and the size limit) as an
 * {@link Answer}; turning it into data or a typed error is the core's job. It throws only
 * {@link HubSpotError}s, or the reason of the caller's signal.
 *
 * The first attempt sends openapi-fetch's own request (built with the first attempt's signal, see
 * {@link CallFetch.signal}), so a call that succeeds at once builds one `Request`; a retry builds a fresh one
 * from the serialized body.
 *
 * An attempt's timeout covers everything the attempt waits for: the rate limiter, the access token, the
 * answer and its body. Every wait of an attempt is raced against its signal (see signals.ts), so a timeout or
 * an abort settles the call even where the runtime's fetch would miss it.
 */
import type { BearerToken } from './auth.js';
import {
  HubSpotConnectionError,
  HubSpotError,
  HubSpotResponseError,
  HubSpotTimeoutError,
  redactUrl,
} from './errors.js';
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
import { follow, timerDelay, untilAborted } from './signals.js';
import type { ClientRateLimiter } from './store.js';

/** Receives diagnostics; never given a secret. */
export interface Logger {
  debug?(message: string, data?: Record<string, unknown>): void;
  warn?(message: string, data?: Record<string, unknown>): void;
}

export interface CallSettings {
  actionId: string;
  method: string;
  retry: Required<RetryOptions>;
  /** Per attempt; `Infinity` for none. */
  timeoutMs: number;
  /** Largest response body read, in bytes. */
  maxResponseBytes: number;
  /** The call's signal (follows the caller's); absent when the caller gave none. */
  signal?: AbortSignal | undefined;
  /** Set for bearer-token actions. */
  token?: BearerToken | undefined;
  /** The client's rate limiter: its store (in-process by default) bound to its rate. */
  limiter?: ClientRateLimiter | undefined;
  fetch: (request: Request) => Promise<Response>;
  onRetry?: ((event: RetryEvent) => void) | undefined;
  logger?: Logger | undefined;
  /** Removes the client's secrets from text. */
  redact: (text: string) => string;
}

/** What an attempt was doing when it ended. */
type Phase = 'waiting for the rate limiter' | 'waiting for the access token' | 'sending' | 'reading';

/** Made at the first body, not at import: a cold import does not load the runtime's text decoder. */
let decoder: TextDecoder | undefined;

/** The final answer of a call: the response as fetch gave it, and its body, read. */
export class Answer {
  private copy: Response | undefined;

  constructor(
    /** The response fetch gave; its body has been read into {@link bytes}. */
    readonly response: Response,
    /** The body, or null for a status that has none. */
    readonly bytes: Uint8Array | null,
    private readonly redact: (text: string) => string,
  ) {}

  /** The URL without secrets (`hapikey=[REDACTED]`), or '' when the response has none. */
  get url(): string {
    return this.response.url ? this.redact(this.response.url) : '';
  }

  /** The body parsed as JSON; `undefined` when it is empty. Throws the parser's error on invalid JSON. */
  json(): unknown {
    if (this.bytes === null || this.bytes.byteLength === 0) return undefined;
    decoder ??= new TextDecoder();
    return JSON.parse(decoder.decode(this.bytes));
  }

  /**
   * What callers see (`onResponse`, `error.response`): an equivalent response with the body in memory and
   * a URL without secrets. Built once, when first asked for.
   */
  view(): Response {
    if (this.copy !== undefined) return this.copy;
    const { response } = this;
    const copy = new Response(this.bytes as Uint8Array<ArrayBuffer> | null, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
    if (response.url) Object.defineProperty(copy, 'url', { value: this.url });
    this.copy = copy;
    return copy;
  }
}

/** The `fetch` that openapi-fetch uses for one call, and the signal its request must carry. */
export interface CallFetch {
  /**
   * Sends `request` (with retries); `body` is the serialized body it carries, which a retry sends again.
   */
  (request: Request, body?: string): Promise<Answer>;
  /** The first attempt's signal: openapi-fetch builds its request with it, so the first attempt sends it as is. */
  readonly signal: AbortSignal;
}

/** Builds the `fetch` that openapi-fetch uses for one call. */
export function callFetch(settings: CallSettings): CallFetch {
  const first = new AbortController();
  const send = async (request: Request, serialized?: string): Promise<Answer> => {
    let body: string | ArrayBuffer | undefined = serialized;
    // A request whose body the core did not serialize is read now, so that every attempt can send it.
    let sendFirst = true;
    if (request.body !== null && body === undefined) {
      body = await request.arrayBuffer();
      sendFirst = false;
    }
    const { retry, signal, actionId, method } = settings;
    let refreshed = false;
    let failures = 0;
    for (;;) {
      if (signal?.aborted) throw signal.reason;
      const reuse = sendFirst && !request.bodyUsed;
      const attempt = reuse ? first : new AbortController();
      sendFirst = false;
      const unlink = follow(signal, attempt);
      const started = performance.now();
      let timedOut = false;
      const timer = Number.isFinite(settings.timeoutMs)
        ? setTimeout(() => {
            timedOut = true;
            attempt.abort(
              new HubSpotTimeoutError(`${method} request timed out after ${settings.timeoutMs} ms`, {
                actionId,
              }),
            );
          }, timerDelay(settings.timeoutMs))
        : undefined;
      let phase: Phase = 'waiting for the rate limiter';
      let response: Response | undefined;
      let bytes: Uint8Array | null = null;
      let token: string | undefined;
      try {
        if (settings.limiter) {
          await untilAborted(
            settings.limiter.take({
              actionId,
              method,
              url: settings.redact(redactUrl(request.url)),
              signal: attempt.signal,
              maxWaitMs: settings.timeoutMs - (performance.now() - started),
              timeoutMs: settings.timeoutMs,
            }),
            attempt.signal,
          );
        }
        phase = 'waiting for the access token';
        // A token already at hand is used without a wait.
        if (settings.token)
          token = settings.token.peek() ?? (await settings.token.get(actionId, attempt.signal));
        phase = 'sending';
        let outgoing: Request;
        if (reuse) {
          // openapi-fetch's request, built with this attempt's signal: sent as is, with the token.
          outgoing = request;
          if (token !== undefined) outgoing.headers.set('Authorization', `Bearer ${token}`);
        } else {
          const headers = new Headers(request.headers);
          if (token !== undefined) headers.set('Authorization', `Bearer ${token}`);
          outgoing = new Request(request.url, {
            method: request.method,
            headers,
            body: body ?? null,
            signal: attempt.signal,
            redirect: request.redirect,
          });
        }
        // The Request and its controller stay reachable until the attempt settles: the fetch follows the
        // signal only weakly, and a collected link would turn a timeout into a 300 s hang. The body is read
        // inside the attempt, so a body that stalls after the headers also times out.
        await untilAborted(
          settings.fetch(outgoing).then(async (answered) => {
            if (attempt.signal.aborted) {
              // The attempt ended while fetch was pending: release the late answer.
              await answered.body?.cancel().catch(() => undefined);
              throw attempt.signal.reason;
            }
            response = answered;
            phase = 'reading';
            bytes = await readBody(answered, settings.maxResponseBytes, attempt.signal);
          }),
          attempt.signal,
          [outgoing, attempt],
        );
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        const failure = classify(error, settings, phase, response, timedOut);
        failures++;
        const retryable =
          failures <= retry.maxRetries &&
          (timedOut
            ? phase !== 'waiting for the rate limiter' && (isIdempotent(method) || retry.retryNonIdempotent)
            : failure instanceof HubSpotConnectionError
              ? retryableConnectionError(error, method, retry)
              : failure instanceof HubSpotResponseError && failure.problem === 'unreadable'
                ? isIdempotent(method) || retry.retryNonIdempotent
                : false);
        if (!retryable) throw failure;
        await wait(
          settings,
          failures,
          backoffDelay(failures, retry),
          timedOut
            ? 'timeout'
            : failure instanceof HubSpotResponseError
              ? 'response_error'
              : 'connection_error',
        );
        continue;
      } finally {
        clearTimeout(timer);
        unlink();
      }
      // Set by the attempt that just succeeded.
      const res = response as unknown as Response;
      const answer = new Answer(res, bytes, settings.redact);
      // HubSpot's 429 body names the limit (a DAILY one stops the limiter's store, not just this call).
      const policyName = res.status === 429 ? readPolicyName(answer) : undefined;
      settings.limiter?.observe({
        actionId,
        status: res.status,
        headers: res.headers,
        ...(policyName === undefined ? {} : { policyName }),
      });

      if (res.status === 401 && token !== undefined && settings.token?.refreshable && !refreshed) {
        refreshed = true;
        // The next attempt waits for the new token within its own timeout.
        settings.token.refresh(token, actionId).catch(() => undefined);
        settings.logger?.debug?.(`refreshed the access token after 401 on ${actionId}`, { actionId });
        continue;
      }

      const reason = retryableStatus(res.status, method, retry);
      if (reason === undefined || failures >= retry.maxRetries) return answer;
      if (res.status === 429 && isDailyPolicy(policyName)) return answer;
      const retryAfter = parseRetryAfter(res.headers.get('retry-after'));
      if (retryAfter !== undefined && retryAfter > retry.maxDelayMs) return answer;
      failures++;
      const delay = retryAfter ?? backoffDelay(failures, retry);
      await wait(settings, failures, delay, reason, res.status, policyName);
    }
  };
  return Object.assign(send, { signal: first.signal });
}

/** The typed error for an attempt that ended without a usable response. */
function classify(
  error: unknown,
  settings: CallSettings,
  phase: Phase,
  response: Response | undefined,
  timedOut: boolean,
): HubSpotError {
  const { actionId, method, redact } = settings;
  if (timedOut) {
    const where =
      phase === 'reading'
        ? `while reading the response body (HubSpot answered ${response?.status})`
        : phase === 'sending'
          ? 'before HubSpot answered'
          : phase;
    return new HubSpotTimeoutError(`${method} request timed out after ${settings.timeoutMs} ms ${where}`, {
      actionId,
    });
  }
  if (error instanceof HubSpotError) return error;
  if (phase === 'reading' && response !== undefined) {
    if (error instanceof ResponseTooLarge) {
      return new HubSpotResponseError(
        `${method} answered ${response.status} with a body larger than maxResponseBytes (${settings.maxResponseBytes} bytes); it was not read`,
        { actionId, method, url: response.url, status: response.status, problem: 'too_large' },
      );
    }
    return new HubSpotResponseError(
      `${method} reached HubSpot, which answered ${response.status}, but the response body could not be read: ${redact(describe(error))}`,
      { actionId, method, url: response.url, status: response.status, problem: 'unreadable', cause: error },
    );
  }
  return new HubSpotConnectionError(`${method} request could not be sent: ${redact(describe(error))}`, {
    actionId,
    cause: error,
  });
}

export function describe(cause: unknown): string {
  if (cause instanceof Error) {
    const inner = cause.cause instanceof Error ? ` (${cause.cause.message})` : '';
    return `${cause.message}${inner}`;
  }
  return String(cause);
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
  if (policyName !== undefined) event.policyName = settings.redact(policyName);
  settings.onRetry?.(event);
  settings.logger?.warn?.(
    settings.redact(
      `retrying ${settings.actionId} after ${status ?? reason} (attempt ${attempt}, waiting ${delayMs} ms)`,
    ),
    { ...event },
  );
  await sleep(delayMs, settings.signal);
}

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

class ResponseTooLarge extends Error {}

/**
 * Reads the whole body now, at most `limit` bytes; null for a status without a body. Over the limit, or when
 * `signal` aborts, the body is cancelled so the connection is released.
 */
async function readBody(response: Response, limit: number, signal: AbortSignal): Promise<Uint8Array | null> {
  const stream = response.body;
  if (NULL_BODY_STATUSES.has(response.status) || stream === null) return null;
  const declared = Number(response.headers.get('content-length'));
  if (declared > limit) {
    await stream.cancel().catch(() => undefined);
    throw new ResponseTooLarge();
  }
  const reader = stream.getReader();
  const release = () => {
    reader.cancel().catch(() => undefined);
  };
  signal.addEventListener('abort', release, { once: true });
  try {
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        release();
        throw new ResponseTooLarge();
      }
      chunks.push(value);
    }
    if (chunks.length === 1) return chunks[0] as Uint8Array;
    const data = new Uint8Array(size);
    let at = 0;
    for (const chunk of chunks) {
      data.set(chunk, at);
      at += chunk.byteLength;
    }
    return data;
  } finally {
    signal.removeEventListener('abort', release);
  }
}

/** HubSpot's 429 body names the limit that was hit (`policyName`). */
function readPolicyName(answer: Answer): string | undefined {
  try {
    const body = answer.json();
    const name =
      typeof body === 'object' && body !== null ? (body as { policyName?: unknown }).policyName : undefined;
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}
