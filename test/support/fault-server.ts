/**
 * A scriptable HTTP server for fault-injection tests of the client runtime. Each test starts its own on
 * 127.0.0.1 (port 0), queues the replies it wants in order, and reads back every request as it arrived:
 * method, the raw request target (still percent-encoded), headers and body.
 *
 * A reply can be an HTTP answer (status, JSON or text body, headers, optional delay before the headers), a
 * destroyed socket (connection reset), a request that is never answered, or a response whose headers are sent
 * and whose body then stalls. When the queue is empty the fallback answers (default: 500 with a JSON body
 * saying no reply was scripted, so an unexpected extra request shows up in the test's assertions).
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the server saw it. */
export interface RecordedRequest {
  /** Upper-case HTTP method. */
  method: string;
  /** The raw request target, exactly as sent: path (still percent-encoded) and query. */
  url: string;
  /** The raw path, without the query. */
  path: string;
  /** The parsed query. */
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The request body as text ('' when there was none). */
  body: string;
  /** When the request arrived (performance.now()). */
  at: number;
}

/** What the server does with one request. */
export interface Reply {
  /** Default 200. */
  status?: number;
  /** A JSON body (sets Content-Type: application/json). */
  json?: unknown;
  /** A raw text body; give the Content-Type in `headers`. */
  text?: string;
  headers?: Record<string, string>;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Destroy the socket instead of answering (the client sees a reset connection). */
  destroy?: boolean;
  /** Never answer. */
  hang?: boolean;
  /** Send the headers and the first bytes of the body, then nothing more. */
  stallBody?: boolean;
  /** Send the headers and the first bytes of the body, then close the connection (a body cut off). */
  cutBody?: boolean;
}

/** A reply, or a function choosing one from the request. */
export type Responder = Reply | ((request: RecordedRequest) => Reply | Promise<Reply>);

export interface FaultServer {
  /** `http://127.0.0.1:<port>`, usable as the client's `baseUrl`. */
  readonly url: string;
  /** Every request received so far, in arrival order. */
  readonly requests: RecordedRequest[];
  /** Queues replies, used in order, one per request. */
  reply(...responders: Responder[]): void;
  /** What to answer once the queue is empty. */
  otherwise(responder: Responder): void;
  close(): Promise<void>;
}

const NOT_SCRIPTED: Reply = { status: 500, json: { message: 'fault-server: no reply was scripted' } };

export async function startFaultServer(): Promise<FaultServer> {
  const requests: RecordedRequest[] = [];
  const queue: Responder[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let fallback: Responder = NOT_SCRIPTED;

  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const send = (res: ServerResponse, reply: Reply) => {
    if (res.destroyed || res.writableEnded) return;
    const headers: Record<string, string> = { ...reply.headers };
    let payload: string | undefined;
    if (reply.json !== undefined) {
      payload = JSON.stringify(reply.json);
      headers['content-type'] ??= 'application/json;charset=utf-8';
    } else if (reply.text !== undefined) {
      payload = reply.text;
    }
    if (reply.stallBody || reply.cutBody) {
      res.writeHead(reply.status ?? 200, { ...headers, 'content-length': String(1000) });
      res.write('{"results": [');
      if (reply.cutBody) setTimeout(() => res.socket?.destroy(), 20);
      return;
    }
    // A chunked reply has no length (Node writes the chunks).
    if (!Object.keys(headers).some((k) => k.toLowerCase() === 'transfer-encoding'))
      headers['content-length'] = String(payload === undefined ? 0 : Buffer.byteLength(payload));
    res.writeHead(reply.status ?? 200, headers);
    res.end(payload);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const target = req.url ?? '/';
      const queryAt = target.indexOf('?');
      const recorded: RecordedRequest = {
        method: (req.method ?? 'GET').toUpperCase(),
        url: target,
        path: queryAt === -1 ? target : target.slice(0, queryAt),
        query: new URLSearchParams(queryAt === -1 ? '' : target.slice(queryAt + 1)),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: performance.now(),
      };
      requests.push(recorded);
      const responder = queue.length > 0 ? (queue.shift() as Responder) : fallback;
      void (async () => {
        const reply = typeof responder === 'function' ? await responder(recorded) : responder;
        if (reply.delayMs) await delay(reply.delayMs);
        if (reply.destroy) {
          req.socket.destroy();
          return;
        }
        if (reply.hang) return;
        send(res, reply);
      })().catch((error: unknown) => {
        send(res, { status: 500, json: { message: `fault-server: the responder threw: ${String(error)}` } });
      });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    reply(...responders) {
      queue.push(...responders);
    },
    otherwise(responder) {
      fallback = responder;
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      return new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}

/** A local port nothing listens on: bound once, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
  return port;
}
