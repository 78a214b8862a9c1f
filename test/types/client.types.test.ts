/**
 * Type tests for the generated client. They are checked by `npx tsc --noEmit -p .` (tsconfig.json includes
 * test/), and again by test/types/bad-calls.test.ts through the compiler API, so they hold even when only
 * vitest runs: the `@ts-expect-error` lines must each be an error (an unused one is itself an error), and
 * the `expectTypeOf` assertions fail to compile when a type drifts. At run time `expectTypeOf` does nothing;
 * the functions holding bad calls are never called.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  ACTION_IDS,
  type ActionId,
  type ActionInput,
  type ActionMap,
  type ActionOutput,
  type components,
  createHubSpotMarketingClient,
  type DeleteCampaignOutput,
  type GetCampaignInput,
  type GetCampaignOutput,
  type GetMarketingEmailOutput,
  getCampaign,
  type HubSpotCore,
  type HubSpotMarketingClient,
  type operations,
  type SearchCampaignsOutput,
} from '../../generated/client/index.js';

type Schemas = components['schemas'];
type Client = HubSpotMarketingClient;

/** Every action id, spelled out: a missing or an extra id in `ActionId` makes this object fail to compile. */
const EVERY_ACTION: Record<ActionId, true> = {
  associateCampaignAsset: true,
  disassociateCampaignAsset: true,
  listCampaignAssets: true,
  searchCampaigns: true,
  createCampaign: true,
  getCampaign: true,
  updateCampaign: true,
  deleteCampaign: true,
  batchCreateCampaigns: true,
  batchDeleteCampaigns: true,
  batchReadCampaigns: true,
  batchUpdateCampaigns: true,
  getCampaignBudgetTotals: true,
  listCampaignContacts: true,
  getCampaignRevenue: true,
  getCampaignMetrics: true,
  recordAttendanceByContactEmail: true,
  recordAttendanceByContactId: true,
  createMarketingEvent: true,
  getMarketingEvent: true,
  upsertMarketingEvent: true,
  updateMarketingEvent: true,
  deleteMarketingEvent: true,
  cancelMarketingEvent: true,
  batchUpsertMarketingEvents: true,
  batchDeleteMarketingEvents: true,
  associateMarketingEventList: true,
  disassociateMarketingEventList: true,
  associateMarketingEventListByExternalIds: true,
  disassociateMarketingEventListByExternalIds: true,
  listMarketingEventListsByExternalIds: true,
  listMarketingEventLists: true,
  listParticipationBreakdownByContact: true,
  listParticipationBreakdownByExternalIds: true,
  listParticipationBreakdown: true,
  getParticipationCountersByExternalIds: true,
  getParticipationCounters: true,
  completeMarketingEvent: true,
  searchMarketingEvents: true,
  getMarketingEventAppSettings: true,
  updateMarketingEventAppSettings: true,
  upsertSubscriberStateByContactId: true,
  upsertSubscriberStateByContactEmail: true,
  cloneMarketingEmail: true,
  createMarketingEmailAbVariation: true,
  publishMarketingEmail: true,
  unpublishMarketingEmail: true,
  listMarketingEmails: true,
  createMarketingEmail: true,
  getMarketingEmailDraft: true,
  upsertMarketingEmailDraft: true,
  getMarketingEmail: true,
  updateMarketingEmail: true,
  deleteMarketingEmail: true,
  getMarketingEmailRevision: true,
  listMarketingEmailRevisions: true,
  getMarketingEmailAbVariation: true,
  resetMarketingEmailDraft: true,
  restoreMarketingEmailRevision: true,
  restoreMarketingEmailRevisionToDraft: true,
  getMarketingEmailStatisticsHistogram: true,
  getMarketingEmailStatistics: true,
  listSmtpTokens: true,
  createSmtpToken: true,
  getSmtpToken: true,
  deleteSmtpToken: true,
  resetSmtpTokenPassword: true,
  sendTransactionalEmail: true,
  sendTransactionalEmailV4: true,
  listSubscriptionDefinitions: true,
  getSubscriptionStatuses: true,
  subscribeContact: true,
  unsubscribeContact: true,
};

// ---------------------------------------------------------------------------------------------------------
// Calls that must not compile. Never called; only type-checked.

async function missingRequiredInput(client: Client): Promise<void> {
  // @ts-expect-error `path.emailId` is required.
  await client.marketingEmails.getMarketingEmail({ path: {} });
  // @ts-expect-error `path` is required.
  await client.marketingEmails.getMarketingEmail({});
  // @ts-expect-error the input itself is required when something in it is.
  await client.marketingEmails.getMarketingEmail();
  // @ts-expect-error every path parameter is required, not just the first.
  await client.campaigns.listCampaignContacts({ path: { campaignGuid: 'c' } });
  // @ts-expect-error a required body is required.
  await client.campaigns.createCampaign({});
}

async function wronglyTypedInput(client: Client): Promise<void> {
  // @ts-expect-error path parameters have their spec types.
  await client.marketingEmails.getMarketingEmail({ path: { emailId: 42 } });
  // @ts-expect-error campaign property values are strings.
  await client.campaigns.createCampaign({ body: { properties: { hs_name: 1 } } });
  // @ts-expect-error unknown body properties are refused.
  await client.campaigns.createCampaign({ body: { props: {} } });
  // @ts-expect-error `limit` is a number.
  await client.campaigns.searchCampaigns({ query: { limit: '10' } });
  // @ts-expect-error unknown query parameters are refused.
  await client.campaigns.searchCampaigns({ query: { nmae: 'spring' } });
  // @ts-expect-error enum path parameters only take their values.
  await client.campaigns.listCampaignContacts({ path: { campaignGuid: 'c', contactType: 'everyone' } });
  // @ts-expect-error `appId` is an integer.
  await client.marketingEvents.getMarketingEventAppSettings({ path: { appId: '1' } });
}

async function badInvoke(client: Client): Promise<void> {
  // @ts-expect-error unknown action id.
  await client.invoke('getCampaignz', {});
  // @ts-expect-error `getCampaign` needs its input.
  await client.invoke('getCampaign');
  // @ts-expect-error the input follows the id: getCampaign takes `campaignGuid`, not `emailId`.
  await client.invoke('getCampaign', { path: { emailId: 'e' } });
  // @ts-expect-error the input follows the id: `emailId` is a string.
  await client.invoke('deleteMarketingEmail', { path: { emailId: 1 } });
  const campaign = await client.invoke('getCampaign', { path: { campaignGuid: 'c' } });
  // @ts-expect-error the output follows the id: `id` is a string.
  const id: number = campaign.id;
  const nothing = await client.campaigns.deleteCampaign({ path: { campaignGuid: 'c' } });
  // @ts-expect-error a 204 action resolves to undefined.
  const gone: string = nothing;
  console.log(id, gone);
}

// ---------------------------------------------------------------------------------------------------------
// Calls that must compile. Never called; only type-checked.

async function goodCalls(client: Client, core: HubSpotCore): Promise<void> {
  // Optional-input actions can be called with no argument, by area and by id.
  expectTypeOf(await client.campaigns.searchCampaigns()).toEqualTypeOf<SearchCampaignsOutput>();
  await client.marketingEmails.listMarketingEmails();
  await client.marketingEmails.getMarketingEmailStatistics();
  await client.marketingEmails.getMarketingEmailStatisticsHistogram();
  await client.transactionalEmail.listSmtpTokens();
  await client.communicationPreferences.listSubscriptionDefinitions();
  await client.invoke('searchCampaigns');
  await client.invoke('listMarketingEmails');
  // (invoke('listSubscriptionDefinitions') with no input is in test/fixtures/types/good-calls.ts.)
  await client.campaigns.searchCampaigns({ query: { name: 'spring', limit: 10 } });

  // invoke: input and output follow the id.
  const viaInvoke = await client.invoke('getCampaign', {
    path: { campaignGuid: 'c' },
    query: { properties: ['hs_name'] },
  });
  expectTypeOf(viaInvoke).toEqualTypeOf<GetCampaignOutput>();
  expectTypeOf(viaInvoke.properties).toEqualTypeOf<{ [key: string]: string }>();
  const email = await client.invoke('getMarketingEmail', { path: { emailId: 'e' } });
  expectTypeOf(email).toEqualTypeOf<GetMarketingEmailOutput>();
  expectTypeOf(
    await client.invoke('deleteCampaign', { path: { campaignGuid: 'c' } }),
  ).toEqualTypeOf<undefined>();

  // The standalone, tree-shakable functions have the same types.
  expectTypeOf(await getCampaign(core, { path: { campaignGuid: 'c' } })).toEqualTypeOf<GetCampaignOutput>();

  // Required bodies and enums accept valid values.
  await client.campaigns.createCampaign({ body: { properties: { hs_name: 'Spring', hs_notes: 'n' } } });
  await client.campaigns.listCampaignContacts({
    path: { campaignGuid: 'c', contactType: 'influencedContacts' },
  });
  await client.marketingEvents.getMarketingEventAppSettings({ path: { appId: 1 } });
}

// ---------------------------------------------------------------------------------------------------------

describe('client types', () => {
  it('ActionId is exactly the 73 action ids, and ACTION_IDS lists them at run time', () => {
    expectTypeOf<keyof typeof EVERY_ACTION>().toEqualTypeOf<ActionId>();
    expectTypeOf<keyof ActionMap>().toEqualTypeOf<ActionId>();
    expectTypeOf(ACTION_IDS).toEqualTypeOf<readonly ActionId[]>();
    expect(Object.keys(EVERY_ACTION)).toHaveLength(73);
    expect([...ACTION_IDS].sort()).toEqual(Object.keys(EVERY_ACTION).sort());
  });

  it('responses carry the spec types: getCampaign returns the campaign with its fields typed', () => {
    expectTypeOf<GetCampaignOutput>().toEqualTypeOf<Schemas['PublicCampaignWithAssets']>();
    expectTypeOf<GetCampaignOutput>().toHaveProperty('id').toEqualTypeOf<string>();
    expectTypeOf<GetCampaignOutput>().toHaveProperty('createdAt').toEqualTypeOf<string>();
    expectTypeOf<GetCampaignOutput>().toHaveProperty('updatedAt').toEqualTypeOf<string>();
    expectTypeOf<GetCampaignOutput>().toHaveProperty('properties').toEqualTypeOf<{ [key: string]: string }>();
    expectTypeOf<GetCampaignOutput>()
      .toHaveProperty('businessUnits')
      .toEqualTypeOf<Schemas['PublicBusinessUnit'][]>();
    expectTypeOf<GetCampaignOutput>()
      .toHaveProperty('assets')
      .toEqualTypeOf<{ [key: string]: Schemas['CollectionResponsePublicCampaignAsset'] }>();
    expectTypeOf<GetCampaignOutput>().toEqualTypeOf<
      operations['getCampaign']['responses'][200]['content']['application/json']
    >();
    expectTypeOf<SearchCampaignsOutput>()
      .toHaveProperty('results')
      .toEqualTypeOf<Schemas['PublicCampaign'][]>();
    expectTypeOf<SearchCampaignsOutput>().toHaveProperty('total').toEqualTypeOf<number>();
  });

  it('inputs carry the spec types', () => {
    expectTypeOf<GetCampaignInput>().toHaveProperty('path').toEqualTypeOf<{ campaignGuid: string }>();
    expectTypeOf<GetCampaignInput['query']>().toEqualTypeOf<
      operations['getCampaign']['parameters']['query'] | undefined
    >();
    expectTypeOf<Client['campaigns']['getCampaign']>().parameter(0).toEqualTypeOf<GetCampaignInput>();
  });

  it('a 204 action returns Promise<undefined>', () => {
    expectTypeOf<DeleteCampaignOutput>().toEqualTypeOf<undefined>();
    expectTypeOf<Client['campaigns']['deleteCampaign']>().returns.toEqualTypeOf<Promise<undefined>>();
    expectTypeOf<Client['marketingEmails']['publishMarketingEmail']>().returns.toEqualTypeOf<
      Promise<undefined>
    >();
    expectTypeOf<Client['campaigns']['associateCampaignAsset']>().returns.toEqualTypeOf<Promise<undefined>>();
    expectTypeOf<ActionOutput<'deleteCampaign'>>().toEqualTypeOf<undefined>();
  });

  it('invoke types its input and output from the id', () => {
    expectTypeOf<ActionInput<'getCampaign'>>().toEqualTypeOf<GetCampaignInput>();
    expectTypeOf<ActionOutput<'getCampaign'>>().toEqualTypeOf<GetCampaignOutput>();
    expectTypeOf<ActionOutput<'getMarketingEmail'>>().toEqualTypeOf<GetMarketingEmailOutput>();
    expectTypeOf<ActionMap['deleteCampaign']>().toEqualTypeOf<{
      input: ActionInput<'deleteCampaign'>;
      output: undefined;
    }>();
    expectTypeOf<Client['invoke']>().parameter(0).toEqualTypeOf<ActionId>();
  });

  it('optional-input actions accept no argument; required-input actions do not', () => {
    expectTypeOf<Client['campaigns']['searchCampaigns']>().toBeCallableWith();
    expectTypeOf<Client['marketingEmails']['listMarketingEmails']>().toBeCallableWith();
    expectTypeOf<Client['transactionalEmail']['listSmtpTokens']>().toBeCallableWith();
    expectTypeOf<Client['communicationPreferences']['listSubscriptionDefinitions']>().toBeCallableWith();
    expectTypeOf<Parameters<Client['campaigns']['searchCampaigns']>['length']>().toEqualTypeOf<0 | 1 | 2>();
    expectTypeOf<Parameters<Client['campaigns']['getCampaign']>['length']>().toEqualTypeOf<1 | 2>();
  });

  it('the client can be created without options and exposes the five areas', () => {
    const client = createHubSpotMarketingClient({ accessToken: 'token' });
    expectTypeOf(client).toEqualTypeOf<HubSpotMarketingClient>();
    expect(Object.keys(client).sort()).toEqual(
      expect.arrayContaining([
        'campaigns',
        'communicationPreferences',
        'core',
        'invoke',
        'marketingEmails',
        'marketingEvents',
        'transactionalEmail',
      ]),
    );
    // The functions holding the type assertions exist (and are never run).
    expect(
      [missingRequiredInput, wronglyTypedInput, badInvoke, goodCalls].every((f) => typeof f === 'function'),
    ).toBe(true);
  });
});
