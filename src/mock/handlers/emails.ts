/**
 * Marketing email actions answered from state: create, read, update, delete (archive), list with filters,
 * sorting and cursor paging, clone, publish and unpublish, the draft buffer (read, upsert, reset), revisions
 * (list, read, restore, restore to draft) and A/B variations. `includedProperties` and `includeStats` shape
 * each returned email; statistics actions stay answered from the spec's examples.
 */
import type { EmailDoc, EmailFilter, Revision } from '../state/emails.js';
import { MOCK_USER } from '../state/ids.js';
import type { JsonObject } from '../state/merge.js';
import { pageOf } from '../state/paging.js';
import type { MockStore } from '../state/store.js';
import type { HandlerRequest, OperationHandlers } from '../types.js';
import { body, created, flag, integer, list, noContent, ok, param, text } from './http.js';

/** Always returned, whatever `includedProperties` says (PublicEmail requires `isAb`). */
const ALWAYS = ['id', 'isAb'];

const EMPTY_STATS = {
  counters: { sent: 0, delivered: 0, open: 0, click: 0, bounce: 0, unsubscribed: 0 },
  deviceBreakdown: {},
  qualifierStats: {},
  ratios: { deliveredratio: 0, openratio: 0, clickratio: 0, bounceratio: 0, unsubscribedratio: 0 },
};

function emailView(doc: EmailDoc, r: HandlerRequest): JsonObject {
  const included = list(r, 'includedProperties');
  const shown: JsonObject =
    included === undefined || included.length === 0
      ? { ...doc }
      : Object.fromEntries(
          Object.entries(doc).filter(([key]) => ALWAYS.includes(key) || included.includes(key)),
        );
  return flag(r, 'includeStats') ? { ...shown, stats: EMPTY_STATS } : shown;
}

function revisionView(revision: Revision) {
  return { id: revision.id, updatedAt: revision.updatedAt, user: { ...MOCK_USER }, object: revision.object };
}

/** The list filters of listMarketingEmails; `…At` means both bounds. */
function filterOf(r: HandlerRequest): EmailFilter {
  const bounds = (edge: 'After' | 'Before') =>
    Object.fromEntries(
      (['createdAt', 'updatedAt', 'publishedAt'] as const).flatMap((field) => {
        const stem = field.slice(0, -2);
        const value = text(r, `${stem}${edge}`) ?? text(r, field);
        return value === undefined ? [] : [[field, value]];
      }),
    );
  return {
    archived: flag(r, 'archived'),
    campaign: text(r, 'campaign'),
    isPublished: flag(r, 'isPublished'),
    type: text(r, 'type'),
    after: bounds('After'),
    before: bounds('Before'),
    sort: list(r, 'sort'),
  };
}

export function emailHandlers(store: MockStore): OperationHandlers {
  const emails = store.emails;
  const id = (r: HandlerRequest) => param(r, 'emailId');

  return {
    createMarketingEmail: (r) => created(emailView(emails.create(body(r)), r)),
    getMarketingEmail: (r) => ok(emailView(emails.get(id(r), flag(r, 'archived')), r)),
    updateMarketingEmail: (r) => ok(emailView(emails.update(id(r), body(r), flag(r, 'archived')), r)),
    deleteMarketingEmail: (r) => {
      emails.delete(id(r), flag(r, 'archived'));
      return noContent();
    },
    listMarketingEmails: (r) => {
      const found = emails.list(filterOf(r));
      const page = pageOf(found, text(r, 'after'), integer(r, 'limit'), 100);
      return ok({ total: found.length, ...page, results: page.results.map((doc) => emailView(doc, r)) });
    },
    cloneMarketingEmail: (r) => {
      const input = body<{ id: string; cloneName?: string; language?: string }>(r);
      return ok(emailView(emails.clone(input.id, input.cloneName, input.language), r));
    },
    publishMarketingEmail: (r) => {
      emails.publish(id(r));
      return noContent();
    },
    unpublishMarketingEmail: (r) => {
      emails.unpublish(id(r));
      return noContent();
    },

    getMarketingEmailDraft: (r) => ok(emails.draft(id(r))),
    upsertMarketingEmailDraft: (r) => ok(emails.upsertDraft(id(r), body(r))),
    resetMarketingEmailDraft: (r) => {
      emails.resetDraft(id(r));
      return noContent();
    },

    listMarketingEmailRevisions: (r) => {
      const revisions = emails.revisions(id(r));
      const page = pageOf(revisions, text(r, 'after'), integer(r, 'limit'), 100);
      return ok({ total: revisions.length, ...page, results: page.results.map(revisionView) });
    },
    getMarketingEmailRevision: (r) => ok(revisionView(emails.revision(id(r), param(r, 'revisionId')))),
    restoreMarketingEmailRevision: (r) => {
      emails.restore(id(r), param(r, 'revisionId'));
      return noContent();
    },
    restoreMarketingEmailRevisionToDraft: (r) => ok(emails.restoreToDraft(id(r), param(r, 'revisionId'))),

    createMarketingEmailAbVariation: (r) => {
      const input = body<{ contentId: string; variationName: string }>(r);
      return created(emailView(emails.createVariation(input.contentId, input.variationName), r));
    },
    getMarketingEmailAbVariation: (r) => ok(emailView(emails.variation(id(r), flag(r, 'archived')), r)),
  };
}
