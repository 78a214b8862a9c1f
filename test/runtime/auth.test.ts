/**
 * Bearer tokens: a 401 makes the client ask the accessToken function for a new token once (shared by every
 * request in flight) and replay; a fixed token is never refreshed; a missing token fails before sending.
 */
import { describe, expect, it } from 'vitest';
import { HubSpotAuthError, HubSpotConfigError } from '../../generated/client/index.js';
import type { FaultServer, Reply } from '../support/fault-server.js';
import { clientFor, rejectionOf, sleep, useFaultServer } from './helpers.js';

const server = useFaultServer();

const EXPIRED: Reply = {
  status: 401,
  json: {
    status: 'error',
    message: 'The OAuth token used to make this call expired 2 minute(s) ago.',
    correlationId: 'a1b2c3d4-0000-4000-8000-000000000401',
    category: 'EXPIRED_AUTHENTICATION',
  },
};

/** 200 for `Bearer <valid>`, 401 for anything else; the body echoes the email id. */
function acceptOnly(s: FaultServer, valid: string): void {
  s.otherwise((req) =>
    req.headers.authorization === `Bearer ${valid}` ? { json: { id: req.path.split('/').pop() } } : EXPIRED,
  );
}

/** 401 for `Bearer <expired>`, 200 for any other token; the body echoes the email id. */
function rejectOnly(s: FaultServer, expired: string): void {
  s.otherwise((req) =>
    req.headers.authorization === `Bearer ${expired}` ? EXPIRED : { json: { id: req.path.split('/').pop() } },
  );
}

/** An async accessToken function that returns token-1, token-2, ... and counts its calls. */
function countingToken(): { calls: () => number; accessToken: () => Promise<string> } {
  let calls = 0;
  return {
    calls: () => calls,
    accessToken: async () => {
      calls++;
      const n = calls;
      await sleep(5);
      return `token-${n}`;
    },
  };
}

function authorizationsByPath(s: FaultServer): Record<string, Array<string | undefined>> {
  const out: Record<string, Array<string | undefined>> = {};
  for (const r of s.requests) {
    const list = out[r.path] ?? [];
    list.push(r.headers.authorization);
    out[r.path] = list;
  }
  return out;
}

describe('401 refresh and replay', () => {
  it('two concurrent calls that both get 401 share one refresh and are each replayed once', async () => {
    const s = server.current;
    acceptOnly(s, 'token-2');
    const token = countingToken();
    const { client } = clientFor(s, { accessToken: token.accessToken });

    const [a, b] = await Promise.all([
      client.marketingEmails.getMarketingEmail({ path: { emailId: 'a' } }),
      client.marketingEmails.getMarketingEmail({ path: { emailId: 'b' } }),
    ]);

    expect(a).toEqual({ id: 'a' });
    expect(b).toEqual({ id: 'b' });
    expect(token.calls()).toBe(2);
    expect(s.requests).toHaveLength(4);
    expect(authorizationsByPath(s)).toEqual({
      '/marketing/v3/emails/a': ['Bearer token-1', 'Bearer token-2'],
      '/marketing/v3/emails/b': ['Bearer token-1', 'Bearer token-2'],
    });
  });

  it('shares the refresh even when both 401 answers are handled in the same tick', async () => {
    const s = server.current;
    rejectOnly(s, 'token-1');
    const token = countingToken();
    // Holds 401 answers until both have arrived, then hands them over together, so the two calls reach
    // the refresh at the same moment (as they can over HTTP/2 or behind a proxy).
    const held: Array<() => void> = [];
    const fetchInStep = async (request: Request): Promise<Response> => {
      const response = await globalThis.fetch(request);
      if (response.status === 401) {
        await new Promise<void>((resolve) => {
          held.push(resolve);
          if (held.length === 2) for (const release of held.splice(0)) release();
        });
      }
      return response;
    };
    const { client } = clientFor(s, { accessToken: token.accessToken, fetch: fetchInStep });

    const results = await Promise.all([
      client.marketingEmails.getMarketingEmail({ path: { emailId: 'a' } }),
      client.marketingEmails.getMarketingEmail({ path: { emailId: 'b' } }),
    ]);

    expect(results).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(token.calls()).toBe(2);
    expect(s.requests).toHaveLength(4);
  });

  it('a later call uses the refreshed token without another refresh', async () => {
    const s = server.current;
    acceptOnly(s, 'token-2');
    const token = countingToken();
    const { client } = clientFor(s, { accessToken: token.accessToken });

    await client.marketingEmails.getMarketingEmail({ path: { emailId: 'a' } });
    await client.marketingEmails.getMarketingEmail({ path: { emailId: 'b' } });

    expect(token.calls()).toBe(2);
    expect(s.requests.map((r) => r.headers.authorization)).toEqual([
      'Bearer token-1',
      'Bearer token-2',
      'Bearer token-2',
    ]);
  });

  it('refreshes at most once per call: a second 401 becomes HubSpotAuthError', async () => {
    const s = server.current;
    s.otherwise(EXPIRED);
    const token = countingToken();
    const { client, retries } = clientFor(s, { accessToken: token.accessToken });

    const error = await rejectionOf(client.marketingEmails.getMarketingEmail({ path: { emailId: 'a' } }));

    expect(error).toBeInstanceOf(HubSpotAuthError);
    expect((error as HubSpotAuthError).category).toBe('EXPIRED_AUTHENTICATION');
    expect(token.calls()).toBe(2);
    expect(s.requests).toHaveLength(2);
    expect(retries).toEqual([]);
  });

  it('does not refresh a fixed string token', async () => {
    const s = server.current;
    s.otherwise(EXPIRED);
    const { client } = clientFor(s, { accessToken: 'fixed-token' });

    const error = await rejectionOf(client.marketingEmails.getMarketingEmail({ path: { emailId: 'a' } }));

    expect(error).toBeInstanceOf(HubSpotAuthError);
    expect((error as HubSpotAuthError).status).toBe(401);
    expect(s.requests).toHaveLength(1);
    expect(s.requests[0]!.headers.authorization).toBe('Bearer fixed-token');
  });

  it('replays a POST body after the refresh', async () => {
    const s = server.current;
    s.otherwise((req) =>
      req.headers.authorization === 'Bearer token-2' ? { status: 201, json: JSON.parse(req.body) } : EXPIRED,
    );
    const token = countingToken();
    const { client } = clientFor(s, { accessToken: token.accessToken });
    const body = { properties: { hs_name: 'Replayed' } };

    await expect(client.campaigns.createCampaign({ body })).resolves.toEqual(body);
    expect(s.requests.map((r) => JSON.parse(r.body))).toEqual([body, body]);
  });
});

describe('missing or failing credentials', () => {
  it('fails with HubSpotConfigError before sending when no access token is configured', async () => {
    const s = server.current;
    const { client } = clientFor(s, { accessToken: undefined });

    const error = await rejectionOf(client.marketingEmails.getMarketingEmail({ path: { emailId: 'a' } }));

    expect(error).toBeInstanceOf(HubSpotConfigError);
    expect((error as HubSpotConfigError).actionId).toBe('getMarketingEmail');
    expect(s.requests).toHaveLength(0);
  });

  it.each([
    [
      'rejects',
      async (first: boolean): Promise<string> => {
        if (first) throw new Error('vault unavailable');
        return 'token-ok';
      },
    ],
    [
      'throws synchronously',
      (first: boolean): string => {
        if (first) throw new Error('vault unavailable');
        return 'token-ok';
      },
    ],
  ] as const)(
    'wraps an accessToken function that %s in HubSpotConfigError and asks again next time',
    async (_, source) => {
      const s = server.current;
      s.otherwise({ json: { id: 'a' } });
      let calls = 0;
      const { client } = clientFor(s, {
        accessToken: () => {
          calls++;
          return source(calls === 1);
        },
      });

      const error = await rejectionOf(client.marketingEmails.getMarketingEmail({ path: { emailId: 'a' } }));
      expect(error).toBeInstanceOf(HubSpotConfigError);
      expect((error as HubSpotConfigError).cause).toBeInstanceOf(Error);
      expect(s.requests).toHaveLength(0);

      await expect(client.marketingEmails.getMarketingEmail({ path: { emailId: 'a' } })).resolves.toEqual({
        id: 'a',
      });
      expect(s.requests[0]!.headers.authorization).toBe('Bearer token-ok');
      expect(calls).toBe(2);
    },
  );

  it('fails with HubSpotConfigError before sending when an app-settings action has no developer API key', async () => {
    const s = server.current;
    const { client } = clientFor(s);

    await expect(
      client.marketingEvents.getMarketingEventAppSettings({ path: { appId: 2031857 } }),
    ).rejects.toBeInstanceOf(HubSpotConfigError);
    expect(s.requests).toHaveLength(0);
  });
});
