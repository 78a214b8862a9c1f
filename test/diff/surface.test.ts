/**
 * The generated client's TypeScript surface, compared between our spec and a variant: what a TypeScript
 * user gains or loses, and the semver bump — a renamed action, a renamed path parameter, a new required
 * query parameter, pagination and batching removed, a response property added or made nullable, a
 * component renamed with the same shape, a documentation-only edit.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visit } from 'yaml';
import type { Side } from '../../generator/diff/context.js';
import { diffSides } from '../../generator/diff/diff.js';
import { loadSide } from '../../generator/diff/sources.js';
import type { DiffResult } from '../../generator/diff/types.js';
import {
  CORPUS_DIR,
  cleanTemp,
  type Edits,
  HAS_CORPUS,
  P,
  renameKey,
  SPEC_DIR,
  specVariant,
} from './helpers.js';
import { ACTION_PAIRS } from './pairs.js';
import { RESPONSE_PAIRS } from './pairs-bodies.js';

let base: Side;
beforeAll(() => {
  base = loadSide(SPEC_DIR);
});
afterAll(cleanTemp);

const pair = (name: string): Edits => {
  const c = [...ACTION_PAIRS, ...RESPONSE_PAIRS].find((x) => x.name.startsWith(name));
  if (!c) throw new Error(`no pair ${name}`);
  return c.head;
};

async function surfaceOf(edits: Edits): Promise<DiffResult> {
  return diffSides(base, loadSide(specVariant(edits)));
}

/** `bump change name` for each surface change. */
const changes = (r: DiffResult) => r.surface.map((c) => `${c.bump} ${c.change} ${c.name}`).sort();

describe('spec diff: the generated client surface', { timeout: 30_000 }, () => {
  it('shows a renamed action as the old function, types and members removed and the new ones added', async () => {
    const r = await surfaceOf(pair('change an operationId'));
    expect(r.surfaceSkipped).toBeNull();
    expect(changes(r)).toEqual(
      [
        'major removed ActionMap.getCampaign',
        'major removed CampaignsApi.getCampaign',
        'major removed getCampaign',
        'major removed GetCampaignInput',
        'major removed GetCampaignOutput',
        'minor added ActionMap.readCampaign',
        'minor added CampaignsApi.readCampaign',
        'minor added readCampaign',
        'minor added ReadCampaignInput',
        'minor added ReadCampaignOutput',
      ].sort(),
    );
    const fn = r.surface.find((c) => c.name === 'getCampaign');
    expect(fn?.base).toBe(
      '(core: HubSpotCore, input: GetCampaignInput, options?: RequestOptions) => Promise<GetCampaignOutput>',
    );
    expect(r.surface.find((c) => c.name === 'ReadCampaignOutput')?.head).toBe(
      "components['schemas']['PublicCampaignWithAssets']",
    );
    expect(r.semver).toBe('major');
  });

  it('shows a renamed path parameter in each input that carries it', async () => {
    const r = await surfaceOf(pair('rename a path parameter'));
    expect(changes(r)).toEqual(
      ['DeleteCampaignInput', 'GetCampaignInput', 'UpdateCampaignInput']
        .flatMap((i) => [`major added ${i}.path.campaignId`, `major removed ${i}.path.campaignGuid`])
        .sort(),
    );
    expect(r.surface.find((c) => c.name === 'GetCampaignInput.path.campaignId')?.message).toMatch(
      /every caller must now pass it/,
    );
  });

  it('shows a new required query parameter as a breaking input change', async () => {
    const r = await surfaceOf(pair('add a required query parameter'));
    expect(changes(r)).toEqual([
      'major added GetCampaignInput.query.locale',
      'major changed GetCampaignInput.query',
    ]);
    expect(r.surface.find((c) => c.name === 'GetCampaignInput.query')?.message).toBe(
      'input property `GetCampaignInput.query` became required',
    );
  });

  it('shows removed pagination as the iterators and item type gone', async () => {
    const r = await surfaceOf(pair('remove pagination metadata'));
    expect(changes(r)).toEqual(
      [
        'major removed CampaignsApi.searchCampaignsAll',
        'major removed CampaignsApi.searchCampaignsPages',
        'major removed PagedActionMap.searchCampaigns',
        'major removed searchCampaignsAll',
        'major removed searchCampaignsPages',
        'major removed SearchCampaignsItem',
      ].sort(),
    );
  });

  it('shows removed batching as the batch options gone from the signature', async () => {
    const r = await surfaceOf({
      'campaigns.yaml': (d) => d.deleteIn(['paths', P.batchRead, 'post', 'x-batch']),
    });
    expect(changes(r)).toEqual(
      ['major changed batchReadCampaigns', 'major changed CampaignsApi.batchReadCampaigns'].sort(),
    );
    expect(r.surface.find((c) => c.name === 'batchReadCampaigns')?.message).toContain(
      'no longer accepts', // the options parameter lost `BatchOptions`
    );
  });

  it('shows a new optional response property as a minor change, and a nullable one as major', async () => {
    const added = await surfaceOf(pair('add an optional response property'));
    expect(changes(added)).toEqual(['minor added components.schemas.SmtpToken.note']);
    expect(added.semver).toBe('minor');
    const nullable = await surfaceOf(pair('make a response property nullable'));
    expect(changes(nullable)).toEqual(['major changed components.schemas.SmtpToken.campaignName']);
    expect(nullable.surface[0]?.message).toContain('may now be `null`');
  });

  it('reports a component renamed with the same shape as a rename only, with no spec finding', async () => {
    const r = await surfaceOf({
      'campaigns.yaml': (d) => {
        renameKey(d, ['components', 'schemas'], 'PublicCampaignInput', 'CampaignInput');
        visit(d, {
          Scalar(_key, node) {
            if (node.value === '#/components/schemas/PublicCampaignInput')
              node.value = '#/components/schemas/CampaignInput';
          },
        });
      },
    });
    expect(r.findings).toEqual([]);
    expect(changes(r)).toEqual(['major changed components.schemas.PublicCampaignInput']);
    expect(r.surface[0]?.message).toMatch(/renamed `components.schemas.CampaignInput` \(same shape\)/);
  });

  describe('judges inputs by the calls that compile, not by how the type is spelt', () => {
    const DEFINITIONS = '/communication-preferences/v3/definitions';
    const param = (required: boolean) => ({
      name: 'includeTranslations',
      in: 'query',
      required,
      description: 'Whether to include translations.',
      schema: { type: 'boolean' },
    });
    const addParam = (file: string, at: string, method: string, required: boolean): Edits => ({
      [file]: (d) => {
        const list = d.getIn(['paths', at, method, 'parameters']) as { add(v: unknown): void } | undefined;
        if (list) list.add(d.createNode(param(required)));
        else d.setIn(['paths', at, method, 'parameters'], d.createNode([param(required)]));
      },
    });
    const majors = (r: DiffResult) => r.surface.filter((c) => c.bump === 'major').map((c) => c.message);

    it('an optional query parameter on an action that had no parameters is minor', async () => {
      const r = await surfaceOf(addParam('communication-preferences.yaml', DEFINITIONS, 'get', false));
      expect(changes(r)).toEqual(['minor added ListSubscriptionDefinitionsInput.query']);
      expect(r.semver).toBe('minor');
    });

    it('the same parameter on an action with a path parameter is minor too', async () => {
      const r = await surfaceOf(addParam('transactional-email.yaml', P.smtpToken, 'get', false));
      expect(majors(r)).toEqual([]);
      expect(changes(r).length).toBeGreaterThan(0);
      expect(r.semver).toBe('minor');
    });

    it('a required one is major, and so is removing the only parameters an action had', async () => {
      const required = await surfaceOf(addParam('communication-preferences.yaml', DEFINITIONS, 'get', true));
      expect(changes(required)).toContain('major added ListSubscriptionDefinitionsInput.query');
      expect(required.semver).toBe('major');
      const removed = await surfaceOf({
        'transactional-email.yaml': (d) => d.deleteIn(['paths', P.smtpTokens, 'get', 'parameters']),
      });
      expect(changes(removed)).toContain('major removed ListSmtpTokensInput.query');
      expect(removed.semver).toBe('major');
    });
  });

  it('finds nothing to bump beyond a patch for a documentation-only edit', async () => {
    const r = await surfaceOf({
      'campaigns.yaml': (d) => d.setIn(['paths', P.campaign, 'get', 'description'], 'New words.'),
    });
    expect(r.findings).toEqual([]);
    expect(r.surface).toEqual([]);
    expect(r.identical).toBe(false);
    expect(r.semver).toBe('patch');
  });

  it('finds nothing at all between a spec and itself', async () => {
    const r = await diffSides(base, loadSide(SPEC_DIR));
    expect(r.identical).toBe(true);
    expect(r.findings).toEqual([]);
    expect(r.surface).toEqual([]);
    expect(r.semver).toBe('none');
  });

  it.skipIf(!HAS_CORPUS)(
    'skips the surface, saying why, for a spec that is not a connector spec',
    async () => {
      const file = `${CORPUS_DIR}/specs/simple3.yaml`;
      const r = await diffSides(loadSide(file), loadSide(`${CORPUS_DIR}/specs/simple4.yaml`));
      expect(r.surfaceSkipped).toMatch(/^not computed: .* is not a connector spec/);
      expect(r.semver).toBe('minor');
    },
  );
});
