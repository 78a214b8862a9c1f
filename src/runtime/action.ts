/**
 * Where generated actions come from. A generated action is one call here with its static descriptor:
 * `export const getCampaign = action({ id: 'getCampaign', method: 'get', path: ..., ... })`. The function it
 * returns takes the core first (tree-shakable: an app bundles only the actions it imports) and is one call
 * into the core, in the core's error style (a `throwOnError: false` core makes it resolve to a result, see
 * result.ts); batch actions split oversized inputs (`batchAction`), and a cursor-paged action's iterators
 * are made from the action itself (`pagesOf`, `itemsOf`).
 */
import { type BatchedActionInfo, type BatchOptions, callBatched } from './batch.js';
import type { ActionInfo, RequestOptions } from './core.js';
import {
  type ActionCaller,
  actionItems,
  actionPages,
  type PagedActionInfo,
  type PageLimits,
} from './pagination.js';
import { type ErrorStyle, styled } from './result.js';

/** A generated action function, before its generated type annotation narrows input and output. */
export type ActionFunction = <T>(
  core: ActionCaller & ErrorStyle,
  input?: unknown,
  options?: RequestOptions & BatchOptions,
) => Promise<T>;

/** A paginator made by {@link pagesOf} or {@link itemsOf}. */
export type Paginator = <T>(
  core: ActionCaller,
  input?: unknown,
  options?: RequestOptions & PageLimits,
) => AsyncGenerator<T, void, undefined>;

/** The descriptor of each action function made here, for its paginators. */
const descriptors = new WeakMap<object, ActionInfo>();

function made<F extends object>(fn: F, info: ActionInfo): F {
  descriptors.set(fn, info);
  return fn;
}

/** The action described by `info`: `(core, input, options) => core.call(info, input, options)`. */
export function action(info: ActionInfo): ActionFunction {
  return made((core, input, options) => styled(core, options, (o) => core.call(info, input, o)), info);
}

/** A batch action: like {@link action}, and a batch larger than `info.batch.maxItems` is split. */
export function batchAction(info: BatchedActionInfo): ActionFunction {
  return made(
    (core, input, options) => styled(core, options, (o) => callBatched(core, info, input, o)),
    info,
  );
}

/** Any action function, whatever its generated input and output types. */
type Described = (...args: never) => unknown;

function pagedInfo(fn: Described): PagedActionInfo {
  const info = descriptors.get(fn);
  if (info?.pagination === undefined) throw new TypeError('not a cursor-paged action');
  return info as PagedActionInfo;
}

/** Every page of the cursor-paged action `fn`, following the cursor. */
export function pagesOf(fn: Described): Paginator {
  const info = pagedInfo(fn);
  return (core, input, options) => actionPages(core, info, input, options);
}

/** Every item of every page of the cursor-paged action `fn`. */
export function itemsOf(fn: Described): Paginator {
  const info = pagedInfo(fn);
  return (core, input, options) => actionItems(core, info, input, options);
}
