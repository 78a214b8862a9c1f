/**
 * Regression tests of the runtime hardening (issue 9): the promises of the runtime under real conditions.
 * Token acquisition inside the timeout, secrets that never leave, bounded waits, typed local and response
 * failures, query values never dropped, numeric options validated, response limits, User-Agent, and a shared
 * signal that does not collect listeners. Timeouts under garbage collection: gc-timeouts.test.ts.
 */
import { getEventListeners } from 'node:events';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createCampaign } from '../../generated/client/campaigns.js';
import { createHubSpotCore } from '../../generated/client/core.js';
import {
  createHubSpotMarketingClient,
  HubSpotConnectionError,
  HubSpotError,
  HubSpotInputError,
  HubSpotRateLimitError,
  HubSpotResponseError,
  HubSpotTimeoutError,
} from '../../generated/client/index.js';
import { clientFor, rejectionOf, TOKEN, useFaultServer } from './helpers.js';

const server = useFaultServer();

/** Process warnings seen during a test (TimeoutOverflowWarning, MaxListenersExceededWarning). */
const warnings: Error[] = [];
const onWarning = (w: Error) => warnings.push(w);
process.on('warning', onWarning);
afterEach(() => {
  warnings.length = 0;
});

/** Every text a caller could log for an error. */
function views(error: unknown): string {
  const parts: string[] = [String(error), inspect(error, { depth: 10, showHidden: true })];
  let cur: unknown = error;
  for (let i = 0; i < 5 && cur instanceof Error; i++) {
    parts.push(cur.message, cur.stack ?? '');
    cur = cur.cause;
  }
  try {
    parts.push(JSON.stringify(error));
  } catch {
    /* circular */
  }
  return parts.join('\n');
}

describe('access token acquisition (finding 2)', () => {
  it('a token function that never settles times out the call, sends nothing, and does not wedge the client', async () => {
    const s = server.current;
    s.otherwise({ json: { id: '1' } });
    let calls = 0;
    const { client } = clientFor(s, {
      timeoutMs: 200,
      maxRetries: 0,
      accessToken: () => {
        calls++;
        return calls === 1 ? new Promise<string>(() => {}) : Promise.resolve('fresh-token');
      },
    });
    const first = await rejectionOf(client.marketingEmails.getMarketingEmail({ path: { emailId: '1' } }));
    expect(first).toBeInstanceOf(HubSpotTimeoutError);
    expect((first as Error).message).toContain('access token');
    expect(s.requests).toHaveLength(0);

    await expect(client.marketingEmails.getMarketingEmail({ path: { emailId: '2' } })).resolves.toEqual({
      id: '1',
    });
    expect(calls).toBe(2);
    expect(s.requests[0]?.headers.authorization).toBe('Bearer fresh-token');
  });

  it("the caller's signal ends the wait for a token, and the next call asks again", async () => {
    const s = server.current;
    s.otherwise({ json: { id: '1' } });
    let calls = 0;
    const { client } = clientFor(s, {
      accessToken: () => (++calls === 1 ? new Promise<string>(() => {}) : 'second'),
    });
    const controller = new AbortController();
    const pending = client.marketingEmails.getMarketingEmail(
      { path: { emailId: '1' } },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(new Error('stop')), 50);
    await expect(pending).rejects.toThrow('stop');
    await client.marketingEmails.getMarketingEmail({ path: { emailId: '1' } });
    expect(calls).toBe(2);
  });

  it('is called once and reused across calls until a 401 (as README says)', async () => {
    const s = server.current;
    s.otherwise({ json: { id: '1' } });
    let calls = 0;
    const { client } = clientFor(s, { accessToken: () => `t${++calls}` });
    for (let i = 0; i < 5; i++)
      await client.marketingEmails.getMarketingEmail({ path: { emailId: String(i) } });
    expect(calls).toBe(1);
  });
});

describe('secrets (findings 3 and 4)', () => {
  const KEY = 'dev-key-secret-987';
  const TOKEN_SECRET = 'pat-na1-secret-token-654';

  it('a malformed baseUrl is refused at construction, without the key in any view of the error', () => {
    for (const baseUrl of [
      'http//api.example.com',
      'not a url',
      'ftp://x.example.com',
      `https://x.example.com/?hapikey=${KEY}`,
    ]) {
      let error: unknown;
      try {
        createHubSpotMarketingClient({ baseUrl, developerApiKey: KEY });
      } catch (e) {
        error = e;
      }
      expect(error, baseUrl).toBeInstanceOf(TypeError);
      expect(views(error)).not.toContain(KEY);
    }
  });

  it('an error of fetch that quotes the URL reaches the caller without the developer API key', async () => {
    const client = createHubSpotMarketingClient({
      developerApiKey: KEY,
      maxRetries: 0,
      fetch: async (request) => {
        throw new TypeError(`Failed to parse URL from ${request.url}`, {
          cause: new Error(`bad ${request.url}`),
        });
      },
    });
    const error = await rejectionOf(
      client.marketingEvents.getMarketingEventAppSettings({ path: { appId: 1 } }),
    );
    expect(error).toBeInstanceOf(HubSpotError);
    expect(views(error)).not.toContain(KEY);
    expect(views(error)).toContain('[REDACTED]');
  });

  it('a server that echoes the URL and the Authorization header does not put either secret into the error', async () => {
    const s = server.current;
    const echo = (req: { url: string; headers: Record<string, unknown> }) => ({
      status: 400,
      json: {
        status: 'error',
        category: 'VALIDATION_ERROR',
        message: `bad request to ${req.url} with ${String(req.headers.authorization)}`,
        correlationId: String(req.headers.authorization),
        errors: [{ message: `header was ${String(req.headers.authorization)}`, context: { url: [req.url] } }],
        context: { requestUrl: [req.url] },
        links: { self: `${s.url}${req.url}` },
      },
    });
    s.otherwise(echo);
    const diagnostics: string[] = [];
    const client = createHubSpotMarketingClient({
      accessToken: TOKEN_SECRET,
      developerApiKey: KEY,
      baseUrl: s.url,
      logger: {
        warn: (m, d) => diagnostics.push(m, JSON.stringify(d)),
        debug: (m, d) => diagnostics.push(m, JSON.stringify(d)),
      },
      onRetry: (e) => diagnostics.push(JSON.stringify(e)),
    });
    const errors = [
      await rejectionOf(client.marketingEmails.getMarketingEmail({ path: { emailId: '1' } })),
      await rejectionOf(client.marketingEvents.getMarketingEventAppSettings({ path: { appId: 7 } })),
    ];
    for (const error of errors) {
      const text = views(error);
      expect(text).not.toContain(KEY);
      expect(text).not.toContain(TOKEN_SECRET);
      expect(text).toContain('[REDACTED]');
    }
    expect(s.requests[1]?.query.get('hapikey')).toBe(KEY); // the key still goes where it belongs
    expect(diagnostics.join('\n')).not.toContain(TOKEN_SECRET);
  });

  it('a 429 whose policyName echoes the token is retried with a redacted retry event and log line', async () => {
    const s = server.current;
    s.reply({
      status: 429,
      json: { status: 'error', message: `limit for ${TOKEN_SECRET}`, policyName: `P-${TOKEN_SECRET}` },
    });
    s.otherwise({ json: { id: '1' } });
    const diagnostics: string[] = [];
    const client = createHubSpotMarketingClient({
      accessToken: TOKEN_SECRET,
      baseUrl: s.url,
      retry: { baseDelayMs: 1 },
      logger: { warn: (m, d) => diagnostics.push(m, JSON.stringify(d)) },
      onRetry: (e) => diagnostics.push(JSON.stringify(e)),
    });
    await client.marketingEmails.getMarketingEmail({ path: { emailId: '1' } });
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics.join('\n')).not.toContain(TOKEN_SECRET);
  });
});

describe('bounded waits from rate-limit headers (finding 5)', () => {
  const slow = (headers: Record<string, string>) => ({ json: { id: '1' }, headers });

  it.each([
    [
      'an hour-long window',
      { 'X-HubSpot-RateLimit-Remaining': '0', 'X-HubSpot-RateLimit-Interval-Milliseconds': '3600000' },
    ],
    [
      'a per-second rate of 0.0001',
      { 'X-HubSpot-RateLimit-Secondly-Remaining': '0', 'X-HubSpot-RateLimit-Secondly': '0.0001' },
    ],
    [
      'a window of 2^31 ms',
      { 'X-HubSpot-RateLimit-Remaining': '0', 'X-HubSpot-RateLimit-Interval-Milliseconds': String(2 ** 31) },
    ],
    [
      'a window of 1e300 ms',
      { 'X-HubSpot-RateLimit-Remaining': '0', 'X-HubSpot-RateLimit-Interval-Milliseconds': '1e300' },
    ],
  ])(
    '%s does not stop the client (the next call goes out at once)',
    async (_name, headers) => {
      const s = server.current;
      s.reply(slow(headers));
      s.otherwise({ json: { id: '2' } });
      const { client } = clientFor(s, { rateLimit: { requestsPerSecond: 50 } });
      await client.marketingEmails.getMarketingEmail({ path: { emailId: '1' } });
      const second = client.marketingEmails.getMarketingEmail({ path: { emailId: '2' } });
      // Far below the waits those headers ask for (an hour, 2.8 hours, 24 days): the wait is bounded by 10 s.
      await expect(
        Promise.race([second, new Promise((r) => setTimeout(() => r('still waiting'), 11_000))]),
      ).resolves.toEqual({ id: '2' });
      expect(warnings.filter((w) => w.name === 'TimeoutOverflowWarning')).toEqual([]);
    },
    20_000,
  );

  it('a limiter wait longer than the timeout rejects at once with HubSpotRateLimitError, nothing sent', async () => {
    const s = server.current;
    s.otherwise({ json: { id: '1' } });
    const { client } = clientFor(s, { rateLimit: { requestsPerSecond: 0.5 }, timeoutMs: 300 });
    await client.marketingEmails.getMarketingEmail({ path: { emailId: '1' } });
    const error = await rejectionOf(client.marketingEmails.getMarketingEmail({ path: { emailId: '2' } }));
    // Not a HubSpotTimeoutError after 300 ms: refused up front, with how long it would have waited.
    expect(error).toBeInstanceOf(HubSpotRateLimitError);
    expect((error as HubSpotRateLimitError).clientSide).toBe(true);
    expect((error as HubSpotRateLimitError).retryAfterMs).toBeGreaterThan(300);
    expect((error as HubSpotRateLimitError).url).toMatch(/\/marketing\/v3\/emails\/2$/);
    expect(s.requests).toHaveLength(1);
  });

  it('a header wait longer than the timeout rejects at once too', async () => {
    const s = server.current;
    s.reply(slow({ 'X-HubSpot-RateLimit-Secondly-Remaining': '0', 'X-HubSpot-RateLimit-Secondly': '1' }));
    s.otherwise({ json: { id: '2' } });
    const { client } = clientFor(s, { rateLimit: { requestsPerSecond: 100 }, timeoutMs: 200 });
    await client.marketingEmails.getMarketingEmail({ path: { emailId: '1' } });
    const error = await rejectionOf(client.marketingEmails.getMarketingEmail({ path: { emailId: '2' } }));
    expect(error).toBeInstanceOf(HubSpotRateLimitError);
    expect(s.requests).toHaveLength(1);
  });
});

describe('local failures are input errors, never sent, never retried (finding 6)', () => {
  const circular: Record<string, unknown> = { name: 'x' };
  circular.self = circular;

  it.each([
    [
      'a circular body',
      (c: ReturnType<typeof clientFor>['client']) => c.campaigns.createCampaign({ body: circular as never }),
    ],
    [
      'a BigInt in the body',
      (c: ReturnType<typeof clientFor>['client']) =>
        c.campaigns.createCampaign({ body: { properties: { n: 1n } } as never }),
    ],
    [
      'a lone surrogate in a path value',
      (c: ReturnType<typeof clientFor>['client']) =>
        c.marketingEmails.getMarketingEmail({ path: { emailId: 'a\uD800b' } }),
    ],
    [
      'a lone surrogate in a query value',
      (c: ReturnType<typeof clientFor>['client']) =>
        c.campaigns.searchCampaigns({ query: { name: 'x\uDC00' } }),
    ],
    [
      'a lone surrogate in a query name',
      (c: ReturnType<typeof clientFor>['client']) =>
        c.campaigns.searchCampaigns({ query: { '\uD800': 'x' } as never }),
    ],
    [
      'a non-Latin-1 header value',
      (c: ReturnType<typeof clientFor>['client']) =>
        c.marketingEmails.getMarketingEmail({ path: { emailId: '1' } }, { headers: { 'X-Note': '日本' } }),
    ],
    [
      'CR/LF in a header name',
      (c: ReturnType<typeof clientFor>['client']) =>
        c.marketingEmails.getMarketingEmail({ path: { emailId: '1' } }, { headers: { 'X-A\r\nB': '1' } }),
    ],
    [
      'a nested query object',
      (c: ReturnType<typeof clientFor>['client']) =>
        c.campaigns.searchCampaigns({ query: { name: { nested: 'x' } } as never }),
    ],
    [
      'NaN in the query',
      (c: ReturnType<typeof clientFor>['client']) =>
        c.campaigns.searchCampaigns({ query: { limit: Number.NaN } }),
    ],
    [
      'an invalid Date in the query',
      (c: ReturnType<typeof clientFor>['client']) =>
        c.marketingEmails.listMarketingEmails({ query: { createdAfter: new Date('nope') as never } }),
    ],
  ])('%s', async (_name, call) => {
    const s = server.current;
    s.otherwise({ json: {} });
    const { client, retries } = clientFor(s, { maxRetries: 3, retryNonIdempotent: true });
    const error = await rejectionOf(call(client));
    expect(error).toBeInstanceOf(HubSpotInputError);
    expect(error).not.toBeInstanceOf(HubSpotConnectionError);
    expect((error as HubSpotError).kind).toBe('input');
    expect(s.requests).toHaveLength(0);
    expect(retries).toHaveLength(0);
  });

  it('a non-Latin-1 client header is refused when the client is created', () => {
    expect(() => createHubSpotMarketingClient({ accessToken: TOKEN, headers: { 'X-Note': 'ü€' } })).toThrow(
      HubSpotInputError,
    );
  });
});

describe('a response whose body is cut off (finding 7)', () => {
  it('POST: says the request reached HubSpot (status included) and is not retried', async () => {
    const s = server.current;
    s.otherwise({ status: 201, cutBody: true });
    const { client, retries } = clientFor(s, { maxRetries: 3 });
    const error = await rejectionOf(
      client.campaigns.createCampaign({ body: { properties: { hs_name: 'x' } } }),
    );
    expect(error).toBeInstanceOf(HubSpotResponseError);
    expect(error).not.toBeInstanceOf(HubSpotConnectionError);
    expect((error as HubSpotResponseError).status).toBe(201);
    expect((error as HubSpotResponseError).problem).toBe('unreadable');
    expect((error as Error).message).not.toContain('could not be sent');
    expect(s.requests).toHaveLength(1);
    expect(retries).toHaveLength(0);
  });

  it('GET: retried, as it is safe to repeat', async () => {
    const s = server.current;
    s.reply({ status: 200, cutBody: true });
    s.otherwise({ json: { id: '1' } });
    const { client, retries } = clientFor(s, { maxRetries: 1 });
    await expect(client.marketingEmails.getMarketingEmail({ path: { emailId: '1' } })).resolves.toEqual({
      id: '1',
    });
    expect(retries.map((r) => r.reason)).toEqual(['response_error']);
  });
});

describe('query values (finding 8)', () => {
  it('a Date goes out as ISO 8601 (date-time) or YYYY-MM-DD (date), never dropped', async () => {
    const s = server.current;
    s.otherwise({ json: { results: [], total: 0 } });
    const { client } = clientFor(s);
    const when = new Date('2026-03-04T05:06:07.089Z');
    await client.marketingEmails.listMarketingEmails({ query: { createdAfter: when as never, limit: 5 } });
    expect(s.requests[0]?.query.get('createdAfter')).toBe('2026-03-04T05:06:07.089Z');
    await client.campaigns.getCampaignMetrics({
      path: { campaignGuid: '4f1a6a8e-2b7c-4d3e-9f10-6c5b2a1d0e99' },
      query: { startDate: when as never },
    });
    expect(s.requests[1]?.query.get('startDate')).toBe('2026-03-04');
  });

  it('query names are encoded: an untyped key cannot add a parameter', async () => {
    const s = server.current;
    s.otherwise({ json: { results: [] } });
    const { client } = clientFor(s);
    await client.campaigns.searchCampaigns({ query: { 'a&hapikey=evil': 1 } as never });
    expect(s.requests[0]?.query.get('hapikey')).toBeNull();
    expect(s.requests[0]?.query.get('a&hapikey=evil')).toBe('1');
  });

  it('arrays repeat the name; undefined and null values are left out', async () => {
    const s = server.current;
    s.otherwise({ json: { results: [] } });
    const { client } = clientFor(s);
    await client.campaigns.searchCampaigns({ query: { properties: ['a', 'b c'], name: undefined } });
    expect(s.requests[0]?.query.getAll('properties')).toEqual(['a', 'b c']);
    expect(s.requests[0]?.query.has('name')).toBe(false);
  });
});

describe('a required body (finding 9)', () => {
  it('createCampaign without a body is refused before sending, by the client and standalone', async () => {
    const s = server.current;
    s.otherwise({ status: 201, json: {} });
    const { client } = clientFor(s);
    await expect(client.campaigns.createCampaign({} as never)).rejects.toBeInstanceOf(HubSpotInputError);
    await expect(client.invoke('createCampaign', {} as never)).rejects.toBeInstanceOf(HubSpotInputError);
    const core = createHubSpotCore({ accessToken: TOKEN, baseUrl: s.url });
    await expect(createCampaign(core, {} as never)).rejects.toThrow(/needs a request body/);
    expect(s.requests).toHaveLength(0);
  });
});

describe('numeric options (finding 10)', () => {
  it.each([
    ['timeoutMs: 0', { timeoutMs: 0 }],
    ['timeoutMs: -1', { timeoutMs: -1 }],
    ['timeoutMs: NaN', { timeoutMs: Number.NaN }],
    ['timeoutMs: -Infinity', { timeoutMs: Number.NEGATIVE_INFINITY }],
    ['maxRetries: -1', { maxRetries: -1 }],
    ['maxRetries: 1.5', { maxRetries: 1.5 }],
    ['maxRetries: Infinity', { maxRetries: Number.POSITIVE_INFINITY }],
    ['retry.maxDelayMs: NaN', { retry: { maxDelayMs: Number.NaN } }],
    ['retry.baseDelayMs: -5', { retry: { baseDelayMs: -5 } }],
    ['maxResponseBytes: 0', { maxResponseBytes: 0 }],
    ['rateLimit.requestsPerSecond: Infinity', { rateLimit: { requestsPerSecond: Number.POSITIVE_INFINITY } }],
    ['rateLimit.burst: NaN', { rateLimit: { requestsPerSecond: 1, burst: Number.NaN } }],
  ])('%s is a RangeError at construction', (_name, options) => {
    expect(() => createHubSpotMarketingClient({ accessToken: TOKEN, ...(options as object) })).toThrow(
      RangeError,
    );
  });

  it('a bad per-call value rejects the call with a RangeError, nothing sent', async () => {
    const s = server.current;
    const { client } = clientFor(s);
    await expect(
      client.marketingEmails.getMarketingEmail({ path: { emailId: '1' } }, { timeoutMs: 0 }),
    ).rejects.toBeInstanceOf(RangeError);
    expect(s.requests).toHaveLength(0);
  });

  it('timeoutMs: Infinity switches the timeout off; 2^31 ms and more are clamped, not turned into 1 ms', async () => {
    const s = server.current;
    s.otherwise({ json: { id: '1' }, delayMs: 100 });
    for (const timeoutMs of [Number.POSITIVE_INFINITY, 2 ** 31, 2 ** 40]) {
      const { client } = clientFor(s, { timeoutMs });
      await expect(client.marketingEmails.getMarketingEmail({ path: { emailId: '1' } })).resolves.toEqual({
        id: '1',
      });
    }
    expect(warnings.filter((w) => w.name === 'TimeoutOverflowWarning')).toEqual([]);
  });
});

describe('responses (finding 11)', () => {
  it('an empty 200 where the action returns a body is a HubSpotResponseError', async () => {
    const s = server.current;
    s.otherwise({ status: 200, text: '' });
    const { client } = clientFor(s);
    const error = await rejectionOf(client.marketingEmails.getMarketingEmail({ path: { emailId: '1' } }));
    expect(error).toBeInstanceOf(HubSpotResponseError);
    expect((error as HubSpotResponseError).problem).toBe('empty');
  });

  it('an empty 204 where the action returns nothing resolves undefined', async () => {
    const s = server.current;
    s.otherwise({ status: 204 });
    const { client } = clientFor(s);
    await expect(
      client.marketingEmails.deleteMarketingEmail({ path: { emailId: '1' } }),
    ).resolves.toBeUndefined();
  });

  it('a body over maxResponseBytes fails with a typed error, with or without Content-Length', async () => {
    const s = server.current;
    const big = { results: Array.from({ length: 500 }, (_, i) => ({ id: String(i), name: 'x'.repeat(40) })) };
    s.reply({ json: big });
    s.reply((_req) => ({ json: big, headers: { 'transfer-encoding': 'chunked' } }));
    const { client } = clientFor(s, { maxResponseBytes: 4096, maxRetries: 0 });
    for (let i = 0; i < 2; i++) {
      const error = await rejectionOf(client.marketingEmails.listMarketingEmails());
      expect(error).toBeInstanceOf(HubSpotResponseError);
      expect((error as HubSpotResponseError).problem).toBe('too_large');
    }
  });

  it('a 20 MB answer is refused by the default limit', async () => {
    const s = server.current;
    s.otherwise({
      text: `{"results":["${'x'.repeat(20 * 1024 * 1024)}"]}`,
      headers: { 'content-type': 'application/json' },
    });
    const { client } = clientFor(s, { maxRetries: 0 });
    const error = await rejectionOf(client.marketingEmails.listMarketingEmails());
    expect((error as HubSpotResponseError).problem).toBe('too_large');
  });

  it('a body that is not JSON is a HubSpotResponseError (invalid_json), not a connection error', async () => {
    const s = server.current;
    s.otherwise({ text: '{"id": ', headers: { 'content-type': 'application/json' } });
    const { client } = clientFor(s);
    const error = await rejectionOf(client.marketingEmails.getMarketingEmail({ path: { emailId: '1' } }));
    expect(error).toBeInstanceOf(HubSpotResponseError);
    expect((error as HubSpotResponseError).problem).toBe('invalid_json');
  });
});

describe('User-Agent (finding 12)', () => {
  it('is sent on every request as hubspot-marketing-connector/<version> (node/<version>)', async () => {
    const s = server.current;
    s.otherwise({ json: { id: '1' } });
    const { client } = clientFor(s);
    await client.marketingEmails.getMarketingEmail({ path: { emailId: '1' } });
    expect(s.requests[0]?.headers['user-agent']).toMatch(
      new RegExp(
        `^hubspot-marketing-connector/\\d+\\.\\d+\\.\\d+\\S* \\(node/${process.versions.node.replace(/\./g, '\\.')}\\)$`,
      ),
    );
  });

  it('can be replaced through the client headers or per call', async () => {
    const s = server.current;
    s.otherwise({ json: { id: '1' } });
    const { client } = clientFor(s, { headers: { 'user-agent': 'my-app/1.0' } });
    await client.marketingEmails.getMarketingEmail({ path: { emailId: '1' } });
    await client.marketingEmails.getMarketingEmail(
      { path: { emailId: '1' } },
      { headers: { 'User-Agent': 'job/2' } },
    );
    expect(s.requests.map((r) => r.headers['user-agent'])).toEqual(['my-app/1.0', 'job/2']);
  });
});

describe('a long-lived shared AbortSignal (finding 13)', () => {
  it('carries at most one listener per client however many calls use it, and none once they are done', async () => {
    const s = server.current;
    s.otherwise({ json: { id: '1' }, delayMs: 20 });
    const { client } = clientFor(s);
    const shared = new AbortController();
    let peak = 0;
    const watch = setInterval(() => {
      peak = Math.max(peak, getEventListeners(shared.signal, 'abort').length);
    }, 2);
    for (let round = 0; round < 10; round++) {
      await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          client.marketingEmails.getMarketingEmail(
            { path: { emailId: String(i) } },
            { signal: shared.signal },
          ),
        ),
      );
    }
    for (let i = 0; i < 200; i++) {
      await client.marketingEmails.getMarketingEmail(
        { path: { emailId: String(i) } },
        { signal: shared.signal },
      );
    }
    clearInterval(watch);
    expect(peak).toBeLessThanOrEqual(1);
    expect(getEventListeners(shared.signal, 'abort')).toHaveLength(0);
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
  }, 30_000);

  it('aborting the shared signal still ends every call that uses it', async () => {
    const s = server.current;
    s.otherwise({ hang: true });
    const { client } = clientFor(s, { timeoutMs: Number.POSITIVE_INFINITY });
    const shared = new AbortController();
    const calls = Array.from({ length: 20 }, (_, i) =>
      rejectionOf(
        client.marketingEmails.getMarketingEmail({ path: { emailId: String(i) } }, { signal: shared.signal }),
      ),
    );
    setTimeout(() => shared.abort(new Error('shutdown')), 50);
    for (const error of await Promise.all(calls)) expect((error as Error).message).toBe('shutdown');
  });
});

describe('every HubSpotError has a kind', () => {
  it('input, config, timeout and API errors each say what failed', async () => {
    const s = server.current;
    s.otherwise({ hang: true });
    const { client } = clientFor(s, { timeoutMs: 50, maxRetries: 0 });
    const input = await rejectionOf(client.marketingEmails.getMarketingEmail({ path: { emailId: '..' } }));
    const timeout = await rejectionOf(client.marketingEmails.getMarketingEmail({ path: { emailId: '1' } }));
    const config = await rejectionOf(
      createHubSpotMarketingClient({ baseUrl: s.url }).marketingEmails.getMarketingEmail({
        path: { emailId: '1' },
      }),
    );
    expect([input, timeout, config].map((e) => (e as HubSpotError).kind)).toEqual([
      'input',
      'timeout',
      'config',
    ]);
  });
});
