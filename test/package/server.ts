/**
 * A tiny HubSpot stand-in on 127.0.0.1 for the consumer tests: enough endpoints to prove that an installed
 * package sends authenticated requests, parses answers, pages and maps errors, from every module format.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const TOKEN = 'consumer-test-token';

export interface RecordedRequest {
  method: string;
  url: string;
  authorization: string | undefined;
  body: string;
}

export interface ConsumerServer {
  baseUrl: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

function send(res: http.ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function envelope(status: number, category: string, message: string) {
  return { status: 'error', message, correlationId: `corr-${status}`, category };
}

function route(req: http.IncomingMessage, body: string, res: http.ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (req.headers.authorization !== `Bearer ${TOKEN}`) {
    send(res, 401, envelope(401, 'INVALID_AUTHENTICATION', 'Authentication credentials not found.'));
    return;
  }
  const email = /^\/marketing\/v3\/emails\/([^/]+)$/.exec(url.pathname);
  if (req.method === 'GET' && email) {
    const id = decodeURIComponent(email[1] ?? '');
    if (id === 'missing') send(res, 404, envelope(404, 'OBJECT_NOT_FOUND', `Email ${id} does not exist.`));
    else send(res, 200, { id, name: `Email ${id}`, isAb: false, state: 'DRAFT' });
    return;
  }
  if (req.method === 'GET' && url.pathname === '/marketing/v3/campaigns') {
    const after = url.searchParams.get('after');
    if (after === null)
      send(res, 200, { results: [{ id: 'c1' }, { id: 'c2' }], paging: { next: { after: 'p2' } } });
    else send(res, 200, { results: [{ id: 'c3' }] });
    return;
  }
  if (req.method === 'POST' && url.pathname === '/marketing/v3/campaigns') {
    const input = JSON.parse(body || '{}') as { properties?: Record<string, string> };
    send(res, 201, { id: 'new-campaign', properties: input.properties ?? {} });
    return;
  }
  send(res, 404, envelope(404, 'OBJECT_NOT_FOUND', `no route for ${req.method} ${url.pathname}`));
}

export async function startConsumerServer(): Promise<ConsumerServer> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        authorization: req.headers.authorization,
        body,
      });
      route(req, body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
