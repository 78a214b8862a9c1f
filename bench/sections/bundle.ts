/**
 * Bundle size: apps that import and call one action (get a marketing email), bundled by esbuild
 * (`--bundle --minify`, ESM, es2022), then gzipped (level 9). This package and openapi-fetch are bundled for a
 * neutral platform (what an edge or browser app gets; a Node built-in would fail the build);
 * @hubspot/api-client needs Node's built-ins, so it is bundled for `platform: 'node'`. Then the same app with
 * 2, 5, 10, 20, 40 and all 73 standalone actions, for what each additional action adds.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { build } from 'esbuild';
import { type Section, table } from '../lib/report.js';
import { kb, log, PACKAGE } from '../lib/util.js';
import type { Workspace } from '../lib/workspace.js';

interface Size {
  min: number;
  gzip: number;
}

const TOKEN = "{ accessToken: 'token' }";

/** The one-call apps, by label. */
const APPS: Record<string, { code: string; platform: 'neutral' | 'node' }> = {
  'this package, one action (standalone function from its area subpath + core)': {
    platform: 'neutral',
    code: `import { createHubSpotCore } from '${PACKAGE}/core';
import { getMarketingEmail } from '${PACKAGE}/marketing-emails';
const core = createHubSpotCore(${TOKEN});
export const run = (emailId) => getMarketingEmail(core, { path: { emailId } });`,
  },
  'this package, one action (same functions imported from the root)': {
    platform: 'neutral',
    code: `import { createHubSpotCore, getMarketingEmail } from '${PACKAGE}';
const core = createHubSpotCore(${TOKEN});
export const run = (emailId) => getMarketingEmail(core, { path: { emailId } });`,
  },
  'this package, client style (createHubSpotMarketingClient)': {
    platform: 'neutral',
    code: `import { createHubSpotMarketingClient } from '${PACKAGE}';
const client = createHubSpotMarketingClient(${TOKEN});
export const run = (emailId) => client.marketingEmails.getMarketingEmail({ path: { emailId } });`,
  },
  'openapi-fetch alone (same call, auth header by hand)': {
    platform: 'neutral',
    code: `import createClient from 'openapi-fetch';
const api = createClient({ baseUrl: 'https://api.hubapi.com', headers: { Authorization: 'Bearer token' } });
export const run = (emailId) => api.GET('/marketing/v3/emails/{emailId}', { params: { path: { emailId } } });`,
  },
  '@hubspot/api-client (same call)': {
    platform: 'node',
    code: `import { Client } from '@hubspot/api-client';
const client = new Client(${TOKEN});
export const run = (emailId) => client.marketing.emails.marketingEmailsApi.getById(emailId);`,
  },
};

const ONE_ACTION = Object.keys(APPS)[0] as string;
const ROOT_IMPORT = Object.keys(APPS)[1] as string;
const CLIENT = Object.keys(APPS)[2] as string;
const OPENAPI_FETCH = Object.keys(APPS)[3] as string;
const HUBSPOT = Object.keys(APPS)[4] as string;

async function bundle(
  ws: Workspace,
  name: string,
  code: string,
  platform: 'neutral' | 'node',
): Promise<Size> {
  const dir = path.join(ws.app, 'bundle');
  fs.mkdirSync(dir, { recursive: true });
  const entry = path.join(dir, `${name}.mjs`);
  fs.writeFileSync(entry, `${code}\n`);
  const result = await build({
    absWorkingDir: ws.app,
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform,
    target: 'es2022',
    write: false,
    logLevel: 'error',
  });
  const out = result.outputFiles[0]?.contents ?? new Uint8Array();
  return { min: out.byteLength, gzip: zlib.gzipSync(out, { level: 9 }).byteLength };
}

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export async function bundleSize(ws: Workspace): Promise<Section> {
  log('bundle size: esbuild --bundle --minify, gzip -9');
  const sizes: Record<string, Size> = {};
  let i = 0;
  for (const [label, app] of Object.entries(APPS))
    sizes[label] = await bundle(ws, `app-${i++}`, app.code, app.platform);

  // Increments: N standalone actions, getMarketingEmail first, then the catalog's order.
  const catalog = JSON.parse(
    fs.readFileSync(path.join(ws.app, 'node_modules', PACKAGE, 'dist', 'actions.json'), 'utf8'),
  ) as { areas: Array<{ key: string; actions: string[] }> };
  const all = catalog.areas.flatMap((a) => a.actions.map((id) => ({ id, module: kebab(a.key) })));
  const first = all.find((a) => a.id === 'getMarketingEmail');
  if (first === undefined) throw new Error('getMarketingEmail is not in the catalog');
  const ordered = [first, ...all.filter((a) => a !== first)];
  const counts = [1, 2, 5, 10, 20, 40, ordered.length];
  const steps: Array<{ n: number } & Size> = [];
  for (const n of counts) {
    const chosen = ordered.slice(0, n);
    const modules = [...new Set(chosen.map((a) => a.module))];
    const code = [
      `import { createHubSpotCore } from '${PACKAGE}/core';`,
      ...modules.map(
        (m) =>
          `import { ${chosen
            .filter((a) => a.module === m)
            .map((a) => a.id)
            .join(', ')} } from '${PACKAGE}/${m}';`,
      ),
      `const core = createHubSpotCore(${TOKEN});`,
      `export const calls = [${chosen.map((a) => `(input) => ${a.id}(core, input)`).join(', ')}];`,
    ].join('\n');
    steps.push({ n, ...(await bundle(ws, `actions-${n}`, code, 'neutral')) });
  }
  const one = steps[0] as { n: number } & Size;
  const last = steps[steps.length - 1] as { n: number } & Size;
  const ten = steps.find((s) => s.n === 10) as { n: number } & Size;
  const perAction = {
    min: (last.min - one.min) / (last.n - 1),
    gzip: (last.gzip - one.gzip) / (last.n - 1),
  };
  const perActionTen = { min: (ten.min - one.min) / 9, gzip: (ten.gzip - one.gzip) / 9 };

  const base = sizes[ONE_ACTION] as Size;
  const ofetch = sizes[OPENAPI_FETCH] as Size;
  const hubspot = sizes[HUBSPOT] as Size;
  const body = [
    table(
      ['app that gets one marketing email', 'minified', 'gzipped', 'gzipped vs this package (one action)'],
      Object.entries(sizes).map(([label, s]) => [
        label,
        kb(s.min),
        kb(s.gzip, 2),
        `${(s.gzip / base.gzip).toFixed(2)}×`,
      ]),
    ),
    '',
    `The runtime core alone (one action minus openapi-fetch alone): about ${kb(base.min - ofetch.min)} minified, ${kb(
      base.gzip - ofetch.gzip,
      2,
    )} gzipped.`,
    '',
    'Standalone actions bundled together (from their area subpaths, one core):',
    '',
    table(
      ['actions', 'minified', 'gzipped', 'gzipped per action beyond the first'],
      steps.map((s) => [
        s.n,
        kb(s.min),
        kb(s.gzip, 2),
        s.n === 1 ? '' : `${Math.round((s.gzip - one.gzip) / (s.n - 1))} B`,
      ]),
    ),
  ].join('\n');

  return {
    title: 'Bundle size',
    body,
    headlines: [
      {
        metric: 'bundle, one action incl. runtime core: minified',
        goal: '≤ 8 KB',
        result: kb(base.min),
        pass: base.min <= 8 * 1024,
        comparison: `openapi-fetch alone ${kb(ofetch.min)}; @hubspot/api-client ${kb(hubspot.min, 0)}`,
      },
      {
        metric: 'bundle, one action incl. runtime core: gzipped',
        goal: '≤ 5.0 KB (openapi-fetch included)',
        result: kb(base.gzip, 2),
        pass: base.gzip <= 5.0 * 1024,
        comparison: `openapi-fetch alone ${kb(ofetch.gzip, 2)}; @hubspot/api-client ${kb(hubspot.gzip, 0)} (${(
          hubspot.gzip / base.gzip
        ).toFixed(0)}×)`,
      },
      {
        metric: 'bundle, each additional action (gzipped, mean over all 73)',
        goal: '≤ 25 B',
        result: `${Math.round(perAction.gzip)} B (${Math.round(perAction.min)} B minified)`,
        pass: perAction.gzip <= 25,
        comparison: `first 10 actions: ${Math.round(perActionTen.gzip)} B each`,
      },
      {
        metric: 'bundle, one action imported from the root entry',
        goal: 'same as from the subpath',
        result: kb((sizes[ROOT_IMPORT] as Size).gzip, 2),
        pass: (sizes[ROOT_IMPORT] as Size).gzip <= base.gzip * 1.02,
        comparison: `client style (all 73 actions): ${kb((sizes[CLIENT] as Size).gzip, 2)}`,
      },
    ],
    data: { sizes, steps, perAction, perActionTen },
  };
}
