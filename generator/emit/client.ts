/**
 * Emitter: the typed client, built with ts-morph. One module per API area (`client/<area>.ts`) holding,
 * per action, its input and output types, a standalone function taking the core (tree-shakable), and the
 * area object; `client/core.ts` binds the runtime core to the generated `paths`; `client/index.ts` exports
 * `createHubSpotMarketingClient` and the typed `invoke(actionId, input)` entry.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type ExportDeclarationStructure,
  type FunctionDeclarationStructure,
  type ImportDeclarationStructure,
  type InterfaceDeclarationStructure,
  type JSDocStructure,
  type OptionalKind,
  Project,
  type StatementStructures,
  StructureKind,
  type TypeAliasDeclarationStructure,
  VariableDeclarationKind,
  type VariableStatementStructure,
} from 'ts-morph';
import { isObject } from '../load.js';
import type { Action, Area, Model, Param } from '../model.js';
import { exampleCall, exampleInput, returnsNothing } from './example.js';
import { GENERATED_HEADER } from './header.js';

/**
 * Collects one file's statements as ts-morph structures; the file is printed once at the end. (Inserting
 * into a live SourceFile re-parses it after every insert, which made this emitter ten times slower.)
 */
class FileBuilder {
  readonly statements: Array<string | StatementStructures> = [GENERATED_HEADER];

  constructor(readonly path: string) {}

  addStatements(text: string): void {
    this.statements.push(text);
  }
  addImportDeclaration(s: OptionalKind<ImportDeclarationStructure>): void {
    this.statements.push({ ...s, kind: StructureKind.ImportDeclaration });
  }
  addExportDeclaration(s: OptionalKind<ExportDeclarationStructure>): void {
    this.statements.push({ ...s, kind: StructureKind.ExportDeclaration });
  }
  addInterface(s: OptionalKind<InterfaceDeclarationStructure>): void {
    this.statements.push({ ...s, kind: StructureKind.Interface });
  }
  addTypeAlias(s: OptionalKind<TypeAliasDeclarationStructure>): void {
    this.statements.push({ ...s, kind: StructureKind.TypeAlias });
  }
  addFunction(s: OptionalKind<FunctionDeclarationStructure>): void {
    this.statements.push({ ...s, kind: StructureKind.Function });
  }
  addVariableStatement(s: OptionalKind<VariableStatementStructure>): void {
    this.statements.push({ ...s, kind: StructureKind.VariableStatement });
  }
}

const pascal = (id: string) => id[0]?.toUpperCase() + id.slice(1);
const METHOD_CALL: Record<string, string> = {
  get: 'GET',
  put: 'PUT',
  post: 'POST',
  patch: 'PATCH',
  delete: 'DELETE',
};

/** Escapes text for a JSDoc block. */
function doc(text: string): string {
  return text.replaceAll('*/', '*\\/').trim();
}

function docLink(area: Area, action: Action): string {
  return `../docs/${area.slug}.md#${action.id.toLowerCase()}`;
}

function hasRequired(params: Param[], where: Param['in']): boolean {
  return params.some((p) => p.in === where && p.required);
}

/** True when the caller may omit the input object. */
export function inputOptional(action: Action): boolean {
  return (
    !hasRequired(action.params, 'path') &&
    !hasRequired(action.params, 'query') &&
    !(action.requestBody?.required ?? false)
  );
}

function outputType(action: Action): string {
  const parts = action.success
    .filter((r) => r.schema !== undefined)
    .map((r) => `operations['${action.id}']['responses'][${r.status}]['content']['application/json']`);
  return parts.length === 0 ? 'undefined' : [...new Set(parts)].join(' | ');
}

function paramDocs(action: Action): string[] {
  return action.params
    .filter((p) => p.in === 'path' || p.in === 'query')
    .map(
      (p) =>
        `- \`${p.in}.${p.name}\`${p.required ? ' (required)' : ''}: ${p.description.replace(/\s+/g, ' ')}`,
    );
}

function functionDocs(area: Area, action: Action): JSDocStructure {
  const lines = [doc(action.summary), '', doc(action.description)];
  const fields = paramDocs(action);
  if (action.requestBody)
    fields.push(`- \`body\`${action.requestBody.required ? ' (required)' : ''}: the request body.`);
  if (action.pagination) {
    lines.push(
      '',
      `Paged: pass \`query.${action.pagination.cursorParam}\` from \`${action.pagination.nextCursorPath}\` of the previous page.`,
    );
  }
  if (action.batch)
    lines.push(
      '',
      `Batch: at most ${action.batch.maxItems} items in \`body.${action.batch.inputsPath}\` per request.`,
    );
  const success = action.success.map((r) => `${r.status}: ${r.description}`).join('; ');
  lines.push(
    '',
    `\`${action.method.toUpperCase()} ${action.path}\``,
    '',
    '@param core - The client core (see `createHubSpotCore`).',
    `@param input - The action's input.${fields.length ? `\n${fields.join('\n')}` : ''}`,
    '@param options - Per-call options: `signal`, `headers`.',
    `@returns ${doc(success || 'The response.')}`,
    '@throws {@link HubSpotApiError} when HubSpot answers with an error status; {@link HubSpotInputError} before sending when a path parameter is missing or unsafe.',
    '@example',
    '```ts',
    doc(exampleCall(action)),
    '```',
    `@see [${doc(action.summary)}](${docLink(area, action)})`,
  );
  if (action.deprecated) lines.push('@deprecated HubSpot marks this action as deprecated.');
  return { kind: StructureKind.JSDoc, description: lines.join('\n') };
}

function emitArea(area: Area): FileBuilder {
  const sf = new FileBuilder(`client/${area.slug}.ts`);
  sf.addStatements(`// ${area.name}: ${area.actions.length} actions.`);
  const paged = area.actions.some((a) => a.pagination);
  const batched = area.actions.some((a) => a.batch);
  sf.addImportDeclaration({
    moduleSpecifier: '../runtime/index.js',
    namedImports: [
      'type ActionInfo',
      'assertInput',
      ...(batched ? ['type BatchOptions', 'runBatched'] : []),
      ...(paged ? ['iterateItems', 'iteratePages', 'type PageLimits'] : []),
      'type RequestOptions',
    ],
  });
  sf.addImportDeclaration({
    isTypeOnly: true,
    moduleSpecifier: '../schema.js',
    namedImports: ['operations'],
  });
  sf.addImportDeclaration({
    isTypeOnly: true,
    moduleSpecifier: './core.js',
    namedImports: ['HubSpotCore'],
  });

  for (const action of area.actions) {
    const P = pascal(action.id);
    const op = `operations['${action.id}']`;
    const members: Array<{
      name: string;
      type: string;
      hasQuestionToken: boolean;
      docs: string[];
    }> = [];
    if (action.params.some((p) => p.in === 'path')) {
      members.push({
        name: 'path',
        type: `${op}['parameters']['path']`,
        hasQuestionToken: false,
        docs: ['Path parameters.'],
      });
    }
    if (action.params.some((p) => p.in === 'query')) {
      members.push({
        name: 'query',
        type: `${op}['parameters']['query']`,
        hasQuestionToken: !hasRequired(action.params, 'query'),
        docs: ['Query parameters.'],
      });
    }
    if (action.requestBody) {
      members.push({
        name: 'body',
        type: `NonNullable<${op}['requestBody']>['content']['${action.requestBody.contentType}']`,
        hasQuestionToken: !action.requestBody.required,
        docs: ['The request body.'],
      });
    }
    if (members.length === 0) {
      sf.addTypeAlias({
        name: `${P}Input`,
        isExported: true,
        docs: [`Input of {@link ${action.id}}: the action takes no parameters.`],
        type: 'Record<string, never>',
      });
    } else {
      sf.addInterface({
        name: `${P}Input`,
        isExported: true,
        docs: [`Input of {@link ${action.id}}.`],
        properties: members.map((m) => ({
          name: m.name,
          type: m.type,
          hasQuestionToken: m.hasQuestionToken,
          docs: m.docs,
        })),
      });
    }
    sf.addTypeAlias({
      name: `${P}Output`,
      isExported: true,
      docs: [
        `Output of {@link ${action.id}}${returnsNothing(action) ? ': nothing, HubSpot answers without a body' : ''}.`,
      ],
      type: outputType(action),
    });
    sf.addVariableStatement({
      declarationKind: VariableDeclarationKind.Const,
      declarations: [
        {
          name: `${action.id}Info`,
          initializer: infoLiteral(action),
        },
      ],
    });
    const paramsInit: string[] = [];
    if (action.params.some((p) => p.in === 'path')) paramsInit.push('path: input.path');
    if (action.params.some((p) => p.in === 'query')) paramsInit.push('query: input.query');
    const optional = inputOptional(action);
    const call = (body: string) => {
      const init = [
        ...(paramsInit.length ? [`params: { ${paramsInit.join(', ')} }`] : []),
        ...(action.requestBody ? [`body: ${body}`] : []),
        '...init',
      ];
      return `core.api.${METHOD_CALL[action.method]}('${action.path}', { ${init.join(', ')} })`;
    };
    const statements = action.batch
      ? [
          `return runBatched(${action.id}Info.id, input.body, ${action.id}Info.batch, options, (body) =>`,
          `  core.request(${action.id}Info, options, (init) => ${call('body')}),`,
          ');',
        ]
      : [`return core.request(${action.id}Info, options, (init) =>`, `  ${call('input.body')},`, ');'];
    if (members.length > 0) statements.unshift(`assertInput(${action.id}Info, input);`);
    sf.addFunction({
      name: action.id,
      isAsync: true,
      isExported: true,
      docs: [functionDocs(area, action)],
      parameters: [
        { name: 'core', type: 'HubSpotCore' },
        {
          name: members.length === 0 ? '_input' : 'input',
          type: `${P}Input`,
          initializer: optional ? '{}' : undefined,
        },
        { name: 'options', type: optionsType(action), hasQuestionToken: true },
      ],
      returnType: `Promise<${P}Output>`,
      statements,
    });
    if (action.pagination) emitPaginators(sf, area, action);
  }

  const api = `${pascal(area.key)}Api`;
  const methods = area.actions.flatMap((action) => {
    const P = pascal(action.id);
    const input = { name: 'input', type: `${P}Input`, hasQuestionToken: inputOptional(action) };
    const main = {
      name: action.id,
      docs: [
        { description: `${doc(action.summary)}\n\n@see {@link ${action.id}} for the full description.` },
      ],
      parameters: [input, { name: 'options', type: optionsType(action), hasQuestionToken: true }],
      returnType: `Promise<${P}Output>`,
    };
    if (!action.pagination) return [main];
    const pageOptions = { name: 'options', type: 'RequestOptions & PageLimits', hasQuestionToken: true };
    return [
      main,
      {
        name: `${action.id}Pages`,
        docs: [{ description: `Every page of {@link ${action.id}}, following the cursor.` }],
        parameters: [input, pageOptions],
        returnType: `AsyncGenerator<${P}Output, void, undefined>`,
      },
      {
        name: `${action.id}All`,
        docs: [{ description: `Every item of every page of {@link ${action.id}}.` }],
        parameters: [input, pageOptions],
        returnType: `AsyncGenerator<${P}Item, void, undefined>`,
      },
    ];
  });
  sf.addInterface({
    name: api,
    isExported: true,
    docs: [`${doc(area.name)}: ${doc(area.description)}`],
    methods,
  });
  sf.addFunction({
    name: `create${api}`,
    isExported: true,
    docs: [`Binds every ${area.name} action to a core.`],
    parameters: [{ name: 'core', type: 'HubSpotCore' }],
    returnType: api,
    statements: [
      'return {',
      ...methods.map((m) => `  ${m.name}: (input, options) => ${m.name}(core, input, options),`),
      '};',
    ],
  });
  return sf;
}

/** `xPages` and `xAll`: async iterators over the pages and items of a cursor-paged action. */
function emitPaginators(sf: FileBuilder, area: Area, action: Action): void {
  const P = pascal(action.id);
  const pg = action.pagination as NonNullable<Action['pagination']>;
  const optional = inputOptional(action);
  const fetchPage = `(cursor) => ${action.id}(core, { ...input, query: { ...input.query, ${pg.cursorParam}: cursor } }, options)`;
  sf.addTypeAlias({
    name: `${P}Item`,
    isExported: true,
    docs: [`One item of a {@link ${action.id}} page (\`${pg.itemsPath}\`).`],
    type: `NonNullable<${P}Output>['${pg.itemsPath}'][number]`,
  });
  const params = [
    { name: 'core', type: 'HubSpotCore' },
    { name: 'input', type: `${P}Input`, initializer: optional ? '{}' : undefined },
    { name: 'options', type: 'RequestOptions & PageLimits', hasQuestionToken: true },
  ];
  const see = `@see [${doc(action.summary)}](${docLink(area, action)})`;
  sf.addFunction({
    name: `${action.id}Pages`,
    isExported: true,
    docs: [
      {
        description: `Every page of {@link ${action.id}}: fetches the first page, then follows \`${pg.nextCursorPath}\` until the last. \`options.maxPages\` stops early.\n\n@example\n\`\`\`ts\nfor await (const page of client.${area.key}.${action.id}Pages(${exampleInputOrEmpty(action)})) console.log(page.${pg.itemsPath}.length);\n\`\`\`\n${see}`,
      },
    ],
    parameters: params,
    returnType: `AsyncGenerator<${P}Output, void, undefined>`,
    statements: [`return iteratePages(${fetchPage}, ${action.id}Info.pagination, options);`],
  });
  sf.addFunction({
    name: `${action.id}All`,
    isExported: true,
    docs: [
      {
        description: `Every item (\`${pg.itemsPath}\`) of every page of {@link ${action.id}}. \`options.maxItems\` and \`options.maxPages\` stop early.\n\n@example\n\`\`\`ts\nfor await (const item of client.${area.key}.${action.id}All(${exampleInputOrEmpty(action)})) console.log(item);\n\`\`\`\n${see}`,
      },
    ],
    parameters: params,
    returnType: `AsyncGenerator<${P}Item, void, undefined>`,
    statements: [`return iterateItems(${fetchPage}, ${action.id}Info.pagination, options);`],
  });
}

function exampleInputOrEmpty(action: Action): string {
  return doc(exampleInput(action)).replace(/\n\s*/g, ' ');
}

function optionsType(action: Action): string {
  return action.batch ? 'RequestOptions & BatchOptions' : 'RequestOptions';
}

function infoLiteral(action: Action): string {
  const parts = [
    `id: '${action.id}'`,
    `method: '${action.method}'`,
    `path: '${action.path}'`,
    `credential: '${action.credential}'`,
  ];
  if (action.pagination) {
    const p = action.pagination;
    parts.push(
      `pagination: { cursorParam: '${p.cursorParam}', nextCursorPath: '${p.nextCursorPath}', itemsPath: '${p.itemsPath}' }`,
    );
  }
  if (action.batch)
    parts.push(`batch: { inputsPath: '${action.batch.inputsPath}', maxItems: ${action.batch.maxItems} }`);
  if (action.requestBody?.required) parts.push('bodyRequired: true');
  const dates = action.params.filter(
    (p) => p.in === 'query' && isObject(p.schema) && p.schema.format === 'date',
  );
  if (dates.length > 0) parts.push(`queryDates: [${dates.map((p) => `'${p.name}'`).join(', ')}]`);
  if (action.success.length > 0 && action.success.every((r) => r.schema !== undefined))
    parts.push('returnsBody: true');
  return `{ ${parts.join(', ')} } as const satisfies ActionInfo`;
}

function emitCore(userAgent: string): FileBuilder {
  const sf = new FileBuilder('client/core.ts');
  sf.addImportDeclaration({
    moduleSpecifier: '../runtime/index.js',
    namedImports: ['type ClientOptions', 'type Core', 'createCore'],
  });
  sf.addImportDeclaration({
    isTypeOnly: true,
    moduleSpecifier: '../schema.js',
    namedImports: ['paths'],
  });
  sf.addTypeAlias({
    name: 'HubSpotCore',
    isExported: true,
    docs: ['The runtime core typed with the generated paths.'],
    type: 'Core<paths>',
  });
  sf.addFunction({
    name: 'createHubSpotCore',
    isExported: true,
    docs: [
      'Creates a core for the standalone action functions: `await getCampaign(core, { path: { campaignGuid } })`.',
    ],
    parameters: [{ name: 'options', type: 'ClientOptions', initializer: '{}' }],
    returnType: 'HubSpotCore',
    statements: [`return createCore<paths>(options, { userAgent: ${JSON.stringify(userAgent)} });`],
  });
  return sf;
}

function emitIndex(model: Model): FileBuilder {
  const sf = new FileBuilder('client/index.ts');
  const paged = model.actions.filter((a) => a.pagination);
  sf.addImportDeclaration({
    moduleSpecifier: '../runtime/index.js',
    namedImports: [
      'type ClientOptions',
      'HubSpotInputError',
      'type PageLimits',
      'type RequestOptions',
      'type Result',
      'type Resultify',
      'resultify',
    ],
  });
  sf.addImportDeclaration({
    moduleSpecifier: './core.js',
    namedImports: ['createHubSpotCore', 'type HubSpotCore'],
  });
  for (const area of model.areas) {
    const api = `${pascal(area.key)}Api`;
    sf.addImportDeclaration({
      moduleSpecifier: `./${area.slug}.js`,
      namedImports: [
        `type ${api}`,
        `create${api}`,
        ...area.actions.flatMap((a) => [
          a.id,
          `type ${pascal(a.id)}Input`,
          `type ${pascal(a.id)}Output`,
          ...(a.pagination ? [`${a.id}All`, `${a.id}Pages`, `type ${pascal(a.id)}Item`] : []),
        ]),
      ],
    });
  }
  sf.addExportDeclaration({ moduleSpecifier: '../runtime/index.js' });
  sf.addExportDeclaration({ moduleSpecifier: './core.js' });
  for (const area of model.areas) sf.addExportDeclaration({ moduleSpecifier: `./${area.slug}.js` });
  sf.addExportDeclaration({
    isTypeOnly: true,
    moduleSpecifier: '../schema.js',
    namedExports: ['components', 'operations', 'paths'],
  });

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
    typeParameters: ['K extends ActionId'],
    type: "ActionMap[K]['input']",
  });
  sf.addTypeAlias({
    name: 'ActionOutput',
    isExported: true,
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
    typeParameters: ['K extends PagedActionId'],
    type: "Record<never, never> extends PagedActionMap[K]['input'] ? [input?: PagedActionMap[K]['input'], options?: RequestOptions & PageLimits] : [input: PagedActionMap[K]['input'], options?: RequestOptions & PageLimits]",
  });
  sf.addVariableStatement({
    declarationKind: VariableDeclarationKind.Const,
    declarations: [
      {
        name: 'ACTIONS',
        type: '{ readonly [K in ActionId]: (core: HubSpotCore, input: ActionInput<K>, options?: RequestOptions) => Promise<ActionOutput<K>> }',
        initializer: `{\n${model.actions.map((a) => `  ${a.id},`).join('\n')}\n}`,
      },
    ],
  });
  sf.addVariableStatement({
    declarationKind: VariableDeclarationKind.Const,
    declarations: [
      {
        name: 'PAGED',
        type: "{ readonly [K in PagedActionId]: { pages: (core: HubSpotCore, input: PagedActionMap[K]['input'], options?: RequestOptions & PageLimits) => AsyncGenerator<PagedActionMap[K]['page'], void, undefined>; all: (core: HubSpotCore, input: PagedActionMap[K]['input'], options?: RequestOptions & PageLimits) => AsyncGenerator<PagedActionMap[K]['item'], void, undefined> } }",
        initializer: `{\n${paged.map((a) => `  ${a.id}: { pages: ${a.id}Pages, all: ${a.id}All },`).join('\n')}\n}`,
      },
    ],
  });
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

  const areaProps = (result: boolean) =>
    model.areas.map((a) => ({
      name: a.key,
      isReadonly: true,
      type: result ? `Resultify<${pascal(a.key)}Api>` : `${pascal(a.key)}Api`,
      docs: [doc(`${a.name}: ${a.description}`)],
    }));
  const paginateMethods = [
    {
      name: 'paginate',
      typeParameters: ['K extends PagedActionId'],
      docs: [
        "Every item of every page of a cursor-paged action, by id: `for await (const c of client.paginate('searchCampaigns', { query: { name: 'spring' } }))`.",
      ],
      parameters: [
        { name: 'actionId', type: 'K' },
        { name: '...args', type: 'PagedActionArgs<K>' },
      ],
      returnType: "AsyncGenerator<PagedActionMap[K]['item'], void, undefined>",
    },
    {
      name: 'paginatePages',
      typeParameters: ['K extends PagedActionId'],
      docs: ['Every page of a cursor-paged action, by id.'],
      parameters: [
        { name: 'actionId', type: 'K' },
        { name: '...args', type: 'PagedActionArgs<K>' },
      ],
      returnType: "AsyncGenerator<PagedActionMap[K]['page'], void, undefined>",
    },
  ];
  const coreProp = {
    name: 'core',
    isReadonly: true,
    type: 'HubSpotCore',
    docs: ['The core every action runs on; `core.api` is the raw openapi-fetch client.'],
  };
  sf.addInterface({
    name: 'HubSpotMarketingClient',
    isExported: true,
    docs: [`${doc(model.title)}: one object per API area, plus \`invoke\` to call any action by its id.`],
    properties: [coreProp, ...areaProps(false)],
    methods: [
      {
        name: 'invoke',
        typeParameters: ['K extends ActionId'],
        docs: [
          "Calls any action by its id, connector style: `await client.invoke('getCampaign', { path: { campaignGuid } })`.\nThe input and output are typed from the id.",
        ],
        parameters: [
          { name: 'actionId', type: 'K' },
          { name: '...args', type: 'ActionArgs<K>' },
        ],
        returnType: 'Promise<ActionOutput<K>>',
      },
      ...paginateMethods,
    ],
  });
  sf.addInterface({
    name: 'HubSpotMarketingResultClient',
    isExported: true,
    docs: [
      'The client created with `throwOnError: false`: every action resolves to `{ data, error, response }` instead of throwing a `HubSpotError`.',
    ],
    properties: [coreProp, ...areaProps(true)],
    methods: [
      {
        name: 'invoke',
        typeParameters: ['K extends ActionId'],
        docs: ['Calls any action by its id; resolves to `{ data, error, response }`.'],
        parameters: [
          { name: 'actionId', type: 'K' },
          { name: '...args', type: 'ActionArgs<K>' },
        ],
        returnType: 'Promise<Result<ActionOutput<K>>>',
      },
      ...paginateMethods,
    ],
  });
  sf.addInterface({
    name: 'HubSpotMarketingClientOptions',
    isExported: true,
    extends: ['ClientOptions'],
    docs: ['Options of {@link createHubSpotMarketingClient}.'],
    properties: [
      {
        name: 'throwOnError',
        type: 'boolean',
        hasQuestionToken: true,
        docs: ['`false` returns `{ data, error, response }` results instead of throwing. Default `true`.'],
      },
    ],
  });

  const resultApi = (a: Area) =>
    `  ${a.key}: {\n    ...client.${a.key},\n${a.actions.map((x) => `    ${x.id}: resultify(client.${a.key}.${x.id}, 1),`).join('\n')}\n  },`;
  sf.addFunction({
    name: 'createHubSpotMarketingClient',
    isExported: true,
    overloads: [
      {
        docs: [
          {
            description: [
              `Creates a client for the ${model.actions.length} HubSpot Marketing actions.`,
              '',
              '@example',
              '```ts',
              'const client = createHubSpotMarketingClient({ accessToken: process.env.HUBSPOT_ACCESS_TOKEN });',
              "const campaigns = await client.campaigns.searchCampaigns({ query: { name: 'spring' } });",
              '```',
            ].join('\n'),
          },
        ],
        parameters: [
          {
            name: 'options',
            type: 'HubSpotMarketingClientOptions & { throwOnError?: true }',
            hasQuestionToken: true,
          },
        ],
        returnType: 'HubSpotMarketingClient',
      },
      {
        docs: [
          {
            description: [
              'Creates a client whose actions resolve to `{ data, error, response }` instead of throwing.',
              '',
              '@example',
              '```ts',
              'const client = createHubSpotMarketingClient({ accessToken: process.env.HUBSPOT_ACCESS_TOKEN, throwOnError: false });',
              "const { data, error } = await client.marketingEmails.getMarketingEmail({ path: { emailId: '123' } });",
              '```',
            ].join('\n'),
          },
        ],
        parameters: [{ name: 'options', type: 'HubSpotMarketingClientOptions & { throwOnError: false }' }],
        returnType: 'HubSpotMarketingResultClient',
      },
    ],
    parameters: [{ name: 'options', type: 'HubSpotMarketingClientOptions', initializer: '{}' }],
    returnType: 'HubSpotMarketingClient | HubSpotMarketingResultClient',
    statements: [
      'const core = createHubSpotCore(options);',
      'const client: HubSpotMarketingClient = {',
      '  core,',
      ...model.areas.map((a) => `  ${a.key}: create${pascal(a.key)}Api(core),`),
      '  invoke<K extends ActionId>(actionId: K, ...[input, callOptions]: ActionArgs<K>): Promise<ActionOutput<K>> {',
      "    if (typeof actionId !== 'string' || !Object.hasOwn(ACTIONS, actionId)) {",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: this is generated code, the template is intended
      '      return Promise.reject(new HubSpotInputError(`unknown action ${JSON.stringify(String(actionId))}`));',
      '    }',
      '    const run = ACTIONS[actionId] as (core: HubSpotCore, input: ActionInput<K> | undefined, options?: RequestOptions) => Promise<ActionOutput<K>>;',
      '    return run(core, input, callOptions);',
      '  },',
      "  paginate<K extends PagedActionId>(actionId: K, ...[input, callOptions]: PagedActionArgs<K>): AsyncGenerator<PagedActionMap[K]['item'], void, undefined> {",
      '    return pagedFor(actionId).all(core, input ?? {}, callOptions);',
      '  },',
      "  paginatePages<K extends PagedActionId>(actionId: K, ...[input, callOptions]: PagedActionArgs<K>): AsyncGenerator<PagedActionMap[K]['page'], void, undefined> {",
      '    return pagedFor(actionId).pages(core, input ?? {}, callOptions);',
      '  },',
      '};',
      'if (options.throwOnError !== false) return client;',
      'const results: HubSpotMarketingResultClient = {',
      '  ...client,',
      ...model.areas.map(resultApi),
      "  invoke: resultify(client.invoke, 2) as HubSpotMarketingResultClient['invoke'],",
      '};',
      'return results;',
    ],
  });
  sf.addFunction({
    name: 'pagedFor',
    typeParameters: ['K extends PagedActionId'],
    parameters: [{ name: 'actionId', type: 'K' }],
    returnType:
      "{ pages: (core: HubSpotCore, input: PagedActionMap[K]['input'], options?: RequestOptions & PageLimits) => AsyncGenerator<PagedActionMap[K]['page'], void, undefined>; all: (core: HubSpotCore, input: PagedActionMap[K]['input'], options?: RequestOptions & PageLimits) => AsyncGenerator<PagedActionMap[K]['item'], void, undefined> }",
    statements: [
      "if (typeof actionId !== 'string' || !Object.hasOwn(PAGED, actionId)) {",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: this is generated code, the template is intended
      '  throw new HubSpotInputError(`action ${JSON.stringify(String(actionId))} is not cursor-paged`);',
      '}',
      'return PAGED[actionId];',
    ],
  });
  return sf;
}

/** The package's name and version, for the `User-Agent` the client sends. */
export interface PackageInfo {
  name: string;
  version: string;
}

/** Name and version from package.json: the generated client sends them as its `User-Agent`. */
export function readPackageInfo(
  root: string = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..'),
): PackageInfo {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as PackageInfo;
  return { name: pkg.name, version: pkg.version };
}

export function emitClient(model: Model, pkg: PackageInfo = readPackageInfo()): Map<string, string> {
  const project = new Project({ useInMemoryFileSystem: true });
  const files = [
    emitCore(`${pkg.name}/${pkg.version}`),
    ...model.areas.map((a) => emitArea(a)),
    emitIndex(model),
  ];
  return new Map(
    files.map((f) => [
      f.path,
      project.createSourceFile(f.path, { statements: f.statements }, { overwrite: true }).getFullText(),
    ]),
  );
}
