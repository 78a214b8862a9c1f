/**
 * Send a transactional email: check the transactional email to send, then send it to one recipient with
 * per-send contact properties, and print the send's status.
 *
 *   node --import tsx examples/send-transactional-email.ts
 *
 * Against HubSpot (transactional email add-on), set HUBSPOT_TRANSACTIONAL_EMAIL_ID to a published
 * transactional email and HUBSPOT_TO_EMAIL to the recipient.
 */
import { runExample, setting } from './connect.js';

const ORDER_CONFIRMATION_ID = '164825463210';

await runExample(
  async (context) => {
    const emailId = setting(context, 'HUBSPOT_TRANSACTIONAL_EMAIL_ID', ORDER_CONFIRMATION_ID);
    const to = setting(context, 'HUBSPOT_TO_EMAIL', 'jane.doe@example.com');

    const email = await context.client.marketingEmails.getMarketingEmail({ path: { emailId } });
    console.log(`Sending "${email.name}" (${emailId}) to ${to}.`);

    const status = await context.client.transactionalEmail.sendTransactionalEmail({
      body: {
        emailId: Number(emailId),
        message: { to, sendId: `order-100482-${Date.now()}` },
        contactProperties: { firstname: 'Jane', last_order_id: '100482' },
      },
    });
    console.log(`Send ${status.statusId}: ${status.status} (requested ${status.requestedAt ?? 'just now'}).`);
  },
  {
    // What the mock starts with: a published transactional email.
    seed: {
      marketingEmails: [
        {
          id: ORDER_CONFIRMATION_ID,
          name: 'Order confirmation',
          subject: 'Your order {{ custom.order_id }}',
          isTransactional: true,
          isPublished: true,
        },
      ],
    },
  },
);
