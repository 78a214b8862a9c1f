/**
 * Launch a campaign: create it, add its launch email, link a sign-up form and a static list, then read the
 * campaign back with its assets and its budget.
 *
 *   node --import tsx examples/launch-campaign.ts
 *
 * Against HubSpot (HUBSPOT_ACCESS_TOKEN set) this creates a campaign and a draft email in the account; the
 * form and list are linked when HUBSPOT_FORM_ID / HUBSPOT_LIST_ID name existing ones.
 */
import { runExample } from './connect.js';

await runExample(async ({ client, live }) => {
  const name = `Spring launch ${new Date().toISOString().slice(0, 10)}${live ? ` ${Date.now()}` : ''}`;
  const campaign = await client.campaigns.createCampaign({
    body: { properties: { hs_name: name, hs_notes: 'Spring product launch: email, sign-up form and list.' } },
  });
  const campaignGuid = campaign.id;
  console.log(`Created campaign "${name}" (${campaignGuid}).`);

  const email = await client.marketingEmails.createMarketingEmail({
    body: { name: `${name} - announcement`, subject: 'Meet the spring collection', campaign: campaignGuid },
  });
  console.log(`Created launch email ${email.id} in the campaign.`);

  // Forms and static lists are linked by id; against HubSpot they must exist, so they come from settings.
  const assets = [
    { assetType: 'FORM', variable: 'HUBSPOT_FORM_ID', mockId: '3e4b2c9a-7d15-4f0e-8a61-2b9c5d7e1f30' },
    { assetType: 'OBJECT_LIST', variable: 'HUBSPOT_LIST_ID', mockId: '4821' },
  ];
  for (const { assetType, variable, mockId } of assets) {
    const assetId = process.env[variable] ?? (live ? undefined : mockId);
    if (assetId === undefined) {
      console.log(`Skipping the ${assetType} asset (set ${variable} to link one).`);
      continue;
    }
    await client.campaigns.associateCampaignAsset({ path: { campaignGuid, assetType, assetId } });
    console.log(`Linked ${assetType} ${assetId}.`);
  }

  const saved = await client.campaigns.getCampaign({
    path: { campaignGuid },
    query: { properties: ['hs_name'] },
  });
  for (const [type, list] of Object.entries(saved.assets)) {
    console.log(`Asset ${type}: ${list.results.map((a) => a.name ?? a.id).join(', ')}`);
  }

  const budget = await client.campaigns.getCampaignBudgetTotals({ path: { campaignGuid } });
  console.log(
    `Budget: ${budget.budgetTotal ?? 0} ${budget.currencyCode} planned, ${budget.spendTotal ?? 0} spent, ` +
      `${budget.remainingBudget ?? 0} remaining.`,
  );
  for (const item of budget.budgetItems) console.log(`- budget line "${item.name}": ${item.amount}`);
});
