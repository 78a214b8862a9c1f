/**
 * Child process of gc-timeouts.test.ts, run with `node --expose-gc --import tsx`: 50 calls to a server that
 * never answers, half ending by `timeoutMs`, half by the caller's `AbortSignal`, while garbage collections
 * are forced. Prints one JSON line: how each call settled and after how long.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHubSpotMarketingClient } from '../../../generated/client/index.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const server = createServer(() => {
  /* never answers */
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;
const client = createHubSpotMarketingClient({
  accessToken: 'gc-test-token',
  baseUrl: `http://127.0.0.1:${port}`,
  timeoutMs: 500,
  maxRetries: 0,
});

const started = performance.now();
let collecting = true;
const collector = (async () => {
  while (collecting) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    // Garbage that makes the collections real work, as a busy process would have.
    void Array.from({ length: 20_000 }, (_, i) => ({ i, s: `x${i}` }));
    gc();
  }
})();

const calls = Array.from({ length: 50 }, async (_, i) => {
  const byAbort = i % 2 === 1;
  const controller = new AbortController();
  if (byAbort) setTimeout(() => controller.abort(new Error('caller gave up')), 700);
  try {
    await client.marketingEmails.getMarketingEmail(
      { path: { emailId: String(i) } },
      byAbort ? { signal: controller.signal, timeoutMs: Number.POSITIVE_INFINITY } : {},
    );
    return { byAbort, outcome: 'resolved', ms: performance.now() - started };
  } catch (error) {
    const name = error instanceof Error ? error.name : String(error);
    const message = error instanceof Error ? error.message : '';
    return { byAbort, outcome: name, message, ms: performance.now() - started };
  }
});

const results = await Promise.all(calls);
collecting = false;
await collector;
console.log(JSON.stringify(results));
server.closeAllConnections();
server.close();
