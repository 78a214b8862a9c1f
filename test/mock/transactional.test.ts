/**
 * The mock's transactional state, through the generated client: SMTP API tokens (GUID ids, password shown on
 * create and reset only, filters, cursor paging, delete) and single sends, which need a known, published email
 * (seeded here, as a transactional email cannot be created through the API).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectSchemaValidAnswers, type MockSetup, rejectionOf, startMockWithClient } from './helpers.js';

const TRANSACTIONAL = '164825463210';
const UNPUBLISHED = '164825463211';

let setup: MockSetup;

beforeAll(async () => {
  setup = await startMockWithClient({
    seed: {
      marketingEmails: [
        {
          id: TRANSACTIONAL,
          name: 'Order confirmation',
          subject: 'Your order',
          isTransactional: true,
          isPublished: true,
        },
        { id: UNPUBLISHED, name: 'Shipping update', subject: 'On its way', isTransactional: true },
      ],
      smtpTokens: [{ id: 'seeded-token', campaignName: 'Receipts', createContact: false }],
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

describe('SMTP tokens', () => {
  it('creates tokens, shows the password only on create and reset, lists, filters, pages and deletes', async () => {
    const api = setup.client.transactionalEmail;
    const token = await api.createSmtpToken({
      body: { campaignName: 'Order confirmations', createContact: true },
    });
    expect(token.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(token.emailCampaignId).toMatch(/^\d+$/);
    expect(token.password).toMatch(/^.{16}$/);
    expect(token.createdBy).toContain('@');

    const read = await api.getSmtpToken({ path: { tokenId: token.id } });
    expect(read).toEqual({ ...token, password: undefined });
    expect('password' in read).toBe(false);

    const reset = await api.resetSmtpTokenPassword({ path: { tokenId: token.id } });
    expect(reset.password).toBeDefined();
    expect(reset.password).not.toBe(token.password);

    await api.createSmtpToken({ body: { campaignName: 'Order confirmations', createContact: false } });
    const byName = await api.listSmtpTokens({ query: { campaignName: 'Order confirmations', limit: 1 } });
    expect(byName.results).toHaveLength(1);
    expect(byName.paging?.next?.after).toBeDefined();
    const ids = [];
    for await (const t of setup.client.paginate('listSmtpTokens', { query: { limit: 1 } })) ids.push(t.id);
    expect(ids).toHaveLength(3);
    expect(ids[0]).toBe('seeded-token');
    const one = await api.listSmtpTokens({ query: { emailCampaignId: token.emailCampaignId } });
    expect(one.results.map((t) => t.id)).toEqual([token.id]);

    await api.deleteSmtpToken({ path: { tokenId: token.id } });
    for (const call of [
      () => api.getSmtpToken({ path: { tokenId: token.id } }),
      () => api.deleteSmtpToken({ path: { tokenId: token.id } }),
      () => api.resetSmtpTokenPassword({ path: { tokenId: token.id } }),
    ]) {
      expect(await rejectionOf(call())).toMatchObject({ status: 404, category: 'OBJECT_NOT_FOUND' });
    }
  });
});

describe('single sends', () => {
  it('sends a published email (v3 and v4) and keeps the send', async () => {
    const api = setup.client.transactionalEmail;
    const body = {
      emailId: Number(TRANSACTIONAL),
      message: { to: 'jane.doe@example.com', sendId: 'order-100482' },
      contactProperties: { firstname: 'Jane' },
    };
    const sent = await api.sendTransactionalEmail({ body });
    expect(sent).toMatchObject({ status: 'PENDING', statusId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const v4 = await api.sendTransactionalEmailV4({ body });
    expect(v4.statusId).not.toBe(sent.statusId);
    expect(setup.mock.store?.sends.sends.map((s) => [s.emailId, s.to])).toEqual([
      [Number(TRANSACTIONAL), 'jane.doe@example.com'],
      [Number(TRANSACTIONAL), 'jane.doe@example.com'],
    ]);
  });

  it('refuses an unknown email (404) and an unpublished one (400)', async () => {
    const api = setup.client.transactionalEmail;
    const message = { to: 'jane.doe@example.com' };
    expect(await rejectionOf(api.sendTransactionalEmail({ body: { emailId: 1, message } }))).toMatchObject({
      status: 404,
      category: 'OBJECT_NOT_FOUND',
    });
    expect(
      await rejectionOf(api.sendTransactionalEmail({ body: { emailId: Number(UNPUBLISHED), message } })),
    ).toMatchObject({ status: 400, category: 'VALIDATION_ERROR' });
    expect(setup.mock.store?.sends.sends).toEqual([]);
  });
});
