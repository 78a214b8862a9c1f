/**
 * Cursor pagination (`...All`, `...Pages`, `client.paginate`) and batch splitting (`batchCreateCampaigns`
 * with more than 50 inputs) against a real local server.
 */
import { describe, expect, it } from 'vitest';
import {
  HubSpotBatchError,
  HubSpotError,
  HubSpotServerError,
  type SearchCampaignsItem,
} from '../../generated/client/index.js';
import type { FaultServer, RecordedRequest, Reply } from '../support/fault-server.js';
import { clientFor, rejectionOf, useFaultServer } from './helpers.js';

const server = useFaultServer();

const campaign = (id: string) => ({ id, properties: { hs_name: `Campaign ${id}` } });

/** Three pages: c1 c2 → after=p2 → c3 c4 → after=p3 → c5 (no paging). */
function serveThreePages(s: FaultServer): void {
  s.otherwise((req) => {
    const after = req.query.get('after');
    if (after === null) {
      return {
        json: {
          total: 5,
          results: [campaign('c1'), campaign('c2')],
          paging: { next: { after: 'p2', link: `${s.url}/marketing/v3/campaigns?after=p2` } },
        },
      };
    }
    if (after === 'p2') {
      return {
        json: { total: 5, results: [campaign('c3'), campaign('c4')], paging: { next: { after: 'p3' } } },
      };
    }
    if (after === 'p3') return { json: { total: 5, results: [campaign('c5')] } };
    return { status: 400, json: { message: `unknown cursor ${after}` } };
  });
}

const ids = (items: SearchCampaignsItem[]) => items.map((c) => c.id);

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('pagination', () => {
  it('searchCampaignsAll follows paging.next.after across three pages, keeping the other query parameters', async () => {
    const s = server.current;
    serveThreePages(s);
    const { client } = clientFor(s);

    const items = await collect(
      client.campaigns.searchCampaignsAll({
        query: { limit: 2, name: 'Spring', properties: ['hs_name', 'hs_notes'] },
      }),
    );

    expect(ids(items)).toEqual(['c1', 'c2', 'c3', 'c4', 'c5']);
    expect(s.requests).toHaveLength(3);
    expect(s.requests.map((r) => r.query.get('after'))).toEqual([null, 'p2', 'p3']);
    for (const r of s.requests) {
      expect(r.method).toBe('GET');
      expect(r.path).toBe('/marketing/v3/campaigns');
      expect(r.query.get('limit')).toBe('2');
      expect(r.query.get('name')).toBe('Spring');
      expect(r.query.getAll('properties')).toEqual(['hs_name', 'hs_notes']);
    }
  });

  it("client.paginate('searchCampaigns') yields the same items in order", async () => {
    const s = server.current;
    serveThreePages(s);
    const { client } = clientFor(s);

    const items = await collect(client.paginate('searchCampaigns', { query: { limit: 2 } }));

    expect(ids(items)).toEqual(['c1', 'c2', 'c3', 'c4', 'c5']);
    expect(s.requests.map((r) => r.query.get('after'))).toEqual([null, 'p2', 'p3']);
  });

  it('searchCampaignsPages and paginatePages yield whole pages', async () => {
    const s = server.current;
    serveThreePages(s);
    const { client } = clientFor(s);

    const pages = await collect(client.campaigns.searchCampaignsPages());
    expect(pages.map((p) => ids(p.results))).toEqual([['c1', 'c2'], ['c3', 'c4'], ['c5']]);

    const viaClient = await collect(client.paginatePages('searchCampaigns'));
    expect(viaClient.map((p) => p.results.length)).toEqual([2, 2, 1]);
    expect(s.requests).toHaveLength(6);
  });

  it('maxItems stops early without fetching pages it does not need', async () => {
    const s = server.current;
    serveThreePages(s);
    const { client } = clientFor(s);

    const items = await collect(client.campaigns.searchCampaignsAll({}, { maxItems: 3 }));

    expect(ids(items)).toEqual(['c1', 'c2', 'c3']);
    expect(s.requests).toHaveLength(2);
  });

  it('maxItems through client.paginate, including 0', async () => {
    const s = server.current;
    serveThreePages(s);
    const { client } = clientFor(s);

    expect(ids(await collect(client.paginate('searchCampaigns', {}, { maxItems: 2 })))).toEqual(['c1', 'c2']);
    expect(s.requests).toHaveLength(1);
    expect(await collect(client.paginate('searchCampaigns', {}, { maxItems: 0 }))).toEqual([]);
    expect(s.requests).toHaveLength(1);
  });

  it('maxPages stops after that many pages', async () => {
    const s = server.current;
    serveThreePages(s);
    const { client } = clientFor(s);

    const items = await collect(client.campaigns.searchCampaignsAll({}, { maxPages: 2 }));
    expect(ids(items)).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(s.requests).toHaveLength(2);

    const pages = await collect(client.paginatePages('searchCampaigns', {}, { maxPages: 1 }));
    expect(pages).toHaveLength(1);
    expect(s.requests).toHaveLength(3);
  });

  it('retries a failing page and carries on', async () => {
    const s = server.current;
    s.reply({ json: { total: 2, results: [campaign('c1')], paging: { next: { after: 'p2' } } } });
    s.reply({ status: 503, json: {} });
    s.reply({ json: { total: 2, results: [campaign('c2')] } });
    const { client } = clientFor(s);

    expect(ids(await collect(client.campaigns.searchCampaignsAll()))).toEqual(['c1', 'c2']);
    expect(s.requests.map((r) => r.query.get('after'))).toEqual([null, 'p2', 'p2']);
  });

  it('stops with HubSpotError when the server repeats a cursor', async () => {
    const s = server.current;
    s.otherwise({ json: { total: 9, results: [campaign('c1')], paging: { next: { after: 'same' } } } });
    const { client } = clientFor(s);

    const seen: string[] = [];
    const error = await rejectionOf(
      (async () => {
        for await (const c of client.campaigns.searchCampaignsAll()) seen.push(c.id);
      })(),
    );

    expect(error).toBeInstanceOf(HubSpotError);
    expect((error as HubSpotError).message).toContain("'same'");
    expect(seen).toEqual(['c1', 'c1']);
    expect(s.requests).toHaveLength(2);
  });
});

// ---------------------------------------------------------------------------------------------------------

const INPUTS = Array.from({ length: 120 }, (_, i) => ({ properties: { hs_name: `n${i}` } }));
const STARTED = '2024-02-12T09:30:00.000Z';
const COMPLETED = '2024-02-12T09:30:01.000Z';

interface BatchBody {
  inputs: Array<{ properties: { hs_name: string } }>;
}
interface MergedBatch {
  status: string;
  results: Array<{ id: string }>;
  errors?: Array<{ message: string; context: Record<string, string[]> }>;
  numErrors?: number;
  startedAt: string;
  completedAt: string;
}

const bodyOf = (r: RecordedRequest) => JSON.parse(r.body) as BatchBody;
const offsetOf = (r: RecordedRequest) => Number(bodyOf(r).inputs[0]!.properties.hs_name.slice(1));

/** Answers each chunk by its offset: 0 and 100 succeed (201); 50 is a 207 whose last 5 inputs failed. */
function batchAnswer(req: RecordedRequest, middle: 'partial' | 'fail'): Reply {
  const names = bodyOf(req).inputs.map((input) => input.properties.hs_name);
  const offset = offsetOf(req);
  if (offset === 50) {
    if (middle === 'fail') return { status: 500, json: { status: 'error', message: 'internal error' } };
    const ok = names.slice(0, 45);
    const failed = names.slice(45);
    return {
      status: 207,
      json: {
        status: 'COMPLETE',
        results: ok.map((n) => ({ id: `id-${n}` })),
        numErrors: failed.length,
        errors: failed.map((n) => ({
          status: 'error',
          category: 'VALIDATION_ERROR',
          message: `campaign ${n} is invalid`,
          context: { hs_name: [n] },
          errors: [],
          links: {},
        })),
        startedAt: '2024-02-12T09:29:59.000Z',
        completedAt: '2024-02-12T09:30:02.000Z',
      },
    };
  }
  return {
    status: 201,
    json: {
      status: 'COMPLETE',
      results: names.map((n) => ({ id: `id-${n}` })),
      startedAt: STARTED,
      completedAt: COMPLETED,
    },
  };
}

describe('batch splitting', () => {
  it('sends 120 inputs as 50/50/20 and merges results and the 207 errors, dropping nothing', async () => {
    const s = server.current;
    s.otherwise((req) => batchAnswer(req, 'partial'));
    const { client } = clientFor(s);

    const out = (await client.campaigns.batchCreateCampaigns({ body: { inputs: INPUTS } })) as MergedBatch;

    expect(s.requests).toHaveLength(3);
    const chunks = [...s.requests].sort((a, b) => offsetOf(a) - offsetOf(b));
    expect(chunks.map((r) => bodyOf(r).inputs.length)).toEqual([50, 50, 20]);
    expect(chunks.map((r) => bodyOf(r).inputs)).toEqual([
      INPUTS.slice(0, 50),
      INPUTS.slice(50, 100),
      INPUTS.slice(100),
    ]);
    for (const r of s.requests) {
      expect(r.method).toBe('POST');
      expect(r.path).toBe('/marketing/v3/campaigns/batch/create');
    }

    const expectedIds = [
      ...INPUTS.slice(0, 95).map((i) => `id-${i.properties.hs_name}`),
      ...INPUTS.slice(100).map((i) => `id-${i.properties.hs_name}`),
    ];
    expect(out.results.map((r) => r.id)).toEqual(expectedIds);
    expect(out.errors?.map((e) => e.context.hs_name?.[0])).toEqual(['n95', 'n96', 'n97', 'n98', 'n99']);
    expect(out.numErrors).toBe(5);
    expect(out.status).toBe('COMPLETE');
    expect(out.startedAt).toBe('2024-02-12T09:29:59.000Z');
    expect(out.completedAt).toBe('2024-02-12T09:30:02.000Z');
    // every input is accounted for: a result or an error
    expect(out.results.length + (out.errors?.length ?? 0)).toBe(120);
  });

  it('reports a chunk that fails with 500 as HubSpotBatchError with its inputs and offset, keeping the rest in partial', async () => {
    const s = server.current;
    s.otherwise((req) => batchAnswer(req, 'fail'));
    const { client } = clientFor(s);

    const error = await rejectionOf(client.campaigns.batchCreateCampaigns({ body: { inputs: INPUTS } }));

    expect(error).toBeInstanceOf(HubSpotBatchError);
    expect(error).toBeInstanceOf(HubSpotError);
    const e = error as HubSpotBatchError;
    expect(e.actionId).toBe('batchCreateCampaigns');
    expect(e.message).toContain('50 of 120');
    expect(e.failures).toHaveLength(1);
    const [failure] = e.failures;
    expect(failure!.offset).toBe(50);
    expect(failure!.inputs).toEqual(INPUTS.slice(50, 100));
    expect(failure!.error).toBeInstanceOf(HubSpotServerError);
    expect((failure!.error as HubSpotServerError).status).toBe(500);
    expect(e.cause).toBe(failure!.error);

    const partial = e.partial as MergedBatch;
    expect(partial.results.map((r) => r.id)).toEqual([
      ...INPUTS.slice(0, 50).map((i) => `id-${i.properties.hs_name}`),
      ...INPUTS.slice(100).map((i) => `id-${i.properties.hs_name}`),
    ]);
    expect(s.requests).toHaveLength(3);
  });

  it('sends chunks one at a time, in order, with batchConcurrency: 1', async () => {
    const s = server.current;
    s.otherwise((req) => batchAnswer(req, 'partial'));
    const { client } = clientFor(s);

    await client.campaigns.batchCreateCampaigns({ body: { inputs: INPUTS } }, { batchConcurrency: 1 });

    expect(s.requests.map(offsetOf)).toEqual([0, 50, 100]);
  });

  it('retries a rate-limited chunk and still merges every result', async () => {
    const s = server.current;
    let limited = false;
    s.otherwise((req) => {
      if (offsetOf(req) === 100 && !limited) {
        limited = true;
        return {
          status: 429,
          json: { status: 'error', message: 'slow down', policyName: 'TEN_SECONDLY_ROLLING' },
        };
      }
      return batchAnswer(req, 'partial');
    });
    const { client, retries } = clientFor(s);

    const out = (await client.campaigns.batchCreateCampaigns({ body: { inputs: INPUTS } })) as MergedBatch;

    expect(s.requests).toHaveLength(4);
    expect(retries.map((r) => r.reason)).toEqual(['rate_limited']);
    expect(out.results).toHaveLength(115);
  });

  it('sends 50 inputs or fewer as a single request, unchanged', async () => {
    const s = server.current;
    s.otherwise((req) => batchAnswer(req, 'partial'));
    const { client } = clientFor(s);

    const out = (await client.campaigns.batchCreateCampaigns({
      body: { inputs: INPUTS.slice(0, 50) },
    })) as MergedBatch;

    expect(s.requests).toHaveLength(1);
    expect(bodyOf(s.requests[0]!)).toEqual({ inputs: INPUTS.slice(0, 50) });
    expect(out.results).toHaveLength(50);
  });
});
