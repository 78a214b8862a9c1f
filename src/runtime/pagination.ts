/**
 * Cursor pagination. HubSpot's paged actions take an `after` cursor and answer `paging.next.after` until the
 * last page; the spec marks them with `x-pagination`, and the generator gives each an async iterator over
 * pages ({@link actionPages}) and one over items ({@link actionItems}), each one call with the action's
 * descriptor.
 */
import type { ActionInfo, RequestOptions } from './core.js';
import { HubSpotError } from './errors.js';

/** What the paginators need of a core: running one action. */
export interface ActionCaller {
  call<T>(action: ActionInfo, input: unknown, options?: RequestOptions): Promise<T>;
}

/** The descriptor of a cursor-paged action. */
export type PagedActionInfo = ActionInfo & { readonly pagination: PaginationInfo };

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

/** The page fetcher of a paged action: the caller's input with the cursor set in its query. */
function pageFetcher<Page>(
  core: ActionCaller,
  action: PagedActionInfo,
  input: unknown,
  options: RequestOptions | undefined,
): (cursor: string | undefined) => Promise<Page> {
  const given = (input ?? {}) as { query?: unknown };
  return (cursor) =>
    core.call<Page>(
      action,
      {
        ...given,
        query: { ...(given.query as object | undefined), [action.pagination.cursorParam]: cursor },
      },
      options,
    );
}

/** Every page of a cursor-paged action: the first page, then the next by its cursor until the last. */
export function actionPages<Page>(
  core: ActionCaller,
  action: PagedActionInfo,
  input: unknown,
  options?: RequestOptions & PageLimits,
): AsyncGenerator<Page, void, undefined> {
  return iteratePages(pageFetcher<Page>(core, action, input, options), action.pagination, options);
}

/** Every item of every page of a cursor-paged action. */
export function actionItems<Item>(
  core: ActionCaller,
  action: PagedActionInfo,
  input: unknown,
  options?: RequestOptions & PageLimits,
): AsyncGenerator<Item, void, undefined> {
  return iterateItems<unknown, Item>(
    pageFetcher<unknown>(core, action, input, options),
    action.pagination,
    options,
  );
}
