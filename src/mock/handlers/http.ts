/**
 * Small helpers for operation handlers: answers (`ok`, `created`, `noContent`, `batch`) and typed reads of the
 * parsed query, whose values arrive as strings or arrays of strings. The request was validated against the
 * spec before a handler runs, so these only convert.
 */
import type { JsonObject } from '../state/merge.js';
import type { HandlerRequest, MockAnswer } from '../types.js';

export function ok(body: unknown): MockAnswer {
  return { status: 200, body };
}

export function created(body: unknown): MockAnswer {
  return { status: 201, body };
}

export function noContent(): MockAnswer {
  return { status: 204 };
}

/**
 * A HubSpot batch answer, COMPLETE, with the per-item errors when there are any; `partialStatus` is the status
 * for an answer with errors (207 where the operation declares it).
 */
export function batch(
  results: unknown[],
  errors: JsonObject[] = [],
  { status = 200, partialStatus = 207 }: { status?: number; partialStatus?: number } = {},
): MockAnswer {
  const now = new Date().toISOString();
  const times = { requestedAt: now, startedAt: now, completedAt: now };
  if (errors.length === 0) return { status, body: { status: 'COMPLETE', results, ...times } };
  return {
    status: partialStatus,
    body: { status: 'COMPLETE', results, numErrors: errors.length, errors, ...times },
  };
}

/** One failed item of a batch, in BatchItemError's shape. */
export function batchError(category: string, message: string, ids: string[]): JsonObject {
  return { status: 'error', category, message, context: { ids }, errors: [], links: {} };
}

export function text(request: HandlerRequest, name: string): string | undefined {
  const value = request.query[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
}

export function integer(request: HandlerRequest, name: string): number | undefined {
  const value = text(request, name);
  return value === undefined ? undefined : Number(value);
}

export function flag(request: HandlerRequest, name: string): boolean | undefined {
  const value = text(request, name);
  return value === undefined ? undefined : value === 'true';
}

/** A repeated (or comma-separated) query parameter as a list. */
export function list(request: HandlerRequest, name: string): string[] | undefined {
  const value = request.query[name];
  if (value === undefined) return undefined;
  const values = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
  return values.flatMap((v) => v.split(',')).filter((v) => v !== '');
}

export function param(request: HandlerRequest, name: string): string {
  const value = request.params[name];
  if (value === undefined) throw new Error(`${request.operationId} has no path parameter ${name}`);
  return value;
}

export function body<T = JsonObject>(request: HandlerRequest): T {
  return request.body as T;
}
