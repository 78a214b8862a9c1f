/**
 * Marketing event participation answered from state: recording attendance (register, attend, cancel) by
 * contact email (creating missing contacts) or contact id (unknown ids come back as batch errors), subscriber
 * state upserts (existing contacts only), counters, and cursor-paged breakdowns by event or by contact.
 */
import { notFound } from '../envelope.js';
import type { Contact } from '../state/contacts.js';
import type { MarketingEvent } from '../state/events.js';
import { pageOf } from '../state/paging.js';
import {
  type AttendanceState,
  attendancePercentage,
  type Participation,
  type SubscriberState,
} from '../state/participations.js';
import type { MockStore } from '../state/store.js';
import type { HandlerRequest, OperationHandlers } from '../types.js';
import { externalKeyOf, keyOf } from './events.js';
import { batch, batchError, body, integer, noContent, ok, param, text } from './http.js';

interface EmailInput {
  email: string;
  interactionDateTime: number;
  contactProperties: Record<string, string>;
  properties: Record<string, string>;
}

interface VidInput {
  vid: number;
  interactionDateTime: number;
  properties: Record<string, string>;
}

function breakdownView(p: Participation, state: AttendanceState) {
  const { contact, event } = p;
  const duration = p.attendanceDurationSeconds;
  const percentage = attendancePercentage(p);
  return {
    id: p.id,
    createdAt: p.createdAt,
    associations: {
      contact: {
        contactId: String(contact.vid),
        email: contact.email,
        ...(contact.firstname === undefined ? {} : { firstname: contact.firstname }),
        ...(contact.lastname === undefined ? {} : { lastname: contact.lastname }),
      },
      marketingEvent: {
        marketingEventId: event.objectId,
        name: event.eventName,
        externalAccountId: event.externalAccountId,
        externalEventId: event.externalEventId,
      },
    },
    properties: {
      attendanceState: state,
      occurredAt: p.occurredAt,
      ...(duration === undefined ? {} : { attendanceDurationSeconds: duration }),
      ...(percentage === undefined ? {} : { attendancePercentage: percentage }),
    },
  };
}

export function participationHandlers(store: MockStore): OperationHandlers {
  const { events, contacts, participations } = store;
  const stateOf = (r: HandlerRequest) => param(r, 'subscriberState') as SubscriberState;
  const attendanceEvent = (r: HandlerRequest) =>
    events.getByEventId(param(r, 'externalEventId'), text(r, 'externalAccountId'));

  const breakdown = (r: HandlerRequest, filter: { event?: MarketingEvent; contact?: Contact }) => {
    const identifier = text(r, 'contactIdentifier');
    const contact = filter.contact ?? (identifier === undefined ? undefined : contacts.find(identifier));
    const found =
      identifier !== undefined && contact === undefined
        ? []
        : participations.list({ ...filter, contact, state: text(r, 'state') });
    const page = pageOf(found, text(r, 'after'), integer(r, 'limit'), 10);
    return ok({
      total: found.length,
      ...page,
      results: page.results.map((p) => breakdownView(p, participations.stateOf(p))),
    });
  };

  return {
    recordAttendanceByContactEmail: (r) => {
      const event = attendanceEvent(r);
      const results = body<{ inputs: EmailInput[] }>(r).inputs.map((input) => {
        const contact = contacts.ensure(input.email, input.contactProperties);
        participations.record(event, contact, stateOf(r), input.interactionDateTime, input.properties);
        return { email: input.email, vid: contact.vid };
      });
      return batch(results);
    },
    recordAttendanceByContactId: (r) => {
      const event = attendanceEvent(r);
      const results: Array<{ vid: number }> = [];
      const missing: string[] = [];
      for (const input of body<{ inputs: VidInput[] }>(r).inputs) {
        const contact = contacts.findByVid(input.vid);
        if (!contact) {
          missing.push(String(input.vid));
          continue;
        }
        participations.record(event, contact, stateOf(r), input.interactionDateTime, input.properties);
        results.push({ vid: input.vid });
      }
      const errors =
        missing.length === 0
          ? []
          : [batchError('OBJECT_NOT_FOUND', `Unknown contacts: ${missing.join(', ')}`, missing)];
      // The spec declares only 200 here: item errors come back in a 200 answer.
      return batch(results, errors, { partialStatus: 200 });
    },
    upsertSubscriberStateByContactId: (r) => {
      const event = events.get(keyOf(r));
      for (const input of body<{ inputs: VidInput[] }>(r).inputs) {
        const contact = contacts.findByVid(input.vid);
        if (contact)
          participations.record(event, contact, stateOf(r), input.interactionDateTime, input.properties);
      }
      return noContent();
    },
    upsertSubscriberStateByContactEmail: (r) => {
      const event = events.get(keyOf(r));
      for (const input of body<{ inputs: EmailInput[] }>(r).inputs) {
        const contact = contacts.findByEmail(input.email);
        if (contact)
          participations.record(event, contact, stateOf(r), input.interactionDateTime, input.properties);
      }
      return noContent();
    },

    getParticipationCounters: (r) =>
      ok(participations.counters(events.getByObjectId(param(r, 'marketingEventId')))),
    getParticipationCountersByExternalIds: (r) => ok(participations.counters(events.get(externalKeyOf(r)))),
    listParticipationBreakdown: (r) =>
      breakdown(r, { event: events.getByObjectId(param(r, 'marketingEventId')) }),
    listParticipationBreakdownByExternalIds: (r) => breakdown(r, { event: events.get(externalKeyOf(r)) }),
    listParticipationBreakdownByContact: (r) => {
      const identifier = param(r, 'contactIdentifier');
      const contact = contacts.find(identifier);
      if (!contact) throw notFound('Contact', identifier);
      return breakdown(r, { contact });
    },
  };
}
