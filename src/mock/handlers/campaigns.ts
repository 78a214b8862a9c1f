/**
 * Campaign actions answered from state: CRUD, batch create/read/update/archive (207 with per-item errors for
 * unknown ids), search by name with sorting and cursor paging, assets (associate, list, remove; a campaign's
 * emails show up as MARKETING_EMAIL assets), budget totals, and empty reports for a known campaign. Reads
 * return only the properties asked for (none asked: an empty map), as HubSpot does.
 */
import { MockApiError } from '../envelope.js';
import type { Campaign, CampaignAsset } from '../state/campaigns.js';
import { pageOf } from '../state/paging.js';
import type { MockStore } from '../state/store.js';
import type { HandlerRequest, OperationHandlers } from '../types.js';
import { batch, batchError, body, created, integer, list, noContent, ok, param, text } from './http.js';

type Properties = Record<string, string>;

/** `'all'`: every property (create, update); a list: those (reads); `undefined`: none (reads). */
type Selection = 'all' | string[] | undefined;

function view(c: Campaign, selection: Selection) {
  const properties =
    selection === 'all'
      ? { ...c.properties }
      : Object.fromEntries(
          (selection ?? []).flatMap((p) => (p in c.properties ? [[p, c.properties[p]]] : [])),
        );
  return { id: c.id, properties, businessUnits: [{ id: 0 }], createdAt: c.createdAt, updatedAt: c.updatedAt };
}

function withAssets(store: MockStore, c: Campaign, selection: Selection, metrics: boolean) {
  const assets: Record<string, { results: CampaignAsset[] }> = {};
  for (const [type, items] of Object.entries(store.campaigns.assets(c.id))) {
    assets[type] = { results: items.map((a) => (metrics ? { ...a, metrics: {} } : a)) };
  }
  return { ...view(c, selection), assets };
}

export function campaignHandlers(store: MockStore): OperationHandlers {
  const campaigns = store.campaigns;
  const hasDates = (r: HandlerRequest) =>
    text(r, 'startDate') !== undefined && text(r, 'endDate') !== undefined;

  return {
    createCampaign: (r) =>
      created(view(campaigns.create(body<{ properties: Properties }>(r).properties), 'all')),
    getCampaign: (r) =>
      ok(withAssets(store, campaigns.get(param(r, 'campaignGuid')), list(r, 'properties'), hasDates(r))),
    updateCampaign: (r) =>
      ok(
        view(
          campaigns.update(param(r, 'campaignGuid'), body<{ properties: Properties }>(r).properties),
          'all',
        ),
      ),
    deleteCampaign: (r) => {
      campaigns.delete(param(r, 'campaignGuid'));
      return noContent();
    },
    searchCampaigns: (r) => {
      const found = campaigns.search(text(r, 'name'), text(r, 'sort'));
      const page = pageOf(found, text(r, 'after'), integer(r, 'limit'), 50);
      const selection = list(r, 'properties');
      return ok({ total: found.length, ...page, results: page.results.map((c) => view(c, selection)) });
    },

    batchCreateCampaigns: (r) => {
      const results: unknown[] = [];
      const errors = [];
      for (const input of body<{ inputs: Array<{ properties: Properties }> }>(r).inputs) {
        try {
          results.push(view(campaigns.create(input.properties), 'all'));
        } catch (err) {
          if (!(err instanceof MockApiError)) throw err;
          errors.push(batchError(err.envelope.category, err.message, []));
        }
      }
      return batch(results, errors, { status: 201 });
    },
    batchReadCampaigns: (r) => {
      const selection = list(r, 'properties');
      const results: unknown[] = [];
      const missing: string[] = [];
      for (const { id } of body<{ inputs: Array<{ id: string }> }>(r).inputs) {
        const campaign = campaigns.find(id);
        if (campaign) results.push(withAssets(store, campaign, selection, hasDates(r)));
        else missing.push(id);
      }
      return batch(results, notFoundErrors(missing));
    },
    batchUpdateCampaigns: (r) => {
      const results: unknown[] = [];
      const missing: string[] = [];
      for (const { id, properties } of body<{ inputs: Array<{ id: string; properties: Properties }> }>(r)
        .inputs) {
        if (campaigns.find(id)) results.push(view(campaigns.update(id, properties), 'all'));
        else missing.push(id);
      }
      return batch(results, notFoundErrors(missing));
    },
    batchDeleteCampaigns: (r) => {
      for (const { id } of body<{ inputs: Array<{ id: string }> }>(r).inputs) campaigns.delete(id);
      return noContent();
    },

    associateCampaignAsset: (r) => {
      campaigns.associate(param(r, 'campaignGuid'), param(r, 'assetType'), param(r, 'assetId'));
      return noContent();
    },
    disassociateCampaignAsset: (r) => {
      campaigns.disassociate(param(r, 'campaignGuid'), param(r, 'assetType'), param(r, 'assetId'));
      return noContent();
    },
    listCampaignAssets: (r) => {
      const assets = campaigns.assets(param(r, 'campaignGuid'))[param(r, 'assetType')] ?? [];
      const page = pageOf(assets, text(r, 'after'), integer(r, 'limit'), 10);
      return ok(hasDates(r) ? { ...page, results: page.results.map((a) => ({ ...a, metrics: {} })) } : page);
    },

    getCampaignBudgetTotals: (r) => {
      const c = campaigns.get(param(r, 'campaignGuid'));
      const sum = (items: Array<{ amount: number }>) => items.reduce((total, item) => total + item.amount, 0);
      const budgetTotal = sum(c.budgetItems);
      const spendTotal = sum(c.spendItems);
      return ok({
        currencyCode: c.currencyCode,
        budgetTotal,
        spendTotal,
        remainingBudget: budgetTotal - spendTotal,
        budgetItems: c.budgetItems,
        spendItems: c.spendItems,
      });
    },
    listCampaignContacts: (r) => {
      campaigns.get(param(r, 'campaignGuid'));
      return ok({ results: [] });
    },
    getCampaignRevenue: (r) => {
      const c = campaigns.get(param(r, 'campaignGuid'));
      return ok({
        currencyCode: c.currencyCode,
        revenueAmount: 0,
        dealAmount: 0,
        dealsNumber: 0,
        contactsNumber: 0,
      });
    },
    getCampaignMetrics: (r) => {
      campaigns.get(param(r, 'campaignGuid'));
      return ok({ influencedContacts: 0, newContactsFirstTouch: 0, newContactsLastTouch: 0, sessions: 0 });
    },
  };
}

function notFoundErrors(ids: string[]) {
  return ids.length === 0
    ? []
    : [batchError('OBJECT_NOT_FOUND', `Could not find campaigns: ${ids.join(', ')}`, ids)];
}
