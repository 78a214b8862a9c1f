/**
 * User data in the URL path and in headers: path parameters are sent percent-encoded as exactly one segment
 * (checked on the raw request target the server received); values that would address another endpoint, and
 * header values that would split a header, are refused before anything is sent.
 */
import { describe, expect, it } from 'vitest';
import {
  createHubSpotMarketingClient,
  type GetMarketingEmailInput,
  HubSpotInputError,
} from '../../generated/client/index.js';
import { clientFor, rejectionOf, sleep, useFaultServer } from './helpers.js';

const server = useFaultServer();

describe('path parameters', () => {
  it.each([
    ['../x', '/marketing/v3/emails/..%2Fx'],
    ['a/b?c#d', '/marketing/v3/emails/a%2Fb%3Fc%23d'],
    ['%2e%2e', '/marketing/v3/emails/%252e%252e'],
    ['%2E%2E%2F', '/marketing/v3/emails/%252E%252E%252F'],
    ['..\\x', '/marketing/v3/emails/..%5Cx'],
    ['...', '/marketing/v3/emails/...'],
    ['a b+c&d=e', '/marketing/v3/emails/a%20b%2Bc%26d%3De'],
    ["it's(1)*!", '/marketing/v3/emails/it%27s%281%29%2A%21'],
    ['café', '/marketing/v3/emails/caf%C3%A9'],
  ])('sends emailId %j percent-encoded as one segment', async (emailId, rawPath) => {
    const s = server.current;
    s.otherwise({ json: { id: 'ok' } });
    const { client } = clientFor(s);

    await client.marketingEmails.getMarketingEmail({ path: { emailId } });

    expect(s.requests).toHaveLength(1);
    expect(s.requests[0]!.url).toBe(rawPath);
    expect(decodeURIComponent(s.requests[0]!.path.split('/').pop()!)).toBe(emailId);
  });

  it('encodes every parameter of a two-parameter path separately', async () => {
    const s = server.current;
    s.otherwise({ json: {} });
    const { client } = clientFor(s);

    await client.marketingEmails.getMarketingEmailRevision({ path: { emailId: '../1', revisionId: 'r/2' } });

    expect(s.requests[0]!.url).toBe('/marketing/v3/emails/..%2F1/revisions/r%2F2');
  });

  it.each(['..', '.', ''])('refuses emailId %j with HubSpotInputError and sends nothing', async (emailId) => {
    const s = server.current;
    s.otherwise({ json: {} });
    const { client } = clientFor(s);

    const error = await rejectionOf(client.marketingEmails.getMarketingEmail({ path: { emailId } }));

    expect(error).toBeInstanceOf(HubSpotInputError);
    expect((error as HubSpotInputError).actionId).toBe('getMarketingEmail');
    expect((error as HubSpotInputError).message).toContain('emailId');
    await sleep(10);
    expect(s.requests).toHaveLength(0);
  });

  it('refuses an unsafe id through invoke too', async () => {
    const s = server.current;
    const { client } = clientFor(s);

    await expect(client.invoke('deleteMarketingEmail', { path: { emailId: '..' } })).rejects.toBeInstanceOf(
      HubSpotInputError,
    );
    await expect(
      client.invoke('getMarketingEmailRevision', { path: { emailId: '1', revisionId: '.' } }),
    ).rejects.toBeInstanceOf(HubSpotInputError);
    expect(s.requests).toHaveLength(0);
  });

  it('refuses a missing or non-scalar path parameter', async () => {
    const s = server.current;
    const { client } = clientFor(s);

    const missing = { path: {} } as unknown as GetMarketingEmailInput;
    const objectId = { path: { emailId: { toString: () => '1' } } } as unknown as GetMarketingEmailInput;
    await expect(client.marketingEmails.getMarketingEmail(missing)).rejects.toBeInstanceOf(HubSpotInputError);
    await expect(client.marketingEmails.getMarketingEmail(objectId)).rejects.toBeInstanceOf(
      HubSpotInputError,
    );
    expect(s.requests).toHaveLength(0);
  });

  it('sends a numeric path parameter as its decimal form', async () => {
    const s = server.current;
    s.otherwise({ json: { appId: 2031857 } });
    const { client } = clientFor(s, { developerApiKey: 'dev-key' });

    await client.marketingEvents.getMarketingEventAppSettings({ path: { appId: 2031857 } });

    expect(s.requests[0]!.path).toBe('/marketing/v3/marketing-events/2031857/settings');
  });
});

describe('header values', () => {
  it.each([
    ['CR LF', 'ok\r\nX-Injected: 1'],
    ['LF', 'ok\nX-Injected: 1'],
    ['CR', 'ok\rX-Injected: 1'],
    ['NUL', 'ok\0'],
  ])('refuses a per-call header value with %s and sends nothing', async (_, value) => {
    const s = server.current;
    s.otherwise({ json: {} });
    const { client } = clientFor(s);

    const error = await rejectionOf(
      client.marketingEmails.getMarketingEmail({ path: { emailId: '1' } }, { headers: { 'X-Trace': value } }),
    );

    expect(error).toBeInstanceOf(HubSpotInputError);
    expect((error as HubSpotInputError).message).toContain('X-Trace');
    await sleep(10);
    expect(s.requests).toHaveLength(0);
  });

  it('refuses a client-level header value with CR/LF when the client is created', () => {
    expect(() =>
      createHubSpotMarketingClient({
        accessToken: 'token',
        headers: { 'X-Tenant': 'a\r\nX-Injected: 1' },
      }),
    ).toThrow(HubSpotInputError);
  });

  it('refuses an access token with CR/LF and sends nothing', async () => {
    const s = server.current;
    const { client } = clientFor(s, { accessToken: 'token\r\nX-Injected: 1' });

    await expect(client.marketingEmails.getMarketingEmail({ path: { emailId: '1' } })).rejects.toBeInstanceOf(
      HubSpotInputError,
    );
    expect(s.requests).toHaveLength(0);
  });

  it('sends client and per-call headers, the per-call value winning', async () => {
    const s = server.current;
    s.otherwise({ json: {} });
    const { client } = clientFor(s, { headers: { 'X-Tenant': 'acme', 'X-Trace': 'client' } });

    await client.marketingEmails.getMarketingEmail(
      { path: { emailId: '1' } },
      { headers: { 'X-Trace': 'call' } },
    );

    expect(s.requests[0]!.headers['x-tenant']).toBe('acme');
    expect(s.requests[0]!.headers['x-trace']).toBe('call');
  });
});
