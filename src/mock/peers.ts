/**
 * The Node tools' own libraries: openapi-backend (routing and request validation) with Ajv and ajv-formats (JSON
 * Schema 2020-12) for the mock, and Ajv with ajv-formats for the command line's `call` (which checks its input
 * before sending). They are optional peer dependencies of the package, not bundled and not installed with the
 * client: an app that only calls HubSpot never loads an HTTP mock and a validator (they were half a megabyte of
 * every install). The tools import them on first use, from the app's own node_modules, and say how to install
 * them when they are missing.
 *
 * Node 20: openapi-backend 5.21's dependency `@apidevtools/json-schema-ref-parser` 16.x declares Node >= 22.19;
 * README ("Mock server and examples") tells the mock user on Node 20 how to pin it to 15.3.6 with `overrides`, as
 * this repository does.
 */
import type { Ajv2020 as Ajv2020Class } from 'ajv/dist/2020.js';
import type { OpenAPIBackend as OpenAPIBackendClass } from 'openapi-backend';

/** What `call` needs, with the ranges of package.json `peerDependencies`. */
export const AJV_PEERS = { ajv: '^8.20.0', 'ajv-formats': '^3.0.1' } as const;

/** The optional peer dependencies the mock needs, with the ranges of package.json `peerDependencies`. */
export const MOCK_PEERS = { 'openapi-backend': '^5.21.2', ...AJV_PEERS } as const;

/** The command that installs `peers`, as the errors name it. */
function installCommand(peers: Record<string, string>): string {
  return `npm install -D ${Object.entries(peers)
    .map(([name, range]) => `${name}@${range.replace(/^\^/, '')}`)
    .join(' ')}`;
}

/** The command that installs the mock's peers, as the error names it. */
export const MOCK_PEERS_INSTALL = installCommand(MOCK_PEERS);

/** The command that installs what `call` needs, as its error names it. */
export const AJV_PEERS_INSTALL = installCommand(AJV_PEERS);

/** Ajv for JSON Schema 2020-12 with the formats of ajv-formats. */
export interface AjvPeers {
  Ajv2020: typeof Ajv2020Class;
  addFormats: (ajv: Ajv2020Class) => Ajv2020Class;
}

/**
 * Some peers are not installed (internal: each tool words its own error, see MockDependencyError and the
 * command line's `call`).
 */
export class MissingPeersError extends Error {
  override readonly name = 'MissingPeersError';
  constructor(
    /** The packages that could not be loaded. */
    readonly missing: string[],
    /** The command that installs them. */
    readonly install: string,
    cause: unknown,
  ) {
    super(`${missing.join(', ')} not installed: run \`${install}\``, { cause });
  }
}

export interface MockPeers extends AjvPeers {
  OpenAPIBackend: typeof OpenAPIBackendClass;
}

/** Thrown by `startMockServer()` (and the `mock` command) when a peer dependency is not installed. */
export class MockDependencyError extends Error {
  override readonly name = 'MockDependencyError';
  /** The packages that could not be loaded. */
  readonly missing: string[];
  constructor(missing: string[], cause: unknown) {
    super(
      `the mock server needs ${missing.join(', ')}, optional peer dependencies of hubspot-marketing-connector ` +
        `that are not installed: run \`${MOCK_PEERS_INSTALL}\``,
      { cause },
    );
    this.missing = missing;
  }
}

let loading: Promise<MockPeers> | undefined;

/** Imports the peers once per process; a failed attempt is retried on the next call (after an install). */
export function loadMockPeers(): Promise<MockPeers> {
  loading ??= importMockPeers().catch((e: unknown) => {
    loading = undefined;
    throw e instanceof MissingPeersError ? new MockDependencyError(e.missing, e.cause) : e;
  });
  return loading;
}

let loadingAjv: Promise<AjvPeers> | undefined;

/**
 * Imports Ajv and ajv-formats once per process (for `call`); a failed attempt is retried on the next call.
 * Throws {@link MissingPeersError} when either is not installed.
 */
export function loadAjvPeers(): Promise<AjvPeers> {
  loadingAjv ??= importAjvPeers().catch((e: unknown) => {
    loadingAjv = undefined;
    throw e;
  });
  return loadingAjv;
}

async function importMockPeers(): Promise<MockPeers> {
  const [backend, ajv, formats] = await importAll(
    [
      ['openapi-backend', () => import('openapi-backend')],
      ['ajv', () => import('ajv/dist/2020.js')],
      ['ajv-formats', () => import('ajv-formats')],
    ],
    MOCK_PEERS_INSTALL,
  );
  const OpenAPIBackend =
    (backend as { OpenAPIBackend?: typeof OpenAPIBackendClass }).OpenAPIBackend ??
    (backend as { default?: { OpenAPIBackend?: typeof OpenAPIBackendClass } }).default?.OpenAPIBackend;
  if (typeof OpenAPIBackend !== 'function')
    throw new Error('openapi-backend, ajv or ajv-formats does not export what the mock server needs');
  return { OpenAPIBackend, ...ajvExports(ajv, formats) };
}

async function importAjvPeers(): Promise<AjvPeers> {
  const [ajv, formats] = await importAll(
    [
      ['ajv', () => import('ajv/dist/2020.js')],
      ['ajv-formats', () => import('ajv-formats')],
    ],
    AJV_PEERS_INSTALL,
  );
  return ajvExports(ajv, formats);
}

/**
 * Imports every module; throws {@link MissingPeersError} naming each package that is not installed, or the
 * library's own error when one is installed but fails to load (or one of its own dependencies is missing).
 */
async function importAll(
  modules: Array<[name: string, load: () => Promise<unknown>]>,
  install: string,
): Promise<unknown[]> {
  const results = await Promise.allSettled(modules.map(([, load]) => load()));
  const missing: string[] = [];
  let firstFailure: unknown;
  results.forEach((r, i) => {
    if (r.status === 'fulfilled') return;
    const name = (modules[i] as [string, unknown])[0];
    if (!isNotFound(r.reason, name)) throw r.reason;
    missing.push(name);
    firstFailure ??= r.reason;
  });
  if (missing.length > 0) throw new MissingPeersError(missing, install, firstFailure);
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value);
}

/** CommonJS packages seen from ESM: the named export where Node's static analysis finds it, else the default. */
function ajvExports(ajv: unknown, formats: unknown): AjvPeers {
  const ajvModule = ajv as { Ajv2020?: typeof Ajv2020Class; default?: { Ajv2020?: typeof Ajv2020Class } };
  const formatsModule = formats as { default?: AjvPeers['addFormats'] | { default?: unknown } };
  const Ajv2020 = ajvModule.Ajv2020 ?? ajvModule.default?.Ajv2020;
  const addFormats =
    typeof formatsModule.default === 'function' ? formatsModule.default : formatsModule.default?.default;
  if (typeof Ajv2020 !== 'function' || typeof addFormats !== 'function')
    throw new Error('ajv or ajv-formats does not export Ajv2020 and addFormats');
  return { Ajv2020, addFormats: addFormats as AjvPeers['addFormats'] };
}

/** The package itself is not installed (as opposed to one that fails while loading). */
function isNotFound(e: unknown, name: string): boolean {
  const { code, message } = (e ?? {}) as { code?: unknown; message?: unknown };
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    typeof message === 'string' &&
    message.includes(`'${name}`)
  );
}
