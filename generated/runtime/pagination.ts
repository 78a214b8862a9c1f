// Copied from templates/runtime/pagination.ts by `npm run generate`. Edit the template, not this file.
/**
 * Cursor pagination. HubSpot's paged actions take an `after` cursor and answer `paging.next.after` until the
 * last page; the spec marks them with `x-pagination`, and the generator gives each an async iterator over
 * pages and one over items built on these two functions.
 */
import { HubSpotError } from './errors.js';

/** How an action pages, from the spec's `x-pagination`. */
export interface PaginationInfo {
  readonly cursorParam: string;
  readonly nextCursorPath: string;
  readonly itemsPath: string;
}

/** Stops iteration early. */
export interface PageLimits {
  /** Stop after this many pages. */
  maxPages?: number;
  /** Stop after this many items (items iterator only). */
  maxItems?: number;
}

/** Reads a dotted path (`paging.next.after`) from a value. */
export function getPath(value: unknown, dotted: string): unknown {
  let cur = value;
  for (const key of dotted.split('.')) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** Yields every page, fetching the next with the cursor of the previous, until there is none. */
export async function* iteratePages<Page>(
  fetchPage: (cursor: string | undefined) => Promise<Page>,
  info: PaginationInfo,
  limits: PageLimits = {},
): AsyncGenerator<Page, void, undefined> {
  let cursor: string | undefined;
  const seen = new Set<string>();
  for (let pages = 0; limits.maxPages === undefined || pages < limits.maxPages; pages++) {
    const page = await fetchPage(cursor);
    yield page;
    const next = getPath(page, info.nextCursorPath);
    if (next === undefined || next === null || next === '') return;
    const nextCursor = String(next);
    if (seen.has(nextCursor)) {
      throw new HubSpotError(
        `pagination stopped: the cursor '${nextCursor}' was already used (the server repeats a page)`,
      );
    }
    seen.add(nextCursor);
    cursor = nextCursor;
  }
}

/** Yields every item of every page (`results` by default). */
export async function* iterateItems<Page, Item>(
  fetchPage: (cursor: string | undefined) => Promise<Page>,
  info: PaginationInfo,
  limits: PageLimits = {},
): AsyncGenerator<Item, void, undefined> {
  let count = 0;
  if (limits.maxItems !== undefined && limits.maxItems <= 0) return;
  for await (const page of iteratePages(fetchPage, info, limits)) {
    const items = getPath(page, info.itemsPath);
    if (!Array.isArray(items)) continue;
    for (const item of items as Item[]) {
      yield item;
      count++;
      if (limits.maxItems !== undefined && count >= limits.maxItems) return;
    }
  }
}
