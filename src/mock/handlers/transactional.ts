/**
 * Transactional email actions answered from state: SMTP API tokens (create, read, list with filters and cursor
 * paging, delete, password reset) and single sends (v3 and v4), which need a published email.
 */

import type { JsonObject } from '../state/merge.js';
import { pageOf } from '../state/paging.js';
import type { MockStore } from '../state/store.js';
import type { HandlerRequest, MockAnswer, OperationHandlers } from '../types.js';
import { body, created, integer, noContent, ok, param, text } from './http.js';

export function transactionalHandlers(store: MockStore): OperationHandlers {
  const tokens = store.smtpTokens;
  const send = (r: HandlerRequest): MockAnswer => {
    const { statusId, status, requestedAt } = store.sends.send(
      body<{ emailId: number; message: { to: string } } & JsonObject>(r),
    );
    return ok({ statusId, status, requestedAt });
  };

  return {
    createSmtpToken: (r) => {
      const input = body<{ campaignName: string; createContact: boolean }>(r);
      return created(tokens.create(input.campaignName, input.createContact));
    },
    getSmtpToken: (r) => ok(tokens.get(param(r, 'tokenId'))),
    listSmtpTokens: (r) => {
      const found = tokens.list({
        campaignName: text(r, 'campaignName'),
        emailCampaignId: text(r, 'emailCampaignId'),
      });
      return ok(pageOf(found, text(r, 'after'), integer(r, 'limit'), 20));
    },
    deleteSmtpToken: (r) => {
      tokens.delete(param(r, 'tokenId'));
      return noContent();
    },
    resetSmtpTokenPassword: (r) => ok(tokens.resetPassword(param(r, 'tokenId'))),
    sendTransactionalEmail: send,
    sendTransactionalEmailV4: send,
  };
}
