/**
 * Emitter: one module per API area (`client/<area>.ts`). Per action: its input and output types and the
 * action itself, one call into the runtime with a static descriptor (`action({ id, method, path, ... })`,
 * `batchAction` for batch actions) that yields a function taking the core first (tree-shakable); per paged
 * action its `...Pages`/`...All` iterators, made from the action (`pagesOf`, `itemsOf`); and the area
 * interface with `create<Area>Api(core)`, which binds the area's functions to a core.
 */
import { VariableDeclarationKind } from 'ts-morph';
import { isObject } from '../load.js';
import type { Action, Area } from '../model.js';
import {
  type FileBuilder as Builder,
  doc,
  docLink,
  FileBuilder,
  hasRequired,
  inputOptional,
  optionsType,
  PAGE_OPTIONS,
  pascal,
} from './client-shared.js';
import { exampleCall, exampleInput, returnsNothing } from './example.js';

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

function functionDocs(area: Area, action: Action): string {
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
  return lines.join('\n');
}

/** The input and the per-call options of an action function or paginator, after the core. */
function args(action: Action, options: string): string {
  return `input${inputOptional(action) ? '?' : ''}: ${pascal(action.id)}Input, options?: ${options}`;
}

/** The type of an action function: `HubSpotAction` gives each core style its return type. */
function actionType(action: Action): string {
  return `HubSpotAction<[${args(action, optionsType(action))}], ${pascal(action.id)}Output>`;
}

/** The type of a paginator: any core (the iterators throw in both styles), then the input and the options. */
function paginatorType(action: Action, returns: string): string {
  return `(core: HubSpotCore | HubSpotResultCore, ${args(action, PAGE_OPTIONS)}) => ${returns}`;
}

/** The action's descriptor: everything the runtime needs to run it, as a literal. */
function infoLiteral(action: Action): string {
  const parts = [
    `id: '${action.id}'`,
    `method: '${action.method}'`,
    `path: '${action.path}'`,
    `credential: '${action.credential}'`,
  ];
  if (action.params.some((p) => p.in === 'query')) parts.push('query: true');
  if (action.requestBody) parts.push('body: true');
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
  return `{ ${parts.join(', ')} }`;
}

/** The members of an action's input: `path`, `query`, `body` where the action has them. */
function inputMembers(action: Action) {
  const op = `operations['${action.id}']`;
  const members: Array<{ name: string; type: string; hasQuestionToken: boolean; docs: string[] }> = [];
  if (action.params.some((p) => p.in === 'path'))
    members.push({
      name: 'path',
      type: `${op}['parameters']['path']`,
      hasQuestionToken: false,
      docs: ['Path parameters.'],
    });
  if (action.params.some((p) => p.in === 'query'))
    members.push({
      name: 'query',
      type: `${op}['parameters']['query']`,
      hasQuestionToken: !hasRequired(action.params, 'query'),
      docs: ['Query parameters.'],
    });
  if (action.requestBody)
    members.push({
      name: 'body',
      type: `NonNullable<${op}['requestBody']>['content']['${action.requestBody.contentType}']`,
      hasQuestionToken: !action.requestBody.required,
      docs: ['The request body.'],
    });
  return members;
}

function emitAction(sf: Builder, area: Area, action: Action): void {
  const P = pascal(action.id);
  const members = inputMembers(action);
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
      properties: members,
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
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: [functionDocs(area, action)],
    declarations: [
      {
        name: action.id,
        type: actionType(action),
        initializer: `/* @__PURE__ */ ${action.batch ? 'batchAction' : 'action'}(${infoLiteral(action)})`,
      },
    ],
  });
  if (action.pagination) emitPaginators(sf, area, action);
}

function exampleInputOrEmpty(action: Action): string {
  return doc(exampleInput(action)).replace(/\n\s*/g, ' ');
}

/** `xPages` and `xAll`: async iterators over the pages and items of a cursor-paged action. */
function emitPaginators(sf: Builder, area: Area, action: Action): void {
  const P = pascal(action.id);
  const pg = action.pagination as NonNullable<Action['pagination']>;
  sf.addTypeAlias({
    name: `${P}Item`,
    isExported: true,
    docs: [`One item of a {@link ${action.id}} page (\`${pg.itemsPath}\`).`],
    type: `NonNullable<${P}Output>['${pg.itemsPath}'][number]`,
  });
  const see = `@see [${doc(action.summary)}](${docLink(area, action)})`;
  const paginator = (name: string, docs: string, returns: string, make: string) =>
    sf.addVariableStatement({
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: [docs],
      declarations: [
        {
          name,
          type: paginatorType(action, `AsyncGenerator<${returns}, void, undefined>`),
          initializer: `/* @__PURE__ */ ${make}(${action.id})`,
        },
      ],
    });
  paginator(
    `${action.id}Pages`,
    `Every page of {@link ${action.id}}: fetches the first page, then follows \`${pg.nextCursorPath}\` until the last. \`options.maxPages\` stops early.\n\n@example\n\`\`\`ts\nfor await (const page of client.${area.key}.${action.id}Pages(${exampleInputOrEmpty(action)})) console.log(page.${pg.itemsPath}.length);\n\`\`\`\n${see}`,
    `${P}Output`,
    'pagesOf',
  );
  paginator(
    `${action.id}All`,
    `Every item (\`${pg.itemsPath}\`) of every page of {@link ${action.id}}. \`options.maxItems\` and \`options.maxPages\` stop early.\n\n@example\n\`\`\`ts\nfor await (const item of client.${area.key}.${action.id}All(${exampleInputOrEmpty(action)})) console.log(item);\n\`\`\`\n${see}`,
    `${P}Item`,
    'itemsOf',
  );
}

/** The area interface: one method per action and paginator, with the core bound. */
function emitAreaApi(sf: Builder, area: Area): void {
  const api = `${pascal(area.key)}Api`;
  const methods = area.actions.flatMap((action) => {
    const P = pascal(action.id);
    const input = { name: 'input', type: `${P}Input`, hasQuestionToken: inputOptional(action) };
    const main = {
      name: action.id,
      docs: [`${doc(action.summary)}\n\n@see {@link ${action.id}} for the full description.`],
      parameters: [input, { name: 'options', type: optionsType(action), hasQuestionToken: true }],
      returnType: `Promise<${P}Output>`,
    };
    if (!action.pagination) return [main];
    const pageOptions = { name: 'options', type: PAGE_OPTIONS, hasQuestionToken: true };
    return [
      main,
      {
        name: `${action.id}Pages`,
        docs: [`Every page of {@link ${action.id}}, following the cursor.`],
        parameters: [input, pageOptions],
        returnType: `AsyncGenerator<${P}Output, void, undefined>`,
      },
      {
        name: `${action.id}All`,
        docs: [`Every item of every page of {@link ${action.id}}.`],
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
    overloads: [
      {
        docs: [`Binds every ${area.name} action to a core.`],
        parameters: [{ name: 'core', type: 'HubSpotCore' }],
        returnType: api,
      },
      {
        docs: [
          `Binds every ${area.name} action to a core made with \`throwOnError: false\`: they resolve to \`{ data, error, response }\`.`,
        ],
        parameters: [{ name: 'core', type: 'HubSpotResultCore' }],
        returnType: `Resultify<${api}>`,
      },
    ],
    parameters: [{ name: 'core', type: 'HubSpotCore | HubSpotResultCore' }],
    returnType: `${api} | Resultify<${api}>`,
    // One binding for both styles: the actions read the style from the core.
    statements: [`return bindActions(core as HubSpotCore, { ${methods.map((m) => m.name).join(', ')} });`],
  });
}

export function emitAreaModule(area: Area): FileBuilder {
  const sf = new FileBuilder(`client/${area.slug}.ts`);
  sf.addStatements(`// ${area.name}: ${area.actions.length} actions.`);
  const paged = area.actions.some((a) => a.pagination);
  const batched = area.actions.some((a) => a.batch);
  sf.addImportDeclaration({
    moduleSpecifier: '../../src/runtime/index.js',
    namedImports: [
      ...(area.actions.some((a) => !a.batch) ? ['action'] : []),
      ...(batched ? ['batchAction', 'type BatchOptions'] : []),
      'bindActions',
      ...(paged ? ['itemsOf', 'type PageLimits', 'pagesOf'] : []),
      'type RequestOptions',
      'type Resultify',
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
    namedImports: ['HubSpotAction', 'HubSpotCore', 'HubSpotResultCore'],
  });
  for (const action of area.actions) emitAction(sf, area, action);
  emitAreaApi(sf, area);
  return sf;
}
