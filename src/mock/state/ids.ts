/**
 * Ids, timestamps and the acting user for created objects, per server instance: campaign and SMTP token
 * GUIDs, numeric-string ids in the ranges HubSpot uses (emails, marketing events, contacts, ...), revision ids
 * that are strictly increasing millisecond timestamps, and ISO 8601 times. Sequences restart on `reset()`.
 */
import { randomBytes, randomUUID } from 'node:crypto';

/** First id of each numeric sequence; they look like HubSpot's and never collide between kinds. */
const STARTS = {
  email: 174_849_930_001,
  event: 584_739_001,
  participation: 72_819_001,
  contact: 5_101,
  emailCampaign: 285_716_001,
  budgetItem: 352,
} as const;

export type SequenceKind = keyof typeof STARTS;

export class IdSource {
  private next = new Map<SequenceKind, number>();
  private lastStamp = 0;

  /** A GUID, such as a campaign's `campaignGuid` or an SMTP token id. */
  guid(): string {
    return randomUUID();
  }

  /** The next numeric id of a kind, as a string (`'174849930001'`). */
  numeric(kind: SequenceKind): string {
    const value = this.next.get(kind) ?? STARTS[kind];
    this.next.set(kind, value + 1);
    return String(value);
  }

  /** Makes later `numeric(kind)` ids larger than `id` (after seeding objects with given ids). */
  reserve(kind: SequenceKind, id: string | number): void {
    const n = Number(id);
    if (Number.isSafeInteger(n) && n >= (this.next.get(kind) ?? STARTS[kind])) this.next.set(kind, n + 1);
  }

  /** A unique, increasing millisecond timestamp (revision ids). */
  stamp(): number {
    this.lastStamp = Math.max(Date.now(), this.lastStamp + 1);
    return this.lastStamp;
  }

  /** A random password like HubSpot's SMTP token passwords. */
  password(): string {
    return randomBytes(12).toString('base64url');
  }

  reset(): void {
    this.next.clear();
  }
}

/** Now, as an ISO 8601 string with milliseconds. */
export function nowIso(): string {
  return new Date().toISOString();
}

/** The user the mock pretends the access token belongs to (createdById, revision authors, ...). */
export const MOCK_USER = {
  id: '49120934',
  email: 'mock.user@example.com',
  fullName: 'Mock User',
} as const;
