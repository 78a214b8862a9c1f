/**
 * Cursor paging for the stateful lists: `after` is the offset of the next item (an opaque string to clients),
 * `limit` caps a page (default per operation, at most 100), and `paging.next.after` is present only when more
 * items follow.
 */
import { badRequest } from '../envelope.js';

export interface Page<T> {
  results: T[];
  paging?: { next: { after: string } };
}

export const MAX_PAGE_SIZE = 100;

/** One page of `items` starting at cursor `after`. */
export function pageOf<T>(
  items: readonly T[],
  after: string | undefined,
  limit: number | undefined,
  defaultLimit: number,
): Page<T> {
  const start = after === undefined || after === '' ? 0 : Number(after);
  if (!Number.isSafeInteger(start) || start < 0) {
    throw badRequest(
      `after: ${JSON.stringify(after)} is not a paging cursor this API gave out`,
      'query.after',
    );
  }
  const size = Math.min(Math.max(limit ?? defaultLimit, 1), MAX_PAGE_SIZE);
  const results = items.slice(start, start + size);
  const end = start + results.length;
  return end < items.length ? { results, paging: { next: { after: String(end) } } } : { results };
}
