/**
 * Marketing events in memory, identified as HubSpot does by the external account id and external event id of
 * the event application, and also by HubSpot's own numeric `objectId`: create, upsert (single and batch),
 * read, update, cancel, complete, delete (single and batch), search by external event id prefix, and the
 * lists associated with each event.
 */
import { conflict, notFound } from '../envelope.js';
import { type IdSource, nowIso } from './ids.js';
import type { JsonObject } from './merge.js';
import type { SeedMarketingEvent } from './seed.js';

/** The app the mock pretends the access token belongs to; events record it as their creator. */
export const MOCK_APP_ID = 2031857;

/** The event fields clients set (MarketingEventCreateRequestParams minus the two external ids). */
export interface EventFields {
  eventName: string;
  eventOrganizer: string;
  customProperties: JsonObject[];
  eventType?: string;
  startDateTime?: string;
  endDateTime?: string;
  eventDescription?: string;
  eventUrl?: string;
  eventCancelled?: boolean;
  eventCompleted?: boolean;
}

export interface MarketingEvent extends EventFields {
  objectId: string;
  appId: number;
  externalAccountId: string;
  externalEventId: string;
  createdAt: string;
  updatedAt: string;
  /** Associated list ids, in association order. */
  lists: Set<string>;
}

export interface EventKey {
  externalAccountId: string;
  externalEventId: string;
}

/** Fields a client may set on create, upsert and update. */
const SETTABLE = [
  'eventName',
  'eventOrganizer',
  'customProperties',
  'eventType',
  'startDateTime',
  'endDateTime',
  'eventDescription',
  'eventUrl',
  'eventCancelled',
  'eventCompleted',
] as const;

export class EventStore {
  private byKey = new Map<string, MarketingEvent>();
  private byObjectId = new Map<string, MarketingEvent>();

  constructor(private readonly ids: IdSource) {}

  create(key: EventKey, fields: JsonObject): MarketingEvent {
    if (this.byKey.has(keyOf(key))) {
      throw conflict(
        `A marketing event with external event id ${key.externalEventId} already exists in account ${key.externalAccountId}.`,
      );
    }
    const at = nowIso();
    const event: MarketingEvent = {
      eventName: '',
      eventOrganizer: '',
      customProperties: [],
      eventCancelled: false,
      eventCompleted: false,
      ...pick(fields),
      objectId: this.ids.numeric('event'),
      appId: MOCK_APP_ID,
      externalAccountId: key.externalAccountId,
      externalEventId: key.externalEventId,
      createdAt: at,
      updatedAt: at,
      lists: new Set(),
    };
    this.byKey.set(keyOf(key), event);
    this.byObjectId.set(event.objectId, event);
    return event;
  }

  seed(input: SeedMarketingEvent): MarketingEvent {
    const { objectId, externalAccountId, externalEventId, ...fields } = input;
    const event = this.create({ externalAccountId, externalEventId }, fields as JsonObject);
    if (objectId !== undefined) {
      this.byObjectId.delete(event.objectId);
      event.objectId = objectId;
      this.byObjectId.set(objectId, event);
      this.ids.reserve('event', objectId);
    }
    return event;
  }

  /** Creates the event, or updates it when it exists; `created` tells which. */
  upsert(key: EventKey, fields: JsonObject): { event: MarketingEvent; created: boolean } {
    const existing = this.find(key);
    if (!existing) return { event: this.create(key, fields), created: true };
    return { event: this.update(key, fields), created: false };
  }

  find(key: EventKey): MarketingEvent | undefined {
    return this.byKey.get(keyOf(key));
  }

  get(key: EventKey): MarketingEvent {
    const event = this.find(key);
    if (!event) throw notFound(`Marketing event ${key.externalEventId} of account`, key.externalAccountId);
    return event;
  }

  /** By external event id alone (the account is optional for attendance); the first one created wins. */
  getByEventId(externalEventId: string, externalAccountId?: string): MarketingEvent {
    if (externalAccountId !== undefined) return this.get({ externalAccountId, externalEventId });
    for (const event of this.byKey.values()) if (event.externalEventId === externalEventId) return event;
    throw notFound('Marketing event', externalEventId);
  }

  getByObjectId(objectId: string): MarketingEvent {
    const event = this.byObjectId.get(objectId);
    if (!event) throw notFound('Marketing event', objectId);
    return event;
  }

  update(key: EventKey, fields: JsonObject): MarketingEvent {
    const event = this.get(key);
    Object.assign(event, pick(fields), { updatedAt: nowIso() });
    return event;
  }

  cancel(key: EventKey): MarketingEvent {
    return this.update(key, { eventCancelled: true });
  }

  complete(key: EventKey, startDateTime: string, endDateTime: string): MarketingEvent {
    return this.update(key, { eventCompleted: true, startDateTime, endDateTime });
  }

  delete(key: EventKey): MarketingEvent {
    const event = this.get(key);
    this.byKey.delete(keyOf(key));
    this.byObjectId.delete(event.objectId);
    return event;
  }

  /** Events of this app whose external event id starts with `prefix`. */
  search(prefix: string): MarketingEvent[] {
    return [...this.byKey.values()].filter((e) => e.externalEventId.startsWith(prefix));
  }

  all(): MarketingEvent[] {
    return [...this.byKey.values()];
  }

  clear(): void {
    this.byKey.clear();
    this.byObjectId.clear();
  }
}

function keyOf(key: EventKey): string {
  return `${key.externalAccountId}\u0000${key.externalEventId}`;
}

function pick(fields: JsonObject): Partial<EventFields> {
  const out: JsonObject = {};
  for (const name of SETTABLE) if (fields[name] !== undefined) out[name] = structuredClone(fields[name]);
  return out as Partial<EventFields>;
}
