/**
 * HTTP plumbing: an `http.Server` on `host:port` that reads each request, hands it to the shared
 * openapi-backend (backend.ts) together with this server's state (handlers, chosen statuses), records it, lets
 * the responder replace the answer, and writes the answer with an `x-hubspot-correlation-id` header.
 *
 * Bounded, so a long-running mock does not grow: a body above `maxBodyBytes` (default 1 MiB) is answered 413
 * with HubSpot's error envelope and never held in memory, and the request log keeps the last `requestLogSize`
 * requests (default 1,000).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Request as BackendRequest, Operation } from 'openapi-backend';
import type { Answered, RequestState } from './answers.js';
import { type LoadedBackend, loadBackend } from './backend.js';
import { apiKeyQueryNames, dropQueryKeys } from './checks.js';
import { hubspotError, issue, validationEnvelope } from './envelope.js';
import type { MockAnswer, OperationHandlers, RecordedRequest, Responder } from './types.js';

/** Default `maxBodyBytes`: 1 MiB, far above any request of the 73 actions. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** Default `requestLogSize`: how many recent requests `requests` keeps. */
export const DEFAULT_REQUEST_LOG_SIZE = 1000;

export interface HttpMockOptions {
  /** Larger request bodies are answered 413 without being kept. Default {@link DEFAULT_MAX_BODY_BYTES}. */
  maxBodyBytes?: number;
  /** `requests` keeps this many of the latest requests (0: none). Default {@link DEFAULT_REQUEST_LOG_SIZE}. */
  requestLogSize?: number;
  /** The bundled OpenAPI 3.1 document; default generated/openapi.json. */
  specPath?: string | URL;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Replaces answers; see `Responder`. */
  respond?: Responder;
  /** The success status to answer per operationId, instead of the lowest 2xx (spec-example answers only). */
  statuses?: Record<string, number>;
  /** Stateful answers per operationId; the others come from the spec's examples. */
  handlers?: OperationHandlers;
  /** Called with every request once it is answered (e.g. to log it). */
  onRequest?: (request: RecordedRequest) => void;
}

export interface HttpMock {
  /** Base URL, e.g. `http://127.0.0.1:54321`; pass it as the client's `baseUrl`. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /**
   * The latest requests (at most `requestLogSize`), oldest first. Clear it with `requests.length = 0` or
   * `reset()`.
   */
  readonly requests: RecordedRequest[];
  /** Replaces (or, with `undefined`, removes) the responder given in the options. */
  setResponder(responder: Responder | undefined): void;
  /** Answers `operationId` with this declared success status from now on (`undefined`: the lowest 2xx). */
  setStatus(operationId: string, status: number | undefined): void;
  /** Forgets recorded requests, the responder and the chosen statuses. */
  reset(): void;
  close(): Promise<void>;
}

export async function startHttpMock(options: HttpMockOptions = {}): Promise<HttpMock> {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const requestLogSize = options.requestLogSize ?? DEFAULT_REQUEST_LOG_SIZE;
  for (const [name, value] of [
    ['maxBodyBytes', maxBodyBytes],
    ['requestLogSize', requestLogSize],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 0)
      throw new RangeError(`${name} must be a whole number >= 0`);
  }
  const backend = await loadBackend(options.specPath);
  const requests: RecordedRequest[] = [];
  let responder = options.respond;
  const statuses = new Map<string, number>();
  const setStatus = (operationId: string, status: number | undefined) => {
    if (status === undefined) {
      statuses.delete(operationId);
      return;
    }
    const responses = backend.api.getOperation(operationId)?.responses as Record<string, unknown> | undefined;
    if (!/^2\d\d$/.test(String(status)) || !responses?.[String(status)]) {
      throw new Error(`${operationId} declares no ${status} success response`);
    }
    statuses.set(operationId, status);
  };
  for (const [operationId, status] of Object.entries(options.statuses ?? {})) setStatus(operationId, status);

  const context: ServerContext = {
    backend,
    requests,
    responder: () => responder,
    statuses,
    handlers: options.handlers,
    onRequest: options.onRequest,
    maxBodyBytes,
    requestLogSize,
  };
  const server = createServer((req, res) => {
    handle(context, req, res).catch((err: unknown) => {
      // Only reached if writing the answer failed; never leave the client hanging.
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(err));
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    host,
    port,
    requests,
    setResponder(next) {
      responder = next;
    },
    setStatus,
    reset() {
      requests.length = 0;
      responder = undefined;
      statuses.clear();
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}

interface ServerContext {
  backend: LoadedBackend;
  requests: RecordedRequest[];
  responder: () => Responder | undefined;
  statuses: ReadonlyMap<string, number>;
  handlers: OperationHandlers | undefined;
  onRequest: ((request: RecordedRequest) => void) | undefined;
  maxBodyBytes: number;
  requestLogSize: number;
}

/** Reads the body, keeping at most `limit` bytes; `undefined` when it is larger (the rest is read and dropped). */
async function readBody(
  req: IncomingMessage,
  limit: number,
): Promise<{ text: string; size: number } | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= limit) chunks.push(chunk as Buffer);
    else chunks.length = 0;
  }
  return size <= limit ? { text: Buffer.concat(chunks).toString('utf8'), size } : undefined;
}

async function handle(context: ServerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { api, schemes } = context.backend;
  const declared = Number(req.headers['content-length']);
  let read: { text: string; size: number } | undefined;
  if (Number.isFinite(declared) && declared > context.maxBodyBytes)
    req.resume(); // drop it unread
  else read = await readBody(req, context.maxBodyBytes);
  const text = read?.text ?? '';
  const target = req.url ?? '/';
  const q = target.indexOf('?');
  const path = q === -1 ? target : target.slice(0, q);
  const rawQueryString = q === -1 ? '' : target.slice(q + 1);
  const method = (req.method ?? 'GET').toLowerCase();
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name] = value;

  const request: BackendRequest = { method, path, headers, query: rawQueryString };
  if (text !== '') request.body = text;
  const state: RequestState = {
    rawQuery: new URLSearchParams(rawQueryString),
    validated: request,
    responseErrors: [],
    handlers: context.handlers,
  };

  let answer: Answered;
  let params: Record<string, string> = {};
  let query: Record<string, unknown> = {};
  let operation: Operation | undefined;
  if (read === undefined) {
    // Too large: answered before validation, and the body was never kept.
    try {
      operation = api.router.matchOperation(request);
    } catch {
      operation = undefined; // a malformed path: the 413 still holds
    }
    const message = `The request body is larger than the ${context.maxBodyBytes} bytes this server accepts (maxBodyBytes).`;
    state.validation = { valid: false, errors: [issue('', 'maxBodyBytes', message)] };
    answer = {
      operationId: operation?.operationId,
      status: 413,
      body: hubspotError('VALIDATION_ERROR', message),
      headers: { connection: 'close' },
    };
  } else {
    try {
      // Gap 4: route first to learn which apiKey query credentials this operation takes, and hide them.
      operation = api.router.matchOperation(request);
      if (operation) {
        state.status = context.statuses.get(operation.operationId as string);
        const hidden = apiKeyQueryNames(operation, schemes);
        if (hidden.length > 0) state.validated = { ...request, query: dropQueryKeys(rawQueryString, hidden) };
        const parsed = api.router.parseRequest(request, operation);
        params = parsed.params as Record<string, string>;
        query = parsed.query as Record<string, unknown>;
      } else {
        query = api.router.parseRequest(request).query as Record<string, unknown>;
      }
      answer = (await api.handleRequest(state.validated, state)) as Answered;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const operationId = operation?.operationId;
      if (err instanceof URIError) {
        // Gap 5: a malformed %-escape in the path; the router's decodeURIComponent throws.
        state.validation = { valid: false, errors: [issue('', 'request', message)] };
        answer = { operationId, status: 400, body: validationEnvelope(state.validation.errors) };
      } else {
        // A fault of the mock or of the spec (say, a mock that cannot be built), not of the request.
        state.validation ??= { valid: false, errors: [issue('', 'server', message)] };
        answer = {
          operationId,
          status: 500,
          body: hubspotError('INTERNAL_ERROR', `mock server failure: ${message}`),
        };
      }
    }
  }

  const validation = state.validation ?? {
    valid: false,
    errors: [issue('', 'route', `no operation for ${method.toUpperCase()} ${path}`)],
  };
  const { operationId, ...defaultAnswer } = answer;
  const recorded: RecordedRequest = {
    operationId,
    method: method.toUpperCase(),
    url: target,
    path,
    params,
    query,
    valid: validation.valid,
    errors: validation.errors,
    headers: req.headers,
    body: parseBody(text),
    status: answer.status,
    responseBody: answer.body,
    responseErrors: state.responseErrors,
  };
  const final: MockAnswer = context.responder()?.(recorded, defaultAnswer) ?? defaultAnswer;
  recorded.status = final.status;
  recorded.responseBody = final.body;
  context.requests.push(recorded);
  // Only the latest requests are kept.
  if (context.requests.length > context.requestLogSize) {
    context.requests.splice(0, context.requests.length - context.requestLogSize);
  }
  context.onRequest?.(recorded);
  send(res, final);
}

function send(res: ServerResponse, answer: MockAnswer): void {
  const body = answer.body;
  const correlationId =
    typeof body === 'object' &&
    body !== null &&
    'correlationId' in body &&
    typeof body.correlationId === 'string'
      ? body.correlationId
      : randomUUID();
  const out: Record<string, string> = { 'x-hubspot-correlation-id': correlationId, ...answer.headers };
  if (body === undefined) {
    res.writeHead(answer.status, out);
    res.end();
  } else {
    res.writeHead(answer.status, { 'content-type': 'application/json;charset=utf-8', ...out });
    res.end(JSON.stringify(body));
  }
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
