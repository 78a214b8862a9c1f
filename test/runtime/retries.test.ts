/**
 * Retries against a real local HTTP server: rate limits (Retry-After, policyName), 5xx, idempotency of the
 * method, connection resets and refusals, per-attempt timeouts and aborting a call while it waits.
 */
import { describe, expect, it } from 'vitest';
import {
  HubSpotConnectionError,
  HubSpotRateLimitError,
  HubSpotServerError,
  HubSpotTimeoutError,
} from '../../generated/client/index.js';
import { closedPort } from '../support/fault-server.js';
import { clientFor, rejectionOf, sleep, TOKEN, useFaultServer } from './helpers.js';

const server = useFaultServer();

const EMAIL = { id: '1', name: 'Spring newsletter' };
const CAMPAIGN_BODY = { properties: { hs_name: 'Spring launch' } };
const CAMPAIGN = { id: 'c-1', properties: { hs_name: 'Spring launch' } };

function rateLimitBody(policyName: string) {
  return {
    status: 'error',
    message: `You have reached your ${policyName} limit.`,
    errorType: 'RATE_LIMIT',
    correlationId: 'c0ffee00-0000-4000-8000-000000000429',
    policyName,
  };
}

const getEmail = (
  client: ReturnType<typeof clientFor>['client'],
  options?: Parameters<ReturnType<typeof clientFor>['client']['marketingEmails']['getMarketingEmail']>[1],
) => client.marketingEmails.getMarketingEmail({ path: { emailId: '1' } }, options);

describe('429 rate limits', () => {
  it('waits for Retry-After, retries once and resolves with the 200 body', async () => {
    const s = server.current;
    s.reply(
      { status: 429, headers: { 'retry-after': '1' }, json: rateLimitBody('TEN_SECONDLY_ROLLING') },
      { json: EMAIL },
    );
    const { client, retries } = clientFor(s);

    await expect(getEmail(client)).resolves.toEqual(EMAIL);

    expect(s.requests).toHaveLength(2);
    expect(retries).toEqual([
      {
        actionId: 'getMarketingEmail',
        method: 'GET',
        attempt: 1,
        delayMs: 1000,
        reason: 'rate_limited',
        status: 429,
        policyName: 'TEN_SECONDLY_ROLLING',
      },
    ]);
    const [first, second] = s.requests;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
  });

  it('does not retry a DAILY limit and reports its policyName', async () => {
    const s = server.current;
    s.reply({ status: 429, json: rateLimitBody('DAILY') }, { json: EMAIL });
    const { client, retries } = clientFor(s);

    const error = await rejectionOf(getEmail(client));

    expect(error).toBeInstanceOf(HubSpotRateLimitError);
    const e = error as HubSpotRateLimitError;
    expect(e.policyName).toBe('DAILY');
    expect(e.status).toBe(429);
    expect(e.kind).toBe('rate_limited');
    expect(e.actionId).toBe('getMarketingEmail');
    expect(e.correlationId).toBe('c0ffee00-0000-4000-8000-000000000429');
    expect(s.requests).toHaveLength(1);
    expect(retries).toEqual([]);
  });

  it('retries TEN_SECONDLY_ROLLING without Retry-After using backoff', async () => {
    const s = server.current;
    s.reply(
      { status: 429, json: rateLimitBody('TEN_SECONDLY_ROLLING') },
      { status: 429, json: rateLimitBody('TEN_SECONDLY_ROLLING') },
      { json: EMAIL },
    );
    const { client, retries } = clientFor(s);

    await expect(getEmail(client)).resolves.toEqual(EMAIL);

    expect(s.requests).toHaveLength(3);
    expect(retries.map((r) => [r.attempt, r.reason, r.status, r.policyName])).toEqual([
      [1, 'rate_limited', 429, 'TEN_SECONDLY_ROLLING'],
      [2, 'rate_limited', 429, 'TEN_SECONDLY_ROLLING'],
    ]);
  });

  it('gives up after maxRetries with HubSpotRateLimitError carrying the policy', async () => {
    const s = server.current;
    s.otherwise({ status: 429, json: rateLimitBody('TEN_SECONDLY_ROLLING') });
    const { client, retries } = clientFor(s, { maxRetries: 2 });

    const error = await rejectionOf(getEmail(client));

    expect(error).toBeInstanceOf(HubSpotRateLimitError);
    expect((error as HubSpotRateLimitError).policyName).toBe('TEN_SECONDLY_ROLLING');
    expect(s.requests).toHaveLength(3);
    expect(retries).toHaveLength(2);
  });

  it('does not wait for a Retry-After longer than maxDelayMs', async () => {
    const s = server.current;
    s.reply({ status: 429, headers: { 'retry-after': '5' }, json: rateLimitBody('SECONDLY') });
    const { client, retries } = clientFor(s, { retry: { baseDelayMs: 2, maxDelayMs: 100 } });

    const error = await rejectionOf(getEmail(client));

    expect(error).toBeInstanceOf(HubSpotRateLimitError);
    const e = error as HubSpotRateLimitError;
    expect(e.retryAfterMs).toBe(5000);
    expect(e.resetAt).toBeInstanceOf(Date);
    expect(s.requests).toHaveLength(1);
    expect(retries).toEqual([]);
  });
});

describe('5xx on GET', () => {
  it('retries 503 twice and resolves on the third attempt', async () => {
    const s = server.current;
    s.reply({ status: 503, text: 'Service Unavailable' }, { status: 503, json: {} }, { json: EMAIL });
    const { client, retries } = clientFor(s);

    await expect(getEmail(client)).resolves.toEqual(EMAIL);

    expect(s.requests).toHaveLength(3);
    expect(s.requests.every((r) => r.method === 'GET' && r.url === '/marketing/v3/emails/1')).toBe(true);
    expect(retries.map((r) => [r.attempt, r.reason, r.status])).toEqual([
      [1, 'server_error', 503],
      [2, 'server_error', 503],
    ]);
  });

  it('sends exactly one request with maxRetries: 0 per call', async () => {
    const s = server.current;
    s.reply({ status: 503, json: { message: 'down' } }, { json: EMAIL });
    const { client, retries } = clientFor(s);

    const error = await rejectionOf(getEmail(client, { maxRetries: 0 }));

    expect(error).toBeInstanceOf(HubSpotServerError);
    expect((error as HubSpotServerError).status).toBe(503);
    expect(s.requests).toHaveLength(1);
    expect(retries).toEqual([]);
  });

  it('stops after the client maxRetries and throws HubSpotServerError', async () => {
    const s = server.current;
    s.otherwise({ status: 502, json: { message: 'bad gateway' } });
    const { client } = clientFor(s, { maxRetries: 1 });

    const error = await rejectionOf(getEmail(client));

    expect(error).toBeInstanceOf(HubSpotServerError);
    expect((error as HubSpotServerError).status).toBe(502);
    expect(s.requests).toHaveLength(2);
  });

  it('uses 3 retries by default', async () => {
    const s = server.current;
    s.otherwise({ status: 504, json: {} });
    const { client } = clientFor(s);

    await expect(getEmail(client)).rejects.toBeInstanceOf(HubSpotServerError);
    expect(s.requests).toHaveLength(4);
  });

  it('does not retry 500', async () => {
    const s = server.current;
    s.reply({ status: 500, json: { message: 'boom' } }, { json: EMAIL });
    const { client } = clientFor(s);

    await expect(getEmail(client)).rejects.toBeInstanceOf(HubSpotServerError);
    expect(s.requests).toHaveLength(1);
  });
});

describe('POST (not idempotent)', () => {
  const create = (
    client: ReturnType<typeof clientFor>['client'],
    options?: Parameters<ReturnType<typeof clientFor>['client']['campaigns']['createCampaign']>[1],
  ) => client.campaigns.createCampaign({ body: CAMPAIGN_BODY }, options);

  it('is not retried on 503 by default', async () => {
    const s = server.current;
    s.reply({ status: 503, json: { message: 'down' } }, { status: 201, json: CAMPAIGN });
    const { client, retries } = clientFor(s);

    const error = await rejectionOf(create(client));

    expect(error).toBeInstanceOf(HubSpotServerError);
    expect(s.requests).toHaveLength(1);
    expect(retries).toEqual([]);
  });

  it('is retried on 503 with retryNonIdempotent per call, replaying the same body', async () => {
    const s = server.current;
    s.reply({ status: 503, json: { message: 'down' } }, { status: 201, json: CAMPAIGN });
    const { client } = clientFor(s);

    await expect(create(client, { retryNonIdempotent: true })).resolves.toEqual(CAMPAIGN);

    expect(s.requests).toHaveLength(2);
    expect(s.requests.map((r) => r.method)).toEqual(['POST', 'POST']);
    expect(s.requests.map((r) => JSON.parse(r.body))).toEqual([CAMPAIGN_BODY, CAMPAIGN_BODY]);
    expect(s.requests[1]!.headers['content-type']).toMatch(/^application\/json/);
  });

  it('is retried on 503 with retryNonIdempotent on the client', async () => {
    const s = server.current;
    s.reply({ status: 503, json: {} }, { status: 201, json: CAMPAIGN });
    const { client } = clientFor(s, { retryNonIdempotent: true });

    await expect(create(client)).resolves.toEqual(CAMPAIGN);
    expect(s.requests).toHaveLength(2);
  });

  it('per-call retryNonIdempotent: false overrides the client', async () => {
    const s = server.current;
    s.reply({ status: 503, json: {} }, { status: 201, json: CAMPAIGN });
    const { client } = clientFor(s, { retryNonIdempotent: true });

    await expect(create(client, { retryNonIdempotent: false })).rejects.toBeInstanceOf(HubSpotServerError);
    expect(s.requests).toHaveLength(1);
  });

  it('is retried on 429 (the request was not processed)', async () => {
    const s = server.current;
    s.reply({ status: 429, json: rateLimitBody('TEN_SECONDLY_ROLLING') }, { status: 201, json: CAMPAIGN });
    const { client, retries } = clientFor(s);

    await expect(create(client)).resolves.toEqual(CAMPAIGN);

    expect(s.requests).toHaveLength(2);
    expect(JSON.parse(s.requests[1]!.body)).toEqual(CAMPAIGN_BODY);
    expect(retries.map((r) => [r.method, r.reason])).toEqual([['POST', 'rate_limited']]);
  });
});

describe('connection failures', () => {
  it('retries a GET whose connection was reset, then succeeds', async () => {
    const s = server.current;
    s.reply({ destroy: true }, { json: EMAIL });
    const { client, retries } = clientFor(s);

    await expect(getEmail(client)).resolves.toEqual(EMAIL);

    expect(s.requests).toHaveLength(2);
    expect(retries.map((r) => r.reason)).toEqual(['connection_error']);
  });

  it('does not retry a POST whose connection was reset after sending (it may have been processed)', async () => {
    const s = server.current;
    s.reply({ destroy: true }, { status: 201, json: CAMPAIGN });
    const { client, retries } = clientFor(s);

    const error = await rejectionOf(client.campaigns.createCampaign({ body: CAMPAIGN_BODY }));

    expect(error).toBeInstanceOf(HubSpotConnectionError);
    expect(s.requests).toHaveLength(1);
    expect(retries).toEqual([]);
  });

  it('throws HubSpotConnectionError after the retries when the port is closed, without the token', async () => {
    const port = await closedPort();
    const retries: string[] = [];
    const { client } = clientFor(server.current, {
      baseUrl: `http://127.0.0.1:${port}`,
      maxRetries: 2,
      onRetry: (e) => retries.push(e.reason),
    });

    const error = await rejectionOf(getEmail(client));

    expect(error).toBeInstanceOf(HubSpotConnectionError);
    const e = error as HubSpotConnectionError;
    expect(e.actionId).toBe('getMarketingEmail');
    expect(e.message).toContain('GET');
    expect(e.message).toMatch(/ECONNREFUSED|fetch failed/);
    expect(e.message).not.toContain(TOKEN);
    expect(String(e)).not.toContain(TOKEN);
    expect(retries).toEqual(['connection_error', 'connection_error']);
  });

  it('retries a POST when the connection was refused (nothing was sent)', async () => {
    const port = await closedPort();
    const reasons: string[] = [];
    const { client } = clientFor(server.current, {
      baseUrl: `http://127.0.0.1:${port}`,
      maxRetries: 1,
      onRetry: (e) => reasons.push(e.reason),
    });

    await expect(client.campaigns.createCampaign({ body: CAMPAIGN_BODY })).rejects.toBeInstanceOf(
      HubSpotConnectionError,
    );
    expect(reasons).toEqual(['connection_error']);
  });
});

describe('timeouts', () => {
  it('throws HubSpotTimeoutError for a GET after its retries', async () => {
    const s = server.current;
    s.otherwise({ delayMs: 500, json: EMAIL });
    const { client, retries } = clientFor(s, { timeoutMs: 40, maxRetries: 2 });

    const error = await rejectionOf(getEmail(client));

    expect(error).toBeInstanceOf(HubSpotTimeoutError);
    expect((error as HubSpotTimeoutError).actionId).toBe('getMarketingEmail');
    expect((error as HubSpotTimeoutError).message).toContain('40 ms');
    expect(s.requests).toHaveLength(3);
    expect(retries.map((r) => r.reason)).toEqual(['timeout', 'timeout']);
  });

  it('makes exactly one attempt with maxRetries: 0 and a per-call timeoutMs', async () => {
    const s = server.current;
    s.otherwise({ delayMs: 500, json: EMAIL });
    const { client, retries } = clientFor(s);

    await expect(getEmail(client, { maxRetries: 0, timeoutMs: 40 })).rejects.toBeInstanceOf(
      HubSpotTimeoutError,
    );
    await sleep(20);
    expect(s.requests).toHaveLength(1);
    expect(retries).toEqual([]);
  });

  it('does not retry a POST that timed out', async () => {
    const s = server.current;
    s.otherwise({ delayMs: 500, status: 201, json: CAMPAIGN });
    const { client } = clientFor(s, { timeoutMs: 40 });

    await expect(client.campaigns.createCampaign({ body: CAMPAIGN_BODY })).rejects.toBeInstanceOf(
      HubSpotTimeoutError,
    );
    await sleep(20);
    expect(s.requests).toHaveLength(1);
  });

  it('recovers when a later attempt is fast enough', async () => {
    const s = server.current;
    s.reply({ delayMs: 2000, json: { late: true } }, { json: EMAIL });
    const { client } = clientFor(s, { timeoutMs: 250 });

    await expect(getEmail(client)).resolves.toEqual(EMAIL);
    expect(s.requests).toHaveLength(2);
  });

  it('also times out when the headers arrive but the body stalls', async () => {
    const s = server.current;
    s.otherwise({ stallBody: true });
    const { client } = clientFor(s, { timeoutMs: 100, maxRetries: 0 });
    const guard = new AbortController();
    const call = getEmail(client, { signal: guard.signal });
    const outcome = await Promise.race([
      rejectionOf(call),
      sleep(1000).then(() => 'still pending after 1 s' as const),
    ]);
    guard.abort(new Error('test cleanup'));
    await call.catch(() => undefined);

    expect(outcome).toBeInstanceOf(HubSpotTimeoutError);
  });
});

describe('aborting', () => {
  it('rejects promptly with the abort reason while waiting between retries, sending nothing more', async () => {
    const s = server.current;
    s.otherwise({
      status: 429,
      headers: { 'retry-after': '5' },
      json: rateLimitBody('TEN_SECONDLY_ROLLING'),
    });
    const controller = new AbortController();
    const reason = new Error('the caller gave up');
    const { client, retries } = clientFor(s, {
      onRetry: () => {
        setTimeout(() => controller.abort(reason), 30);
      },
    });

    const started = performance.now();
    const error = await rejectionOf(getEmail(client, { signal: controller.signal }));
    const elapsed = performance.now() - started;

    expect(error).toBe(reason);
    expect(elapsed).toBeLessThan(1000);
    expect(retries).toHaveLength(1);
    expect(retries[0]!.delayMs).toBe(5000);
    await sleep(50);
    expect(s.requests).toHaveLength(1);
  });

  it('rejects with an AbortError when aborted without a reason during backoff', async () => {
    const s = server.current;
    s.otherwise({ status: 503, json: {} });
    const controller = new AbortController();
    const { client } = clientFor(s, {
      retry: { baseDelayMs: 10_000 },
      onRetry: () => {
        setTimeout(() => controller.abort(), 20);
      },
    });

    const error = await rejectionOf(getEmail(client, { signal: controller.signal }));

    expect((error as Error).name).toBe('AbortError');
    await sleep(30);
    expect(s.requests).toHaveLength(1);
  });

  it('rejects with the abort reason while the request is in flight', async () => {
    const s = server.current;
    s.otherwise({ hang: true });
    const controller = new AbortController();
    const reason = new Error('stop');
    const { client, retries } = clientFor(s);
    setTimeout(() => controller.abort(reason), 50);

    await expect(getEmail(client, { signal: controller.signal })).rejects.toBe(reason);
    expect(s.requests).toHaveLength(1);
    expect(retries).toEqual([]);
  });

  it('sends nothing when the signal is already aborted', async () => {
    const s = server.current;
    const reason = new Error('already aborted');
    const { client } = clientFor(s);

    await expect(getEmail(client, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    await sleep(20);
    expect(s.requests).toHaveLength(0);
  });
});
