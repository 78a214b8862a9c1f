/**
 * Emitter: `client/index.ts`, the root entry. Its imports and re-exports (the documented runtime API from
 * `runtime/public.ts`, the core, every area module, the schema types) are written here; its action tables
 * come from client-actions.ts and its client factory from client-factory.ts.
 */
import type { Model } from '../model.js';
import { emitActionTables } from './client-actions.js';
import { emitClientFactory } from './client-factory.js';
import { FileBuilder, pascal } from './client-shared.js';

export function emitIndexModule(model: Model): FileBuilder {
  const sf = new FileBuilder('client/index.ts');
  sf.addImportDeclaration({
    moduleSpecifier: '../../src/runtime/index.js',
    namedImports: [
      'type ClientOptions',
      'type ErrorStyle',
      'createClient',
      'type PageLimits',
      'type RequestOptions',
      'type Result',
      'type Resultify',
    ],
  });
  sf.addImportDeclaration({
    moduleSpecifier: './core.js',
    namedImports: ['createHubSpotCore', 'type HubSpotCore', 'type HubSpotResultCore'],
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
  sf.addExportDeclaration({ moduleSpecifier: '../../src/runtime/public.js' });
  sf.addExportDeclaration({ moduleSpecifier: './core.js' });
  for (const area of model.areas) sf.addExportDeclaration({ moduleSpecifier: `./${area.slug}.js` });
  sf.addExportDeclaration({
    isTypeOnly: true,
    moduleSpecifier: '../schema.js',
    namedExports: ['components', 'operations', 'paths'],
  });
  emitActionTables(sf, model);
  emitClientFactory(sf, model);
  return sf;
}
