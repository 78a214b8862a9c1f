/**
 * The mock's marketing event state, through the generated client: create/upsert/read/update/cancel/complete/
 * delete by external ids, 404 and 409 envelopes, attendance and subscriber states by email and by contact id,
 * participation counters and cursor-paged breakdowns (by event, by external ids, by contact), list
 * associations, search, and batch upsert/delete.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MOCK_APP_ID } from '../../src/mock/index.js';
import { expectSchemaValidAnswers, type MockSetup, rejectionOf, startMockWithClient } from './helpers.js';

const ACCOUNT = '7781203';
const at = Date.parse('2026-03-02T16:00:00Z');

let setup: MockSetup;

beforeAll(async () => {
  setup = await startMockWithClient({
    seed: { contacts: [{ vid: 9001, email: 'known@example.com', firstname: 'Kim' }] },
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

function eventBody(externalEventId: string, eventName = 'Spring webinar') {
  return {
    externalAccountId: ACCOUNT,
    externalEventId,
    eventName,
    eventOrganizer: 'Acme Corp',
    eventType: 'WEBINAR',
    startDateTime: '2026-03-02T16:00:00Z',
    endDateTime: '2026-03-02T17:00:00Z',
    customProperties: [],
  };
}

function attendee(email: string, offsetMs = 0, properties: Record<string, string> = {}) {
  return {
    email,
    interactionDateTime: at + offsetMs,
    contactProperties: { firstname: email.split('@')[0] ?? '' },
    properties,
  };
}

describe('event lifecycle', () => {
  it('creates an event with a numeric objectId, reads, updates, cancels, completes and deletes it', async () => {
    const events = setup.client.marketingEvents;
    const key = { path: { externalEventId: 'evt-1' }, query: { externalAccountId: ACCOUNT } };
    const created = await events.createMarketingEvent({ body: eventBody('evt-1') });
    expect(created.objectId).toMatch(/^\d{9}$/);
    expect(created).toMatchObject({
      eventName: 'Spring webinar',
      eventCancelled: false,
      eventCompleted: false,
    });

    const read = await events.getMarketingEvent(key);
    expect(read).toMatchObject({
      id: created.objectId,
      externalEventId: 'evt-1',
      registrants: 0,
      attendees: 0,
    });

    const updated = await events.updateMarketingEvent({
      ...key,
      body: { customProperties: [], eventName: 'Renamed' },
    });
    expect(updated.eventName).toBe('Renamed');
    expect(Date.parse(updated.updatedAt)).toBeGreaterThanOrEqual(Date.parse(updated.createdAt));

    expect((await events.cancelMarketingEvent(key)).eventCancelled).toBe(true);
    const completed = await events.completeMarketingEvent({
      ...key,
      body: { startDateTime: '2026-03-02T16:00:00Z', endDateTime: '2026-03-02T17:10:00Z' },
    });
    expect(completed).toMatchObject({ eventCompleted: true, endDateTime: '2026-03-02T17:10:00Z' });

    await events.deleteMarketingEvent(key);
    expect(await rejectionOf(events.getMarketingEvent(key))).toMatchObject({
      status: 404,
      category: 'OBJECT_NOT_FOUND',
    });
    expect(await rejectionOf(events.deleteMarketingEvent(key))).toMatchObject({ status: 404 });
  });

  it('refuses a second event with the same external ids (409), while upsert updates it', async () => {
    const events = setup.client.marketingEvents;
    await events.createMarketingEvent({ body: eventBody('evt-2') });
    expect(await rejectionOf(events.createMarketingEvent({ body: eventBody('evt-2') }))).toMatchObject({
      status: 409,
      category: 'CONFLICT',
    });
    const upserted = await events.upsertMarketingEvent({
      path: { externalEventId: 'evt-2' },
      body: eventBody('evt-2', 'Upserted name'),
    });
    expect(upserted.eventName).toBe('Upserted name');
    const fresh = await events.upsertMarketingEvent({
      path: { externalEventId: 'evt-3' },
      body: eventBody('evt-3'),
    });
    expect(fresh.id).not.toBe(upserted.id);
  });

  it('needs the right account: another externalAccountId is a 404', async () => {
    await setup.client.marketingEvents.createMarketingEvent({ body: eventBody('evt-4') });
    const error = await rejectionOf(
      setup.client.marketingEvents.getMarketingEvent({
        path: { externalEventId: 'evt-4' },
        query: { externalAccountId: 'other' },
      }),
    );
    expect(error).toMatchObject({ status: 404, category: 'OBJECT_NOT_FOUND' });
  });

  it('batch upserts, searches by external id prefix, and batch deletes only this app’s events', async () => {
    const events = setup.client.marketingEvents;
    const result = await events.batchUpsertMarketingEvents({
      body: { inputs: [eventBody('webinar-1'), eventBody('webinar-2'), eventBody('meetup-1')] },
    });
    expect(result.results).toHaveLength(3);
    const found = await events.searchMarketingEvents({ query: { q: 'webinar-' } });
    expect(found.results.map((r) => [r.externalEventId, r.appId])).toEqual([
      ['webinar-1', MOCK_APP_ID],
      ['webinar-2', MOCK_APP_ID],
    ]);
    await events.batchDeleteMarketingEvents({
      body: {
        inputs: [
          { appId: MOCK_APP_ID, externalAccountId: ACCOUNT, externalEventId: 'webinar-1' },
          { appId: 1, externalAccountId: ACCOUNT, externalEventId: 'webinar-2' },
          { appId: MOCK_APP_ID, externalAccountId: ACCOUNT, externalEventId: 'never-created' },
        ],
      },
    });
    const left = await events.searchMarketingEvents({ query: { q: 'webinar' } });
    expect(left.results.map((r) => r.externalEventId)).toEqual(['webinar-2']);
  });
});

describe('participation', () => {
  it('registers and attends contacts by email, counts them, and reports the breakdown', async () => {
    const events = setup.client.marketingEvents;
    const event = await events.createMarketingEvent({ body: eventBody('webinar') });
    const marketingEventId = Number(event.objectId);
    const path = (subscriberState: 'register' | 'attend' | 'cancel') => ({
      externalEventId: 'webinar',
      subscriberState,
    });

    const registered = await events.recordAttendanceByContactEmail({
      path: path('register'),
      query: { externalAccountId: ACCOUNT },
      body: {
        inputs: ['ada@example.com', 'grace@example.com', 'alan@example.com', 'known@example.com'].map((e) =>
          attendee(e),
        ),
      },
    });
    expect(registered.results.map((r) => r.email)).toHaveLength(4);
    expect(registered.results.find((r) => r.email === 'known@example.com')?.vid).toBe(9001);
    const vids = registered.results.map((r) => r.vid);
    expect(new Set(vids).size).toBe(4);

    await events.recordAttendanceByContactEmail({
      path: path('attend'),
      body: {
        inputs: [
          attendee('ada@example.com', 60_000, { joinedAt: String(at), leftAt: String(at + 45 * 60_000) }),
        ],
      },
    });
    await events.recordAttendanceByContactId({
      path: path('attend'),
      query: { externalAccountId: ACCOUNT },
      body: { inputs: [{ vid: 9001, interactionDateTime: at, properties: {} }] },
    });
    await events.upsertSubscriberStateByContactEmail({
      path: path('cancel'),
      query: { externalAccountId: ACCOUNT },
      body: { inputs: [attendee('grace@example.com'), attendee('nobody@example.com')] },
    });
    // A registration after attending does not undo the attendance.
    await events.upsertSubscriberStateByContactId({
      path: path('register'),
      query: { externalAccountId: ACCOUNT },
      body: { inputs: [{ vid: 9001, interactionDateTime: at, properties: {} }] },
    });

    expect(await events.getParticipationCounters({ path: { marketingEventId } })).toEqual({
      registered: 4,
      attended: 2,
      cancelled: 1,
      noShows: 0,
    });
    await events.completeMarketingEvent({
      path: { externalEventId: 'webinar' },
      query: { externalAccountId: ACCOUNT },
      body: { startDateTime: '2026-03-02T16:00:00Z', endDateTime: '2026-03-02T17:00:00Z' },
    });
    // Registered but never attended: a no-show once the event is over.
    expect(
      await events.getParticipationCountersByExternalIds({
        path: { externalAccountId: ACCOUNT, externalEventId: 'webinar' },
      }),
    ).toEqual({ registered: 4, attended: 2, cancelled: 1, noShows: 1 });
    const read = await events.getMarketingEvent({
      path: { externalEventId: 'webinar' },
      query: { externalAccountId: ACCOUNT },
    });
    expect(read).toMatchObject({ registrants: 4, attendees: 2, cancellations: 1, noShows: 1 });

    const attended = await events.listParticipationBreakdown({
      path: { marketingEventId },
      query: { state: 'ATTENDED' },
    });
    expect(attended.total).toBe(2);
    const ada = attended.results.find((r) => r.associations.contact.email === 'ada@example.com');
    expect(ada?.associations.marketingEvent).toEqual({
      marketingEventId: event.objectId,
      name: 'Spring webinar',
      externalAccountId: ACCOUNT,
      externalEventId: 'webinar',
    });
    expect(ada?.properties).toMatchObject({
      attendanceState: 'ATTENDED',
      attendanceDurationSeconds: 2700,
      attendancePercentage: '75',
    });

    const pages = [];
    for await (const page of setup.client.paginatePages('listParticipationBreakdownByExternalIds', {
      path: { externalAccountId: ACCOUNT, externalEventId: 'webinar' },
      query: { limit: 3 },
    })) {
      pages.push(page.results.map((r) => r.properties.attendanceState));
    }
    expect(pages).toEqual([['ATTENDED', 'CANCELLED', 'NO_SHOW'], ['ATTENDED']]);

    const byContact = await events.listParticipationBreakdownByContact({
      path: { contactIdentifier: 'grace@example.com' },
    });
    expect(byContact.results.map((r) => r.properties.attendanceState)).toEqual(['CANCELLED']);
    const oneContact = await events.listParticipationBreakdown({
      path: { marketingEventId },
      query: { contactIdentifier: '9001' },
    });
    expect(oneContact.results.map((r) => r.associations.contact.firstname)).toEqual(['Kim']);
  });

  it('reports unknown contact ids as batch errors, and unknown events and contacts as 404', async () => {
    const events = setup.client.marketingEvents;
    await events.createMarketingEvent({ body: eventBody('webinar') });
    const result = await events.recordAttendanceByContactId({
      path: { externalEventId: 'webinar', subscriberState: 'register' },
      body: {
        inputs: [
          { vid: 9001, interactionDateTime: at, properties: {} },
          { vid: 424242, interactionDateTime: at, properties: {} },
        ],
      },
    });
    expect(result.results).toEqual([{ vid: 9001 }]);
    expect(result).toMatchObject({
      numErrors: 1,
      errors: [{ category: 'OBJECT_NOT_FOUND', context: { ids: ['424242'] } }],
    });

    for (const call of [
      () =>
        events.recordAttendanceByContactEmail({
          path: { externalEventId: 'nope', subscriberState: 'attend' },
          body: { inputs: [attendee('a@example.com')] },
        }),
      () => events.getParticipationCounters({ path: { marketingEventId: 1 } }),
      () =>
        events.listParticipationBreakdownByContact({ path: { contactIdentifier: 'stranger@example.com' } }),
    ]) {
      expect(await rejectionOf(call())).toMatchObject({ status: 404, category: 'OBJECT_NOT_FOUND' });
    }
  });
});

describe('list associations', () => {
  it('associates lists by HubSpot id and by external ids, lists and removes them', async () => {
    const events = setup.client.marketingEvents;
    const event = await events.createMarketingEvent({ body: eventBody('webinar') });
    const external = { externalAccountId: ACCOUNT, externalEventId: 'webinar' };
    await events.associateMarketingEventList({
      path: { marketingEventId: event.objectId as string, listId: '1423' },
    });
    await events.associateMarketingEventListByExternalIds({ path: { ...external, listId: '1424' } });
    const lists = await events.listMarketingEventListsByExternalIds({ path: external });
    expect(lists.total).toBe(2);
    expect(lists.results.map((l) => l.listId)).toEqual(['1423', '1424']);

    await events.disassociateMarketingEventListByExternalIds({ path: { ...external, listId: '1423' } });
    await events.disassociateMarketingEventList({
      path: { marketingEventId: event.objectId as string, listId: '1424' },
    });
    expect(
      (await events.listMarketingEventLists({ path: { marketingEventId: event.objectId as string } })).total,
    ).toBe(0);
    expect(
      await rejectionOf(events.listMarketingEventLists({ path: { marketingEventId: '1' } })),
    ).toMatchObject({ status: 404 });
  });
});
