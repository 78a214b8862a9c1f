/**
 * How a valid request is answered: by the operation's stateful handler when the server has one, else from the
 * spec (the success response's example, or a body made by openapi-backend's mock generator from the schema).
 * Either way the answer is checked against the spec's response schema and problems are kept in
 * `responseErrors` (gap 6 in backend.ts: the mock generator predates JSON Schema 2020-12).
 */

import type { Request as BackendRequest, Context, OpenAPIBackend, Operation } from 'openapi-backend';
import type { Validation } from './checks.js';
import { issue, MockApiError } from './envelope.js';
import type { MockAnswer, OperationHandlers, ValidationIssue } from './types.js';

/** Per request: what the openapi-backend handlers get besides the context, and what they leave behind. */
export interface RequestState {
  rawQuery: URLSearchParams;
  /** The request with apiKey query credentials removed, as validated. */
  validated: BackendRequest;
  validation?: Validation;
  responseErrors: ValidationIssue[];
  /** The success status chosen for this operation, if any (spec-example answers only). */
  status?: number;
  /** The stateful handlers of the server that received the request. */
  handlers?: OperationHandlers;
}

export interface Answered extends MockAnswer {
  operationId: string | undefined;
}

export function answerOf(c: Context, status: number, body: unknown): Answered {
  return { operationId: c.operation?.operationId, status, body };
}

/** Answers a valid request: its handler, or the spec's success response. */
export function validAnswer(api: OpenAPIBackend, c: Context, state: RequestState): Answered {
  const operation = c.operation;
  const operationId = operation.operationId as string;
  const handler = state.handlers?.[operationId];
  if (!handler) return specAnswer(api, operation, state);
  let answer: MockAnswer;
  try {
    answer = handler({
      operationId,
      params: { ...(c.request.params as Record<string, string>) },
      query: { ...(c.request.query as Record<string, unknown>) },
      body: c.request.requestBody as unknown,
    });
  } catch (err) {
    if (!(err instanceof MockApiError)) throw err;
    answer = { status: err.status, body: err.envelope };
  }
  state.responseErrors = checkAnswer(api, operation, answer);
  return { operationId, ...answer };
}

/** The declared success answer: the example when the spec has one, else a generated body. */
function specAnswer(api: OpenAPIBackend, operation: Operation, state: RequestState): Answered {
  const responses = (operation.responses ?? {}) as Record<string, { content?: Record<string, unknown> }>;
  const codes = Object.keys(responses)
    .filter((code) => /^2\d\d$/.test(code))
    .sort();
  const code = state.status === undefined ? codes[0] : String(state.status);
  if (code === undefined) throw new Error(`${operation.operationId} declares no 2xx response`);
  const status = Number(code);
  const content = responses[code]?.content;
  if (!content || Object.keys(content).length === 0) return { operationId: operation.operationId, status };
  const { mock } = api.mockResponseForOperation(operation.operationId as string, { code: status });
  state.responseErrors = checkAnswer(api, operation, { status, body: mock });
  return { operationId: operation.operationId, status, body: mock };
}

/** Problems of an answer against the response the spec declares for its status (or `default`). */
function checkAnswer(api: OpenAPIBackend, operation: Operation, answer: MockAnswer): ValidationIssue[] {
  const responses = (operation.responses ?? {}) as Record<string, { content?: Record<string, unknown> }>;
  const declared = responses[String(answer.status)] ?? responses.default;
  if (!declared)
    return [issue('', 'status', `${operation.operationId} declares no ${answer.status} response`)];
  const hasContent = declared.content !== undefined && Object.keys(declared.content).length > 0;
  if (answer.body === undefined) {
    return hasContent ? [issue('', 'body', `a ${answer.status} answer needs a body`)] : [];
  }
  if (!hasContent) return [issue('', 'body', `a ${answer.status} answer has no body`)];
  return api.validateResponse(answer.body, operation, answer.status).errors ?? [];
}
