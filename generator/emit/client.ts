/**
 * Emitter: the typed client, built with ts-morph. One module per API area (`client/<area>.ts`) holding,
 * per action, its input and output types, a standalone function taking the core (tree-shakable), and the
 * area object; `client/core.ts` binds the runtime core to the generated `paths`; `client/index.ts` exports
 * `createHubSpotMarketingClient` and the typed `invoke(actionId, input)` entry.
 */
import {
  type JSDocStructure,
  Project,
  type SourceFile,
  StructureKind,
  VariableDeclarationKind,
} from 'ts-morph';
import type { Action, Area, Model, Param } from '../model.js';
import { exampleCall, returnsNothing } from './example.js';
import { GENERATED_HEADER } from './header.js';

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

function emitArea(project: Project, area: Area): SourceFile {
  const sf = project.createSourceFile(`client/${area.slug}.ts`, GENERATED_HEADER, { overwrite: true });
  sf.addStatements(`// ${area.name}: ${area.actions.length} actions.`);
  sf.addImportDeclaration({
    isTypeOnly: true,
    moduleSpecifier: '../runtime/index.js',
    namedImports: ['ActionInfo', 'RequestOptions'],
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
          initializer: `{ id: '${action.id}', method: '${action.method}', path: '${action.path}', credential: '${action.credential}' } as const satisfies ActionInfo`,
        },
      ],
    });
    const paramsInit: string[] = [];
    if (action.params.some((p) => p.in === 'path')) paramsInit.push('path: input.path');
    if (action.params.some((p) => p.in === 'query')) paramsInit.push('query: input.query');
    const init: string[] = [];
    if (paramsInit.length) init.push(`params: { ${paramsInit.join(', ')} }`);
    if (action.requestBody) init.push('body: input.body');
    init.push('...init');
    const optional = inputOptional(action);
    sf.addFunction({
      name: action.id,
      isExported: true,
      docs: [functionDocs(area, action)],
      parameters: [
        { name: 'core', type: 'HubSpotCore' },
        {
          name: members.length === 0 ? '_input' : 'input',
          type: `${P}Input`,
          initializer: optional ? '{}' : undefined,
        },
        { name: 'options', type: 'RequestOptions', hasQuestionToken: true },
      ],
      returnType: `Promise<${P}Output>`,
      statements: [
        `return core.request(${action.id}Info, ${action.params.some((p) => p.in === 'path') ? 'input.path' : 'undefined'}, options, (init) =>`,
        `  core.api.${METHOD_CALL[action.method]}('${action.path}', { ${init.join(', ')} }),`,
        ');',
      ],
    });
  }

  const api = `${pascal(area.key)}Api`;
  sf.addInterface({
    name: api,
    isExported: true,
    docs: [`${doc(area.name)}: ${doc(area.description)}`],
    methods: area.actions.map((action) => ({
      name: action.id,
      docs: [
        {
          description: `${doc(action.summary)}\n\n@see {@link ${action.id}} for the full description.`,
        },
      ],
      parameters: [
        {
          name: 'input',
          type: `${pascal(action.id)}Input`,
          hasQuestionToken: inputOptional(action),
        },
        { name: 'options', type: 'RequestOptions', hasQuestionToken: true },
      ],
      returnType: `Promise<${pascal(action.id)}Output>`,
    })),
  });
  sf.addFunction({
    name: `create${api}`,
    isExported: true,
    docs: [`Binds every ${area.name} action to a core.`],
    parameters: [{ name: 'core', type: 'HubSpotCore' }],
    returnType: api,
    statements: [
      'return {',
      ...area.actions.map((a) => `  ${a.id}: (input, options) => ${a.id}(core, input, options),`),
      '};',
    ],
  });
  return sf;
}

function emitCore(project: Project): SourceFile {
  const sf = project.createSourceFile('client/core.ts', GENERATED_HEADER, {
    overwrite: true,
  });
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
    statements: ['return createCore<paths>(options);'],
  });
  return sf;
}

function emitIndex(project: Project, model: Model): SourceFile {
  const sf = project.createSourceFile('client/index.ts', GENERATED_HEADER, {
    overwrite: true,
  });
  sf.addImportDeclaration({
    moduleSpecifier: '../runtime/index.js',
    namedImports: ['type ClientOptions', 'HubSpotInputError', 'type RequestOptions'],
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
        ...area.actions.flatMap((a) => [a.id, `type ${pascal(a.id)}Input`, `type ${pascal(a.id)}Output`]),
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
    type: 'Partial<ActionInput<K>> extends ActionInput<K> ? [input?: ActionInput<K>, options?: RequestOptions] : [input: ActionInput<K>, options?: RequestOptions]',
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
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: ['The ids of all actions, in spec order.'],
    declarations: [
      {
        name: 'ACTION_IDS',
        type: 'readonly ActionId[]',
        initializer: 'Object.keys(ACTIONS) as ActionId[]',
      },
    ],
  });

  sf.addInterface({
    name: 'HubSpotMarketingClient',
    isExported: true,
    docs: [`${doc(model.title)}: one object per API area, plus \`invoke\` to call any action by its id.`],
    properties: [
      {
        name: 'core',
        isReadonly: true,
        type: 'HubSpotCore',
        docs: ['The core every action runs on; `core.api` is the raw openapi-fetch client.'],
      },
      ...model.areas.map((a) => ({
        name: a.key,
        isReadonly: true,
        type: `${pascal(a.key)}Api`,
        docs: [doc(`${a.name}: ${a.description}`)],
      })),
    ],
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
    ],
  });
  sf.addFunction({
    name: 'createHubSpotMarketingClient',
    isExported: true,
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
    parameters: [{ name: 'options', type: 'ClientOptions', initializer: '{}' }],
    returnType: 'HubSpotMarketingClient',
    statements: [
      'const core = createHubSpotCore(options);',
      'return {',
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
      '};',
    ],
  });
  return sf;
}

export function emitClient(model: Model): Map<string, string> {
  const project = new Project({ useInMemoryFileSystem: true });
  const files = [
    emitCore(project),
    ...model.areas.map((a) => emitArea(project, a)),
    emitIndex(project, model),
  ];
  return new Map(files.map((sf) => [sf.getFilePath().replace(/^\//, ''), sf.getFullText()]));
}
