/**
 * Request checks the mock adds around openapi-backend: credentials per security scheme (bearer token or
 * `hapikey` query parameter), hiding `apiKey` query credentials from the query validator (gap 4 in
 * backend.ts), and the checks the library does not make (gap 5): the Content-Type against
 * `requestBody.content` and a body sent to an operation that takes none.
 */

import type { Request as BackendRequest, Context, OpenAPIBackend, Operation } from 'openapi-backend';
import { issue } from './envelope.js';
import type { ValidationIssue } from './types.js';

export interface SecurityScheme {
  type?: string;
  scheme?: string;
  in?: string;
  name?: string;
}

export interface Validation {
  valid: boolean;
  errors: ValidationIssue[];
}

/** Whether the request carries the credential `scheme` asks for. */
export function hasCredential(scheme: SecurityScheme, c: Context, rawQuery: URLSearchParams): boolean {
  const header = (name: string) => headerValue(c.request.headers[name.toLowerCase()]);
  const bearer = () => /^Bearer\s+\S+$/i.test(header('authorization') ?? '');
  if (scheme.type === 'http' && scheme.scheme?.toLowerCase() === 'bearer') return bearer();
  if (scheme.type === 'oauth2' || scheme.type === 'openIdConnect') return bearer();
  if (scheme.type === 'apiKey' && scheme.name) {
    if (scheme.in === 'query') return (rawQuery.get(scheme.name) ?? '') !== '';
    if (scheme.in === 'header') return (header(scheme.name) ?? '') !== '';
  }
  return false;
}

export function describeScheme(scheme: SecurityScheme | undefined): string {
  if (!scheme) return 'unknown scheme';
  if (scheme.type === 'apiKey') return `${scheme.name} ${scheme.in} parameter`;
  return 'Authorization: Bearer header';
}

/** Names of query parameters that carry credentials of this operation's security schemes. */
export function apiKeyQueryNames(operation: Operation, schemes: Record<string, SecurityScheme>): string[] {
  const names = new Set<string>();
  for (const requirement of operation.security ?? []) {
    for (const schemeName of Object.keys(requirement)) {
      const scheme = schemes[schemeName];
      if (scheme?.type === 'apiKey' && scheme.in === 'query' && scheme.name) names.add(scheme.name);
    }
  }
  return [...names];
}

/** Removes keys from a raw query string without re-encoding the rest. */
export function dropQueryKeys(query: string, keys: string[]): string {
  return query
    .split('&')
    .filter((pair) => {
      const key = pair.split('=')[0] ?? '';
      let decoded = key;
      try {
        decoded = decodeURIComponent(key.replace(/\+/g, ' '));
      } catch {
        // keep the raw key; validation reports it
      }
      return pair !== '' && !keys.includes(decoded);
    })
    .join('&');
}

/** Validates what openapi-backend validates, plus the content type and unexpected bodies (gap 5). */
export function validateRequest(
  api: OpenAPIBackend,
  request: BackendRequest,
  operation: Operation,
): Validation {
  const result = api.validateRequest(request, operation);
  const errors: ValidationIssue[] = [...(result.errors ?? [])];
  const contentType = headerValue(request.headers['content-type']);
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  const requestBody = operation.requestBody as { content?: Record<string, unknown> } | undefined;
  if (request.body !== undefined) {
    if (!requestBody) {
      errors.push(
        issue('/requestBody', 'requestBody', 'the operation takes no request body, but one was sent'),
      );
    } else {
      const declared = Object.keys(requestBody.content ?? {});
      if (!mediaType || !declared.includes(mediaType)) {
        errors.push(
          issue(
            '/header/content-type',
            'content-type',
            `content type ${contentType ?? '(none)'} is not one of ${declared.join(', ')}`,
          ),
        );
      }
    }
  }
  return { valid: errors.length === 0, errors };
}

export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
