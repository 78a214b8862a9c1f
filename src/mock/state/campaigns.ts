/**
 * Campaigns in memory: create, read, update (an empty string clears a property), delete, search by name with
 * sorting, assets linked by type (plus assets derived from other objects, such as the campaign's emails), and
 * budget lines (seeded only: the API has no action to add them).
 */
import { badRequest, notFound } from '../envelope.js';
import { type IdSource, nowIso } from './ids.js';
import type { SeedBudgetLine, SeedCampaign } from './seed.js';

export interface CampaignAsset {
  id: string;
  name?: string;
}

export interface BudgetLine {
  id: string;
  name: string;
  amount: number;
  description?: string;
  order: number;
  createdAt: number;
  updatedAt: number;
}

export interface Campaign {
  id: string;
  properties: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  /** Asset id -> asset, by asset type. */
  assets: Map<string, Map<string, CampaignAsset>>;
  currencyCode: string;
  budgetItems: BudgetLine[];
  spendItems: BudgetLine[];
}

/** The asset types HubSpot lets the API associate and disassociate. */
export const ASSOCIABLE_ASSET_TYPES = ['FORM', 'OBJECT_LIST', 'EXTERNAL_WEB_URL'] as const;

export type CampaignSort = 'hs_name' | 'createdAt' | 'updatedAt';

/** Assets that other objects link to a campaign (e.g. emails whose `campaign` is its GUID), by type. */
export type DerivedAssets = (campaignId: string) => Record<string, CampaignAsset[]>;

export class CampaignStore {
  private campaigns = new Map<string, Campaign>();

  constructor(
    private readonly ids: IdSource,
    private readonly derived: DerivedAssets = () => ({}),
  ) {}

  create(properties: Record<string, string>): Campaign {
    if (!properties.hs_name)
      throw badRequest('A campaign needs a name (hs_name).', 'body.properties.hs_name');
    const at = nowIso();
    const campaign: Campaign = {
      id: this.ids.guid(),
      properties: withoutEmpty(properties),
      createdAt: at,
      updatedAt: at,
      assets: new Map(),
      currencyCode: 'USD',
      budgetItems: [],
      spendItems: [],
    };
    this.campaigns.set(campaign.id, campaign);
    return campaign;
  }

  seed(input: SeedCampaign): Campaign {
    const campaign = this.create(input.properties);
    if (input.id !== undefined) {
      this.campaigns.delete(campaign.id);
      campaign.id = input.id;
      this.campaigns.set(campaign.id, campaign);
    }
    for (const [type, assets] of Object.entries(input.assets ?? {})) {
      for (const asset of assets) this.assetsOf(campaign, type).set(asset.id, { ...asset });
    }
    campaign.currencyCode = input.budget?.currencyCode ?? campaign.currencyCode;
    const lines = (items: SeedBudgetLine[] = []): BudgetLine[] =>
      items.map((item, order) => {
        const at = Date.now();
        return { id: this.ids.numeric('budgetItem'), ...item, order, createdAt: at, updatedAt: at };
      });
    campaign.budgetItems = lines(input.budget?.budgetItems);
    campaign.spendItems = lines(input.budget?.spendItems);
    return campaign;
  }

  find(id: string): Campaign | undefined {
    return this.campaigns.get(id);
  }

  get(id: string): Campaign {
    const campaign = this.campaigns.get(id);
    if (!campaign) throw notFound('Campaign', id);
    return campaign;
  }

  update(id: string, properties: Record<string, string>): Campaign {
    const campaign = this.get(id);
    if (properties.hs_name === '')
      throw badRequest('A campaign name cannot be cleared.', 'body.properties.hs_name');
    campaign.properties = withoutEmpty({ ...campaign.properties, ...properties });
    campaign.updatedAt = nowIso();
    return campaign;
  }

  /** Deletes the campaign if it exists (HubSpot answers the same either way). */
  delete(id: string): void {
    this.campaigns.delete(id);
  }

  /** Campaigns whose name contains `name` (case-insensitive), sorted (`-` prefix: descending). */
  search(name: string | undefined, sort: string | undefined): Campaign[] {
    const needle = name?.toLowerCase();
    const found = [...this.campaigns.values()].filter(
      (c) => needle === undefined || (c.properties.hs_name ?? '').toLowerCase().includes(needle),
    );
    const field = (sort?.replace(/^-/, '') ?? 'createdAt') as CampaignSort;
    const key = (c: Campaign) => (field === 'hs_name' ? (c.properties.hs_name ?? '') : c[field]);
    found.sort((a, b) => key(a).localeCompare(key(b), 'en'));
    return sort?.startsWith('-') ? found.reverse() : found;
  }

  associate(id: string, type: string, assetId: string): void {
    assertAssociable(type);
    this.assetsOf(this.get(id), type).set(assetId, { id: assetId });
  }

  disassociate(id: string, type: string, assetId: string): void {
    assertAssociable(type);
    this.assetsOf(this.get(id), type).delete(assetId);
  }

  /** The campaign's assets of every type: linked ones and derived ones (its emails). */
  assets(id: string): Record<string, CampaignAsset[]> {
    const campaign = this.get(id);
    const out: Record<string, CampaignAsset[]> = {};
    for (const [type, assets] of campaign.assets) if (assets.size > 0) out[type] = [...assets.values()];
    for (const [type, assets] of Object.entries(this.derived(id))) {
      if (assets.length > 0) out[type] = [...(out[type] ?? []), ...assets];
    }
    return out;
  }

  clear(): void {
    this.campaigns.clear();
  }

  private assetsOf(campaign: Campaign, type: string): Map<string, CampaignAsset> {
    let assets = campaign.assets.get(type);
    if (!assets) {
      assets = new Map();
      campaign.assets.set(type, assets);
    }
    return assets;
  }
}

function assertAssociable(type: string): void {
  if (!(ASSOCIABLE_ASSET_TYPES as readonly string[]).includes(type)) {
    throw badRequest(
      `Assets of type ${type} cannot be associated through the API; use one of ${ASSOCIABLE_ASSET_TYPES.join(', ')}.`,
      'path.assetType',
    );
  }
}

function withoutEmpty(properties: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(properties).filter(([, value]) => value !== ''));
}
