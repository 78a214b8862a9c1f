/**
 * Contacts known to the mock, by id (`vid`) and by email (case-insensitive): the people whose marketing event
 * participation is recorded. Recording attendance by email creates missing contacts, as HubSpot does.
 */
import type { IdSource } from './ids.js';

export interface Contact {
  vid: number;
  email: string;
  firstname?: string;
  lastname?: string;
}

export class ContactStore {
  private byVid = new Map<number, Contact>();
  private byEmail = new Map<string, Contact>();

  constructor(private readonly ids: IdSource) {}

  add(input: { vid?: number; email: string; firstname?: string; lastname?: string }): Contact {
    const vid = input.vid ?? Number(this.ids.numeric('contact'));
    if (input.vid !== undefined) this.ids.reserve('contact', input.vid);
    const contact: Contact = { vid, email: input.email };
    if (input.firstname !== undefined) contact.firstname = input.firstname;
    if (input.lastname !== undefined) contact.lastname = input.lastname;
    this.byVid.set(vid, contact);
    this.byEmail.set(input.email.toLowerCase(), contact);
    return contact;
  }

  /** The contact with this email, created with `properties` (firstname, lastname) when there is none. */
  ensure(email: string, properties: Record<string, string> = {}): Contact {
    return (
      this.findByEmail(email) ??
      this.add({ email, firstname: properties.firstname, lastname: properties.lastname })
    );
  }

  findByEmail(email: string): Contact | undefined {
    return this.byEmail.get(email.toLowerCase());
  }

  findByVid(vid: number): Contact | undefined {
    return this.byVid.get(vid);
  }

  /** By email address or by contact id, as `contactIdentifier` parameters take them. */
  find(identifier: string): Contact | undefined {
    return /^\d+$/.test(identifier) ? this.findByVid(Number(identifier)) : this.findByEmail(identifier);
  }

  clear(): void {
    this.byVid.clear();
    this.byEmail.clear();
  }
}
