/**
 * The throwaway consumer projects of test/package: each is a folder with a package.json that depends on the
 * packed tarball, plus its sources. They are kept here as text (not as .ts files under test/) so the
 * repository's own type-check never tries to resolve the package from them.
 *
 * Every consumer runs the same scenario against the local server and prints one `RESULT {json}` line that the
 * test compares with {@link EXPECTED}: the client factory, `invoke`, a standalone action on a core from
 * `./core`, a paged iterator from an area subpath, a POST with a body, a typed 404 (the error class of the
 * root entry must match the one thrown from an area entry: one shared runtime), the result style, every area
 * subpath, the Redis store's subpath, and the two JSON catalogs. The package is ESM only: the CommonJS consumers
 * load it with `require()` (Node >= 20.19 loads ES modules synchronously).
 */

export const AREAS = [
  'campaigns',
  'communication-preferences',
  'marketing-emails',
  'marketing-events',
  'transactional-email',
] as const;

/** What every consumer must print. */
export const EXPECTED = {
  email: { id: '42', name: 'Email 42' },
  invoked: '43',
  standalone: '44',
  campaignIds: ['c1', 'c2', 'c3'],
  created: 'new-campaign',
  notFound: { name: 'HubSpotNotFoundError', status: 404, category: 'OBJECT_NOT_FOUND', sameClass: true },
  resultStatus: 404,
  areas: {
    campaigns: 'function',
    'communication-preferences': 'function',
    'marketing-emails': 'function',
    'marketing-events': 'function',
    'transactional-email': 'function',
  },
  redis: 'function',
  actionCount: 73,
  openapi: '3.1.0',
};

/** The scenario, written once in the subset of TypeScript that is also JavaScript once types are erased. */
function scenario(ts: boolean): string {
  const t = (s: string) => (ts ? s : '');
  return `
  const client = createHubSpotMarketingClient({ accessToken: TOKEN, baseUrl });
  const email = await client.marketingEmails.getMarketingEmail({ path: { emailId: '42' } });
  const invoked = await client.invoke('getMarketingEmail', { path: { emailId: '43' } });

  const core = createHubSpotCore({ accessToken: TOKEN, baseUrl });
  const standalone = await getMarketingEmail(core, { path: { emailId: '44' } });
  const campaignIds${t(': string[]')} = [];
  for await (const campaign of searchCampaignsAll(core, {})) campaignIds.push(String(campaign.id));
  const created = await client.campaigns.createCampaign({ body: { properties: { hs_name: 'Spring' } } });

  let notFound${t(': unknown')};
  try {
    await getMarketingEmail(core, { path: { emailId: 'missing' } });
  } catch (error) {
    notFound = error;
  }
  if (!(notFound instanceof HubSpotApiError)) throw new Error('expected a HubSpotApiError, got ' + String(notFound));

  const safe = createHubSpotMarketingClient({ accessToken: TOKEN, baseUrl, throwOnError: false });
  const result = await safe.marketingEmails.getMarketingEmail({ path: { emailId: 'missing' } });

  return {
    email: { id: email.id, name: email.name },
    invoked: invoked.id,
    standalone: standalone.id,
    campaignIds,
    created: created.id,
    notFound: {
      name: notFound.name,
      status: notFound.status,
      category: notFound.category,
      sameClass: notFound instanceof HubSpotNotFoundError,
    },
    resultStatus: result.error instanceof HubSpotApiError ? result.error.status : 0,
    areas,
    redis: typeof redisEntry.createRedisRateLimitStore,
    actionCount: actions.actionCount,
    openapi: spec.openapi,
  };`;
}

const ESM_IMPORTS = `import {
  createHubSpotMarketingClient,
  HubSpotApiError,
  HubSpotNotFoundError,
} from 'hubspot-marketing-connector';
import actions from 'hubspot-marketing-connector/actions.json' with { type: 'json' };
import * as campaigns from 'hubspot-marketing-connector/campaigns';
import * as communicationPreferences from 'hubspot-marketing-connector/communication-preferences';
import { createHubSpotCore } from 'hubspot-marketing-connector/core';
import * as marketingEmails from 'hubspot-marketing-connector/marketing-emails';
import * as marketingEvents from 'hubspot-marketing-connector/marketing-events';
import spec from 'hubspot-marketing-connector/openapi.json' with { type: 'json' };
import * as redisEntry from 'hubspot-marketing-connector/redis';
import * as transactionalEmail from 'hubspot-marketing-connector/transactional-email';

const { getMarketingEmail } = marketingEmails;
const { searchCampaignsAll } = campaigns;
const areas = {
  campaigns: typeof campaigns.createCampaignsApi,
  'communication-preferences': typeof communicationPreferences.createCommunicationPreferencesApi,
  'marketing-emails': typeof marketingEmails.createMarketingEmailsApi,
  'marketing-events': typeof marketingEvents.createMarketingEventsApi,
  'transactional-email': typeof transactionalEmail.createTransactionalEmailApi,
};
`;

const CJS_REQUIRES = `const {
  createHubSpotMarketingClient,
  HubSpotApiError,
  HubSpotNotFoundError,
} = require('hubspot-marketing-connector');
const actions = require('hubspot-marketing-connector/actions.json');
const campaigns = require('hubspot-marketing-connector/campaigns');
const communicationPreferences = require('hubspot-marketing-connector/communication-preferences');
const { createHubSpotCore } = require('hubspot-marketing-connector/core');
const marketingEmails = require('hubspot-marketing-connector/marketing-emails');
const marketingEvents = require('hubspot-marketing-connector/marketing-events');
const spec = require('hubspot-marketing-connector/openapi.json');
const redisEntry = require('hubspot-marketing-connector/redis');
const transactionalEmail = require('hubspot-marketing-connector/transactional-email');

const { getMarketingEmail } = marketingEmails;
const { searchCampaignsAll } = campaigns;
const areas = {
  campaigns: typeof campaigns.createCampaignsApi,
  'communication-preferences': typeof communicationPreferences.createCommunicationPreferencesApi,
  'marketing-emails': typeof marketingEmails.createMarketingEmailsApi,
  'marketing-events': typeof marketingEvents.createMarketingEventsApi,
  'transactional-email': typeof transactionalEmail.createTransactionalEmailApi,
};
`;

/**
 * Type-level checks for the TypeScript consumers: outputs are real types (not `any`), and wrong calls are
 * compile errors. Never called at run time.
 */
const TYPE_CHECKS = `
type IsAny<T> = 0 extends 1 & T ? true : false;
export async function typeChecks(core: HubSpotCore): Promise<void> {
  const client = createHubSpotMarketingClient({ accessToken: 'x' });
  const email = await getMarketingEmail(core, { path: { emailId: '1' } });
  const emailIsTyped: IsAny<typeof email> = false;
  const isAb: boolean = email.isAb;
  const output: GetMarketingEmailOutput = await client.invoke('getMarketingEmail', { path: { emailId: '1' } });
  const input: GetMarketingEmailInput = { path: { emailId: '1' } };
  const safe = createHubSpotMarketingClient({ accessToken: 'x', throwOnError: false });
  const result = await safe.marketingEmails.getMarketingEmail(input);
  const error: HubSpotError | undefined = result.error;
  // @ts-expect-error emailId is required
  await getMarketingEmail(core, { path: {} });
  // @ts-expect-error no such action
  await client.invoke('getMarketingEmails', {});
  // @ts-expect-error the body of createCampaign needs properties
  await client.campaigns.createCampaign({ body: {} });
  void [emailIsTyped, isAb, output, error];
}
`;

/**
 * Every entry's types, the mock's included, loaded under strict settings with library checking on: a
 * namespace of the root and core entries, and the mock through \`import()\` (ESM only; a dynamic import is
 * how a CommonJS file loads it too). Never called at run time.
 */
const ENTRY_TYPE_CHECKS = `
import * as rootEntry from 'hubspot-marketing-connector';
import * as coreEntry from 'hubspot-marketing-connector/core';
export async function mockTypeChecks(): Promise<void> {
  const mock = await import('hubspot-marketing-connector/mock');
  const server = await mock.startMockServer({
    port: 0,
    seed: { campaigns: [{ properties: { hs_name: 'Spring' } }] },
    maxBodyBytes: 1024,
    requestLogSize: 10,
    respond: (request, answer) => (request.operationId === 'getCampaign' ? { status: 404 } : answer),
  });
  const first = server.requests[0];
  const problems: string[] = (first?.errors ?? []).map((e) => \`\${e.instancePath} \${e.keyword} \${e.message ?? ''}\`);
  const agent: string | string[] | undefined = first?.headers['user-agent'];
  const envelope = mock.hubspotError('VALIDATION_ERROR', 'bad');
  const category: string = envelope.category;
  server.setStatus('batchReadCampaigns', 207);
  const limits: number[] = [mock.DEFAULT_MAX_BODY_BYTES, mock.DEFAULT_REQUEST_LOG_SIZE, mock.MOCK_APP_ID];
  await server.close();
  void [problems, agent, category, limits, rootEntry.ACTION_IDS, coreEntry.createHubSpotCore];
}
`;

const TS_IMPORT_TYPES = `import type {
  GetMarketingEmailInput,
  GetMarketingEmailOutput,
  HubSpotError,
} from 'hubspot-marketing-connector';
import type { HubSpotCore } from 'hubspot-marketing-connector/core';
`;

/** The TypeScript program of the consumers that tsc compiles to `require()` (module node20 `.cts`, module commonjs). */
const TS_REQUIRE_PROGRAM = `${ESM_IMPORTS.replaceAll(" with { type: 'json' }", '')}${TS_IMPORT_TYPES}
const TOKEN = process.env.HUBSPOT_TOKEN ?? '';
const baseUrl = process.env.HUBSPOT_BASE_URL ?? '';
async function main() {${scenario(true)}
}
${TYPE_CHECKS}${ENTRY_TYPE_CHECKS}
main().then(
  (result) => console.log(\`RESULT \${JSON.stringify(result)}\`),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
`;

export const consumers = {
  /** Plain ESM, no TypeScript: `node index.mjs`. */
  esm: {
    'package.json': { name: 'consumer-esm', private: true, type: 'module' },
    files: {
      'index.mjs': `${ESM_IMPORTS}
const TOKEN = process.env.HUBSPOT_TOKEN;
const baseUrl = process.env.HUBSPOT_BASE_URL;
async function main() {${scenario(false)}
}
console.log(\`RESULT \${JSON.stringify(await main())}\`);
`,
    },
  },
  /** Plain CommonJS with require (of an ES module package: Node >= 20.19's require(esm)): `node index.cjs`. */
  cjs: {
    'package.json': { name: 'consumer-cjs', private: true, type: 'commonjs' },
    files: {
      'index.cjs': `${CJS_REQUIRES}
const TOKEN = process.env.HUBSPOT_TOKEN;
const baseUrl = process.env.HUBSPOT_BASE_URL;
async function main() {${scenario(false)}
}
main().then(
  (result) => console.log(\`RESULT \${JSON.stringify(result)}\`),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
`,
    },
  },
  /**
   * The mock server's user: the package plus the mock's optional peer dependencies (openapi-backend, Ajv,
   * ajv-formats at this repository's versions, with its override for Node 20; package.test.ts adds them).
   */
  mock: {
    'package.json': { name: 'consumer-mock', private: true, type: 'module' },
    files: {},
  },
  /**
   * TypeScript, strict, `module: node20` (TypeScript 5.9; node16 resolution), @types/node and no DOM lib (a Node
   * service), library checking on: one ESM file (`.mts`, `import`) and one CommonJS file (`.cts`: tsc emits
   * `require()` of the ES module package, which `module: node20` allows because Node >= 20.19 loads it). tsc
   * emits them, node runs both.
   */
  'ts-node20': {
    'package.json': { name: 'consumer-ts-node20', private: true, type: 'commonjs' },
    tsconfig: {
      compilerOptions: {
        strict: true,
        module: 'node20',
        moduleResolution: 'node16',
        target: 'es2022',
        lib: ['es2022'],
        types: ['node'],
        skipLibCheck: false,
        noUncheckedIndexedAccess: true,
        resolveJsonModule: true,
        rootDir: 'src',
        outDir: 'out',
      },
      include: ['src'],
    },
    files: {
      // This file reads the catalogs through createRequire, as a project on `module: node16` (which refuses
      // import attributes) would.
      'src/esm.mts': `${ESM_IMPORTS.replace(
        "import actions from 'hubspot-marketing-connector/actions.json' with { type: 'json' };\n",
        '',
      ).replace(
        "import spec from 'hubspot-marketing-connector/openapi.json' with { type: 'json' };\n",
        '',
      )}${TS_IMPORT_TYPES}
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const actions: { actionCount: number } = require('hubspot-marketing-connector/actions.json');
const spec: { openapi: string } = require('hubspot-marketing-connector/openapi.json');
const TOKEN = process.env.HUBSPOT_TOKEN ?? '';
const baseUrl = process.env.HUBSPOT_BASE_URL ?? '';
async function main() {${scenario(true)}
}
${TYPE_CHECKS}${ENTRY_TYPE_CHECKS}
console.log(\`RESULT \${JSON.stringify(await main())}\`);
`,
      'src/cjs.cts': TS_REQUIRE_PROGRAM,
    },
  },
  /**
   * TypeScript, strict, `module: commonjs` (so `node10` resolution, which ignores `exports`: the types come through
   * `typesVersions`) with `esModuleInterop`, the setup of many older CommonJS services: tsc emits `require()` of
   * the ES module package, node runs it.
   */
  'ts-commonjs': {
    'package.json': { name: 'consumer-ts-commonjs', private: true, type: 'commonjs' },
    tsconfig: {
      compilerOptions: {
        strict: true,
        module: 'commonjs',
        target: 'es2022',
        lib: ['es2022'],
        types: ['node'],
        skipLibCheck: false,
        esModuleInterop: true,
        resolveJsonModule: true,
        rootDir: 'src',
        outDir: 'out',
      },
      include: ['src'],
    },
    files: {
      'src/index.ts': TS_REQUIRE_PROGRAM,
    },
  },
  /**
   * TypeScript, strict, `moduleResolution: bundler`, DOM lib and no @types/node (a browser or edge app: the
   * package's types must not need Node's), `exactOptionalPropertyTypes`, library checking on. tsc type-checks;
   * esbuild bundles it for a neutral platform (no Node built-ins); node runs the bundle.
   */
  'ts-bundler': {
    'package.json': { name: 'consumer-ts-bundler', private: true, type: 'module' },
    tsconfig: {
      compilerOptions: {
        strict: true,
        module: 'esnext',
        moduleResolution: 'bundler',
        target: 'es2022',
        lib: ['es2022', 'dom', 'dom.iterable'],
        types: [],
        skipLibCheck: false,
        noUncheckedIndexedAccess: true,
        exactOptionalPropertyTypes: true,
        resolveJsonModule: true,
        noEmit: true,
      },
      include: ['src'],
    },
    files: {
      'src/app.ts': `${ESM_IMPORTS}${TS_IMPORT_TYPES}
/** The app's entry: the runner passes the server's address (no \`process\` here: not a Node app). */
export async function main(TOKEN: string, baseUrl: string) {${scenario(true)}
}
${TYPE_CHECKS}`,
      /** Type-checked with the app, not bundled: the mock is a Node tool, its types must still need no Node. */
      'src/entry-types.ts': ENTRY_TYPE_CHECKS,
      /** One action, per-action style, for the tree-shaking check of the bundle. */
      'src/one-action.ts': `import { createHubSpotCore } from 'hubspot-marketing-connector/core';
import { getMarketingEmail } from 'hubspot-marketing-connector/marketing-emails';

export async function main(token: string, baseUrl: string) {
  const core = createHubSpotCore({ accessToken: token, baseUrl });
  const email = await getMarketingEmail(core, { path: { emailId: '45' } });
  return email.id;
}
`,
      'run.mjs': `const { main } = await import(process.argv[2]);
const result = await main(process.env.HUBSPOT_TOKEN, process.env.HUBSPOT_BASE_URL);
console.log(\`RESULT \${JSON.stringify(result)}\`);
`,
    },
  },
} as const;

export type ConsumerName = keyof typeof consumers;
