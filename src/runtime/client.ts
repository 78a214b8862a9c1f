/**
 * The client object, assembled from generated tables: each area object binds the area's action functions to
 * one core ({@link bindActions}); `invoke`, `paginate` and `paginatePages` look an action up by id. The result
 * style (`throwOnError: false`) is an option of the core: the action functions apply it (result.ts), so the
 * client's area objects and `invoke` follow it without wrapping anything here.
 */
import type { ClientOptions } from './core.js';
import { HubSpotInputError } from './errors.js';
import { type ErrorStyle, styled } from './result.js';

/** A generated action function or paginator: the core first, then the input and the per-call options. */
export type CoreFunction<C> = (core: C, input: never, options: never) => unknown;

/** The functions of a table, with the core bound. */
export type Bound<C, T> = {
  readonly [K in keyof T]: T[K] extends (core: C, ...args: infer A) => infer R ? (...args: A) => R : never;
};

/** Binds every function of `table` to `core`: `{ getCampaign(input, options) }` from `getCampaign(core, ...)`. */
export function bindActions<C, T extends Record<string, CoreFunction<C>>>(core: C, table: T): Bound<C, T> {
  const bound: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(table))
    bound[name] = (input: never, options: never) => fn(core, input, options);
  return bound as Bound<C, T>;
}

/** What the generated client tells {@link createClient} about its actions. */
export interface ClientTables<C> {
  /** Area key to the area's factory (`campaigns: createCampaignsApi`). */
  readonly areas: Readonly<Record<string, (core: C) => object>>;
  /** Action id to the action function. */
  readonly actions: Readonly<Record<string, CoreFunction<C>>>;
  /** Cursor-paged action id to its `...Pages` iterator. */
  readonly pages: Readonly<Record<string, CoreFunction<C>>>;
  /** Cursor-paged action id to its `...All` iterator. */
  readonly items: Readonly<Record<string, CoreFunction<C>>>;
}

function lookup<C>(
  table: Readonly<Record<string, CoreFunction<C>>>,
  actionId: unknown,
  missing: (quoted: string) => string,
): CoreFunction<C> {
  const fn = typeof actionId === 'string' && Object.hasOwn(table, actionId) ? table[actionId] : undefined;
  if (fn === undefined) throw new HubSpotInputError(missing(JSON.stringify(String(actionId))));
  return fn;
}

/**
 * The client object over the core made from `options`: `core`, one object per area, `invoke(actionId, input,
 * options)`, `paginate` (items) and `paginatePages` (pages) by id. With `throwOnError: false`, every action
 * (and `invoke`, an unknown id included) resolves to `{ data, error, response }` instead of throwing a
 * `HubSpotError`; the iterators throw as usual.
 */
export function createClient<C extends ErrorStyle>(
  createCore: (options: ClientOptions & ErrorStyle) => C,
  options: ClientOptions & ErrorStyle,
  tables: ClientTables<C>,
): object {
  const core = createCore(options);
  const invoke = (actionId: unknown, input?: unknown, options?: unknown): unknown => {
    let fn: CoreFunction<C>;
    try {
      fn = lookup(tables.actions, actionId, (id) => `unknown action ${id}`);
    } catch (error) {
      return styled(core, undefined, () => Promise.reject(error));
    }
    return fn(core, input as never, options as never);
  };
  const paginator =
    (table: Readonly<Record<string, CoreFunction<C>>>) =>
    (actionId: unknown, input?: unknown, options?: unknown): unknown =>
      lookup(table, actionId, (id) => `action ${id} is not cursor-paged`)(
        core,
        (input ?? {}) as never,
        options as never,
      );
  const client: Record<string, unknown> = {
    core,
    invoke,
    paginate: paginator(tables.items),
    paginatePages: paginator(tables.pages),
  };
  for (const [key, create] of Object.entries(tables.areas)) client[key] = create(core);
  return client;
}
