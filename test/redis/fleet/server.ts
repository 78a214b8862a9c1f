/**
 * A HubSpot stand-in for the fleet tests, in its own process (`node --import tsx server.ts`): every request is
 * answered 200 with a small JSON body, unless
 * - a rolling window is set (`limit` accepted requests in any `windowMs`): beyond it, 429 with HubSpot's body
 *   (`policyName: TEN_SECONDLY_ROLLING`);
 * - a daily limit is set (`daily` accepted requests in all): beyond it, 429 with `policyName: DAILY`.
 * Answers wait `delayMs` first, so requests are in flight for a while.
 *
 * Control: `POST /__reset?limit=&windowMs=&daily=&delayMs=` clears everything; `GET /__stats` returns
 * `{ accepted, rejected, daily, afterDaily, inFlightAtDaily, maxInWindow }`: 429s of each kind, requests that
 * arrived after the first DAILY 429 was answered, the requests in flight at that moment, and the most
 * accepted requests seen in one window. Prints `LISTENING <port>`; stops when stdin ends.
 */
import http from 'node:http';

let config = { limit: 0, windowMs: 1000, daily: 0, delayMs: 0 };
let accepted = 0;
let rejected = 0;
let dailyRejected = 0;
let firstDailyAt: number | undefined;
let afterDaily = 0;
let inFlight = 0;
let inFlightAtDaily = 0;
let maxInWindow = 0;
let window: number[] = [];

function json(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function limited(res: http.ServerResponse, policyName: string): void {
  json(res, 429, {
    status: 'error',
    message: `You have reached your ${policyName.toLowerCase()} limit.`,
    errorType: 'RATE_LIMIT',
    correlationId: `fleet-${rejected}`,
    policyName,
    groupName: 'fleet:app',
  });
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (url.pathname === '/__reset') {
    config = {
      limit: Number(url.searchParams.get('limit') ?? 0),
      windowMs: Number(url.searchParams.get('windowMs') ?? 1000),
      daily: Number(url.searchParams.get('daily') ?? 0),
      delayMs: Number(url.searchParams.get('delayMs') ?? 0),
    };
    accepted = rejected = dailyRejected = afterDaily = inFlightAtDaily = maxInWindow = 0;
    firstDailyAt = undefined;
    window = [];
    json(res, 200, { ok: true });
    return;
  }
  if (url.pathname === '/__stats') {
    json(res, 200, { accepted, rejected, daily: dailyRejected, afterDaily, inFlightAtDaily, maxInWindow });
    return;
  }
  req.resume();
  const arrived = performance.now();
  if (firstDailyAt !== undefined) afterDaily++;
  inFlight++;
  const answer = () => {
    inFlight--;
    if (config.daily > 0 && accepted >= config.daily) {
      rejected++;
      dailyRejected++;
      if (firstDailyAt === undefined) {
        firstDailyAt = performance.now();
        inFlightAtDaily = inFlight;
      }
      limited(res, 'DAILY');
      return;
    }
    if (config.limit > 0) {
      while (window.length > 0 && (window[0] as number) <= arrived - config.windowMs) window.shift();
      if (window.length >= config.limit) {
        rejected++;
        limited(res, 'TEN_SECONDLY_ROLLING');
        return;
      }
      window.push(arrived);
      maxInWindow = Math.max(maxInWindow, window.length);
    }
    accepted++;
    json(res, 200, { id: url.pathname.split('/').pop(), name: 'fleet email' });
  };
  if (config.delayMs > 0) setTimeout(answer, config.delayMs);
  else answer();
});

server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  console.log(`LISTENING ${(server.address() as { port: number }).port}`);
});
const stop = () => {
  server.closeAllConnections();
  server.close();
  process.exit(0);
};
process.stdin.on('end', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
setTimeout(stop, 10 * 60_000).unref();
