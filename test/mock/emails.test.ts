/**
 * The mock's marketing email state, through the generated client: create/read/update/archive with numeric
 * ids, the draft buffer and publishing, revisions and restoring them, clone, A/B variations, list filters
 * with cursor paging, and the 404/400 envelopes for unknown ids and unpublishable emails.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectSchemaValidAnswers, type MockSetup, rejectionOf, startMockWithClient } from './helpers.js';

let setup: MockSetup;

beforeAll(async () => {
  setup = await startMockWithClient();
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

const announcement = {
  name: 'Spring launch - announcement',
  subject: 'Meet the new Spring collection',
  language: 'en' as const,
  from: { fromName: 'Acme Outdoor', replyTo: 'news@acme-outdoor.com' },
  to: { contactIlsLists: { include: ['42'], exclude: [] } },
  businessUnitId: 7,
};

describe('emails', () => {
  it('creates a draft email with a numeric id, reads, updates and archives it', async () => {
    const emails = setup.client.marketingEmails;
    const email = await emails.createMarketingEmail({ body: announcement });
    expect(email.id).toMatch(/^\d{12}$/);
    expect(email).toMatchObject({
      name: announcement.name,
      state: 'DRAFT',
      isPublished: false,
      isAb: false,
      archived: false,
      businessUnitId: '7',
      from: announcement.from,
    });
    const path = { emailId: email.id as string };
    expect(await emails.getMarketingEmail({ path })).toEqual(email);

    const updated = await emails.updateMarketingEmail({ path, body: { from: { fromName: 'Acme' } } });
    // PATCH merges nested objects.
    expect(updated.from).toEqual({ fromName: 'Acme', replyTo: 'news@acme-outdoor.com' });

    const trimmed = await emails.getMarketingEmail({
      path,
      query: { includedProperties: ['name'], includeStats: true },
    });
    expect(Object.keys(trimmed).sort()).toEqual(['id', 'isAb', 'name', 'stats']);

    await emails.deleteMarketingEmail({ path });
    expect(await rejectionOf(emails.getMarketingEmail({ path }))).toMatchObject({
      status: 404,
      category: 'OBJECT_NOT_FOUND',
    });
    expect(await emails.getMarketingEmail({ path, query: { archived: true } })).toMatchObject({
      archived: true,
    });
    expect(
      (await emails.listMarketingEmails({ query: { archived: true } })).results.map((e) => e.id),
    ).toEqual([email.id]);
  });

  it('answers 404 for unknown email and revision ids', async () => {
    const emails = setup.client.marketingEmails;
    const email = await emails.createMarketingEmail({ body: { name: 'x' } });
    for (const call of [
      () => emails.getMarketingEmail({ path: { emailId: '1' } }),
      () => emails.publishMarketingEmail({ path: { emailId: '1' } }),
      () => emails.cloneMarketingEmail({ body: { id: '1' } }),
      () => emails.getMarketingEmailDraft({ path: { emailId: '1' } }),
      () => emails.getMarketingEmailRevision({ path: { emailId: email.id as string, revisionId: '1' } }),
      () => emails.getMarketingEmailAbVariation({ path: { emailId: email.id as string } }),
    ]) {
      expect(await rejectionOf(call())).toMatchObject({ status: 404, category: 'OBJECT_NOT_FOUND' });
    }
  });
});

describe('drafts, publishing and revisions', () => {
  it('keeps draft edits off the live email until publish, then publishes the draft', async () => {
    const emails = setup.client.marketingEmails;
    const email = await emails.createMarketingEmail({ body: { name: 'Newsletter' } });
    const path = { emailId: email.id as string };
    // No subject: HubSpot will not publish it.
    expect(await rejectionOf(emails.publishMarketingEmail({ path }))).toMatchObject({ status: 400 });

    const draft = await emails.upsertMarketingEmailDraft({ path, body: { subject: 'March news' } });
    expect(draft.subject).toBe('March news');
    expect((await emails.getMarketingEmail({ path })).subject).toBeUndefined();
    expect((await emails.getMarketingEmailDraft({ path })).subject).toBe('March news');

    await emails.publishMarketingEmail({ path });
    const live = await emails.getMarketingEmail({ path });
    expect(live).toMatchObject({ subject: 'March news', state: 'PUBLISHED', isPublished: true });
    expect(Date.parse(live.publishedAt as string)).toBeGreaterThan(0);
    // The draft is now the live email again.
    expect((await emails.getMarketingEmailDraft({ path })).subject).toBe('March news');

    await emails.unpublishMarketingEmail({ path });
    expect(await emails.getMarketingEmail({ path })).toMatchObject({ isPublished: false, state: 'DRAFT' });
    expect(await rejectionOf(emails.unpublishMarketingEmail({ path }))).toMatchObject({ status: 400 });
  });

  it('resets the draft, lists revisions newest first (paged) and restores them', async () => {
    const emails = setup.client.marketingEmails;
    const email = await emails.createMarketingEmail({ body: { name: 'v1', subject: 's' } });
    const path = { emailId: email.id as string };
    await emails.updateMarketingEmail({ path, body: { name: 'v2' } });
    await emails.updateMarketingEmail({ path, body: { name: 'v3' } });

    await emails.upsertMarketingEmailDraft({ path, body: { name: 'draft' } });
    await emails.resetMarketingEmailDraft({ path });
    expect((await emails.getMarketingEmailDraft({ path })).name).toBe('v3');

    const revisions = await emails.listMarketingEmailRevisions({ path, query: { limit: 2 } });
    expect(revisions.total).toBe(3);
    expect(revisions.results.map((r) => r.object.name)).toEqual(['v3', 'v2']);
    expect(revisions.results[0]?.user.id).toMatch(/^\d+$/);
    const rest = await emails.listMarketingEmailRevisions({
      path,
      query: { after: revisions.paging?.next?.after },
    });
    expect(rest.results.map((r) => r.object.name)).toEqual(['v1']);
    const first = rest.results[0]?.id as string;
    expect(Number(first)).toBeLessThan(Number(revisions.results[1]?.id));
    expect(
      (await emails.getMarketingEmailRevision({ path: { ...path, revisionId: first } })).object.name,
    ).toBe('v1');

    const toDraft = await emails.restoreMarketingEmailRevisionToDraft({
      path: { ...path, revisionId: Number(first) },
    });
    expect(toDraft.name).toBe('v1');
    expect((await emails.getMarketingEmail({ path })).name).toBe('v3');

    await emails.restoreMarketingEmailRevision({ path: { ...path, revisionId: first } });
    expect((await emails.getMarketingEmail({ path })).name).toBe('v1');
    expect((await emails.listMarketingEmailRevisions({ path })).total).toBe(4);
  });
});

describe('clone and A/B variations', () => {
  it('clones an email into a new draft that records its source', async () => {
    const emails = setup.client.marketingEmails;
    const source = await emails.createMarketingEmail({ body: announcement });
    await emails.publishMarketingEmail({ path: { emailId: source.id as string } });
    const clone = await emails.cloneMarketingEmail({
      body: { id: source.id as string, cloneName: 'Copy', language: 'fr' },
    });
    expect(clone.id).not.toBe(source.id);
    expect(clone).toMatchObject({
      name: 'Copy',
      language: 'fr',
      clonedFrom: source.id,
      subject: announcement.subject,
      state: 'DRAFT',
      isPublished: false,
    });
    expect(clone.publishedAt).toBeUndefined();
  });

  it('creates one active variation per email and finds each side from the other', async () => {
    const emails = setup.client.marketingEmails;
    const master = await emails.createMarketingEmail({ body: announcement });
    const variant = await emails.createMarketingEmailAbVariation({
      body: { contentId: master.id as string, variationName: 'Variant B' },
    });
    expect(variant).toMatchObject({ name: 'Variant B', isAb: true, state: 'DRAFT' });
    expect((await emails.getMarketingEmailAbVariation({ path: { emailId: master.id as string } })).id).toBe(
      variant.id,
    );
    const again = await emails.getMarketingEmailAbVariation({ path: { emailId: variant.id as string } });
    expect(again).toMatchObject({ id: master.id, isAb: true });
    expect(
      await rejectionOf(
        emails.createMarketingEmailAbVariation({
          body: { contentId: master.id as string, variationName: 'C' },
        }),
      ),
    ).toMatchObject({ status: 400 });
  });
});

describe('listing', () => {
  it('filters by campaign, publish state and type, sorts, and pages with after/limit', async () => {
    const emails = setup.client.marketingEmails;
    const campaign = '4f1a6a8e-2b7c-4d3e-9f10-6c5b2a1d0e99';
    for (const name of ['c', 'a', 'b']) {
      await emails.createMarketingEmail({ body: { name, subject: name, campaign } });
    }
    const other = await emails.createMarketingEmail({ body: { name: 'other', subject: 'o' } });
    await emails.publishMarketingEmail({ path: { emailId: other.id as string } });

    const inCampaign = await emails.listMarketingEmails({ query: { campaign, sort: ['name'], limit: 2 } });
    expect(inCampaign.total).toBe(3);
    expect(inCampaign.results.map((e) => e.name)).toEqual(['a', 'b']);
    const all = [];
    for await (const e of setup.client.paginate('listMarketingEmails', {
      query: { campaign, sort: ['name'], limit: 2 },
    })) {
      all.push(e.name);
    }
    expect(all).toEqual(['a', 'b', 'c']);

    expect(
      (await emails.listMarketingEmails({ query: { isPublished: true } })).results.map((e) => e.id),
    ).toEqual([other.id]);
    expect((await emails.listMarketingEmails({ query: { type: 'AB_EMAIL' } })).total).toBe(0);
    const recent = await emails.listMarketingEmails({
      query: { createdAfter: new Date(Date.now() - 60_000).toISOString() },
    });
    expect(recent.total).toBe(4);
    expect(
      (await emails.listMarketingEmails({ query: { createdBefore: '2000-01-01T00:00:00Z' } })).total,
    ).toBe(0);
  });
});
