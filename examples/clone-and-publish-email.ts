/**
 * Clone an email and publish the draft: copy an existing marketing email, edit the copy's draft, check the
 * draft, publish it, and read the live email and its revisions.
 *
 *   node --import tsx examples/clone-and-publish-email.ts
 *
 * Against HubSpot, set HUBSPOT_EMAIL_ID to the email to clone. Publishing sends (or schedules) the copy to the
 * recipients it inherited, so clone a test email.
 */
import { runExample, setting } from './connect.js';

const SOURCE_ID = '174849932951';

await runExample(
  async (context) => {
    const emails = context.client.marketingEmails;
    const sourceId = setting(context, 'HUBSPOT_EMAIL_ID', SOURCE_ID);
    const source = await emails.getMarketingEmail({ path: { emailId: sourceId } });
    console.log(`Source email ${sourceId}: "${source.name}".`);

    const copy = await emails.cloneMarketingEmail({
      body: { id: sourceId, cloneName: `${source.name} (April edition)` },
    });
    const emailId = copy.id as string;
    console.log(`Cloned into email ${emailId} ("${copy.name}", ${copy.state}).`);

    await emails.upsertMarketingEmailDraft({
      path: { emailId },
      body: { subject: 'April news: what is new this spring' },
    });
    const draft = await emails.getMarketingEmailDraft({ path: { emailId } });
    console.log(`Draft subject: "${draft.subject}".`);

    await emails.publishMarketingEmail({ path: { emailId } });
    const live = await emails.getMarketingEmail({ path: { emailId } });
    console.log(`Published: state ${live.state}, subject "${live.subject}".`);

    const revisions = await emails.listMarketingEmailRevisions({ path: { emailId } });
    console.log(`The copy has ${revisions.total} revisions.`);
  },
  {
    // What the mock starts with: the email to clone.
    seed: {
      marketingEmails: [
        {
          id: SOURCE_ID,
          name: 'Monthly newsletter',
          subject: 'March news',
          from: { fromName: 'Acme Outdoor', replyTo: 'news@example.com' },
          to: { contactIlsLists: { include: ['42'], exclude: [] } },
        },
      ],
    },
  },
);
