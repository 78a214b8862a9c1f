/**
 * `throwOnError: false`: actions and `invoke` resolve to `{ data, error, response }` instead of throwing a
 * HubSpotError; aborts still throw; iterators are unchanged. It is an option of the core: a core made with it
 * gives the standalone actions, the area objects bound to it and the client the same style.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  batchCreateCampaigns,
  createCampaignsApi,
  createHubSpotCore,
  createHubSpotMarketingClient,
  type GetMarketingEmailOutput,
  getMarketingEmail,
  HubSpotApiError,
  HubSpotBatchError,
  HubSpotConnectionError,
  type HubSpotCore,
  HubSpotInputError,
  type HubSpotMarketingResultClient,
  HubSpotNotFoundError,
  type HubSpotResultCore,
  type Result,
  searchCampaignsAll,
} from '../../generated/client/index.js';
import { closedPort } from '../support/fault-server.js';
import { TOKEN, useFaultServer } from './helpers.js';

const server = useFaultServer();

const EMAIL = { id: '1', name: 'Spring newsletter' };
const NOT_FOUND = {
  status: 'error',
  message: 'Email 404 does not exist',
  correlationId: 'corr-404',
  category: 'OBJECT_NOT_FOUND',
};

function resultClient(baseUrl: string): HubSpotMarketingResultClient {
  return createHubSpotMarketingClient({
    accessToken: TOKEN,
    baseUrl,
    retry: { baseDelayMs: 2 },
    maxRetries: 1,
    throwOnError: false,
  });
}

describe('result style', () => {
  it('an area function returns { data, error: undefined, response } on success', async () => {
    const s = server.current;
    s.reply({ json: EMAIL, headers: { 'x-hubspot-correlation-id': 'corr-ok' } });
    const client = resultClient(s.url);

    const result = await client.marketingEmails.getMarketingEmail({ path: { emailId: '1' } });

    expect(result.data).toEqual(EMAIL);
    expect(result.error).toBeUndefined();
    expect(result.response).toBeInstanceOf(Response);
    expect(result.response?.status).toBe(200);
    expect(result.response?.headers.get('x-hubspot-correlation-id')).toBe('corr-ok');
  });

  it('an area function returns { data: undefined, error: HubSpotApiError, response } on a 404', async () => {
    const s = server.current;
    s.reply({ status: 404, json: NOT_FOUND });
    const client = resultClient(s.url);

    const result = await client.marketingEmails.getMarketingEmail({ path: { emailId: '404' } });

    expect(result.data).toBeUndefined();
    expect(result.error).toBeInstanceOf(HubSpotApiError);
    expect(result.error).toBeInstanceOf(HubSpotNotFoundError);
    const error = result.error as HubSpotNotFoundError;
    expect(error.status).toBe(404);
    expect(error.category).toBe('OBJECT_NOT_FOUND');
    expect(error.correlationId).toBe('corr-404');
    expect(result.response?.status).toBe(404);
  });

  it('invoke returns { data, error: undefined, response } on success', async () => {
    const s = server.current;
    s.reply({ json: EMAIL });
    const client = resultClient(s.url);

    const result = await client.invoke('getMarketingEmail', { path: { emailId: '1' } });

    expect(result).toEqual({ data: EMAIL, error: undefined, response: expect.any(Response) });
    expect(result.response?.status).toBe(200);
    expect(s.requests[0]!.url).toBe('/marketing/v3/emails/1');
  });

  it('invoke returns { data: undefined, error: HubSpotApiError, response } on a 404', async () => {
    const s = server.current;
    s.reply({ status: 404, json: NOT_FOUND });
    const client = resultClient(s.url);

    const result = await client.invoke('getMarketingEmail', { path: { emailId: '404' } });

    expect(result.data).toBeUndefined();
    expect(result.error).toBeInstanceOf(HubSpotNotFoundError);
    expect(result.response?.status).toBe(404);
  });

  it('keeps the caller onResponse and other per-call options', async () => {
    const s = server.current;
    s.reply({ json: EMAIL });
    const client = resultClient(s.url);
    const seen: number[] = [];

    const result = await client.invoke(
      'getMarketingEmail',
      { path: { emailId: '1' } },
      { headers: { 'X-Trace': 'abc' }, onResponse: (r) => seen.push(r.status) },
    );

    expect(result.data).toEqual(EMAIL);
    expect(seen).toEqual([200]);
    expect(s.requests[0]!.headers['x-trace']).toBe('abc');
  });

  it('works for an action called without input', async () => {
    const s = server.current;
    s.reply({ json: { total: 0, results: [] } });
    const client = resultClient(s.url);

    const viaArea = await client.campaigns.searchCampaigns();
    expect(viaArea.data).toEqual({ total: 0, results: [] });

    s.reply({ json: { total: 0, results: [] } });
    const viaInvoke = await client.invoke('searchCampaigns');
    expect(viaInvoke.error).toBeUndefined();
    expect(viaInvoke.response?.status).toBe(200);
  });

  it('returns input and connection errors without a response', async () => {
    const s = server.current;
    const client = resultClient(s.url);

    const unsafe = await client.marketingEmails.getMarketingEmail({ path: { emailId: '..' } });
    expect(unsafe.error).toBeInstanceOf(HubSpotInputError);
    expect(unsafe.response).toBeUndefined();

    const unknown = await client.invoke('noSuchAction' as 'getMarketingEmail', { path: { emailId: '1' } });
    expect(unknown.error).toBeInstanceOf(HubSpotInputError);

    const refused = resultClient(`http://127.0.0.1:${await closedPort()}`);
    const offline = await refused.marketingEmails.getMarketingEmail({ path: { emailId: '1' } });
    expect(offline.data).toBeUndefined();
    expect(offline.error).toBeInstanceOf(HubSpotConnectionError);
    expect(offline.response).toBeUndefined();
    expect(s.requests).toHaveLength(0);
  });

  it('returns a batch failure as the error', async () => {
    const s = server.current;
    s.otherwise((req) => {
      const { inputs } = JSON.parse(req.body) as { inputs: unknown[] };
      return inputs.length === 10
        ? { status: 500, json: { message: 'boom' } }
        : { status: 201, json: { status: 'COMPLETE', results: inputs.map((_, i) => ({ id: `${i}` })) } };
    });
    const client = resultClient(s.url);
    const inputs = Array.from({ length: 60 }, (_, i) => ({ properties: { hs_name: `n${i}` } }));

    const result = await client.campaigns.batchCreateCampaigns({ body: { inputs } });

    expect(result.data).toBeUndefined();
    expect(result.error).toBeInstanceOf(HubSpotBatchError);
    expect((result.error as HubSpotBatchError).failures.map((f) => f.offset)).toEqual([50]);
  });

  it('still throws an abort', async () => {
    const s = server.current;
    s.otherwise({ hang: true });
    const client = resultClient(s.url);
    const reason = new Error('aborted by caller');

    await expect(
      client.marketingEmails.getMarketingEmail(
        { path: { emailId: '1' } },
        { signal: AbortSignal.abort(reason) },
      ),
    ).rejects.toBe(reason);
  });

  it('leaves the iterators as they are', async () => {
    const s = server.current;
    s.reply({ json: { total: 2, results: [{ id: 'c1' }], paging: { next: { after: 'p2' } } } });
    s.reply({ json: { total: 2, results: [{ id: 'c2' }] } });
    const client = resultClient(s.url);

    const ids: string[] = [];
    for await (const c of client.campaigns.searchCampaignsAll()) ids.push(c.id);

    expect(ids).toEqual(['c1', 'c2']);
  });
});

describe('result style as an option of the core', () => {
  const core = (baseUrl: string) =>
    createHubSpotCore({
      accessToken: TOKEN,
      baseUrl,
      retry: { baseDelayMs: 2 },
      maxRetries: 1,
      throwOnError: false,
    });

  it('a standalone action called with a throwOnError: false core resolves to results', async () => {
    const s = server.current;
    s.reply({ json: EMAIL });
    s.reply({ status: 404, json: NOT_FOUND });
    const c = core(s.url);
    expectTypeOf(c).toEqualTypeOf<HubSpotResultCore>();

    const ok = await getMarketingEmail(c, { path: { emailId: '1' } });
    expectTypeOf(ok).toEqualTypeOf<Result<GetMarketingEmailOutput>>();
    expect(ok).toMatchObject({ data: EMAIL, error: undefined });
    expect(ok.response?.status).toBe(200);

    const missing = await getMarketingEmail(c, { path: { emailId: '404' } });
    expect(missing.data).toBeUndefined();
    expect(missing.error).toBeInstanceOf(HubSpotNotFoundError);
    expect(missing.response?.status).toBe(404);

    const unsafe = await getMarketingEmail(c, { path: { emailId: '..' } });
    expect(unsafe.error).toBeInstanceOf(HubSpotInputError);
    expect(s.requests).toHaveLength(2);
  });

  it('the same action with a default core still throws and resolves to the data', async () => {
    const s = server.current;
    s.reply({ json: EMAIL });
    s.reply({ status: 404, json: NOT_FOUND });
    const c = createHubSpotCore({ accessToken: TOKEN, baseUrl: s.url, maxRetries: 0 });
    expectTypeOf(c).toEqualTypeOf<HubSpotCore>();

    const data = await getMarketingEmail(c, { path: { emailId: '1' } });
    expect(data).toEqual(EMAIL);
    await expect(getMarketingEmail(c, { path: { emailId: '404' } })).rejects.toBeInstanceOf(
      HubSpotNotFoundError,
    );
  });

  it('batch actions, area objects and the iterators follow the core', async () => {
    const s = server.current;
    s.otherwise((req) => {
      if (req.method === 'GET') return { json: { total: 1, results: [{ id: 'c1' }] } };
      const { inputs } = JSON.parse(req.body) as { inputs: unknown[] };
      return inputs.length === 10
        ? { status: 500, json: { message: 'boom' } }
        : { status: 201, json: { status: 'COMPLETE', results: inputs.map((_, i) => ({ id: `${i}` })) } };
    });
    const c = core(s.url);
    const inputs = Array.from({ length: 60 }, (_, i) => ({ properties: { hs_name: `n${i}` } }));

    const batch = await batchCreateCampaigns(c, { body: { inputs } });
    expect(batch.error).toBeInstanceOf(HubSpotBatchError);
    expect((batch.error as HubSpotBatchError).failures.map((f) => f.offset)).toEqual([50]);

    const campaigns = createCampaignsApi(c);
    const small = await campaigns.batchCreateCampaigns({ body: { inputs: inputs.slice(0, 3) } });
    expect(small.error).toBeUndefined();
    expect(small.data?.results).toHaveLength(3);

    const ids: string[] = [];
    for await (const item of searchCampaignsAll(c)) ids.push(item.id);
    expect(ids).toEqual(['c1']);
  });

  it('the result client runs on a result core', () => {
    const client = resultClient('http://127.0.0.1:1');
    expectTypeOf(client.core).toEqualTypeOf<HubSpotResultCore>();
    expect(client.core.throwOnError).toBe(false);
    expect(createHubSpotMarketingClient({ accessToken: TOKEN }).core.throwOnError).toBe(true);
  });
});
