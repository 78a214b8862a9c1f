/**
 * The mock's own libraries: openapi-backend (routing and request validation) with Ajv and ajv-formats (JSON
 * Schema 2020-12). They are optional peer dependencies of the package, not bundled and not installed with the
 * client: an app that only calls HubSpot never loads an HTTP mock and a validator (they were half a megabyte of
 * every install). The mock imports them on first use, from the app's own node_modules, and says how to install
 * them when they are missing.
 *
 * Node 20: openapi-backend 5.21's dependency `@apidevtools/json-schema-ref-parser` 16.x declares Node >= 22.19;
 * README ("Mock server and examples") tells the mock user on Node 20 how to pin it to 15.3.6 with `overrides`, as
 * this repository does.
 */
import type { Ajv2020 as Ajv2020Class } from 'ajv/dist/2020.js';
import type { OpenAPIBackend as OpenAPIBackendClass } from 'openapi-backend';

/** The optional peer dependencies the mock needs, with the ranges of package.json `peerDependencies`. */
export const MOCK_PEERS = { 'openapi-backend': '^5.21.2', ajv: '^8.20.0', 'ajv-formats': '^3.0.1' } as const;

/** The command that installs them, as the error names it. */
export const MOCK_PEERS_INSTALL = `npm install -D ${Object.entries(MOCK_PEERS)
  .map(([name, range]) => `${name}@${range.replace(/^\^/, '')}`)
  .join(' ')}`;

export interface MockPeers {
  OpenAPIBackend: typeof OpenAPIBackendClass;
  Ajv2020: typeof Ajv2020Class;
  addFormats: (ajv: Ajv2020Class) => Ajv2020Class;
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
  loading ??= importPeers().catch((e: unknown) => {
    loading = undefined;
    throw e;
  });
  return loading;
}

async function importPeers(): Promise<MockPeers> {
  const [backend, ajv, formats] = await Promise.allSettled([
    import('openapi-backend'),
    import('ajv/dist/2020.js'),
    import('ajv-formats'),
  ]);
  const missing: string[] = [];
  const names = Object.keys(MOCK_PEERS);
  [backend, ajv, formats].forEach((r, i) => {
    const name = names[i] as string;
    if (r.status === 'rejected') {
      // Installed but broken (or one of its own dependencies missing): the library's own error says more.
      if (!isNotFound(r.reason, name)) throw r.reason;
      missing.push(name);
    }
  });
  if (backend.status !== 'fulfilled' || ajv.status !== 'fulfilled' || formats.status !== 'fulfilled') {
    const firstFailure = [backend, ajv, formats].find((r) => r.status === 'rejected');
    throw new MockDependencyError(
      missing,
      firstFailure?.status === 'rejected' ? firstFailure.reason : undefined,
    );
  }
  // CommonJS packages seen from ESM: the named export where Node's static analysis finds it, else the default.
  const ajvModule = ajv.value as {
    Ajv2020?: typeof Ajv2020Class;
    default?: { Ajv2020?: typeof Ajv2020Class };
  };
  const formatsModule = formats.value as unknown as {
    default: MockPeers['addFormats'] | { default: unknown };
  };
  const Ajv2020 = ajvModule.Ajv2020 ?? ajvModule.default?.Ajv2020;
  const addFormats =
    typeof formatsModule.default === 'function'
      ? formatsModule.default
      : (formatsModule.default.default as MockPeers['addFormats']);
  const OpenAPIBackend =
    backend.value.OpenAPIBackend ??
    (backend.value as unknown as { default: { OpenAPIBackend: typeof OpenAPIBackendClass } }).default
      .OpenAPIBackend;
  if (
    typeof Ajv2020 !== 'function' ||
    typeof addFormats !== 'function' ||
    typeof OpenAPIBackend !== 'function'
  )
    throw new Error('openapi-backend, ajv or ajv-formats does not export what the mock server needs');
  return { OpenAPIBackend, Ajv2020, addFormats };
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
