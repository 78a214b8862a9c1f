/**
 * Who registered for, attended or cancelled which marketing event: one participation per event and contact,
 * whose state follows the last recorded subscriber state (an attendance is never downgraded by a later
 * registration). A registration on a completed event that was never attended counts as a no-show. Feeds the
 * participation counters and breakdowns.
 */
import type { Contact } from './contacts.js';
import type { MarketingEvent } from './events.js';
import { type IdSource, nowIso } from './ids.js';

export type SubscriberState = 'register' | 'attend' | 'cancel';
export type AttendanceState = 'REGISTERED' | 'ATTENDED' | 'CANCELLED' | 'NO_SHOW';

export interface Participation {
  id: string;
  event: MarketingEvent;
  contact: Contact;
  state: Exclude<AttendanceState, 'NO_SHOW'>;
  createdAt: string;
  /** When the last state was recorded, in Unix milliseconds. */
  occurredAt: number;
  attendanceDurationSeconds?: number;
}

export interface Counters {
  registered: number;
  attended: number;
  cancelled: number;
  noShows: number;
}

const STATE_OF: Record<SubscriberState, Participation['state']> = {
  register: 'REGISTERED',
  attend: 'ATTENDED',
  cancel: 'CANCELLED',
};

export class ParticipationStore {
  private participations = new Map<string, Participation>();

  constructor(private readonly ids: IdSource) {}

  /** Records a subscriber state; `properties.joinedAt`/`leftAt` (ms or ISO) give an attendance duration. */
  record(
    event: MarketingEvent,
    contact: Contact,
    subscriberState: SubscriberState,
    occurredAt: number,
    properties: Record<string, string> = {},
  ): Participation {
    const key = `${event.objectId}:${contact.vid}`;
    let participation = this.participations.get(key);
    if (!participation) {
      participation = {
        id: this.ids.numeric('participation'),
        event,
        contact,
        state: STATE_OF[subscriberState],
        createdAt: nowIso(),
        occurredAt,
      };
      this.participations.set(key, participation);
    }
    if (!(subscriberState === 'register' && participation.state === 'ATTENDED')) {
      participation.state = STATE_OF[subscriberState];
      participation.occurredAt = occurredAt;
    }
    const joined = toMillis(properties.joinedAt);
    const left = toMillis(properties.leftAt);
    if (subscriberState === 'attend' && joined !== undefined && left !== undefined && left >= joined) {
      participation.attendanceDurationSeconds = Math.round((left - joined) / 1000);
    }
    return participation;
  }

  /** The state as HubSpot reports it now (registered on a completed event: no-show). */
  stateOf(participation: Participation): AttendanceState {
    return participation.state === 'REGISTERED' && participation.event.eventCompleted
      ? 'NO_SHOW'
      : participation.state;
  }

  /** Participations, oldest first, of one event and/or one contact, optionally in one state. */
  list(filter: { event?: MarketingEvent; contact?: Contact; state?: string }): Participation[] {
    return [...this.participations.values()].filter(
      (p) =>
        (filter.event === undefined || p.event.objectId === filter.event.objectId) &&
        (filter.contact === undefined || p.contact.vid === filter.contact.vid) &&
        (filter.state === undefined || this.stateOf(p) === filter.state),
    );
  }

  /** Everyone who took part counts as registered; the others by their current state. */
  counters(event: MarketingEvent): Counters {
    const counters: Counters = { registered: 0, attended: 0, cancelled: 0, noShows: 0 };
    for (const p of this.list({ event })) {
      counters.registered++;
      const state = this.stateOf(p);
      if (state === 'ATTENDED') counters.attended++;
      else if (state === 'CANCELLED') counters.cancelled++;
      else if (state === 'NO_SHOW') counters.noShows++;
    }
    return counters;
  }

  /** Forgets the participations of a deleted event. */
  forget(event: MarketingEvent): void {
    for (const [key, p] of this.participations)
      if (p.event.objectId === event.objectId) this.participations.delete(key);
  }

  clear(): void {
    this.participations.clear();
  }
}

/** The attendance percentage of an event's scheduled duration, as HubSpot's string, if both are known. */
export function attendancePercentage(p: Participation): string | undefined {
  const start = toMillis(p.event.startDateTime);
  const end = toMillis(p.event.endDateTime);
  if (p.attendanceDurationSeconds === undefined || start === undefined || end === undefined || end <= start) {
    return undefined;
  }
  return String(Math.min(100, Math.round((p.attendanceDurationSeconds * 1000 * 100) / (end - start))));
}

function toMillis(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isFinite(n) ? n : undefined;
}
