/**
 * Query strings. HubSpot's query parameters are scalars or arrays of scalars (repeated: `?a=1&a=2`). Names and
 * values are percent-encoded; a `Date` is sent as ISO 8601 (as `YYYY-MM-DD` for a parameter that takes a
 * calendar date); everything else that cannot be written into a
 * query string — a nested object, NaN, a function, an invalid date, a lone surrogate — is refused with
 * {@link HubSpotInputError} instead of being dropped or sent as something the caller did not mean.
 */
import { HubSpotInputError } from './errors.js';

type QueryAction = { readonly id: string; readonly queryDates?: readonly string[] };

/** Serializes the query of one action call; `extra` is appended as is (already encoded). */
export function serializeQuery(query: unknown, action: QueryAction, extra?: string): string {
  const actionId = action.id;
  const parts: string[] = [];
  if (query !== undefined && query !== null) {
    if (typeof query !== 'object' || Array.isArray(query)) {
      throw new HubSpotInputError('input.query must be an object of query parameters', { actionId });
    }
    for (const [name, value] of Object.entries(query)) {
      if (value === undefined || value === null) continue;
      const key = encode(name, name, actionId);
      if (Array.isArray(value)) {
        for (const item of value) {
          if (item === undefined || item === null) continue;
          parts.push(`${key}=${encode(scalar(name, item, action), name, actionId)}`);
        }
      } else {
        parts.push(`${key}=${encode(scalar(name, value, action), name, actionId)}`);
      }
    }
  }
  if (extra) parts.push(extra);
  return parts.join('&');
}

function scalar(name: string, value: unknown, action: QueryAction): string {
  const actionId = action.id;
  switch (typeof value) {
    case 'string':
      return value;
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'number':
      if (!Number.isFinite(value)) {
        throw new HubSpotInputError(`query parameter '${name}' must be a finite number, got ${value}`, {
          actionId,
        });
      }
      return String(value);
    default:
      if (value instanceof Date) {
        if (Number.isNaN(value.getTime())) {
          throw new HubSpotInputError(`query parameter '${name}' is an invalid Date`, { actionId });
        }
        const iso = value.toISOString();
        return action.queryDates?.includes(name) ? iso.slice(0, 10) : iso;
      }
      throw new HubSpotInputError(
        `query parameter '${name}' must be a string, number, boolean or Date (or an array of them), got ${
          Array.isArray(value) ? 'a nested array' : value === null ? 'null' : typeof value
        }`,
        { actionId },
      );
  }
}

function encode(text: string, name: string, actionId: string | undefined): string {
  try {
    return encodeURIComponent(text);
  } catch {
    throw new HubSpotInputError(
      `query parameter ${JSON.stringify(name)} contains a lone surrogate (malformed Unicode) and cannot be sent`,
      { actionId },
    );
  }
}
