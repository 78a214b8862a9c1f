/**
 * HubSpot's error envelope (`{ status: 'error', message, correlationId, category, errors[] }`) as the mock
 * sends it: built from scratch (`hubspotError`), from validation problems (`validationEnvelope`, one
 * `errors[]` item per problem, naming the bad field in `in`), or thrown by stateful handlers (`MockApiError`,
 * `notFound`, `badRequest`, `conflict`).
 */
import { randomUUID } from 'node:crypto';
import type { ValidationIssue } from './types.js';

/** A HubSpot error envelope, as the API sends it. */
export interface HubSpotErrorEnvelope {
  status: 'error';
  message: string;
  correlationId: string;
  category: string;
  subCategory?: string;
  errors?: Array<{ message: string; in?: string; code?: string; context?: Record<string, string[]> }>;
  context?: Record<string, string[]>;
  links?: Record<string, string>;
}

/** Builds a HubSpot error envelope with a fresh correlation id. */
export function hubspotError(
  category: string,
  message: string,
  extra: Partial<Omit<HubSpotErrorEnvelope, 'status' | 'category' | 'message'>> = {},
): HubSpotErrorEnvelope {
  return { status: 'error', message, correlationId: randomUUID(), category, ...extra };
}

/** Thrown by a handler to answer with `status` and a HubSpot error envelope. */
export class MockApiError extends Error {
  constructor(
    readonly status: number,
    readonly envelope: HubSpotErrorEnvelope,
  ) {
    super(envelope.message);
    this.name = 'MockApiError';
  }
}

/** 404 `OBJECT_NOT_FOUND` for an id that the server does not know. */
export function notFound(kind: string, id: string): MockApiError {
  return new MockApiError(
    404,
    hubspotError('OBJECT_NOT_FOUND', `${kind} ${id} does not exist.`, { context: { id: [id] } }),
  );
}

/** 400 `VALIDATION_ERROR` for a request the spec allows but HubSpot would still refuse. */
export function badRequest(message: string, where?: string): MockApiError {
  const error = where === undefined ? { message } : { message, in: where };
  return new MockApiError(400, hubspotError('VALIDATION_ERROR', message, { errors: [error] }));
}

/** 409 `CONFLICT`, e.g. creating an object whose external ids are taken. */
export function conflict(message: string): MockApiError {
  return new MockApiError(409, hubspotError('CONFLICT', message));
}

/** A validation problem in Ajv's shape, for the checks the server adds itself. */
export function issue(instancePath: string, keyword: string, message: string): ValidationIssue {
  return { instancePath, schemaPath: '#', keyword, params: {}, message };
}

/** The 400 envelope for a request that breaks the spec. */
export function validationEnvelope(errors: ValidationIssue[]): HubSpotErrorEnvelope {
  return hubspotError(
    'VALIDATION_ERROR',
    `The request does not match the API specification: ${errors.map(describeIssue).join('; ')}`,
    {
      // `in` names the field; the message does not repeat it (the top-level message does, for one-line logs).
      errors: errors.map((e) => ({
        message: e.message ?? e.keyword,
        in: locationOf(e),
        code: e.keyword.toUpperCase(),
      })),
    },
  );
}

function describeIssue(e: ValidationIssue): string {
  const where = locationOf(e);
  return `${where ? `${where}: ` : ''}${e.message ?? e.keyword}`;
}

/**
 * Where the problem is, as HubSpot names it: `/query/limit` -> `query.limit`, `/requestBody/inputs/0` ->
 * `body.inputs.0`; a missing or unknown property is named too (`body.properties`, `query.unknown`).
 */
export function locationOf(e: ValidationIssue): string {
  const parts = e.instancePath.split('/').filter(Boolean);
  const params = (e.params ?? {}) as Record<string, unknown>;
  const named = e.keyword === 'required' ? params.missingProperty : params.additionalProperty;
  if (typeof named === 'string') parts.push(named);
  return parts.map((part, i) => (i === 0 && part === 'requestBody' ? 'body' : part)).join('.');
}
