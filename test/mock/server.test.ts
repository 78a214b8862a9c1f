/**
 * `startMockServer` itself: where it listens (127.0.0.1 by default, the given port), what it refuses (401
 * without a bearer token, 400 envelopes that name the bad field), answers from the spec's examples for the
 * actions without state and for `stateful: false`, the request log, `onRequest`, `respond` and `close()`.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHubSpotMarketingClient, HubSpotApiError } from '../../generated/client/index.js';
import {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_REQUEST_LOG_SIZE,
  hubspotError,
  type MockServer,
  type RecordedRequest,
  startMockServer,
} from '../../src/mock/index.js';
import { expectSchemaValidAnswers } from './helpers.js';

const started: MockServer[] = [];

async function start(options: Parameters<typeof startMockServer>[0] = {}): Promise<MockServer> {
  const mock = await startMockServer(options);
  started.push(mock);
  return mock;
}

afterEach(async () => {
  for (const mock of started.splice(0)) {
    expectSchemaValidAnswers(mock);
    await mock.close();
  }
});

async function call(
  mock: MockServer,
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; body: unknown }> {
  const res = await fetch(mock.url + path, init);
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

const bearer = { authorization: 'Bearer any-token' };
const json = { ...bearer, 'content-type': 'application/json' };

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

describe('listening', { timeout: 30_000 }, () => {
  it('binds to 127.0.0.1 on a free port by default, or on the port given; close() frees it', async () => {
    const mock = await start();
    expect(mock.host).toBe('127.0.0.1');
    expect(mock.port).toBeGreaterThan(0);
    expect(mock.url).toBe(`http://127.0.0.1:${mock.port}`);

    const port = await freePort();
    const fixed = await start({ port });
    expect(fixed.url).toBe(`http://127.0.0.1:${port}`);
    await fixed.close();
    started.splice(started.indexOf(fixed), 1);
    await expect(fetch(`${fixed.url}/marketing/v3/campaigns`)).rejects.toThrow();
  });
});

describe('refusals', () => {
  it('answers 401 with HubSpot’s envelope without a bearer token', async () => {
    const mock = await start();
    const { status, body } = await call(mock, '/marketing/v3/campaigns');
    expect(status).toBe(401);
    expect(body).toMatchObject({
      status: 'error',
      category: 'INVALID_AUTHENTICATION',
      correlationId: expect.any(String),
    });
  });

  it('answers 400 VALIDATION_ERROR naming the bad field', async () => {
    const mock = await start();
    const cases: Array<[string, RequestInit, string]> = [
      ['/marketing/v3/campaigns', { method: 'POST', headers: json, body: '{}' }, 'body.properties'],
      [
        '/marketing/v3/campaigns',
        { method: 'POST', headers: json, body: '{"properties":{"hs_name":1}}' },
        'body.properties.hs_name',
      ],
      ['/marketing/v3/campaigns?limit=0', { headers: bearer }, 'query.limit'],
      ['/marketing/v3/campaigns?colour=red', { headers: bearer }, 'query.colour'],
      ['/marketing/v3/marketing-events/events/e1', { headers: bearer }, 'query.externalAccountId'],
      ['/marketing/v3/campaigns/not-a-guid', { headers: bearer }, 'path.campaignGuid'],
    ];
    for (const [path, init, field] of cases) {
      const { status, body } = await call(mock, path, init);
      expect(status, path).toBe(400);
      expect(body, path).toMatchObject({ category: 'VALIDATION_ERROR' });
      const errors = (body as { errors: Array<{ in: string; message: string }> }).errors;
      expect(
        errors.map((e) => e.in),
        path,
      ).toContain(field);
      // The top-level message names the field; each errors[] item names it once, in `in`, not again in `message`.
      expect((body as { message: string }).message, path).toContain(field);
      for (const e of errors) expect(e.message.startsWith(e.in), path).toBe(false);
    }
    expect(mock.requests.every((r) => !r.valid)).toBe(true);
  });
});

describe('answers', () => {
  it('answers actions without state from the spec’s examples', async () => {
    const mock = await start();
    const { status, body } = await call(mock, '/communication-preferences/v3/definitions', {
      headers: bearer,
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ subscriptionDefinitions: expect.any(Array) });
  });

  it('with stateful: false, answers every valid request from the examples', async () => {
    const mock = await start({ stateful: false });
    expect(mock.store).toBeUndefined();
    const { status, body } = await call(
      mock,
      '/marketing/v3/campaigns/4f1a6a8e-2b7c-4d3e-9f10-6c5b2a1d0e99',
      {
        headers: bearer,
      },
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: '4f1a6a8e-2b7c-4d3e-9f10-6c5b2a1d0e99' });
  });

  it('logs requests, reports them to onRequest, and lets respond replace answers', async () => {
    const seen: RecordedRequest[] = [];
    const mock = await start({
      onRequest: (r) => seen.push(r),
      respond: (r) =>
        r.operationId === 'listSmtpTokens'
          ? {
              status: 429,
              body: hubspotError('RATE_LIMITS', 'Slow down'),
            }
          : undefined,
    });
    expect((await call(mock, '/marketing/v3/transactional/smtp-tokens', { headers: bearer })).status).toBe(
      429,
    );
    const created = await call(mock, '/marketing/v3/transactional/smtp-tokens', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ campaignName: 'x', createContact: false }),
    });
    expect(created.status).toBe(201);
    expect(mock.requests.map((r) => [r.operationId, r.status])).toEqual([
      ['listSmtpTokens', 429],
      ['createSmtpToken', 201],
    ]);
    expect(mock.requests[1]?.responseBody).toEqual(created.body);
    expect(seen).toEqual(mock.requests);
    mock.setResponder(undefined);
    expect((await call(mock, '/marketing/v3/transactional/smtp-tokens', { headers: bearer })).status).toBe(
      200,
    );
  });
});

describe('bounds', () => {
  it('answers 413 with HubSpot’s envelope above maxBodyBytes (default 1 MiB), without keeping the body', async () => {
    const mock = await start();
    const big = JSON.stringify({ properties: { hs_name: 'x'.repeat(DEFAULT_MAX_BODY_BYTES) } });
    const tooLarge = await call(mock, '/marketing/v3/campaigns', {
      method: 'POST',
      headers: json,
      body: big,
    });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toMatchObject({
      status: 'error',
      category: 'VALIDATION_ERROR',
      message: expect.stringContaining(`${DEFAULT_MAX_BODY_BYTES} bytes`),
    });
    const last = mock.requests.at(-1);
    expect(last).toMatchObject({ operationId: 'createCampaign', status: 413, valid: false, body: undefined });
    // Chunked, without a content-length, the limit holds too; a body at the limit is read.
    const small = await start({ maxBodyBytes: 64 });
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 4; i++) controller.enqueue(new TextEncoder().encode(' '.repeat(40)));
        controller.close();
      },
    });
    const streamed = await call(small, '/marketing/v3/campaigns', {
      method: 'POST',
      headers: json,
      body: chunked,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    const fits = JSON.stringify({ properties: { hs_name: 'y'.repeat(30) } });
    expect(fits.length).toBeLessThanOrEqual(64);
    const ok = await call(small, '/marketing/v3/campaigns', { method: 'POST', headers: json, body: fits });
    expect(ok.status).toBe(201);
  });

  it('keeps only the latest requestLogSize requests (default 1,000)', async () => {
    expect(DEFAULT_REQUEST_LOG_SIZE).toBe(1000);
    const mock = await start({ requestLogSize: 5 });
    for (let i = 0; i < 12; i++)
      await call(mock, `/marketing/v3/campaigns?limit=${i + 1}`, { headers: bearer });
    expect(mock.requests.map((r) => r.url)).toEqual(
      [8, 9, 10, 11, 12].map((n) => `/marketing/v3/campaigns?limit=${n}`),
    );
    const none = await start({ requestLogSize: 0 });
    await call(none, '/marketing/v3/campaigns', { headers: bearer });
    expect(none.requests).toEqual([]);
    await expect(startMockServer({ requestLogSize: -1 })).rejects.toThrow('requestLogSize');
  });
});

describe('every action', () => {
  const catalog = JSON.parse(
    readFileSync(new URL('../../generated/actions.json', import.meta.url), 'utf8'),
  ) as {
    actions: Array<{ id: string; example?: unknown }>;
  };

  it('answers each spec example with a schema-valid success, or an error envelope for unknown ids', async () => {
    const mock = await start();
    const client = createHubSpotMarketingClient({
      accessToken: 'test-token',
      developerApiKey: 'dev-key',
      baseUrl: mock.url,
      maxRetries: 0,
    });
    const invoke = client.invoke as unknown as (id: string, input: unknown) => Promise<unknown>;
    const outcomes: Record<string, number> = {};
    for (const action of catalog.actions) {
      try {
        await invoke(action.id, structuredClone(action.example));
        outcomes[action.id] = mock.requests.at(-1)?.status ?? 0;
      } catch (err) {
        if (!(err instanceof HubSpotApiError)) throw err;
        outcomes[action.id] = err.status;
      }
    }
    expect(catalog.actions).toHaveLength(73);
    expect(mock.requests.filter((r) => !r.valid)).toEqual([]);
    // The examples name objects the fresh state does not have: 404s, plus 400 for a send of an unknown email.
    expect(
      Object.values(outcomes).every(
        (status) => (status >= 200 && status < 300) || [400, 404].includes(status),
      ),
    ).toBe(true);
    expect(outcomes.createCampaign).toBe(201);
    expect(outcomes.getCampaign).toBe(404);
    expect(outcomes.listSubscriptionDefinitions).toBe(200);
  });
});
