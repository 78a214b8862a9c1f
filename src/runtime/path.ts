/**
 * Path parameters are the one place where user data becomes part of the URL path. Every value is
 * percent-encoded (so `/`, `?`, `#` and `%` stay inside their segment), and values that would change
 * which endpoint is called (empty, `.` or `..`, which URL parsers collapse) are refused before sending.
 */
import { HubSpotInputError } from './errors.js';

const PARAM = /\{([^}]+)\}/g;

/** Encodes a value for one path segment; stricter than `encodeURIComponent` (also `!'()*`). */
export function encodePathSegment(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Throws {@link HubSpotInputError} unless every `{name}` in `template` has a usable value. */
export function assertPathParams(
  template: string,
  params: Record<string, unknown> | undefined,
  actionId?: string,
): void {
  for (const m of template.matchAll(PARAM)) {
    const name = m[1] as string;
    const value = params?.[name];
    if (value === undefined || value === null) {
      throw new HubSpotInputError(`missing required path parameter '${name}'`, {
        actionId,
      });
    }
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'bigint') {
      throw new HubSpotInputError(
        `path parameter '${name}' must be a string or a number, got ${typeof value}`,
        { actionId },
      );
    }
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new HubSpotInputError(`path parameter '${name}' must be a finite number, got ${value}`, {
        actionId,
      });
    }
    const s = String(value);
    if (!isWellFormed(s)) {
      throw new HubSpotInputError(
        `path parameter '${name}' contains a lone surrogate (malformed Unicode) and cannot be sent`,
        { actionId },
      );
    }
    if (s === '') throw new HubSpotInputError(`path parameter '${name}' must not be empty`, { actionId });
    if (s === '.' || s === '..') {
      throw new HubSpotInputError(
        `path parameter '${name}' must not be '${s}': it would address another endpoint`,
        { actionId },
      );
    }
  }
}

/** False when `s` has a lone UTF-16 surrogate, which no URL can carry. */
function isWellFormed(s: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}

/** Fills every `{name}` of the template with its encoded value; the values must have been checked. */
export function encodePath(template: string, params: Record<string, unknown>): string {
  return template.replace(PARAM, (_, name: string) => encodePathSegment(String(params[name])));
}

/** A path serializer for openapi-fetch (`core.api`): checks, then encodes every parameter of the template. */
export function strictPathSerializer(template: string, params: Record<string, unknown>): string {
  assertPathParams(template, params);
  return encodePath(template, params);
}
