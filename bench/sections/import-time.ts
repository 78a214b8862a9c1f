/**
 * Cold import time: in a fresh `node` process each time, the time `import()` (or `require`) of the package
 * takes, measured inside the process with performance.now(), and the time until a client for the marketing
 * emails API is ready. Probes run round-robin so that drift hits every target alike; one warm-up run each is
 * discarded (the OS file cache is warm: this is a fresh process, not a cold disk).
 */
import fs from 'node:fs';
import path from 'node:path';
import { type Options, type Section, table } from '../lib/report.js';
import { exec, log, median, PACKAGE, resultOf } from '../lib/util.js';
import type { Workspace } from '../lib/workspace.js';

interface Probe {
  file: string;
  code: string;
}

function esm(importCode: string, readyCode: string): string {
  return `const t0 = performance.now();
${importCode}
const t1 = performance.now();
const ready = ${readyCode};
const t2 = performance.now();
if (!ready) throw new Error('not ready');
console.log(\`RESULT \${JSON.stringify({ import: t1 - t0, ready: t2 - t0 })}\`);
`;
}

const PROBES: Record<string, Probe> = {
  'this package, ESM, root entry': {
    file: 'probe-ours-esm.mjs',
    code: esm(
      `const m = await import('${PACKAGE}');`,
      `m.createHubSpotMarketingClient({ accessToken: 'x' }).marketingEmails`,
    ),
  },
  'this package, ESM, core + one area subpath': {
    file: 'probe-ours-esm-area.mjs',
    code: esm(
      `const [c, e] = await Promise.all([import('${PACKAGE}/core'), import('${PACKAGE}/marketing-emails')]);`,
      `e.getMarketingEmail && c.createHubSpotCore({ accessToken: 'x' })`,
    ),
  },
  'this package, CJS, root entry (require)': {
    file: 'probe-ours-cjs.cjs',
    code: esm(
      `const m = require('${PACKAGE}');`,
      `m.createHubSpotMarketingClient({ accessToken: 'x' }).marketingEmails`,
    ),
  },
  'openapi-fetch alone, ESM': {
    file: 'probe-openapi-fetch.mjs',
    code: esm(`const m = await import('openapi-fetch');`, `m.default({ baseUrl: 'https://api.hubapi.com' })`),
  },
  "Node's built-in fetch (first use of globalThis.fetch and Request loads undici)": {
    file: 'probe-node-fetch.mjs',
    code: esm(`const m = { f: globalThis.fetch, r: globalThis.Request };`, `m.f && m.r`),
  },
  '@hubspot/api-client, CJS (require)': {
    file: 'probe-hubspot-cjs.cjs',
    code: esm(
      `const m = require('@hubspot/api-client');`,
      `new m.Client({ accessToken: 'x' }).marketing.emails.marketingEmailsApi`,
    ),
  },
  '@hubspot/api-client, ESM (import)': {
    file: 'probe-hubspot-esm.mjs',
    code: esm(
      `const m = await import('@hubspot/api-client');`,
      `new m.Client({ accessToken: 'x' }).marketing.emails.marketingEmailsApi`,
    ),
  },
};

export async function importTime(ws: Workspace, options: Options): Promise<Section> {
  const runs = options.quick ? 7 : 21;
  log(`cold import time: ${runs} fresh processes per target`);
  for (const probe of Object.values(PROBES)) fs.writeFileSync(path.join(ws.app, probe.file), probe.code);
  const samples: Record<string, { import: number[]; ready: number[] }> = {};
  const labels = Object.keys(PROBES);
  for (const label of labels) samples[label] = { import: [], ready: [] };
  for (let r = -1; r < runs; r++) {
    for (const label of labels) {
      const probe = PROBES[label] as Probe;
      const got = resultOf<{ import: number; ready: number }>(
        await exec(process.execPath, [probe.file], { cwd: ws.app }),
        probe.file,
      );
      if (r < 0) continue; // warm-up
      samples[label]?.import.push(got.import);
      samples[label]?.ready.push(got.ready);
    }
  }
  const med = Object.fromEntries(
    labels.map((l) => [
      l,
      { import: median(samples[l]?.import ?? []), ready: median(samples[l]?.ready ?? []) },
    ]),
  );
  const ours = med[labels[0] as string] as { import: number; ready: number };
  const oursCjs = med['this package, CJS, root entry (require)'] as { import: number; ready: number };
  const hubspot = med['@hubspot/api-client, CJS (require)'] as { import: number; ready: number };
  const body = [
    `Median of ${runs} fresh \`node\` processes per target.`,
    '',
    table(
      ['target', 'import', 'import + client ready', 'import vs this package (ESM root)'],
      labels.map((l) => {
        const m = med[l] as { import: number; ready: number };
        return [
          l,
          `${m.import.toFixed(1)} ms`,
          `${m.ready.toFixed(1)} ms`,
          `${(m.import / ours.import).toFixed(1)}×`,
        ];
      }),
    ),
    '',
    '"Client ready" includes, for the fetch-based clients (this package, openapi-fetch), the one-time load of Node\'s built-in fetch (undici), which Node defers to the first use of `globalThis.fetch`/`Request` and which any first request pays anyway; @hubspot/api-client uses node-fetch instead, and loads each API area lazily on first access (`client.marketing.emails`).',
  ].join('\n');
  return {
    title: 'Cold import time',
    body,
    headlines: [
      {
        metric: 'cold import, ESM (root entry)',
        goal: '≤ 6 ms',
        result: `${ours.import.toFixed(1)} ms (client ready: ${ours.ready.toFixed(1)} ms)`,
        pass: ours.import <= 6,
        comparison: `@hubspot/api-client: ${hubspot.import.toFixed(1)} ms, client ready ${hubspot.ready.toFixed(
          1,
        )} ms (${(hubspot.ready / ours.ready).toFixed(1)}×); our CJS: ${oursCjs.import.toFixed(1)} ms`,
      },
    ],
    data: { runs, samples, medians: med },
  };
}
