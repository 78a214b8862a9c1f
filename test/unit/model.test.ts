/**
 * The model built from the real spec: areas, actions, parameters, connector groups, pagination, batch
 * limits and credentials. Built with loadSpec + buildModel (the same model `compile()` returns, without the
 * lint pass and the emitters, so this file stays fast).
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveLocal } from '../../generator/check.js';
import { isObject, type Json, loadSpec } from '../../generator/load.js';
import { type Action, buildModel, type Model } from '../../generator/model.js';
import { PROJECT_ROOT } from '../../generator/pipeline.js';

interface ConnectorEntry {
  group: string;
  method: string;
  path: string;
  title: string;
}

interface SeedEntry {
  group: string;
  method: string;
  path: string;
  title: string;
}

const SEED_FILE = path.resolve(PROJECT_ROOT, '..', 'shared', 'reference', 'seed-actions.json');
const HAS_SEED = fs.existsSync(SEED_FILE);

const connector = (
  JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'generator', 'connector-actions.json'), 'utf8')) as {
    actions: ConnectorEntry[];
  }
).actions;

const EXPECTED_AREAS = [
  { key: 'campaigns', name: 'Campaigns', slug: 'campaigns', count: 16 },
  { key: 'marketingEvents', name: 'Marketing Events', slug: 'marketing-events', count: 27 },
  { key: 'marketingEmails', name: 'Marketing Emails', slug: 'marketing-emails', count: 19 },
  { key: 'transactionalEmail', name: 'Transactional Email', slug: 'transactional-email', count: 7 },
  {
    key: 'communicationPreferences',
    name: 'Communication Preferences',
    slug: 'communication-preferences',
    count: 4,
  },
];

const PAGED = [
  'listCampaignAssets',
  'listCampaignContacts',
  'listMarketingEmailRevisions',
  'listMarketingEmails',
  'listParticipationBreakdown',
  'listParticipationBreakdownByContact',
  'listParticipationBreakdownByExternalIds',
  'listSmtpTokens',
  'searchCampaigns',
];

const BATCH = ['batchCreateCampaigns', 'batchDeleteCampaigns', 'batchReadCampaigns', 'batchUpdateCampaigns'];

const APP_SETTINGS = ['getMarketingEventAppSettings', 'updateMarketingEventAppSettings'];

const key = (method: string, p: string) => `${method.toLowerCase()} ${p}`;

function countBy<T>(items: T[], f: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[f(item)] = (out[f(item)] ?? 0) + 1;
  return out;
}

let model: Model;
let byId: Map<string, Action>;
const action = (id: string): Action => {
  const a = byId.get(id);
  if (!a) throw new Error(`no action ${id}`);
  return a;
};

beforeAll(() => {
  model = buildModel(loadSpec(path.join(PROJECT_ROOT, 'spec', 'openapi.yaml')));
  byId = new Map(model.actions.map((a) => [a.id, a]));
});

describe('actions', () => {
  it('has exactly 73 actions with unique, non-empty ids', () => {
    expect(model.actions).toHaveLength(73);
    const ids = model.actions.map((a) => a.id);
    expect(new Set(ids).size).toBe(73);
    for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z0-9]*$/);
  });

  it('has unique method + path pairs', () => {
    expect(new Set(model.actions.map((a) => key(a.method, a.path))).size).toBe(73);
  });

  it('gives every action a summary, a description and at least one success response', () => {
    for (const a of model.actions) {
      expect(a.summary.trim(), a.id).not.toBe('');
      expect(a.description.trim(), a.id).not.toBe('');
      expect(a.success.length, a.id).toBeGreaterThan(0);
      for (const r of a.success) expect(r.status, a.id).toMatch(/^2\d\d$/);
    }
  });

  it('marks every path parameter required and names it in the path, and declares every path placeholder', () => {
    for (const a of model.actions) {
      const placeholders = [...a.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      const pathParams = a.params.filter((p) => p.in === 'path');
      for (const p of pathParams) {
        expect(p.required, `${a.id}: path.${p.name}`).toBe(true);
        expect(a.path, `${a.id}: path.${p.name}`).toContain(`{${p.name}}`);
      }
      expect(pathParams.map((p) => p.name).sort(), a.id).toEqual([...placeholders].sort());
    }
  });

  it('has no duplicate parameter (same name and location) within an action', () => {
    for (const a of model.actions) {
      const keys = a.params.map((p) => `${p.in}:${p.name}`);
      expect(new Set(keys).size, a.id).toBe(keys.length);
    }
  });

  it('orders parameters path, query, header, cookie', () => {
    const rank = { path: 0, query: 1, header: 2, cookie: 3 };
    for (const a of model.actions) {
      const ranks = a.params.map((p) => rank[p.in]);
      expect(ranks, a.id).toEqual([...ranks].sort((x, y) => x - y));
    }
  });
});

describe('areas', () => {
  it('has the 5 expected areas, in order, with their keys, slugs and action counts', () => {
    expect(
      model.areas.map((a) => ({ key: a.key, name: a.name, slug: a.slug, count: a.actions.length })),
    ).toEqual(EXPECTED_AREAS);
  });

  it('puts every action in exactly one area, the one named by its areaKey', () => {
    const seen = new Map<string, string>();
    for (const area of model.areas) {
      expect(area.description.trim(), area.key).not.toBe('');
      for (const a of area.actions) {
        expect(a.areaKey).toBe(area.key);
        expect(seen.has(a.id), a.id).toBe(false);
        seen.set(a.id, area.key);
      }
    }
    expect(seen.size).toBe(model.actions.length);
  });
});

describe('connector groups', () => {
  it('generator/connector-actions.json lists 73 actions', () => {
    expect(connector).toHaveLength(73);
  });

  it('matches generator/connector-actions.json: same method + path set, same group per action', () => {
    const want = new Map(connector.map((c) => [key(c.method, c.path), c.group]));
    const got = new Map(model.actions.map((a) => [key(a.method, a.path), a.connectorGroup]));
    expect(got).toEqual(want);
  });

  it('has groups sorted by name whose members carry that group and whose counts match the list', () => {
    const names = model.groups.map((g) => g.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    for (const g of model.groups) for (const a of g.actions) expect(a.connectorGroup).toBe(g.name);
    expect(Object.fromEntries(model.groups.map((g) => [g.name, g.actions.length]))).toEqual(
      countBy(connector, (c) => c.group),
    );
    expect(model.groups.reduce((n, g) => n + g.actions.length, 0)).toBe(73);
  });

  describe.skipIf(!HAS_SEED)('the original seed list (../shared/reference/seed-actions.json)', () => {
    const seed = (): SeedEntry[] => JSON.parse(fs.readFileSync(SEED_FILE, 'utf8')) as SeedEntry[];

    it('has 73 entries', () => {
      expect(seed()).toHaveLength(73);
    });

    it('has the same group counts as the model', () => {
      expect(Object.fromEntries(model.groups.map((g) => [g.name, g.actions.length]))).toEqual(
        countBy(seed(), (s) => s.group),
      );
    });

    it('has the same methods and paths as the model, each in the same group', () => {
      const want = seed()
        .map((s) => `${s.group} | ${key(s.method, s.path)}`)
        .sort();
      const got = model.actions.map((a) => `${a.connectorGroup} | ${key(a.method, a.path)}`).sort();
      expect(got).toEqual(want);
    });

    it('agrees with generator/connector-actions.json entry by entry', () => {
      expect(seed().map((s) => ({ ...s, method: s.method.toLowerCase() }))).toMatchObject(
        connector.map((c) => ({ group: c.group, method: c.method, path: c.path, title: c.title })),
      );
    });
  });
});

describe('pagination', () => {
  it('is set on exactly the cursor-paged actions', () => {
    expect(
      model.actions
        .filter((a) => a.pagination)
        .map((a) => a.id)
        .sort(),
    ).toEqual(PAGED);
  });

  it('names a real query parameter as the cursor (and limit), and points into the response schema', () => {
    for (const id of PAGED) {
      const a = action(id);
      const pg = a.pagination;
      expect(pg, id).toEqual(
        expect.objectContaining({
          cursorParam: 'after',
          nextCursorPath: 'paging.next.after',
          itemsPath: 'results',
        }),
      );
      if (!pg) continue;
      const query = a.params.filter((p) => p.in === 'query');
      expect(
        query.find((p) => p.name === pg.cursorParam),
        id,
      ).toMatchObject({ required: false });
      if (pg.limitParam)
        expect(
          query.map((p) => p.name),
          id,
        ).toContain(pg.limitParam);

      const schema = resolveLocal(model.document, a.success[0]?.schema);
      const props = isObject(schema) && isObject(schema.properties) ? schema.properties : {};
      const items = resolveLocal(model.document, props[pg.itemsPath]);
      expect(isObject(items) && items.type, `${id}: ${pg.itemsPath}`).toBe('array');
      let cursor: Json | undefined = schema;
      for (const step of pg.nextCursorPath.split('.')) {
        const obj = resolveLocal(model.document, cursor);
        cursor = isObject(obj) && isObject(obj.properties) ? obj.properties[step] : undefined;
      }
      expect(cursor, `${id}: ${pg.nextCursorPath}`).toBeDefined();
    }
  });

  it('is missing only from actions without an `after` cursor parameter', () => {
    for (const a of model.actions) {
      const hasCursor = a.params.some((p) => p.in === 'query' && p.name === 'after');
      expect(Boolean(a.pagination), a.id).toBe(hasCursor);
    }
  });
});

describe('batch', () => {
  it('is set on exactly the four campaign batch actions, with at most 50 inputs', () => {
    expect(
      model.actions
        .filter((a) => a.batch)
        .map((a) => a.id)
        .sort(),
    ).toEqual(BATCH);
    for (const id of BATCH) {
      expect(action(id).batch, id).toEqual({ inputsPath: 'inputs', maxItems: 50 });
      expect(action(id).areaKey).toBe('campaigns');
    }
  });

  it('agrees with the request body schema: `inputs` is a required array of at most 50 items', () => {
    for (const id of BATCH) {
      const a = action(id);
      expect(a.requestBody?.required, id).toBe(true);
      const schema = resolveLocal(model.document, a.requestBody?.schema);
      expect(isObject(schema), id).toBe(true);
      if (!isObject(schema) || !isObject(schema.properties)) continue;
      expect(schema.required, id).toContain('inputs');
      const inputs = resolveLocal(model.document, schema.properties.inputs);
      expect(inputs, id).toMatchObject({ type: 'array', maxItems: 50 });
    }
  });
});

describe('credentials', () => {
  it('the two app-settings actions use the developer API key, every other action an access token', () => {
    for (const a of model.actions) {
      expect(a.credential, a.id).toBe(APP_SETTINGS.includes(a.id) ? 'developerApiKey' : 'accessToken');
    }
    for (const id of APP_SETTINGS) {
      expect(action(id).security.map((s) => s.scheme)).toEqual(['developerApiKey']);
      expect(action(id).path).toBe('/marketing/v3/marketing-events/{appId}/settings');
    }
  });

  it('every access-token action requires at least one scope, and the schemes exist', () => {
    const schemes = new Set(model.securitySchemes.map((s) => s.name));
    for (const a of model.actions) {
      expect(a.security.length, a.id).toBeGreaterThan(0);
      for (const s of a.security) expect(schemes.has(s.scheme), `${a.id}: ${s.scheme}`).toBe(true);
      if (a.credential === 'accessToken')
        expect(
          a.security.some((s) => s.scopes.length > 0),
          a.id,
        ).toBe(true);
    }
  });
});

describe('request examples', () => {
  it('every action with a required path parameter has an example value for it', () => {
    for (const a of model.actions) {
      for (const p of a.params.filter((x) => x.in === 'path')) {
        expect(a.example.path?.[p.name], `${a.id}: path.${p.name}`).toBeDefined();
      }
      if (a.requestBody?.required) expect(a.example.body, `${a.id}: body`).toBeDefined();
    }
  });
});
