/**
 * Type-check cost for a consumer: one file that calls ten actions (the catalog's example inputs), checked by
 * `tsc --noEmit --extendedDiagnostics` in its own project (strict, `module: nodenext`, @types/node,
 * `skipLibCheck: true` as `tsc --init` sets it). The same ten calls through this package's client, its
 * standalone functions and `invoke`, and through @hubspot/api-client; plus a file with no import, the fixed
 * cost of the standard library and @types/node.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type Options, type Section, table } from '../lib/report.js';
import { exec, log, median, ok, PACKAGE, ROOT, versionOf } from '../lib/util.js';
import type { Workspace } from '../lib/workspace.js';

/** The ten actions: id, area property on the client, area subpath. */
const TEN = [
  ['getMarketingEmail', 'marketingEmails'],
  ['listMarketingEmails', 'marketingEmails'],
  ['createMarketingEmail', 'marketingEmails'],
  ['cloneMarketingEmail', 'marketingEmails'],
  ['publishMarketingEmail', 'marketingEmails'],
  ['getMarketingEvent', 'marketingEvents'],
  ['createMarketingEvent', 'marketingEvents'],
  ['sendTransactionalEmail', 'transactionalEmail'],
  ['listSmtpTokens', 'transactionalEmail'],
  ['getSubscriptionStatuses', 'communicationPreferences'],
] as const;

/** The same ten calls through @hubspot/api-client, with the same data (its TypeScript enum for `language` takes no string, so that optional field is left out; `from` is `_from` there). */
const HUBSPOT_CALLS = `import { Client } from '@hubspot/api-client';

const client = new Client({ accessToken: 'token' });
const emails = client.marketing.emails.marketingEmailsApi;

export async function tenCalls() {
  const email = await emails.getById('174849932951');
  const page = await emails.getPage(
    undefined, new Date('2026-01-01T00:00:00Z'), undefined, undefined, undefined, undefined, undefined,
    undefined, 50, undefined, undefined, undefined, 'BATCH_EMAIL', undefined, undefined,
    'd5c3c3f0-3e9c-4e3b-9d1f-3b8a0f6b2a11',
  );
  const created = await emails.create({
    name: 'Spring launch 2026 - announcement',
    subject: 'Meet the new Spring collection',
    campaign: 'd5c3c3f0-3e9c-4e3b-9d1f-3b8a0f6b2a11',
    _from: { fromName: 'Acme Outdoor', replyTo: 'news@acme-outdoor.com' },
    to: { contactIlsLists: { include: ['42'], exclude: ['57'] }, suppressGraymail: true },
    subscriptionDetails: { subscriptionId: '9563485', officeLocationId: '12817960' },
  });
  const clone = await emails.clone({ id: '174849932951', cloneName: 'Spring launch 2026 - announcement (copy)' });
  await emails.publishOrSend('174849932951');
  const event = await client.marketing.events.basicApi.getDetails('84512937615', '7781203');
  const newEvent = await client.marketing.events.basicApi.create({
    eventName: 'Spring product launch webinar',
    eventType: 'WEBINAR',
    startDateTime: new Date('2026-03-02T16:00:00Z'),
    endDateTime: new Date('2026-03-02T17:00:00Z'),
    eventOrganizer: 'Acme Corp',
    eventDescription: 'A live walkthrough of the spring release, followed by Q&A.',
    eventUrl: 'https://events.example.com/webinars/84512937615',
    externalAccountId: '7781203',
    externalEventId: '84512937615',
    customProperties: [],
  });
  const sent = await client.marketing.transactional.singleSendApi.sendEmail({
    emailId: 164825463210,
    message: {
      to: 'jane.doe@example.com',
      _from: 'Acme Outdoor Orders <orders@acme-outdoor.com>',
      replyTo: ['support@acme-outdoor.com'],
      sendId: 'order-100482-confirmation',
    },
    contactProperties: { firstname: 'Jane', lastname: 'Doe', last_order_id: '100482' },
  });
  const tokens = await client.marketing.transactional.publicSMTPTokensApi.getTokensPage('Order confirmations', '285716334', undefined, 20);
  const statuses = await client.communicationPreferences.statusApi.getEmailStatus('ada.lovelace@example.com');
  return [email.id, page.results.length, created.id, clone.id, event.eventName, newEvent.eventName, sent.status, tokens.results.length, statuses.subscriptionStatuses.length];
}
`;

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function oursCalls(examples: Map<string, unknown>, style: 'client' | 'standalone' | 'invoke'): string {
  const input = (id: string) => JSON.stringify(examples.get(id) ?? {});
  const calls = TEN.map(([id, area], i) => {
    if (style === 'client') return `  const r${i} = await client.${area}.${id}(${input(id)});`;
    if (style === 'invoke') return `  const r${i} = await client.invoke('${id}', ${input(id)});`;
    return `  const r${i} = await ${id}(core, ${input(id)});`;
  });
  const imports =
    style === 'standalone'
      ? [
          `import { createHubSpotCore } from '${PACKAGE}/core';`,
          ...[...new Set(TEN.map(([, area]) => area))].map(
            (area) =>
              `import { ${TEN.filter(([, a]) => a === area)
                .map(([id]) => id)
                .join(', ')} } from '${PACKAGE}/${kebab(area)}';`,
          ),
          `const core = createHubSpotCore({ accessToken: 'token' });`,
        ]
      : [
          `import { createHubSpotMarketingClient } from '${PACKAGE}';`,
          `const client = createHubSpotMarketingClient({ accessToken: 'token' });`,
        ];
  return `${imports.join('\n')}

export async function tenCalls() {
${calls.join('\n')}
  return [${TEN.map((_, i) => `r${i}`).join(', ')}];
}
`;
}

interface Diagnostics {
  checkTime: number;
  totalTime: number;
  instantiations: number;
  types: number;
  memory: number;
}

function parseDiagnostics(out: string): Diagnostics {
  const num = (label: string) => {
    const m = new RegExp(`^${label}:\\s+([\\d.]+)`, 'm').exec(out);
    if (!m) throw new Error(`tsc printed no "${label}":\n${out}`);
    return Number(m[1]);
  };
  return {
    checkTime: num('Check time') * 1000,
    totalTime: num('Total time') * 1000,
    instantiations: num('Instantiations'),
    types: num('Types'),
    memory: num('Memory used'),
  };
}

export async function typeCheck(ws: Workspace, options: Options): Promise<Section> {
  const runs = options.quick ? 1 : 3;
  log(`type-check cost: tsc --extendedDiagnostics, ${runs} run(s) each`);
  const catalog = JSON.parse(
    fs.readFileSync(path.join(ws.app, 'node_modules', PACKAGE, 'dist', 'actions.json'), 'utf8'),
  ) as { actions: Array<{ id: string; example?: unknown }> };
  const examples = new Map(catalog.actions.map((a) => [a.id, a.example]));

  const projects: Record<string, { code: string; skipLibCheck?: boolean }> = {
    'no import (lib + @types/node only)': { code: 'export const nothing = 1;\n' },
    'this package: client (client.area.action)': { code: oursCalls(examples, 'client') },
    'this package: standalone functions': { code: oursCalls(examples, 'standalone') },
    "this package: client.invoke('id', ...)": { code: oursCalls(examples, 'invoke') },
    '@hubspot/api-client': { code: HUBSPOT_CALLS },
    'no import, skipLibCheck false': { code: 'export const nothing = 1;\n', skipLibCheck: false },
    'this package: client, skipLibCheck false': { code: oursCalls(examples, 'client'), skipLibCheck: false },
  };
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const results: Record<string, Diagnostics[]> = {};
  let n = 0;
  for (const [label, project] of Object.entries(projects)) {
    const dir = path.join(ws.app, 'typecheck', `p${n++}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'index.ts'), project.code);
    fs.writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          target: 'es2022',
          module: 'nodenext',
          moduleResolution: 'nodenext',
          lib: ['es2022'],
          types: ['node'],
          skipLibCheck: project.skipLibCheck ?? true,
          noEmit: true,
        },
        files: ['index.ts'],
      }),
    );
    results[label] = [];
    for (let r = 0; r < runs; r++) {
      const out = ok(
        await exec(process.execPath, [tsc, '-p', dir, '--extendedDiagnostics'], { cwd: dir }),
        `tsc for "${label}"`,
      );
      results[label].push(parseDiagnostics(out.stdout));
    }
  }
  const med = (label: string): Diagnostics => {
    const list = results[label] ?? [];
    return {
      checkTime: median(list.map((d) => d.checkTime)),
      totalTime: median(list.map((d) => d.totalTime)),
      instantiations: median(list.map((d) => d.instantiations)),
      types: median(list.map((d) => d.types)),
      memory: median(list.map((d) => d.memory)),
    };
  };
  const labels = Object.keys(projects);
  const base = med(labels[0] as string);
  const baseStrict = med('no import, skipLibCheck false');
  const client = med(labels[1] as string);
  const hubspot = med('@hubspot/api-client');
  const body = [
    `Median of ${runs} run(s); TypeScript ${versionOf('typescript')}. "Extra" subtracts the no-import file with the same \`skipLibCheck\`.`,
    '',
    table(
      [
        'ten calls through',
        'check time',
        'extra check time',
        'total time',
        'instantiations',
        'types',
        'memory',
      ],
      labels.map((l) => {
        const d = med(l);
        return [
          l,
          `${Math.round(d.checkTime)} ms`,
          l.startsWith('no import')
            ? ''
            : `${Math.round(d.checkTime - (projects[l]?.skipLibCheck === false ? baseStrict : base).checkTime)} ms`,
          `${Math.round(d.totalTime)} ms`,
          d.instantiations.toLocaleString('en-US'),
          d.types.toLocaleString('en-US'),
          `${Math.round(d.memory / 1024)} MB`,
        ];
      }),
    ),
  ].join('\n');
  return {
    title: 'Type-check cost',
    body,
    headlines: [
      {
        metric: 'type-check, ten calls (client style; skipLibCheck)',
        goal: 'compare with @hubspot/api-client',
        result: `check ${Math.round(client.checkTime)} ms, total ${Math.round(client.totalTime)} ms, ${client.instantiations.toLocaleString('en-US')} instantiations`,
        pass: undefined,
        comparison: `@hubspot/api-client: check ${Math.round(hubspot.checkTime)} ms, total ${Math.round(hubspot.totalTime)} ms, ${hubspot.instantiations.toLocaleString('en-US')} instantiations`,
      },
    ],
    data: Object.fromEntries(labels.map((l) => [l, { median: med(l), runs: results[l] }])),
  };
}
