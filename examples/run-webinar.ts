/**
 * Run a webinar: create the marketing event, register contacts by email, record who attended (with join and
 * leave times), complete the event, and read the participation counters and breakdown.
 *
 *   node --import tsx examples/run-webinar.ts
 *
 * Against HubSpot, set HUBSPOT_EXTERNAL_ACCOUNT_ID to your event app's account id (default: "example-app");
 * the contacts (example.com addresses) are created in the account if missing.
 */
import { runExample } from './connect.js';

await runExample(async ({ client }) => {
  const events = client.marketingEvents;
  const externalAccountId = process.env.HUBSPOT_EXTERNAL_ACCOUNT_ID ?? 'example-app';
  const externalEventId = `webinar-${Date.now()}`;
  const start = new Date(Date.now() - 2 * 3_600_000);
  const end = new Date(start.getTime() + 3_600_000);
  const where = { path: { externalEventId }, query: { externalAccountId } };

  const event = await events.createMarketingEvent({
    body: {
      externalAccountId,
      externalEventId,
      eventName: 'Spring product webinar',
      eventOrganizer: 'Acme Corp',
      eventType: 'WEBINAR',
      startDateTime: start.toISOString(),
      endDateTime: end.toISOString(),
      customProperties: [],
    },
  });
  console.log(`Created webinar ${externalEventId} (HubSpot id ${event.objectId}).`);

  const people = ['ada.lovelace', 'grace.hopper', 'alan.turing'].map((n) => `${n}@example.com`);
  const contact = (email: string, properties: Record<string, string> = {}) => ({
    email,
    interactionDateTime: start.getTime(),
    contactProperties: { firstname: email.split('.')[0] ?? '' },
    properties,
  });
  const registered = await events.recordAttendanceByContactEmail({
    path: { externalEventId, subscriberState: 'register' },
    query: { externalAccountId },
    body: { inputs: people.map((email) => contact(email)) },
  });
  console.log(`Registered ${registered.results.length} contacts.`);

  const joinedAt = String(start.getTime());
  const attendees = people
    .slice(0, 2)
    .map((email, i) =>
      contact(email, { joinedAt, leftAt: String(start.getTime() + (50 - i * 20) * 60_000) }),
    );
  await events.recordAttendanceByContactEmail({
    path: { externalEventId, subscriberState: 'attend' },
    query: { externalAccountId },
    body: { inputs: attendees },
  });
  console.log(`Recorded ${attendees.length} attendees.`);

  await events.completeMarketingEvent({
    ...where,
    body: { startDateTime: start.toISOString(), endDateTime: end.toISOString() },
  });
  console.log('Completed the webinar.');

  const counters = await events.getParticipationCountersByExternalIds({
    path: { externalAccountId, externalEventId },
  });
  console.log(
    `Participation: ${counters.registered} registered, ${counters.attended} attended, ` +
      `${counters.cancelled} cancelled, ${counters.noShows} no-shows.`,
  );
  for await (const row of client.paginate('listParticipationBreakdownByExternalIds', {
    path: { externalAccountId, externalEventId },
  })) {
    const { attendanceState, attendanceDurationSeconds } = row.properties;
    const minutes =
      attendanceDurationSeconds === undefined ? '' : ` for ${attendanceDurationSeconds / 60} min`;
    console.log(`- ${row.associations.contact.email}: ${attendanceState}${minutes}`);
  }
});
