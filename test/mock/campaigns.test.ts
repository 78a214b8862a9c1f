/**
 * The mock's campaign state, through the generated client: create/read/update/delete, 404 envelopes for
 * unknown ids, search by name with sorting and cursor paging, batches with per-item errors, assets (linked and
 * derived from emails) and budget totals from the seed; state is per server and `reset()` returns to the seed.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HubSpotApiError } from '../../generated/client/index.js';
import { expectSchemaValidAnswers, type MockSetup, rejectionOf, startMockWithClient } from './helpers.js';

const SEEDED = '4f1a6a8e-2b7c-4d3e-9f10-6c5b2a1d0e99';
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

let setup: MockSetup;

beforeAll(async () => {
  setup = await startMockWithClient({
    seed: {
      campaigns: [
        {
          id: SEEDED,
          properties: { hs_name: 'Seeded spring campaign' },
          assets: { FORM: [{ id: 'form-1', name: 'Sign-up form' }] },
          budget: {
            currencyCode: 'EUR',
            budgetItems: [
              { name: 'Paid social', amount: 5000 },
              { name: 'Webinar production', amount: 3000, description: 'Studio and host' },
            ],
            spendItems: [{ name: 'LinkedIn ads', amount: 1250.5 }],
          },
        },
      ],
    },
  });
}, 30_000);

afterEach(() => {
  try {
    expectSchemaValidAnswers(setup.mock);
  } finally {
    setup.mock.reset();
  }
});

afterAll(async () => {
  await setup?.mock.close();
});

describe('campaign CRUD', () => {
  it('creates a campaign with a GUID and timestamps, reads, updates and deletes it', async () => {
    const { campaigns } = setup.client;
    const created = await campaigns.createCampaign({
      body: { properties: { hs_name: 'Autumn launch', hs_notes: 'Q4' } },
    });
    expect(created.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(created.properties).toEqual({ hs_name: 'Autumn launch', hs_notes: 'Q4' });
    expect(Date.parse(created.createdAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(created.updatedAt).toBe(created.createdAt);

    const read = await campaigns.getCampaign({
      path: { campaignGuid: created.id },
      query: { properties: ['hs_name', 'hs_notes'] },
    });
    expect(read).toMatchObject({ id: created.id, properties: created.properties, assets: {} });
    // No properties asked for: an empty map, as HubSpot does.
    expect((await campaigns.getCampaign({ path: { campaignGuid: created.id } })).properties).toEqual({});

    const updated = await campaigns.updateCampaign({
      path: { campaignGuid: created.id },
      body: { properties: { hs_notes: '', hs_name: 'Autumn launch 2026' } },
    });
    expect(updated.properties).toEqual({ hs_name: 'Autumn launch 2026' });

    await campaigns.deleteCampaign({ path: { campaignGuid: created.id } });
    const error = await rejectionOf(campaigns.getCampaign({ path: { campaignGuid: created.id } }));
    expect(error).toBeInstanceOf(HubSpotApiError);
    expect(error).toMatchObject({ status: 404, category: 'OBJECT_NOT_FOUND' });
    // Deleting again is still a 204, as documented.
    await campaigns.deleteCampaign({ path: { campaignGuid: created.id } });
  });

  it('answers 404 OBJECT_NOT_FOUND for unknown campaign ids everywhere', async () => {
    const { campaigns } = setup.client;
    const path = { campaignGuid: UNKNOWN };
    for (const call of [
      () => campaigns.getCampaign({ path }),
      () => campaigns.updateCampaign({ path, body: { properties: { hs_name: 'x' } } }),
      () => campaigns.getCampaignBudgetTotals({ path }),
      () => campaigns.getCampaignMetrics({ path }),
      () => campaigns.getCampaignRevenue({ path }),
      () => campaigns.listCampaignAssets({ path: { ...path, assetType: 'FORM' } }),
      () => campaigns.associateCampaignAsset({ path: { ...path, assetType: 'FORM', assetId: 'f' } }),
    ]) {
      const error = await rejectionOf(call());
      expect(error).toMatchObject({ status: 404, category: 'OBJECT_NOT_FOUND' });
      expect((error as HubSpotApiError).message).toContain(UNKNOWN);
    }
  });

  it('refuses a campaign without a name with a 400 naming the field', async () => {
    const error = await rejectionOf(
      setup.client.campaigns.createCampaign({ body: { properties: { hs_notes: 'x' } } }),
    );
    expect(error).toMatchObject({ status: 400, category: 'VALIDATION_ERROR' });
    expect((error as HubSpotApiError).errors[0]?.in).toBe('body.properties.hs_name');
  });
});

describe('search', () => {
  it('filters by name (case-insensitive, partial), sorts, and pages with after/limit', async () => {
    const { campaigns } = setup.client;
    for (const name of ['Spring webinar', 'Summer sale', 'spring newsletter', 'Spring retargeting']) {
      await campaigns.createCampaign({ body: { properties: { hs_name: name } } });
    }
    const first = await campaigns.searchCampaigns({
      query: { name: 'SPRING', sort: 'hs_name', limit: 2, properties: ['hs_name'] },
    });
    expect(first.total).toBe(4);
    // Names sort case-insensitively, as in HubSpot's UI.
    expect(first.results.map((c) => c.properties.hs_name)).toEqual([
      'Seeded spring campaign',
      'spring newsletter',
    ]);
    expect(first.paging?.next?.after).toBeDefined();
    const second = await campaigns.searchCampaigns({
      query: {
        name: 'SPRING',
        sort: 'hs_name',
        limit: 2,
        properties: ['hs_name'],
        after: first.paging?.next?.after,
      },
    });
    expect(second.results.map((c) => c.properties.hs_name)).toEqual(['Spring retargeting', 'Spring webinar']);
    expect(second.paging).toBeUndefined();

    const names: string[] = [];
    for await (const c of setup.client.paginate('searchCampaigns', {
      query: { sort: '-hs_name', limit: 1, properties: ['hs_name'] },
    })) {
      names.push(c.properties.hs_name ?? '');
    }
    expect(names).toEqual([
      'Summer sale',
      'Spring webinar',
      'Spring retargeting',
      'spring newsletter',
      'Seeded spring campaign',
    ]);
  });

  it('answers 400 for a cursor it did not give out', async () => {
    const error = await rejectionOf(setup.client.campaigns.searchCampaigns({ query: { after: 'bogus' } }));
    expect(error).toMatchObject({ status: 400, category: 'VALIDATION_ERROR' });
  });
});

describe('batches', () => {
  it('creates, reads, updates and archives in bulk; unknown ids give a 207 with errors', async () => {
    const { campaigns } = setup.client;
    const created = await campaigns.batchCreateCampaigns({
      body: { inputs: [{ properties: { hs_name: 'B1' } }, { properties: { hs_name: 'B2' } }] },
    });
    expect(created.status).toBe('COMPLETE');
    const ids = created.results.map((c) => c.id);
    expect(ids).toHaveLength(2);

    const read = await campaigns.batchReadCampaigns({
      body: { inputs: [...ids.map((id) => ({ id })), { id: UNKNOWN }] },
      query: { properties: ['hs_name'] },
    });
    expect(read.results.map((c) => c.properties.hs_name).sort()).toEqual(['B1', 'B2']);
    expect(setup.mock.requests.at(-1)?.status).toBe(207);
    expect(read).toMatchObject({
      numErrors: 1,
      errors: [{ category: 'OBJECT_NOT_FOUND', context: { ids: [UNKNOWN] } }],
    });

    const updated = await campaigns.batchUpdateCampaigns({
      body: { inputs: [{ id: ids[0] as string, properties: { hs_notes: 'updated' } }] },
    });
    expect(updated.results[0]?.properties).toEqual({ hs_name: 'B1', hs_notes: 'updated' });
    expect(setup.mock.requests.at(-1)?.status).toBe(200);

    await campaigns.batchDeleteCampaigns({ body: { inputs: ids.map((id) => ({ id })) } });
    const after = await campaigns.searchCampaigns({ query: { name: 'B' } });
    expect(after.results.map((c) => c.id)).not.toContain(ids[0]);
  });
});

describe('assets', () => {
  it('associates, lists (paged) and removes assets; emails of the campaign show up as MARKETING_EMAIL', async () => {
    const { campaigns, marketingEmails } = setup.client;
    const path = { campaignGuid: SEEDED };
    for (const assetId of ['form-2', 'form-3']) {
      await campaigns.associateCampaignAsset({ path: { ...path, assetType: 'FORM', assetId } });
    }
    await campaigns.associateCampaignAsset({ path: { ...path, assetType: 'OBJECT_LIST', assetId: '4821' } });
    const email = await marketingEmails.createMarketingEmail({
      body: { name: 'Launch email', campaign: SEEDED },
    });

    const page = await campaigns.listCampaignAssets({
      path: { ...path, assetType: 'FORM' },
      query: { limit: '2' },
    });
    expect(page.results.map((a) => a.id)).toEqual(['form-1', 'form-2']);
    const rest = await campaigns.listCampaignAssets({
      path: { ...path, assetType: 'FORM' },
      query: { limit: '2', after: page.paging?.next?.after },
    });
    expect(rest.results.map((a) => a.id)).toEqual(['form-3']);

    await campaigns.disassociateCampaignAsset({ path: { ...path, assetType: 'FORM', assetId: 'form-2' } });
    const campaign = await campaigns.getCampaign({ path });
    expect(Object.keys(campaign.assets).sort()).toEqual(['FORM', 'MARKETING_EMAIL', 'OBJECT_LIST']);
    expect(campaign.assets.FORM?.results.map((a) => a.id)).toEqual(['form-1', 'form-3']);
    expect(campaign.assets.MARKETING_EMAIL?.results).toEqual([{ id: email.id, name: 'Launch email' }]);

    const withMetrics = await campaigns.getCampaign({
      path,
      query: { startDate: '2026-01-01', endDate: '2026-03-31' },
    });
    expect(withMetrics.assets.FORM?.results[0]?.metrics).toEqual({});
  });

  it('refuses asset types the API cannot associate', async () => {
    const error = await rejectionOf(
      setup.client.campaigns.associateCampaignAsset({
        path: { campaignGuid: SEEDED, assetType: 'BLOG_POST', assetId: '1' },
      }),
    );
    expect(error).toMatchObject({ status: 400, category: 'VALIDATION_ERROR' });
    expect((error as HubSpotApiError).errors[0]?.in).toBe('path.assetType');
  });
});

describe('budget and reports', () => {
  it('reads the seeded budget back with totals, and zero budget for a new campaign', async () => {
    const { campaigns } = setup.client;
    const totals = await campaigns.getCampaignBudgetTotals({ path: { campaignGuid: SEEDED } });
    expect(totals).toMatchObject({
      currencyCode: 'EUR',
      budgetTotal: 8000,
      spendTotal: 1250.5,
      remainingBudget: 6749.5,
    });
    expect(totals.budgetItems.map((i) => [i.name, i.order])).toEqual([
      ['Paid social', 0],
      ['Webinar production', 1],
    ]);

    const fresh = await campaigns.createCampaign({ body: { properties: { hs_name: 'No budget yet' } } });
    expect(await campaigns.getCampaignBudgetTotals({ path: { campaignGuid: fresh.id } })).toEqual({
      currencyCode: 'USD',
      budgetTotal: 0,
      spendTotal: 0,
      remainingBudget: 0,
      budgetItems: [],
      spendItems: [],
    });
    const path = { campaignGuid: fresh.id };
    expect(await campaigns.getCampaignMetrics({ path })).toMatchObject({ sessions: 0 });
    expect(await campaigns.getCampaignRevenue({ path })).toMatchObject({ revenueAmount: 0 });
    const contacts = await campaigns.listCampaignContacts({
      path: { ...path, contactType: 'influencedContacts' },
    });
    expect(contacts.results).toEqual([]);
  });
});

describe('state lifetime', () => {
  it('keeps state per server instance and goes back to the seed on reset()', async () => {
    const created = await setup.client.campaigns.createCampaign({
      body: { properties: { hs_name: 'Temporary' } },
    });
    const other = await startMockWithClient();
    try {
      const error = await rejectionOf(
        other.client.campaigns.getCampaign({ path: { campaignGuid: created.id } }),
      );
      expect(error).toMatchObject({ status: 404 });
      expect((await other.client.campaigns.searchCampaigns({})).total).toBe(0);
    } finally {
      await other.mock.close();
    }
    setup.mock.reset();
    expect(setup.mock.requests).toEqual([]);
    const after = await setup.client.campaigns.searchCampaigns({ query: { properties: ['hs_name'] } });
    expect(after.results.map((c) => [c.id, c.properties.hs_name])).toEqual([
      [SEEDED, 'Seeded spring campaign'],
    ]);
  });
});
