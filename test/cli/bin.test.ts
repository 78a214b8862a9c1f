/**
 * The shipped `hubspot-marketing` executable (dist/node/cli.js as the build makes it, see
 * test/support/built-cli.ts), run as a user runs it: a separate Node process, its exit code, stdout, stderr
 * and stdin. Requests go to the offline mock server started here on 127.0.0.1, which records what was sent.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockServer, startMockServer } from '../../src/mock/index.js';
import { AJV_PEERS_INSTALL, MOCK_PEERS_INSTALL } from '../../src/mock/peers.js';
import { type BuiltCli, buildCli, type CliRun, clientOnlyCopy, runCli } from '../support/built-cli.js';

const TOKEN = 'pat-na1-0badc0de-secret-token-1234';
const DEV_KEY = 'dev-key-5e3c-secret-9876';

let built: BuiltCli;
let mock: MockServer;

beforeAll(async () => {
  [built, mock] = await Promise.all([buildCli(), startMockServer()]);
}, 300_000);
afterAll(async () => {
  await mock?.close();
  built?.remove();
});

function cli(args: string[], env: Record<string, string> = { HUBSPOT_ACCESS_TOKEN: TOKEN }, stdin?: string) {
  return runCli(built.cli, args, { env, ...(stdin === undefined ? {} : { stdin }) });
}

/** Runs a call against the mock and returns what the mock saw of it. */
async function call(args: string[], env?: Record<string, string>) {
  const before = mock.requests.length;
  // The mock's URL first: a --base-url in `args` comes later and wins.
  const r = await cli(['call', '--base-url', mock.url, ...args], env);
  return { ...r, sent: mock.requests.slice(before) };
}

function refused(r: CliRun & { sent: unknown[] }, message: string | RegExp) {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(/^error: /);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.sent).toEqual([]);
}

describe('exit 2 for every input refused before sending, in the usual `error: ...` form', {
  timeout: 120_000,
}, () => {
  it.each([
    [['getMarketingEmail', '--path', 'emailId=..'], "path parameter 'emailId' must not be '..'"],
    [['getMarketingEmail', '--path', 'emailId=.'], "path parameter 'emailId' must not be '.'"],
    [['getMarketingEmail', '--path', 'emailId='], "path parameter 'emailId' must not be empty"],
    [['getMarketingEmail', '--path', 'emailId=1', '--base-url', 'notaurl'], '--base-url must be an absolute'],
    [['getMarketingEmail', '--path', 'emailId=1', '--base-url', 'ftp://x.example'], '--base-url must be'],
    [['getMarketingEmail', '--path', 'emailId=1', '--timeout', 'soon'], '--timeout must be a positive'],
    [['getMarketingEmail', '--path', 'emailId=1', '--timeout', '3000000000'], '--timeout must be at most'],
  ])('%j', async (args, message) => {
    refused(await call(args), message);
  });
});

describe('integer ids are sent exactly as typed, or refused', { timeout: 120_000 }, () => {
  it('sends an int64 id beyond 2^53 digit for digit, on reads and on mutating calls', async () => {
    const read = await call(['getParticipationCounters', '--path', 'marketingEventId=9007199254740993']);
    expect(read.sent.map((r) => r.path)).toEqual([
      '/marketing/v3/marketing-events/participations/9007199254740993',
    ]);
    const restore = await call([
      'restoreMarketingEmailRevisionToDraft',
      '--path',
      'emailId=174849932951',
      '--path',
      'revisionId=9223372036854775807',
    ]);
    expect(restore.sent.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /marketing/v3/emails/174849932951/revisions/9223372036854775807/restore-to-draft',
    ]);
  });

  it.each([
    'marketingEventId=0x10',
    'marketingEventId=1e3',
    'marketingEventId= 12',
    'marketingEventId=012',
    'marketingEventId=1.5',
    'marketingEventId=99999999999999999999',
  ])('refuses %j with exit 2', async (pair) => {
    refused(await call(['getParticipationCounters', '--path', pair]), /marketingEventId/);
  });

  it('refuses an int32 beyond its range and a query integer outside the schema bounds', async () => {
    refused(await call(['getMarketingEventAppSettings', '--path', 'appId=2147483648']), /int32/);
    refused(await call(['searchCampaigns', '--query', 'limit=1000']), /limit' must be <= 100/);
  });

  it('refuses a body integer that JSON cannot carry exactly', async () => {
    const big = '{"properties":{"hs_name":"x","hs_budget_items_sum_amount":99999999999999999999}}';
    refused(await call(['createCampaign', '--data', big]), /99999999999999999999/);
  });
});

describe('on a client-only install (no optional peers)', { timeout: 120_000 }, () => {
  let clientOnly: BuiltCli;
  beforeAll(() => {
    clientOnly = clientOnlyCopy(built);
  });
  afterAll(() => clientOnly?.remove());
  const run = (args: string[]) => runCli(clientOnly.cli, args, { env: { HUBSPOT_ACCESS_TOKEN: TOKEN } });

  it('`actions` and `describe` work', async () => {
    const list = await run(['actions', '--json']);
    expect(list.code, list.stderr).toBe(0);
    expect((JSON.parse(list.stdout) as unknown[]).length).toBe(73);
    const described = await run(['describe', 'createCampaign']);
    expect(described.code, described.stderr).toBe(0);
    expect(described.stdout).toContain('properties');
  });

  it('`call` sends nothing and names the `npm install -D` line for Ajv, exit 1', async () => {
    const before = mock.requests.length;
    for (const args of [
      ['call', 'createCampaign', '--data', '{}', '--base-url', mock.url],
      ['call', 'getCampaign', '--path', 'campaignGuid=x', '--base-url', mock.url],
    ]) {
      const r = await run(args);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(
        /^error: `call` checks its input with ajv and ajv-formats, optional peer dependencies/,
      );
      expect(r.stderr).toContain(AJV_PEERS_INSTALL);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(mock.requests.length).toBe(before);
    // An unknown action is still bad input, whatever is installed.
    expect((await run(['call', 'noSuchAction'])).code).toBe(2);
  });

  it('`mock` names the install line of its own peers', async () => {
    const r = await run(['mock', '--port', '0']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(MOCK_PEERS_INSTALL);
  });
});

describe('conveniences', { timeout: 120_000 }, () => {
  it('--version prints the package version', async () => {
    const r = await cli(['--version']);
    expect(r.code).toBe(0);
    const { version } = (await import('../../package.json', { with: { type: 'json' } })).default;
    expect(r.stdout.trim()).toBe(version);
  });

  it('--data @- reads the body from standard input', async () => {
    const before = mock.requests.length;
    const r = await cli(
      ['call', 'createCampaign', '--data', '@-', '--base-url', mock.url],
      { HUBSPOT_ACCESS_TOKEN: TOKEN },
      JSON.stringify({ properties: { hs_name: 'From stdin' } }),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ properties: { hs_name: 'From stdin' } });
    expect(mock.requests.slice(before).map((q) => q.body)).toEqual([
      { properties: { hs_name: 'From stdin' } },
    ]);
  });

  it('--timeout gives up on a server that never answers, exit 1 with a message', async () => {
    const stalled: Server = createServer(() => {
      // never answers
    });
    await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = stalled.address() as AddressInfo;
      const r = await cli([
        'call',
        'listSmtpTokens',
        '--base-url',
        `http://127.0.0.1:${port}`,
        '--timeout',
        '300',
      ]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('error: no answer within 300 ms (--timeout)');
    } finally {
      stalled.closeAllConnections();
      stalled.close();
    }
  });

  it('describe --json prints the action as data', async () => {
    const r = await cli(['describe', 'getCampaign', '--json']);
    expect(r.code).toBe(0);
    const action = JSON.parse(r.stdout) as {
      id: string;
      method: string;
      params: unknown[];
      exampleCommand: string;
    };
    expect(action).toMatchObject({ id: 'getCampaign', method: 'GET' });
    expect(action.params.length).toBeGreaterThan(0);
    expect(action.exampleCommand).toMatch(/^hubspot-marketing call getCampaign --path campaignGuid=/);
  });

  it.each(['marketing-events', 'marketingEvents', 'Marketing Events', 'MARKETING-EVENTS'])(
    '--area accepts %j',
    async (area) => {
      const r = await cli(['actions', '--area', area, '--json']);
      expect(r.code, r.stderr).toBe(0);
      const list = JSON.parse(r.stdout) as Array<{ area: string }>;
      expect(list.length).toBeGreaterThan(0);
      expect(new Set(list.map((a) => a.area))).toEqual(new Set(['marketingEvents']));
    },
  );

  it('an unknown area lists the areas in their subpath spelling', async () => {
    const r = await cli(['actions', '--area', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('marketing-events');
  });

  it('exits quietly when the reader of its output goes away (`| head -1`)', async () => {
    const r = await runCli(built.cli, ['actions'], { onSpawn: (child) => child.stdout?.destroy() });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});

describe('batch actions', { timeout: 120_000 }, () => {
  it('`call` splits 120 inputs into requests of 50, as describe says, and merges the answers', async () => {
    const inputs = Array.from({ length: 120 }, (_, i) => ({ properties: { hs_name: `Batch ${i}` } }));
    const r = await call(['batchCreateCampaigns', '--data', JSON.stringify({ inputs })]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.sent.map((q) => (q.body as { inputs: unknown[] }).inputs.length)).toEqual([50, 50, 20]);
    const out = JSON.parse(r.stdout) as { results: unknown[] };
    expect(out.results).toHaveLength(120);
    const describeOut = await cli(['describe', 'batchCreateCampaigns']);
    expect(describeOut.stdout).toContain('`call` and the client send more as several requests');
  });

  it('names a bad input by its index in the whole list', async () => {
    const inputs = Array.from({ length: 60 }, (_, i) => ({ properties: { hs_name: `B ${i}` } }));
    (inputs[55] as { properties: unknown }).properties = 5;
    refused(
      await call(['batchCreateCampaigns', '--data', JSON.stringify({ inputs })]),
      /body\.inputs\.55\.properties/,
    );
  });
});

describe('HubSpot validation errors', { timeout: 120_000 }, () => {
  it('name each field once', async () => {
    mock.setResponder((req, answer) =>
      req.operationId === 'searchCampaigns'
        ? {
            status: 400,
            body: {
              status: 'error',
              category: 'VALIDATION_ERROR',
              correlationId: '0a1b2c3d-0000-4000-8000-000000000000',
              message: 'Invalid input',
              errors: [
                {
                  in: 'query.includeTranslations',
                  message: 'query.includeTranslations: must NOT have additional properties',
                },
                { in: 'query.limit', message: 'must be <= 100' },
              ],
            },
          }
        : answer,
    );
    try {
      const r = await call(['searchCampaigns']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('  - query.includeTranslations: must NOT have additional properties\n');
      expect(r.stderr).toContain('  - query.limit: must be <= 100');
    } finally {
      mock.setResponder(undefined);
    }
  });
});

describe('secrets never appear in any output', { timeout: 120_000 }, () => {
  const env = { HUBSPOT_ACCESS_TOKEN: TOKEN, HUBSPOT_DEVELOPER_API_KEY: DEV_KEY, MY_TOKEN: TOKEN };

  function clean(r: CliRun) {
    for (const secret of [TOKEN, DEV_KEY]) {
      expect(r.stdout).not.toContain(secret);
      expect(r.stderr).not.toContain(secret);
    }
  }

  it('not when the server echoes them back, in an error or a success', async () => {
    mock.setResponder((req) => ({
      status: req.operationId === 'listSmtpTokens' ? 401 : 200,
      body: {
        status: 'error',
        category: 'INVALID_AUTHENTICATION',
        correlationId: '0a1b2c3d-0000-4000-8000-000000000001',
        message: `bad token ${String(req.headers.authorization)} / key ${String(req.query.hapikey)}`,
        errors: [{ message: `you sent ${String(req.headers.authorization)}`, in: 'header' }],
      },
    }));
    try {
      const failed = await call(['listSmtpTokens'], env);
      expect(failed.code).toBe(1);
      expect(failed.stderr).toContain('[REDACTED]');
      clean(failed);
      const ok = await call(['getMarketingEventAppSettings', '--path', 'appId=1'], env);
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toContain('[REDACTED]');
      clean(ok);
      clean(await call(['listSmtpTokens', '--token-env', 'MY_TOKEN'], { MY_TOKEN: TOKEN }));
    } finally {
      mock.setResponder(undefined);
    }
  });

  it('not in refusals, connection failures or timeouts', async () => {
    const runs = await Promise.all([
      cli(['call', 'listSmtpTokens', '--base-url', `http://${TOKEN}@127.0.0.1:1`], env),
      cli(['call', 'listSmtpTokens', '--base-url', 'http://127.0.0.1:1', '--max-retries', TOKEN], env),
      cli(['call', 'listSmtpTokens', '--base-url', 'http://127.0.0.1:1'], env),
      cli(['call', 'getMarketingEmail', '--path', `emailId=${TOKEN}`, '--path', `emailId=${DEV_KEY}`], env),
      cli(['call', TOKEN], env),
      cli(['describe', DEV_KEY], env),
    ]);
    for (const r of runs) {
      expect(r.code).not.toBe(0);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      clean(r);
    }
  });
});
