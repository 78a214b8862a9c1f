/**
 * All the state of one mock server: the area stores, wired together (a campaign lists the emails that name it
 * as MARKETING_EMAIL assets; transactional sends look up emails), filled from the seed, and put back to the
 * seed by `reset()`.
 */

import { CampaignStore } from './campaigns.js';
import { ContactStore } from './contacts.js';
import { EmailStore } from './emails.js';
import { EventStore } from './events.js';
import { IdSource } from './ids.js';
import { ParticipationStore } from './participations.js';
import type { MockSeed } from './seed.js';
import { SendLog } from './sends.js';
import { SmtpTokenStore } from './smtp-tokens.js';

export class MockStore {
  readonly ids = new IdSource();
  readonly contacts = new ContactStore(this.ids);
  readonly emails = new EmailStore(this.ids);
  readonly campaigns = new CampaignStore(this.ids, (campaignId) => ({
    MARKETING_EMAIL: this.emails
      .list({ campaign: campaignId })
      .map((email) => ({ id: email.id, name: email.name })),
  }));
  readonly events = new EventStore(this.ids);
  readonly participations = new ParticipationStore(this.ids);
  readonly smtpTokens = new SmtpTokenStore(this.ids);
  readonly sends = new SendLog(this.ids, this.emails);

  constructor(private readonly seed: MockSeed = {}) {
    this.load();
  }

  /** Forgets everything created since the start and loads the seed again. */
  reset(): void {
    for (const store of [
      this.contacts,
      this.emails,
      this.campaigns,
      this.events,
      this.participations,
      this.smtpTokens,
      this.sends,
    ]) {
      store.clear();
    }
    this.ids.reset();
    this.load();
  }

  private load(): void {
    const seed = structuredClone(this.seed);
    for (const contact of seed.contacts ?? []) this.contacts.add(contact);
    for (const campaign of seed.campaigns ?? []) this.campaigns.seed(campaign);
    for (const email of seed.marketingEmails ?? []) this.emails.seed(email);
    for (const event of seed.marketingEvents ?? []) this.events.seed(event);
    for (const token of seed.smtpTokens ?? []) this.smtpTokens.seed(token);
  }
}
