/**
 * Marketing event actions answered from state: create, upsert (single and batch), read (with participation
 * counters), update, cancel, complete, delete (single and batch), search by external event id prefix, and
 * list associations by HubSpot id or by external ids. App settings stay answered from the spec's examples.
 */
import type { EventKey, MarketingEvent } from '../state/events.js';
import { MOCK_APP_ID } from '../state/events.js';
import type { JsonObject } from '../state/merge.js';
import type { MockStore } from '../state/store.js';
import type { HandlerRequest, OperationHandlers } from '../types.js';
import { batch, body, noContent, ok, param, text } from './http.js';

/** MarketingEventDefaultResponse. */
function defaultView(e: MarketingEvent) {
  const { eventType, startDateTime, endDateTime, eventDescription, eventUrl } = e;
  return {
    objectId: e.objectId,
    eventName: e.eventName,
    eventOrganizer: e.eventOrganizer,
    customProperties: e.customProperties,
    ...defined({ eventType, startDateTime, endDateTime, eventDescription, eventUrl }),
    eventCancelled: e.eventCancelled ?? false,
    eventCompleted: e.eventCompleted ?? false,
  };
}

/** MarketingEventPublicDefaultResponse. */
function publicView(e: MarketingEvent) {
  return { id: e.objectId, ...defaultView(e), createdAt: e.createdAt, updatedAt: e.updatedAt };
}

/** PublicList, for a list the mock only knows by id. */
function listView(listId: string, e: MarketingEvent) {
  return {
    listId,
    listVersion: 1,
    name: `List ${listId}`,
    objectTypeId: '0-1',
    processingStatus: 'COMPLETE',
    processingType: 'MANUAL',
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  };
}

function defined(fields: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

/** The event a request names: external event id from the path, external account id from the query. */
export function keyOf(r: HandlerRequest): EventKey {
  return {
    externalEventId: param(r, 'externalEventId'),
    externalAccountId: text(r, 'externalAccountId') ?? '',
  };
}

export function externalKeyOf(r: HandlerRequest): EventKey {
  return { externalEventId: param(r, 'externalEventId'), externalAccountId: param(r, 'externalAccountId') };
}

export function eventHandlers(store: MockStore): OperationHandlers {
  const events = store.events;
  const lists = (e: MarketingEvent) => {
    const results = [...e.lists].map((id) => listView(id, e));
    return ok({ total: results.length, results });
  };
  const associate = (e: MarketingEvent, listId: string, on: boolean) => {
    if (on) e.lists.add(listId);
    else e.lists.delete(listId);
    return noContent();
  };

  return {
    createMarketingEvent: (r) => {
      const input = body<EventKey & JsonObject>(r);
      return ok(defaultView(events.create(input, input)));
    },
    upsertMarketingEvent: (r) => {
      const input = body<EventKey & JsonObject>(r);
      const key = {
        externalAccountId: input.externalAccountId,
        externalEventId: param(r, 'externalEventId'),
      };
      return ok(publicView(events.upsert(key, input).event));
    },
    batchUpsertMarketingEvents: (r) => {
      const inputs = body<{ inputs: Array<EventKey & JsonObject> }>(r).inputs;
      return batch(inputs.map((input) => publicView(events.upsert(input, input).event)));
    },
    getMarketingEvent: (r) => {
      const e = events.get(keyOf(r));
      const c = store.participations.counters(e);
      return ok({
        ...publicView(e),
        externalEventId: e.externalEventId,
        registrants: c.registered,
        attendees: c.attended,
        cancellations: c.cancelled,
        noShows: c.noShows,
      });
    },
    updateMarketingEvent: (r) => ok(publicView(events.update(keyOf(r), body(r)))),
    cancelMarketingEvent: (r) => ok(defaultView(events.cancel(keyOf(r)))),
    completeMarketingEvent: (r) => {
      const { startDateTime, endDateTime } = body<{ startDateTime: string; endDateTime: string }>(r);
      return ok(defaultView(events.complete(keyOf(r), startDateTime, endDateTime)));
    },
    deleteMarketingEvent: (r) => {
      store.participations.forget(events.delete(keyOf(r)));
      return noContent();
    },
    batchDeleteMarketingEvents: (r) => {
      // Only events of the calling app are removed; unknown ones are skipped, as HubSpot does.
      for (const input of body<{ inputs: Array<EventKey & { appId: number }> }>(r).inputs) {
        if (input.appId === MOCK_APP_ID && events.find(input))
          store.participations.forget(events.delete(input));
      }
      return noContent();
    },
    searchMarketingEvents: (r) =>
      ok({
        results: events.search(text(r, 'q') ?? '').map((e) => ({
          objectId: e.objectId,
          appId: e.appId,
          externalAccountId: e.externalAccountId,
          externalEventId: e.externalEventId,
        })),
      }),

    associateMarketingEventList: (r) =>
      associate(events.getByObjectId(param(r, 'marketingEventId')), param(r, 'listId'), true),
    disassociateMarketingEventList: (r) =>
      associate(events.getByObjectId(param(r, 'marketingEventId')), param(r, 'listId'), false),
    associateMarketingEventListByExternalIds: (r) =>
      associate(events.get(externalKeyOf(r)), param(r, 'listId'), true),
    disassociateMarketingEventListByExternalIds: (r) =>
      associate(events.get(externalKeyOf(r)), param(r, 'listId'), false),
    listMarketingEventLists: (r) => lists(events.getByObjectId(param(r, 'marketingEventId'))),
    listMarketingEventListsByExternalIds: (r) => lists(events.get(externalKeyOf(r))),
  };
}
