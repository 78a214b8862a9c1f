/**
 * What a mock server can start with (`startMockServer({ seed })`), and returns to on `reset()`: campaigns (with
 * assets and budget lines, which the API cannot create), marketing events, marketing emails (e.g. a published
 * transactional email to send), SMTP tokens and contacts. Omitted ids are generated like created objects' ids.
 */

export interface MockSeed {
  campaigns?: SeedCampaign[];
  marketingEvents?: SeedMarketingEvent[];
  marketingEmails?: SeedMarketingEmail[];
  smtpTokens?: SeedSmtpToken[];
  contacts?: SeedContact[];
}

export interface SeedCampaign {
  /** The campaignGuid; a UUID. */
  id?: string;
  /** Property values such as `hs_name` (required) and `hs_notes`. */
  properties: Record<string, string>;
  /** Linked assets by asset type, e.g. `{ FORM: [{ id: '3e4b…', name: 'Sign-up form' }] }`. */
  assets?: Record<string, Array<{ id: string; name?: string }>>;
  budget?: {
    /** ISO 4217 code; default USD. */
    currencyCode?: string;
    budgetItems?: SeedBudgetLine[];
    spendItems?: SeedBudgetLine[];
  };
}

export interface SeedBudgetLine {
  name: string;
  amount: number;
  description?: string;
}

export interface SeedMarketingEvent {
  externalAccountId: string;
  externalEventId: string;
  eventName: string;
  eventOrganizer: string;
  /** HubSpot's id of the event (numeric string); generated when omitted. */
  objectId?: string;
  eventType?: string;
  eventDescription?: string;
  eventUrl?: string;
  startDateTime?: string;
  endDateTime?: string;
  eventCancelled?: boolean;
  eventCompleted?: boolean;
}

export interface SeedMarketingEmail {
  /** Numeric-string id; generated when omitted. */
  id?: string;
  name: string;
  subject?: string;
  /** Whether it is published (sent or scheduled, or for a transactional email: live). Default false. */
  isPublished?: boolean;
  isTransactional?: boolean;
  /** Any other PublicEmail field (`type`, `campaign`, `from`, `to`, `language`, ...). */
  [field: string]: unknown;
}

export interface SeedSmtpToken {
  id?: string;
  campaignName: string;
  createContact?: boolean;
  password?: string;
}

export interface SeedContact {
  /** HubSpot contact id; generated when omitted. */
  vid?: number;
  email: string;
  firstname?: string;
  lastname?: string;
}
