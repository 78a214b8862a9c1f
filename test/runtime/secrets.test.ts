/**
 * Secrets never leave through diagnostics: across failing calls (401, 403, 429, 500, 503 with retries,
 * timeouts, refused connections, and app-settings calls that carry the developer API key in the query), no
 * error message, error field, logger line or retry event contains the access token or the developer API key.
 * And each credential goes only where it belongs: `hapikey` to app-settings actions, `Authorization` to the
 * others.
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  createHubSpotMarketingClient,
  HubSpotApiError,
  HubSpotConnectionError,
  HubSpotError,
  type HubSpotMarketingClient,
  HubSpotTimeoutError,
} from '../../generated/client/index.js';
import { closedPort, type Reply } from '../support/fault-server.js';
import { rejectionOf, useFaultServer } from './helpers.js';

const server = useFaultServer();

const ACCESS_TOKEN = 'secret-token-123';
const DEV_KEY = 'dev-key-456';
const SECRETS = [ACCESS_TOKEN, DEV_KEY];

interface Capture {
  client: HubSpotMarketingClient;
  /** Every logger line and retry event, serialized. */
  diagnostics: string[];
}

function secretClient(baseUrl: string, timeoutMs = 2000): Capture {
  const diagnostics: string[] = [];
  const line = (level: string) => (message: string, data?: Record<string, unknown>) => {
    diagnostics.push(`${level} ${message} ${JSON.stringify(data)}`);
  };
  const client = createHubSpotMarketingClient({
    accessToken: ACCESS_TOKEN,
    developerApiKey: DEV_KEY,
    baseUrl,
    maxRetries: 1,
    retry: { baseDelayMs: 2 },
    timeoutMs,
    logger: { debug: line('debug'), warn: line('warn') },
    onRetry: (event) => diagnostics.push(`onRetry ${JSON.stringify(event)}`),
  });
  return { client, diagnostics };
}

/** The text a caller might log for an error: message, String(), stack, its fields, its causes. */
function describeError(error: unknown): string[] {
  const out: string[] = [String(error)];
  let cur: unknown = error;
  for (let depth = 0; depth < 5 && cur instanceof Error; depth++) {
    out.push(cur.message, String(cur), cur.stack ?? '');
    cur = cur.cause;
  }
  if (error instanceof HubSpotApiError) {
    out.push(
      error.url,
      JSON.stringify({
        url: error.url,
        message: error.message,
        method: error.method,
        status: error.status,
        body: error.body,
        correlationId: error.correlationId,
        errors: error.errors,
      }),
    );
  }
  out.push(JSON.stringify(error));
  return out;
}

function expectNoSecret(texts: string[]): void {
  for (const text of texts) {
    for (const secret of SECRETS) expect(text, `a diagnostic leaks ${secret}`).not.toContain(secret);
  }
}

/** Each scenario is what the server answers to every request while it runs. */
const FAILING_SCENARIOS: Array<{ name: string; reply: Reply }> = [
  {
    name: '401',
    reply: {
      status: 401,
      json: {
        status: 'error',
        message: 'Authentication credentials not found.',
        category: 'INVALID_AUTHENTICATION',
      },
    },
  },
  {
    name: '403',
    reply: {
      status: 403,
      json: {
        status: 'error',
        message: 'This app lacks the marketing-email scope.',
        category: 'MISSING_SCOPES',
      },
    },
  },
  {
    name: '429 daily',
    reply: { status: 429, json: { status: 'error', message: 'Daily limit reached.', policyName: 'DAILY' } },
  },
  { name: '500', reply: { status: 500, text: '<html>Internal error</html>' } },
  { name: '503 (retried)', reply: { status: 503, json: {} } },
  { name: 'timeout (retried)', reply: { delayMs: 1000, json: {} } },
];

describe('no secret in diagnostics', () => {
  it('across failing bearer-token and app-settings calls, errors, logger lines and retry events are free of both secrets', async () => {
    const s = server.current;
    const { client, diagnostics } = secretClient(s.url, 150);
    const errors: unknown[] = [];

    for (const scenario of FAILING_SCENARIOS) {
      s.otherwise(scenario.reply);
      errors.push(await rejectionOf(client.marketingEmails.getMarketingEmail({ path: { emailId: '1' } })));
      errors.push(
        await rejectionOf(client.marketingEvents.getMarketingEventAppSettings({ path: { appId: 2031857 } })),
      );
      errors.push(
        await rejectionOf(
          client.marketingEvents.updateMarketingEventAppSettings({
            path: { appId: 2031857 },
            body: { eventDetailsUrl: 'https://events.example.com/%s' },
          }),
        ),
      );
    }

    const refusedPort = await closedPort();
    const refused = secretClient(`http://127.0.0.1:${refusedPort}`);
    errors.push(
      await rejectionOf(refused.client.marketingEmails.getMarketingEmail({ path: { emailId: '1' } })),
    );
    errors.push(
      await rejectionOf(
        refused.client.marketingEvents.getMarketingEventAppSettings({ path: { appId: 2031857 } }),
      ),
    );

    expect(errors).toHaveLength(FAILING_SCENARIOS.length * 3 + 2);
    for (const error of errors) expect(error).toBeInstanceOf(HubSpotError);
    expect(errors.some((e) => e instanceof HubSpotTimeoutError)).toBe(true);
    expect(errors.filter((e) => e instanceof HubSpotConnectionError)).toHaveLength(2);
    // the scenarios did exercise the logger and the retry hook
    expect(diagnostics.some((d) => d.startsWith('warn'))).toBe(true);
    expect(diagnostics.some((d) => d.startsWith('onRetry'))).toBe(true);
    expect(refused.diagnostics.length).toBeGreaterThan(0);

    expectNoSecret(errors.flatMap(describeError));
    expectNoSecret(diagnostics);
    expectNoSecret(refused.diagnostics);

    // the key was really in the URL of the app-settings requests, and is redacted in the error
    const appSettingsError = errors.find(
      (e): e is HubSpotApiError =>
        e instanceof HubSpotApiError && e.actionId === 'getMarketingEventAppSettings',
    );
    expect(appSettingsError?.url).toContain('hapikey=[REDACTED]');
    expect(appSettingsError?.message).toContain('hapikey=[REDACTED]');
  });

  it('an error logged whole (console.log / util.inspect) does not show the developer API key', async () => {
    const s = server.current;
    s.reply({ status: 500, json: { status: 'error', message: 'internal error' } });
    const { client } = secretClient(s.url);

    const error = await rejectionOf(
      client.marketingEvents.getMarketingEventAppSettings({ path: { appId: 2031857 } }),
    );

    expect(error).toBeInstanceOf(HubSpotApiError);
    expectNoSecret([inspect(error, { depth: 4 })]);
  });

  it('the logger is told about a token refresh without the token', async () => {
    const s = server.current;
    s.otherwise((req) =>
      req.headers.authorization === `Bearer ${ACCESS_TOKEN}-2`
        ? { json: { id: '1' } }
        : { status: 401, json: {} },
    );
    const lines: string[] = [];
    let n = 0;
    const client = createHubSpotMarketingClient({
      baseUrl: s.url,
      accessToken: async () => (++n === 1 ? ACCESS_TOKEN : `${ACCESS_TOKEN}-2`),
      logger: {
        debug: (m, d) => lines.push(`${m} ${JSON.stringify(d)}`),
        warn: (m, d) => lines.push(`${m} ${JSON.stringify(d)}`),
      },
    });

    await client.marketingEmails.getMarketingEmail({ path: { emailId: '1' } });

    expect(lines.some((l) => l.includes('refreshed'))).toBe(true);
    expectNoSecret(lines);
  });
});

describe('where each credential is sent', () => {
  it('sends hapikey (and no Authorization) to app-settings actions, Authorization (and no hapikey) to the others', async () => {
    const s = server.current;
    s.otherwise({ json: { appId: 2031857, eventDetailsUrl: 'https://events.example.com/%s' } });
    const { client } = secretClient(s.url);

    await client.marketingEvents.getMarketingEventAppSettings({ path: { appId: 2031857 } });
    await client.marketingEvents.updateMarketingEventAppSettings({
      path: { appId: 2031857 },
      body: { eventDetailsUrl: 'https://events.example.com/%s' },
    });
    await client.marketingEmails.getMarketingEmail({ path: { emailId: '1' } });
    await client.campaigns.searchCampaigns({ query: { name: 'spring' } });
    await client.marketingEvents
      .getMarketingEvent({ path: { externalEventId: 'ev-1' }, query: { externalAccountId: 'acct' } })
      .catch(() => undefined);

    const [getSettings, updateSettings, ...others] = s.requests;
    for (const r of [getSettings!, updateSettings!]) {
      expect(r.query.get('hapikey')).toBe(DEV_KEY);
      expect(r.query.getAll('hapikey')).toHaveLength(1);
      expect(r.headers.authorization).toBeUndefined();
    }
    expect(others.length).toBeGreaterThanOrEqual(2);
    for (const r of others) {
      expect(r.url).not.toContain('hapikey');
      expect(r.url).not.toContain(DEV_KEY);
      expect(r.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    }
    expect(s.requests.find((r) => r.path === '/marketing/v3/campaigns')?.query.get('name')).toBe('spring');
  });
});
