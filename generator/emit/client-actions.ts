/**
 * Emitter: the action tables of `client/index.ts`. The types keyed by action id that type `invoke` and
 * `paginate` (`ActionMap`, `ActionId`, `ActionArgs`, `PagedActionMap` ...), `ACTION_IDS`, and the data the
 * runtime's client works over: the action functions, paginators and area factories by key.
 */
import { VariableDeclarationKind } from 'ts-morph';
import type { Model } from '../model.js';
import { doc, type FileBuilder, PAGE_OPTIONS, pascal } from './client-shared.js';

export function emitActionTables(sf: FileBuilder, model: Model): void {
  const paged = model.actions.filter((a) => a.pagination);
  sf.addInterface({
    name: 'ActionMap',
    isExported: true,
    docs: ['Every action by id, with its input and output types: the typing behind `invoke`.'],
    properties: model.actions.map((a) => ({
      name: a.id,
      type: `{ input: ${pascal(a.id)}Input; output: ${pascal(a.id)}Output }`,
      docs: [doc(a.summary)],
    })),
  });
  sf.addTypeAlias({
    name: 'ActionId',
    isExported: true,
    docs: ['The id of an action (its operationId).'],
    type: 'keyof ActionMap',
  });
  sf.addTypeAlias({
    name: 'ActionInput',
    isExported: true,
    docs: ['The input type of an action, by id.'],
    typeParameters: ['K extends ActionId'],
    type: "ActionMap[K]['input']",
  });
  sf.addTypeAlias({
    name: 'ActionOutput',
    isExported: true,
    docs: ['The output type of an action, by id.'],
    typeParameters: ['K extends ActionId'],
    type: "ActionMap[K]['output']",
  });
  sf.addTypeAlias({
    name: 'ActionArgs',
    isExported: true,
    docs: [
      'The arguments of `invoke` after the id: the input may be left out when nothing in it is required.',
    ],
    typeParameters: ['K extends ActionId'],
    type: 'Record<never, never> extends ActionInput<K> ? [input?: ActionInput<K>, options?: RequestOptions] : [input: ActionInput<K>, options?: RequestOptions]',
  });
  sf.addInterface({
    name: 'PagedActionMap',
    isExported: true,
    docs: ['The cursor-paged actions, with their page and item types: the typing behind `paginate`.'],
    properties: paged.map((a) => ({
      name: a.id,
      type: `{ input: ${pascal(a.id)}Input; page: ${pascal(a.id)}Output; item: ${pascal(a.id)}Item }`,
    })),
  });
  sf.addTypeAlias({
    name: 'PagedActionId',
    isExported: true,
    docs: ['The id of a cursor-paged action.'],
    type: 'keyof PagedActionMap',
  });
  sf.addTypeAlias({
    name: 'PagedActionArgs',
    isExported: true,
    docs: ['The arguments of `paginate` after the id.'],
    typeParameters: ['K extends PagedActionId'],
    type: `Record<never, never> extends PagedActionMap[K]['input'] ? [input?: PagedActionMap[K]['input'], options?: ${PAGE_OPTIONS}] : [input: PagedActionMap[K]['input'], options?: ${PAGE_OPTIONS}]`,
  });
  // The tables are checked against the maps above, so `invoke` and `paginate` are typed by what they call.
  const table = (name: string, satisfies: string, entries: string[]) =>
    sf.addVariableStatement({
      declarationKind: VariableDeclarationKind.Const,
      declarations: [
        { name, initializer: `{\n${entries.map((e) => `  ${e},`).join('\n')}\n} satisfies ${satisfies}` },
      ],
    });
  table(
    'ACTIONS',
    '{ [K in ActionId]: (core: HubSpotCore, input: ActionInput<K>, options?: RequestOptions) => Promise<ActionOutput<K>> }',
    model.actions.map((a) => a.id),
  );
  const pagedFn = (what: 'page' | 'item') =>
    `{ [K in PagedActionId]: (core: HubSpotCore, input: PagedActionMap[K]['input'], options?: ${PAGE_OPTIONS}) => AsyncGenerator<PagedActionMap[K]['${what}'], void, undefined> }`;
  table(
    'PAGES',
    pagedFn('page'),
    paged.map((a) => `${a.id}: ${a.id}Pages`),
  );
  table(
    'ITEMS',
    pagedFn('item'),
    paged.map((a) => `${a.id}: ${a.id}All`),
  );
  table(
    'AREAS',
    '{ [K in keyof HubSpotMarketingClient]?: (core: HubSpotCore) => HubSpotMarketingClient[K] }',
    model.areas.map((a) => `${a.key}: create${pascal(a.key)}Api`),
  );
  sf.addVariableStatement({
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: ['The ids of all actions, in spec order.'],
    declarations: [
      {
        name: 'ACTION_IDS',
        type: 'readonly ActionId[]',
        initializer: `[${model.actions.map((a) => `'${a.id}'`).join(', ')}]`,
      },
    ],
  });
}
