/**
 * SMTP API tokens in memory: create (the only answer, besides a password reset, that shows the password),
 * read, list filtered by campaign name or email campaign id, delete, and password reset.
 */
import { notFound } from '../envelope.js';
import { type IdSource, MOCK_USER, nowIso } from './ids.js';
import type { SeedSmtpToken } from './seed.js';

export interface SmtpToken {
  id: string;
  campaignName: string;
  createContact: boolean;
  createdAt: string;
  createdBy: string;
  emailCampaignId: string;
  password?: string;
}

export class SmtpTokenStore {
  private tokens = new Map<string, Required<SmtpToken>>();

  constructor(private readonly ids: IdSource) {}

  /** The new token, password included. */
  create(campaignName: string, createContact: boolean): SmtpToken {
    const token: Required<SmtpToken> = {
      id: this.ids.guid(),
      campaignName,
      createContact,
      createdAt: nowIso(),
      createdBy: MOCK_USER.email,
      emailCampaignId: this.ids.numeric('emailCampaign'),
      password: this.ids.password(),
    };
    this.tokens.set(token.id, token);
    return { ...token };
  }

  seed(input: SeedSmtpToken): SmtpToken {
    const token = this.create(input.campaignName, input.createContact ?? false);
    const stored = this.tokens.get(token.id) as Required<SmtpToken>;
    if (input.password !== undefined) stored.password = input.password;
    if (input.id !== undefined) {
      this.tokens.delete(stored.id);
      stored.id = input.id;
      this.tokens.set(stored.id, stored);
    }
    return withoutPassword(stored);
  }

  /** The token without its password. */
  get(id: string): SmtpToken {
    return withoutPassword(this.stored(id));
  }

  /** Oldest first, without passwords. */
  list(filter: { campaignName?: string; emailCampaignId?: string }): SmtpToken[] {
    return [...this.tokens.values()]
      .filter(
        (t) =>
          (filter.campaignName === undefined || t.campaignName === filter.campaignName) &&
          (filter.emailCampaignId === undefined || t.emailCampaignId === filter.emailCampaignId),
      )
      .map(withoutPassword);
  }

  delete(id: string): void {
    this.stored(id);
    this.tokens.delete(id);
  }

  /** A new password; the old one stops working. */
  resetPassword(id: string): SmtpToken {
    const token = this.stored(id);
    token.password = this.ids.password();
    return { ...token };
  }

  clear(): void {
    this.tokens.clear();
  }

  private stored(id: string): Required<SmtpToken> {
    const token = this.tokens.get(id);
    if (!token) throw notFound('SMTP token', id);
    return token;
  }
}

function withoutPassword({ password: _, ...token }: SmtpToken): SmtpToken {
  return token;
}
