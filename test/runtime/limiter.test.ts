/**
 * The client-side token bucket and HubSpot's rate-limit headers. Only lower bounds on time are asserted:
 * this checks that the client waits, not how fast the machine is.
 */
import { describe, expect, it } from 'vitest';
import { createHubSpotCore } from '../../generated/client/core.js';
import { createHubSpotMarketingClient, InProcessRateLimitStore } from '../../generated/client/index.js';
import { getMarketingEmail } from '../../generated/client/marketing-emails.js';
import { clientFor, rejectionOf, sleep, TOKEN, useFaultServer } from './helpers.js';

const server = useFaultServer();

/** Some slack for timer granularity in lower bounds. */
const SLACK_MS = 25;

describe('rate limiter', () => {
  it('spaces 10 calls at 20 per second with burst 1 over at least ~450 ms', async () => {
    const s = server.current;
    s.otherwise({ json: { id: '1' } });
    const { client } = clientFor(s, { rateLimit: { requestsPerSecond: 20, burst: 1 } });

    const started = performance.now();
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        client.marketingEmails.getMarketingEmail({ path: { emailId: `${i}` } }),
      ),
    );
    const elapsed = performance.now() - started;

    expect(s.requests).toHaveLength(10);
    expect(elapsed).toBeGreaterThanOrEqual(450 - SLACK_MS);
    // the last request cannot have reached the server before the bucket let it go
    const lastArrival = Math.max(...s.requests.map((r) => r.at));
    expect(lastArrival - started).toBeGreaterThanOrEqual(450 - SLACK_MS);
  });

  it('waits about a second after X-HubSpot-RateLimit-Secondly-Remaining: 0', async () => {
    const s = server.current;
    s.reply({ json: { id: '1' }, headers: { 'X-HubSpot-RateLimit-Secondly-Remaining': '0' } });
    s.otherwise({ json: { id: '2' } });
    const { client } = clientFor(s, { rateLimit: { requestsPerSecond: 100 } });

    await client.marketingEmails.getMarketingEmail({ path: { emailId: '1' } });
    const afterFirst = performance.now();
    await client.marketingEmails.getMarketingEmail({ path: { emailId: '2' } });

    expect(performance.now() - afterFirst).toBeGreaterThanOrEqual(1000 - 50);
    expect(s.requests[1]!.at - s.requests[0]!.at).toBeGreaterThanOrEqual(1000 - 50);
  });

  it('waits one slot of the rolling window (interval / max) after X-HubSpot-RateLimit-Remaining: 0', async () => {
    const s = server.current;
    s.reply({
      json: { id: '1' },
      headers: {
        'X-HubSpot-RateLimit-Remaining': '0',
        'X-HubSpot-RateLimit-Interval-Milliseconds': '3000',
        'X-HubSpot-RateLimit-Max': '10',
      },
    });
    s.otherwise({ json: { id: '2' } });
    const { client } = clientFor(s, { rateLimit: { requestsPerSecond: 100 } });

    await client.marketingEmails.getMarketingEmail({ path: { emailId: '1' } });
    await client.marketingEmails.getMarketingEmail({ path: { emailId: '2' } });

    expect(s.requests[1]!.at - s.requests[0]!.at).toBeGreaterThanOrEqual(300 - SLACK_MS);
  });

  it('waits the whole interval after X-HubSpot-RateLimit-Remaining: 0 when the window size is unknown', async () => {
    const s = server.current;
    s.reply({
      json: { id: '1' },
      headers: { 'X-HubSpot-RateLimit-Remaining': '0', 'X-HubSpot-RateLimit-Interval-Milliseconds': '300' },
    });
    s.otherwise({ json: { id: '2' } });
    const { client } = clientFor(s, { rateLimit: { requestsPerSecond: 100 } });

    await client.marketingEmails.getMarketingEmail({ path: { emailId: '1' } });
    await client.marketingEmails.getMarketingEmail({ path: { emailId: '2' } });

    expect(s.requests[1]!.at - s.requests[0]!.at).toBeGreaterThanOrEqual(300 - SLACK_MS);
  });

  it('ignores the rate-limit headers when no limiter is configured', async () => {
    const s = server.current;
    s.reply({ json: { id: '1' }, headers: { 'X-HubSpot-RateLimit-Secondly-Remaining': '0' } });
    s.otherwise({ json: { id: '2' } });
    const { client } = clientFor(s);

    await client.marketingEmails.getMarketingEmail({ path: { emailId: '1' } });
    await client.marketingEmails.getMarketingEmail({ path: { emailId: '2' } });

    expect(s.requests).toHaveLength(2);
  });

  it('an abort while waiting for the limiter rejects with the reason and sends nothing', async () => {
    const s = server.current;
    s.otherwise({ json: { id: '1' } });
    const { client } = clientFor(s, { rateLimit: { requestsPerSecond: 1, burst: 1 } });
    await client.marketingEmails.getMarketingEmail({ path: { emailId: '1' } });

    const controller = new AbortController();
    const reason = new Error('not waiting any longer');
    setTimeout(() => controller.abort(reason), 30);
    const error = await rejectionOf(
      client.marketingEmails.getMarketingEmail({ path: { emailId: '2' } }, { signal: controller.signal }),
    );

    expect(error).toBe(reason);
    await sleep(20);
    expect(s.requests).toHaveLength(1);
  });
});

describe('rate limiter on a core from /core and on the client', () => {
  const get = {
    'a core from /core with the in-process store it is given': (url: string) => {
      const core = createHubSpotCore({
        accessToken: TOKEN,
        baseUrl: url,
        rateLimit: { requestsPerSecond: 20, store: new InProcessRateLimitStore() },
      });
      return (emailId: string) => getMarketingEmail(core, { path: { emailId } });
    },
    'a core from /core without a store (an in-process store of its own)': (url: string) => {
      const core = createHubSpotCore({
        accessToken: TOKEN,
        baseUrl: url,
        rateLimit: { requestsPerSecond: 20 },
      });
      return (emailId: string) => getMarketingEmail(core, { path: { emailId } });
    },
    'the client without a store (an in-process store of its own)': (url: string) => {
      const client = createHubSpotMarketingClient({
        accessToken: TOKEN,
        baseUrl: url,
        rateLimit: { requestsPerSecond: 20 },
      });
      return (emailId: string) => client.marketingEmails.getMarketingEmail({ path: { emailId } });
    },
  };

  it.each(Object.entries(get))('paces calls: %s', async (_label, make) => {
    const s = server.current;
    s.otherwise({ json: { id: '1' } });
    const call = make(s.url);
    const started = performance.now();
    await Promise.all(Array.from({ length: 6 }, (_, i) => call(`${i}`)));
    expect(s.requests).toHaveLength(6);
    expect(Math.max(...s.requests.map((r) => r.at)) - started).toBeGreaterThanOrEqual(250 - SLACK_MS);
  });

  it('checks the rate when the core is created', () => {
    expect(() => createHubSpotCore({ rateLimit: { requestsPerSecond: 0 } })).toThrow(RangeError);
    expect(() => createHubSpotCore({ rateLimit: { requestsPerSecond: 1, burst: 0.5 } })).toThrow(RangeError);
  });
});
