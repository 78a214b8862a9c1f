/**
 * The `hubspot-marketing` command line, run in-process through `main()` with captured output, against the
 * offline mock server; plus the real executable once, for its exit codes.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/index.js';
import type { Io } from '../../src/cli/io.js';
import { type MockServer, startMockServer } from '../../src/mock/index.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

interface Run {
  code: number;
  out: string;
  err: string;
}

async function run(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t), env };
  const code = await main(args, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

let mock: MockServer;
let tmp: string;
const token = { HUBSPOT_ACCESS_TOKEN: 'cli-test-token' };

beforeAll(async () => {
  mock = await startMockServer();
  tmp = mkdtempSync(path.join(tmpdir(), 'hmc-cli-'));
}, 60_000);
afterAll(async () => {
  await mock.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('actions', () => {
  it('lists all 73 actions by area', async () => {
    const r = await run(['actions']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^73 actions$/m);
    expect(r.out).toContain('Campaigns (16)');
    expect(r.out).toMatch(/getCampaign\s+GET\s+\/marketing\/v3\/campaigns\/\{campaignGuid\}/);
  });

  it('filters by area and by connector group, and prints JSON', async () => {
    const byGroup = await run(['actions', '--group', 'Batch', '--json']);
    const list = JSON.parse(byGroup.out) as Array<{ id: string; group: string }>;
    expect(list.map((a) => a.id).sort()).toEqual(
      [
        'batchCreateCampaigns',
        'batchDeleteCampaigns',
        'batchDeleteMarketingEvents',
        'batchReadCampaigns',
        'batchUpdateCampaigns',
        'batchUpsertMarketingEvents',
      ].sort(),
    );
    const byArea = await run(['actions', '--area', 'communicationPreferences']);
    expect(byArea.out).toMatch(/^4 actions$/m);
  });

  it('refuses an unknown area with exit 2', async () => {
    const r = await run(['actions', '--area', 'nope']);
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown area 'nope'");
  });
});

describe('describe', () => {
  it('shows parameters, body, response, scopes, pagination and an example', async () => {
    const r = await run(['describe', 'searchCampaigns']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('GET /marketing/v3/campaigns');
    expect(r.out).toMatch(/limit\s+query\s+integer/);
    expect(r.out).toContain('Response 200:');
    expect(r.out).toContain('marketing.campaigns.read');
    expect(r.out).toContain('Paged: cursor after from paging.next.after');
    expect(r.out).toContain('hubspot-marketing call searchCampaigns');
    const batch = await run(['describe', 'batchCreateCampaigns']);
    expect(batch.out).toContain('Batch: at most 50 items in inputs');
    expect(batch.out).toMatch(/Body: BatchInputPublicCampaignInput \(required\)/);
  });

  it('suggests the closest id for a typo, exit 2', async () => {
    const r = await run(['describe', 'getCampaing']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('did you mean getCampaign');
  });
});

describe('call', () => {
  const base = () => ['--base-url', mock.url];

  it('creates, reads and searches campaigns against the mock', async () => {
    const created = await run(
      ['call', 'createCampaign', ...base(), '--data', '{"properties":{"hs_name":"Spring CLI"}}'],
      token,
    );
    expect(created.code, created.err).toBe(0);
    const campaign = JSON.parse(created.out) as { id: string };
    const read = await run(
      [
        'call',
        'getCampaign',
        ...base(),
        '--path',
        `campaignGuid=${campaign.id}`,
        '--query',
        'properties=hs_name',
      ],
      token,
    );
    expect(read.code, read.err).toBe(0);
    expect(JSON.parse(read.out)).toMatchObject({ id: campaign.id, properties: { hs_name: 'Spring CLI' } });
  });

  it('follows pagination with --all and prints NDJSON', async () => {
    for (const n of [1, 2, 3]) {
      await run(
        [
          'call',
          'createCampaign',
          ...base(),
          '--data',
          JSON.stringify({ properties: { hs_name: `Paged ${n}` } }),
        ],
        token,
      );
    }
    const r = await run(
      ['call', 'searchCampaigns', ...base(), '--query', 'name=Paged', '--query', 'limit=1', '--all'],
      token,
    );
    expect(r.code, r.err).toBe(0);
    const lines = r.out.split('\n').filter(Boolean);
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(JSON.parse(line)).toHaveProperty('id');
    const limited = await run(
      [
        'call',
        'searchCampaigns',
        ...base(),
        '--query',
        'name=Paged',
        '--query',
        'limit=1',
        '--all',
        '--max-items',
        '2',
      ],
      token,
    );
    expect(limited.out.split('\n').filter(Boolean)).toHaveLength(2);
  });

  it('reads the body from a file with --data @file', async () => {
    const file = path.join(tmp, 'campaign.json');
    writeFileSync(file, JSON.stringify({ properties: { hs_name: 'From file' } }));
    const r = await run(['call', 'createCampaign', ...base(), '--data', `@${file}`], token);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ properties: { hs_name: 'From file' } });
  });

  it('prints the HubSpot category, message and correlationId of an API error, exit 1', async () => {
    const r = await run(
      ['call', 'getCampaign', ...base(), '--path', 'campaignGuid=4f1a6a8e-2b7c-4d3e-9f10-6c5b2a1d0e99'],
      token,
    );
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/HubSpot answered 404 OBJECT_NOT_FOUND: .+/);
    expect(r.err).toMatch(/correlationId: [0-9a-f-]{36}/);
    expect(r.err).not.toContain('cli-test-token');
  });

  it.each([
    [['call', 'noSuchAction'], "unknown action 'noSuchAction'"],
    [['call', 'getCampaign'], "missing required path parameter 'campaignGuid'"],
    [
      ['call', 'searchCampaigns', '--query', 'limit=abc'],
      "query parameter 'limit' must be a whole number in plain decimal digits, got 'abc'",
    ],
    [['call', 'searchCampaigns', '--query', 'colour=red'], "has no query parameter 'colour'"],
    [['call', 'searchCampaigns', '--query', 'limit'], '--query expects key=value'],
    [['call', 'createCampaign', '--data', '{not json'], '--data is not valid JSON'],
    [['call', 'createCampaign', '--data', '{"properties": 5}'], 'body.properties must be object'],
    [['call', 'createCampaign'], 'needs a request body'],
    [
      ['call', 'getCampaign', '--path', 'campaignGuid=4f1a6a8e-2b7c-4d3e-9f10-6c5b2a1d0e99', '--data', '{}'],
      'takes no request body',
    ],
    [
      ['call', 'getCampaign', '--path', 'campaignGuid=4f1a6a8e-2b7c-4d3e-9f10-6c5b2a1d0e99', '--all'],
      'is not cursor-paged',
    ],
  ])('refuses bad input before any request: %j', async (args, message) => {
    const before = mock.requests.length;
    const r = await run([...args, '--base-url', mock.url], token);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(mock.requests.length).toBe(before);
  });

  it('needs the token in the environment, never on the command line', async () => {
    const missing = await run(['call', 'searchCampaigns', ...base()], {});
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('set HUBSPOT_ACCESS_TOKEN');
    const other = await run(['call', 'searchCampaigns', ...base(), '--token-env', 'MY_TOKEN'], {
      MY_TOKEN: 'x',
    });
    expect(other.code, other.err).toBe(0);
    const flag = await run(['call', 'searchCampaigns', ...base(), '--token', 'x'], token);
    expect(flag.code).toBe(2);
  });

  it('sends the developer API key from the environment to the app-settings actions', async () => {
    const missing = await run(
      ['call', 'getMarketingEventAppSettings', ...base(), '--path', 'appId=1'],
      token,
    );
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('HUBSPOT_DEVELOPER_API_KEY');
    const r = await run(['call', 'getMarketingEventAppSettings', ...base(), '--path', 'appId=1'], {
      HUBSPOT_DEVELOPER_API_KEY: 'dev',
    });
    expect(r.code, r.err).toBe(0);
  });
});

describe('the executable', { timeout: 120_000 }, () => {
  const exec = promisify(execFile);
  const bin = path.join(ROOT, 'src', 'cli', 'bin.ts');

  it('exits 0 with --help and 2 on bad input, without a stack trace', async () => {
    const help = await exec(process.execPath, ['--import', 'tsx', bin, '--help'], { cwd: ROOT });
    expect(help.stdout).toContain('Usage: hubspot-marketing');
    for (const cmd of ['actions', 'describe', 'call', 'mock']) expect(help.stdout).toContain(cmd);
    const bad = await exec(process.execPath, ['--import', 'tsx', bin, 'describe', 'nope'], {
      cwd: ROOT,
    }).catch((e: { code: number; stderr: string }) => e);
    expect('code' in bad ? bad.code : 0).toBe(2);
    expect('stderr' in bad ? bad.stderr : '').toContain("unknown action 'nope'");
    expect('stderr' in bad ? bad.stderr : '').not.toMatch(/\n\s+at /);
  });
});

describe('mock', () => {
  it('starts the mock on the given host and port, logs requests, and refuses a bad port', async () => {
    const { mockCommand } = await import('../../src/cli/mock-command.js');
    const out: string[] = [];
    const err: string[] = [];
    const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t), env: {} };
    const server = await mockCommand({ port: '0', host: '127.0.0.1' }, io);
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(out.join('\n')).toContain(`listening on ${server.url}`);
      const r = await run(['call', 'listSmtpTokens', '--base-url', server.url], token);
      expect(r.code, r.err).toBe(0);
      expect(err.join('\n')).toMatch(/200 GET \/marketing\/v3\/transactional\/smtp-tokens\s+listSmtpTokens/);
    } finally {
      await server.close();
    }
    await expect(mockCommand({ port: '70000' }, io)).rejects.toThrow('--port must be 0-65535');
  });
});
