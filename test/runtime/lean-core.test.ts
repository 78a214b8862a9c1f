/**
 * The lean core: actions are one call into the runtime, the root entry exports the documented API only, a
 * success body is read once and still reaches `onResponse`, a retried POST sends its body again, and a batch is
 * checked once before it is split.
 */
import { describe, expect, it } from 'vitest';
import * as root from '../../generated/client/index.js';
import { HubSpotInputError } from '../../generated/client/index.js';
import { clientFor, rejectionOf, TOKEN, useFaultServer } from './helpers.js';

const server = useFaultServer();

describe('public surface', () => {
  it('exports the client, the core, the actions and the error classes', () => {
    for (const name of [
      'createHubSpotMarketingClient',
      'createHubSpotCore',
      'getMarketingEmail',
      'searchCampaignsAll',
      'createCampaignsApi',
      'ACTION_IDS',
      'HubSpotError',
      'HubSpotApiError',
      'HubSpotRateLimitError',
      'HubSpotBatchError',
      'HubSpotInputError',
      'InProcessRateLimitStore',
      'RateLimitWaitError',
      'rateLimitStop',
      'dailyRateLimitStop',
      'readRateLimitSignals',
    ])
      expect(root, name).toHaveProperty(name);
  });

  it('keeps the runtime internals out of the root entry', () => {
    for (const name of [
      'BearerToken',
      'TokenBucket',
      'backoffDelay',
      'getPath',
      'resultify',
      'iteratePages',
      'runBatched',
      'createCore',
      'createClient',
      'bindActions',
      'assertInput',
      'DEFAULT_RETRY',
      'redactUrl',
      'encodePathSegment',
    ])
      expect(Object.keys(root), name).not.toContain(name);
  });
});

describe('one request per call', () => {
  it('hands onResponse a response whose body is still readable, and resolves to the same data', async () => {
    const s = server.current;
    s.otherwise({ json: { id: '1', name: 'Spring' }, headers: { 'x-trace': 't-1' } });
    const { client } = clientFor(s);
    let seen: Response | undefined;
    const data = await client.marketingEmails.getMarketingEmail(
      { path: { emailId: '1' } },
      { onResponse: (r) => (seen = r) },
    );
    expect(data).toEqual({ id: '1', name: 'Spring' });
    expect(seen?.status).toBe(200);
    expect(seen?.headers.get('x-trace')).toBe('t-1');
    expect(await seen?.json()).toEqual({ id: '1', name: 'Spring' });
  });

  it('sends the first attempt with the token, and a retry with the same body and a fresh token header', async () => {
    const s = server.current;
    s.reply({ status: 503, json: { status: 'error', message: 'busy' } }, { json: { id: 'c-1' } });
    const { client } = clientFor(s, { retryNonIdempotent: true });
    const body = { properties: { hs_name: 'Spring launch' } };
    await expect(client.campaigns.createCampaign({ body })).resolves.toEqual({ id: 'c-1' });
    expect(s.requests).toHaveLength(2);
    for (const r of s.requests) {
      expect(r.method).toBe('POST');
      expect(JSON.parse(r.body)).toEqual(body);
      expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(r.headers['content-type']).toContain('application/json');
    }
  });

  it('checks a batch input once, before splitting it, and sends nothing when it is invalid', async () => {
    const s = server.current;
    s.otherwise({ json: { status: 'COMPLETE', results: [] } });
    const { client } = clientFor(s);
    const error = await rejectionOf(
      client.campaigns.batchReadCampaigns({ body: undefined } as never, { batchConcurrency: 2 }),
    );
    expect(error).toBeInstanceOf(HubSpotInputError);
    expect(s.requests).toHaveLength(0);
  });

  it('an invalid JSON success body is a HubSpotResponseError, and onResponse is not called', async () => {
    const s = server.current;
    s.otherwise({ text: '{"id": ', headers: { 'content-type': 'application/json' } });
    const { client } = clientFor(s, { maxRetries: 0 });
    let called = false;
    const error = await rejectionOf(
      client.marketingEmails.getMarketingEmail(
        { path: { emailId: '1' } },
        { onResponse: () => (called = true) },
      ),
    );
    expect(error).toBeInstanceOf(root.HubSpotResponseError);
    expect((error as InstanceType<typeof root.HubSpotResponseError>).problem).toBe('invalid_json');
    expect(called).toBe(false);
  });
});
