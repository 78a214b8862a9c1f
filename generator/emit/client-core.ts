/**
 * Emitter: `client/core.ts`, the runtime core bound to the generated `paths` (`HubSpotCore`, and
 * `HubSpotResultCore` for the result style), its factory `createHubSpotCore`, which tells the core the
 * package's `User-Agent`, and `HubSpotAction`, the type of every action function (each core style gives its
 * return type).
 */
import { FileBuilder } from './client-shared.js';

export function emitCoreModule(userAgent: string): FileBuilder {
  const sf = new FileBuilder('client/core.ts');
  sf.addImportDeclaration({
    moduleSpecifier: '../../src/runtime/index.js',
    namedImports: ['type ClientOptions', 'type Core', 'createCore', 'type ErrorStyle', 'type Result'],
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
  sf.addTypeAlias({
    name: 'HubSpotResultCore',
    isExported: true,
    docs: [
      'A core made with `throwOnError: false`: the actions called with it resolve to `{ data, error, response }` instead of throwing a `HubSpotError`.',
    ],
    type: 'Core<paths, false>',
  });
  sf.addInterface({
    name: 'HubSpotAction',
    isExported: true,
    typeParameters: ['Args extends unknown[]', 'Output'],
    docs: [
      'An action function: called with a {@link HubSpotCore} it resolves to the output and throws a `HubSpotError`; called with a {@link HubSpotResultCore}, to `{ data, error, response }`.',
    ],
    callSignatures: [
      {
        parameters: [
          { name: 'core', type: 'HubSpotResultCore' },
          { name: '...args', type: 'Args' },
        ],
        returnType: 'Promise<Result<Output>>',
      },
      {
        parameters: [
          { name: 'core', type: 'HubSpotCore' },
          { name: '...args', type: 'Args' },
        ],
        returnType: 'Promise<Output>',
      },
    ],
  });
  sf.addFunction({
    name: 'createHubSpotCore',
    isExported: true,
    overloads: [
      {
        docs: [
          'Creates a core for the standalone action functions: `await getCampaign(core, { path: { campaignGuid } })`.',
        ],
        parameters: [
          { name: 'options', type: 'ClientOptions & { throwOnError?: true }', hasQuestionToken: true },
        ],
        returnType: 'HubSpotCore',
      },
      {
        docs: [
          'Creates a core whose actions resolve to `{ data, error, response }` instead of throwing: `const { data, error } = await getCampaign(core, { path: { campaignGuid } })`.',
        ],
        parameters: [{ name: 'options', type: 'ClientOptions & { throwOnError: false }' }],
        returnType: 'HubSpotResultCore',
      },
      {
        docs: ['Creates a core in the style `options.throwOnError` says, when it is only known at run time.'],
        parameters: [{ name: 'options', type: 'ClientOptions & ErrorStyle' }],
        returnType: 'HubSpotCore | HubSpotResultCore',
      },
    ],
    parameters: [{ name: 'options', type: 'ClientOptions & ErrorStyle', initializer: '{}' }],
    returnType: 'HubSpotCore | HubSpotResultCore',
    statements: [
      `return createCore<paths>(options, { userAgent: ${JSON.stringify(userAgent)} }) as HubSpotCore | HubSpotResultCore;`,
    ],
  });
  return sf;
}
