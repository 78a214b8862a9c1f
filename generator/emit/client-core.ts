/**
 * Emitter: `client/core.ts`, the runtime core bound to the generated `paths` (`HubSpotCore`) and its factory
 * `createHubSpotCore`, which tells the core the package's `User-Agent`.
 */
import { FileBuilder } from './client-shared.js';

export function emitCoreModule(userAgent: string): FileBuilder {
  const sf = new FileBuilder('client/core.ts');
  sf.addImportDeclaration({
    moduleSpecifier: '../../src/runtime/index.js',
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
