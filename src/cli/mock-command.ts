/** `hubspot-marketing mock [--port 4010] [--host 127.0.0.1]`: runs the offline mock server until stopped. */
import { startMockServer } from '../mock/index.js';
import { UsageError } from './errors.js';
import type { Io } from './io.js';

export interface MockOptions {
  port?: string;
  host?: string;
  quiet?: boolean;
}

export async function mockCommand(o: MockOptions, io: Io): Promise<{ url: string; close(): Promise<void> }> {
  const port = Number(o.port ?? '4010');
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be 0-65535, got '${o.port}'`);
  const server = await startMockServer({
    port,
    host: o.host ?? '127.0.0.1',
    requestLogSize: 0, // nothing reads the log here; requests are printed as they come
    ...(o.quiet
      ? {}
      : {
          onRequest: (r) =>
            io.err(`${r.status} ${r.method} ${r.path}${r.operationId ? `  ${r.operationId}` : ''}`),
        }),
  });
  io.out(`HubSpot Marketing mock listening on ${server.url}`);
  io.out(
    `Point a client at it: createHubSpotMarketingClient({ accessToken: 'any', baseUrl: '${server.url}' })`,
  );
  return server;
}
