/**
 * Upstream drift (`npm run spec:upstream`): the curated spec against HubSpot's own OpenAPI files in
 * ../shared/reference/hubspot-upstream/. Today's spec explains every difference; copies of those files,
 * changed in a temp folder the way HubSpot changes its APIs, are each reported at the right operation; a
 * recorded deviation that no longer matches anything is stale; bad input exits 2. Skips without ../shared.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { isObject, type Json, type JsonObject, loadSpec, walk } from '../../generator/load.js';
import { PROJECT_ROOT } from '../../generator/pipeline.js';
import {
  checkDeviations,
  checkOrigin,
  checkUncovered,
  stripMaintainerExtensions,
  X_DEVIATION,
  X_UNCOVERED,
  X_UPSTREAM,
} from '../../generator/upstream/annotations.js';
import { main } from '../../generator/upstream/cli.js';
import type { Difference, UpstreamResult } from '../../generator/upstream/compare.js';
import { ISSUE_MARKER, toJsonReport } from '../../generator/upstream/report.js';
import { compareWithUpstream } from '../../generator/upstream/upstream.js';
import { makeTempDir as makeDir } from '../generator/helpers.js';

/** Temp folders of this file, removed when it ends. */
const temps: string[] = [];
function makeTempDir(prefix: string): string {
  const dir = makeDir(prefix);
  temps.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of temps) fs.rmSync(d, { recursive: true, force: true });
});

const UPSTREAM = path.join(PROJECT_ROOT, '..', 'shared', 'reference', 'hubspot-upstream');
const hasUpstream = fs.existsSync(path.join(UPSTREAM, 'campaignsPublicApi.v3.json'));
const SKIP = `needs HubSpot's files in ${path.relative(PROJECT_ROOT, UPSTREAM)}`;

const EMAILS = 'marketingEmails.v3.json';
const TRANSACTIONAL = 'transactionalSingleSend.v3.json';
const CAMPAIGNS = 'campaignsPublicApi.v3.json';
const EVENTS = 'marketingEvents.v3.json';

/** A temp copy of the upstream folder, with `edit` applied to the parsed files it names. */
function mutatedCopy(edits: Record<string, (doc: JsonObject) => void>): string {
  const dir = makeTempDir('upstream-');
  for (const f of fs.readdirSync(UPSTREAM)) {
    const text = fs.readFileSync(path.join(UPSTREAM, f), 'utf8');
    const edit = edits[f];
    if (!edit) {
      fs.writeFileSync(path.join(dir, f), text);
      continue;
    }
    const doc = JSON.parse(text) as JsonObject;
    edit(doc);
    fs.writeFileSync(path.join(dir, f), JSON.stringify(doc, null, 2));
  }
  return dir;
}

/** A temp copy of spec/ with text replacements (each must match exactly once). */
function specCopy(edits: Array<{ file: string; find: string; replace: string }>): string {
  const dir = makeTempDir('spec-');
  for (const f of fs.readdirSync(path.join(PROJECT_ROOT, 'spec')))
    fs.copyFileSync(path.join(PROJECT_ROOT, 'spec', f), path.join(dir, f));
  for (const e of edits) {
    const file = path.join(dir, e.file);
    const text = fs.readFileSync(file, 'utf8');
    expect(text.split(e.find).length - 1, `${e.file}: ${e.find}`).toBe(1);
    fs.writeFileSync(file, text.replace(e.find, e.replace));
  }
  return dir;
}

/** The path item at `p`, and the operation `m` in it. */
const item = (doc: JsonObject, p: string) => (doc.paths as JsonObject)[p] as JsonObject;
const opOf = (doc: JsonObject, p: string, m: string) => item(doc, p)[m] as JsonObject;
const schema = (doc: JsonObject, name: string) =>
  ((doc.components as JsonObject).schemas as JsonObject)[name] as JsonObject;
const props = (s: JsonObject) => s.properties as JsonObject;
const unexplained = (r: UpstreamResult) => r.differences.filter((d) => !d.explained);
const brief = (d: Difference) => ({ kind: d.kind, operationId: d.operationId, where: d.where });
/** The unexplained differences, briefly, in a fixed order (the report's order is the spec's). */
const unexplainedBrief = (r: UpstreamResult) =>
  unexplained(r)
    .map(brief)
    .sort((a, b) => `${a.operationId} ${a.where}`.localeCompare(`${b.operationId} ${b.where}`));

// Each case loads the spec and six upstream files (~1-2 s, more on a busy machine): generous timeouts.
describe.skipIf(!hasUpstream)(
  `spec:upstream against HubSpot's files (${hasUpstream ? 'present' : SKIP})`,
  { timeout: 60_000 },
  () => {
    let today: UpstreamResult;
    beforeAll(() => {
      today = compareWithUpstream(UPSTREAM, { cwd: PROJECT_ROOT });
    }, 60_000);

    it("today's spec: every operation compared, every difference and uncovered operation explained, nothing stale", () => {
      expect(today.summary.compared).toBe(73);
      expect(today.spec.operations).toBe(73);
      expect(unexplained(today).map(brief)).toEqual([]);
      expect(today.uncovered.filter((u) => !u.explained)).toEqual([]);
      expect(today.stale).toEqual([]);
      expect(today.upstream.files.map((f) => f.status)).toEqual(Array(6).fill('copy'));
      expect(today.summary.failed).toBe(false);
      // The deliberate differences are real ones, each explained where it is made.
      expect(today.differences.length).toBeGreaterThan(50);
      const kinds = new Set(today.differences.map((d) => d.kind));
      for (const k of ['format', 'enum', 'bounds', 'default', 'added', 'security'])
        expect(kinds).toContain(k);
      for (const d of today.differences) {
        expect(d.explained?.at.file, d.message).toMatch(/^spec\/[a-z-]+\.yaml$/);
        expect(d.explained?.at.pointer).toContain(X_DEVIATION);
      }
      expect(today.uncovered).toHaveLength(17);
    });

    it('exits 0 and says so', async () => {
      let out = '';
      const code = await main([UPSTREAM], (s) => {
        out += s;
      });
      expect(code).toBe(0);
      expect(out).toContain('0 unexplained');
      expect(out).toMatch(/^OK: /m);
    });

    it('reports the deliberate app-settings credential as a security difference that the spec explains', () => {
      const d = today.differences.filter((x) => x.kind === 'security');
      expect(d.map((x) => x.operationId).sort()).toEqual([
        'getMarketingEventAppSettings',
        'updateMarketingEventAppSettings',
      ]);
      expect(d[0]?.spec).toBe('developer key');
      expect(d[0]?.upstream).toMatch(/^token \[developers-(read|write)\]$/);
    });

    describe('catches each kind of upstream change at the right operation', () => {
      const run = (edits: Record<string, (doc: JsonObject) => void>) => {
        const r = compareWithUpstream(mutatedCopy(edits), { cwd: PROJECT_ROOT });
        expect(r.summary.failed).toBe(true);
        return r;
      };

      it('a new optional query parameter', () => {
        const r = run({
          [EMAILS]: (doc) => {
            (opOf(doc, '/marketing/v3/emails/{emailId}', 'get').parameters as Json[]).push({
              name: 'includeTranslations',
              in: 'query',
              required: false,
              style: 'form',
              explode: true,
              schema: { type: 'boolean' },
            });
          },
        });
        expect(unexplainedBrief(r)).toEqual([
          {
            kind: 'upstream-only',
            operationId: 'getMarketingEmail',
            where: 'query parameter `includeTranslations`',
          },
        ]);
        const d = unexplained(r)[0] as Difference;
        expect(d.name).toBe('includeTranslations');
        expect(d.upstream).toBe('optional parameter');
        expect(d.specAt.file).toBe('spec/marketing-emails.yaml');
        expect(d.upstreamAt?.file).toBe(EMAILS);
        expect(d.upstreamAt?.pointer).toMatch(
          /^\/paths\/~1marketing~1v3~1emails~1\{emailId\}\/get\/parameters\/\d+$/,
        );
      });

      it('a new request body property', () => {
        const r = run({
          [TRANSACTIONAL]: (doc) => {
            props(schema(doc, 'SmtpApiTokenRequestEgg')).expiresAt = { type: 'string', format: 'date-time' };
          },
        });
        expect(unexplainedBrief(r)).toEqual([
          { kind: 'upstream-only', operationId: 'createSmtpToken', where: 'request body `expiresAt`' },
        ]);
        expect(unexplained(r)[0]?.upstreamAt?.pointer).toBe(
          '/components/schemas/SmtpApiTokenRequestEgg/properties/expiresAt',
        );
      });

      it('a type change of a parameter', () => {
        const r = run({
          [TRANSACTIONAL]: (doc) => {
            const limit = (
              opOf(doc, '/marketing/v3/transactional/smtp-tokens', 'get').parameters as JsonObject[]
            ).find((p) => p.name === 'limit') as JsonObject;
            limit.schema = { type: 'string' };
          },
        });
        expect(unexplainedBrief(r)).toEqual([
          { kind: 'type', operationId: 'listSmtpTokens', where: 'query parameter `limit`' },
        ]);
        expect(unexplained(r)[0]).toMatchObject({ spec: '"integer"', upstream: '"string"' });
      });

      it('a type change deep in a shared response schema: every operation that returns it', () => {
        const r = run({
          [TRANSACTIONAL]: (doc) => {
            props(schema(doc, 'SmtpApiTokenView')).createContact = { type: 'string' };
          },
        });
        expect(unexplainedBrief(r)).toEqual([
          { kind: 'type', operationId: 'createSmtpToken', where: 'response 201 `createContact`' },
          { kind: 'type', operationId: 'getSmtpToken', where: 'response 200 `createContact`' },
          { kind: 'type', operationId: 'listSmtpTokens', where: 'response 200 `results[].createContact`' },
          { kind: 'type', operationId: 'resetSmtpTokenPassword', where: 'response 200 `createContact`' },
        ]);
      });

      it('a new enum value', () => {
        const r = run({
          [TRANSACTIONAL]: (doc) => {
            (props(schema(doc, 'EmailSendStatusView')).status as JsonObject).enum = [
              'CANCELED',
              'COMPLETE',
              'DEFERRED',
              'PENDING',
              'PROCESSING',
            ];
          },
        });
        // Only the v3 send reads this file; the v4 send has its own.
        expect(unexplainedBrief(r)).toEqual([
          { kind: 'enum', operationId: 'sendTransactionalEmail', where: 'response 200 `status`' },
        ]);
        expect(unexplained(r)[0]?.message).toContain('upstream has "DEFERRED" that the spec lacks');
      });

      it('a new operation in one of our files: listed as not covered', async () => {
        const dir = mutatedCopy({
          [CAMPAIGNS]: (doc) => {
            (doc.paths as JsonObject)['/marketing/v3/campaigns/{campaignGuid}/clone'] = {
              post: {
                operationId: 'post-/marketing/v3/campaigns/{campaignGuid}/clone',
                parameters: [
                  { name: 'campaignGuid', in: 'path', required: true, schema: { type: 'string' } },
                ],
                responses: { '200': { description: 'x' } },
                security: [{ oauth2: ['marketing.campaigns.write'] }],
              },
            };
          },
        });
        const r = compareWithUpstream(dir, { cwd: PROJECT_ROOT });
        expect(unexplained(r)).toEqual([]);
        expect(r.uncovered.filter((u) => !u.explained)).toEqual([
          {
            file: 'PublicApiSpecs/Marketing/Campaigns Public Api/Rollouts/177944/v3/campaignsPublicApi.json',
            method: 'POST',
            path: '/marketing/v3/campaigns/{campaignGuid}/clone',
            upstreamOperationId: 'post-/marketing/v3/campaigns/{campaignGuid}/clone',
            explained: null,
          },
        ]);
        let out = '';
        expect(await main([dir], (s) => (out += s))).toBe(1);
        expect(out).toContain('NOT COVERED POST /marketing/v3/campaigns/{campaignGuid}/clone');
      });

      it('a dropped required flag (request body property and query parameter)', () => {
        const r = run({
          [TRANSACTIONAL]: (doc) => {
            schema(doc, 'SmtpApiTokenRequestEgg').required = ['createContact'];
          },
          [EVENTS]: (doc) => {
            const p = (
              opOf(doc, '/marketing/v3/marketing-events/events/{externalEventId}/cancel', 'post')
                .parameters as JsonObject[]
            ).find((x) => x.name === 'externalAccountId') as JsonObject;
            p.required = false;
          },
        });
        expect(unexplainedBrief(r)).toEqual([
          {
            kind: 'required',
            operationId: 'cancelMarketingEvent',
            where: 'query parameter `externalAccountId`',
          },
          { kind: 'required', operationId: 'createSmtpToken', where: 'request body `campaignName`' },
        ]);
        expect(unexplained(r).map((d) => [d.spec, d.upstream])).toEqual([
          ['true', 'false'],
          ['true', 'false'],
        ]);
      });

      it('a changed security requirement', () => {
        const r = run({
          [TRANSACTIONAL]: (doc) => {
            opOf(doc, '/marketing/v3/transactional/smtp-tokens/{tokenId}', 'delete').security = [
              { oauth2: ['transactional-email'] },
              { oauth2: ['transactional-email.write'] },
            ];
          },
        });
        expect(unexplainedBrief(r)).toEqual([
          { kind: 'security', operationId: 'deleteSmtpToken', where: 'security' },
        ]);
      });

      it('a renamed path parameter: the operation is still found, the names are reported', () => {
        const r = run({
          [TRANSACTIONAL]: (doc) => {
            const paths = doc.paths as JsonObject;
            const old = '/marketing/v3/transactional/smtp-tokens/{tokenId}/password-reset';
            const text = JSON.stringify(paths[old]).replaceAll('"tokenId"', '"smtpTokenId"');
            delete paths[old];
            paths['/marketing/v3/transactional/smtp-tokens/{smtpTokenId}/password-reset'] = JSON.parse(text);
          },
        });
        expect(unexplainedBrief(r)).toEqual([
          {
            kind: 'upstream-only',
            operationId: 'resetSmtpTokenPassword',
            where: 'path parameter `smtpTokenId`',
          },
          { kind: 'added', operationId: 'resetSmtpTokenPassword', where: 'path parameter `tokenId`' },
        ]);
        expect(r.uncovered.filter((u) => !u.explained)).toEqual([]);
      });

      it('an upstream operation that disappeared, and a removed property the spec still has', () => {
        const r = run({
          [EMAILS]: (doc) => {
            delete item(doc, '/marketing/v3/emails/{emailId}/draft/reset').post;
          },
          [TRANSACTIONAL]: (doc) => {
            delete props(schema(doc, 'SmtpApiTokenRequestEgg')).createContact;
            schema(doc, 'SmtpApiTokenRequestEgg').required = ['campaignName'];
          },
        });
        expect(unexplainedBrief(r)).toEqual([
          { kind: 'added', operationId: 'createSmtpToken', where: 'request body `createContact`' },
          { kind: 'added', operationId: 'resetMarketingEmailDraft', where: 'operation' },
        ]);
      });
    });

    describe('stale deviations', () => {
      it('a recorded deviation that upstream now matches is reported as stale, at its place in spec/', () => {
        const dir = mutatedCopy({
          [CAMPAIGNS]: (doc) => {
            const p = (
              opOf(doc, '/marketing/v3/campaigns/{campaignGuid}', 'get').parameters as JsonObject[]
            ).find((x) => x.name === 'campaignGuid') as JsonObject;
            (p.schema as JsonObject).format = 'uuid';
          },
        });
        const r = compareWithUpstream(dir, { cwd: PROJECT_ROOT });
        expect(unexplained(r)).toEqual([]);
        expect(r.stale).toHaveLength(1);
        const s = r.stale[0];
        expect(s).toMatchObject({ extension: X_DEVIATION, kind: 'format' });
        expect(s?.name).toBeUndefined();
        expect(s?.at.file).toBe('spec/campaigns.yaml');
        expect(s?.at.pointer).toBe(
          `/paths/~1marketing~1v3~1campaigns~1{campaignGuid}/get/parameters/0/schema/${X_DEVIATION}/0`,
        );
        const line = fs.readFileSync(path.join(PROJECT_ROOT, 'spec/campaigns.yaml'), 'utf8').split('\n')[
          (s?.at.line ?? 0) - 1
        ];
        expect(line).toContain('- kind: format');
        expect(r.summary.failed).toBe(true);
      });

      it('a deviation made against "upstream declares nothing" stops explaining once upstream declares a value of its own', () => {
        const dir = mutatedCopy({
          [EMAILS]: (doc) => {
            const limit = (opOf(doc, '/marketing/v3/emails', 'get').parameters as JsonObject[]).find(
              (p) => p.name === 'limit',
            ) as JsonObject;
            (limit.schema as JsonObject).default = 50;
          },
          [EVENTS]: (doc) => {
            opOf(doc, '/marketing/v3/marketing-events/{appId}/settings', 'get').security = [
              { oauth2: ['developers-read'] },
              { developer_hapikey: [] },
            ];
          },
        });
        const r = compareWithUpstream(dir, { cwd: PROJECT_ROOT });
        expect(unexplainedBrief(r)).toEqual([
          { kind: 'security', operationId: 'getMarketingEventAppSettings', where: 'security' },
          { kind: 'default', operationId: 'listMarketingEmails', where: 'query parameter `limit`' },
        ]);
        expect(unexplained(r).map((d) => d.upstream)).toEqual([
          'developer key | token [developers-read]',
          '50',
        ]);
        expect(r.stale.map((s) => s.message).sort()).toEqual([
          'recorded default deviation was made against upstream declaring nothing; upstream now has 50',
          'recorded security deviation was made against upstream "token [developers-read]"; upstream now has developer key | token [developers-read]',
        ]);
      });

      it('a deviation recorded where nothing differs is stale; a wrong kind explains nothing', () => {
        const spec = specCopy([
          {
            file: 'transactional-email.yaml',
            find: '          description: Maximum number of tokens to return per page.\n',
            replace:
              '          description: Maximum number of tokens to return per page.\n          x-upstream-deviation:\n            - kind: bounds\n              reason: A test deviation where nothing differs.\n',
          },
          {
            file: 'campaigns.yaml',
            find: '              - kind: bounds\n                reason: "The page size must be between 1 and 100',
            replace:
              '              - kind: default\n                reason: "The page size must be between 1 and 100',
          },
        ]);
        const r = compareWithUpstream(UPSTREAM, { cwd: PROJECT_ROOT, spec });
        expect(r.stale.map((s) => [s.kind, s.reason.slice(0, 24)])).toEqual([
          ['default', 'The page size must be be'],
          ['bounds', 'A test deviation where n'],
        ]);
        expect(unexplainedBrief(r)).toEqual([
          { kind: 'bounds', operationId: 'searchCampaigns', where: 'query parameter `limit`' },
          { kind: 'bounds', operationId: 'searchCampaigns', where: 'query parameter `limit`' },
        ]);
      });

      it('an uncovered entry whose operation left upstream is stale', () => {
        const dir = mutatedCopy({
          [CAMPAIGNS]: (doc) => {
            delete (doc.paths as JsonObject)['/marketing/v3/campaigns/{campaignGuid}/spend'];
          },
        });
        const r = compareWithUpstream(dir, { cwd: PROJECT_ROOT });
        expect(r.stale.map((s) => [s.extension, s.message])).toEqual([
          [
            X_UNCOVERED,
            'POST /marketing/v3/campaigns/{campaignGuid}/spend is no longer in PublicApiSpecs/Marketing/Campaigns Public Api/Rollouts/177944/v3/campaignsPublicApi.json',
          ],
        ]);
        expect(r.stale[0]?.at).toMatchObject({ file: 'spec/openapi.yaml', pointer: `/${X_UNCOVERED}/4` });
      });
    });

    describe("HubSpot's repository layout", () => {
      /** The reference copies laid out as in HubSpot's spec collection, at the paths x-upstream names. */
      function checkout(rename: (p: string) => string = (p) => p): string {
        const dir = makeTempDir('collection-');
        const spec = loadSpec(path.join(PROJECT_ROOT, 'spec', 'openapi.yaml'));
        const files = new Set<string>();
        walk(spec.document, [], (node) => {
          const o = node[X_UPSTREAM];
          if (isObject(o) && typeof o.file === 'string') files.add(o.file);
        });
        for (const f of files) {
          const parts = f.split('/');
          const copy = `${parts.at(-1)?.replace(/\.json$/, '')}.${parts.at(-2)}.json`;
          const target = path.join(dir, rename(f));
          fs.mkdirSync(path.dirname(target), { recursive: true });
          fs.copyFileSync(path.join(UPSTREAM, copy), target);
        }
        return dir;
      }

      it('reads the files at their recorded paths', () => {
        const r = compareWithUpstream(checkout(), { cwd: PROJECT_ROOT });
        expect(r.upstream.files.map((f) => f.status)).toEqual(Array(6).fill('found'));
        expect(r.summary.failed).toBe(false);
      });

      it('a file moved to a new rollout is found, compared and reported so x-upstream.file gets updated', () => {
        const dir = checkout((p) => p.replace('/Rollouts/145892/', '/Rollouts/200001/'));
        const r = compareWithUpstream(dir, { cwd: PROJECT_ROOT });
        const moved = r.upstream.files.filter((f) => f.status === 'moved');
        expect(moved.map((f) => f.foundAt)).toEqual([
          'PublicApiSpecs/Marketing/Marketing Emails/Rollouts/200001/v3/marketingEmails.json',
        ]);
        expect(moved[0]?.operations).toBe(19);
        expect(unexplained(r)).toEqual([]);
        expect(r.summary).toMatchObject({ filesNeedingAttention: 1, failed: true });
      });

      it('a file gone from the folder: its operations are reported, the rest compared', () => {
        const dir = checkout();
        fs.rmSync(path.join(dir, 'PublicApiSpecs/Communication Preferences'), { recursive: true });
        const r = compareWithUpstream(dir, { cwd: PROJECT_ROOT });
        expect(r.summary.compared).toBe(69);
        expect(unexplained(r).map((d) => d.operationId)).toEqual([
          'listSubscriptionDefinitions',
          'getSubscriptionStatuses',
          'subscribeContact',
          'unsubscribeContact',
        ]);
        expect(unexplained(r)[0]?.message).toContain('not found in the folder');
      });
    });

    describe('reports', () => {
      const ajv = new Ajv2020({ allErrors: true, strict: true });
      const validate = ajv.compile(
        JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'generator/upstream/report.schema.json'), 'utf8')),
      );

      it('the JSON report follows report.schema.json, clean and with findings of every section', () => {
        const drift = compareWithUpstream(
          mutatedCopy({
            [EMAILS]: (doc) => {
              delete item(doc, '/marketing/v3/emails/{emailId}/draft/reset').post;
            },
            [CAMPAIGNS]: (doc) => {
              delete (doc.paths as JsonObject)['/marketing/v3/campaigns/{campaignGuid}/spend'];
              (
                (opOf(doc, '/marketing/v3/campaigns/{campaignGuid}', 'get').parameters as JsonObject[])[0]
                  ?.schema as JsonObject
              ).format = 'uuid';
            },
          }),
          { cwd: PROJECT_ROOT },
        );
        for (const r of [today, drift]) {
          const json = JSON.parse(JSON.stringify(toJsonReport(r)));
          expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
        }
        expect(drift.stale.length).toBe(2);
      });

      it('markdown: the marker, the verdict, unexplained differences by operation', async () => {
        const dir = mutatedCopy({
          [TRANSACTIONAL]: (doc) => {
            props(schema(doc, 'SmtpApiTokenRequestEgg')).expiresAt = { type: 'string' };
          },
        });
        let md = '';
        expect(await main([dir, '--format', 'markdown'], (s) => (md += s))).toBe(1);
        expect(md.split('\n')[0]).toBe(ISSUE_MARKER);
        expect(md).toContain("**HubSpot's OpenAPI files have moved ahead of the curated spec**");
        expect(md).toContain('#### `createSmtpToken POST /marketing/v3/transactional/smtp-tokens`');
        expect(md).toContain('| `upstream-only` | request body `expiresAt` |');
        let clean = '';
        expect(await main([UPSTREAM, '--format', 'markdown', '--explained'], (s) => (clean += s))).toBe(0);
        expect(clean).toContain('**Nothing unexplained**');
        expect(clean).toContain('Explained differences (');
      });

      it('--output writes the report to a file', async () => {
        const out = path.join(makeTempDir('report-'), 'drift.json');
        expect(await main([UPSTREAM, '--format', 'json', '--output', out], () => {})).toBe(0);
        expect(JSON.parse(fs.readFileSync(out, 'utf8')).summary.failed).toBe(false);
      });
    });

    describe('bad input exits 2 with one line and no stack trace', () => {
      const cases: Array<[string, () => string[], RegExp]> = [
        [
          'a folder that does not exist',
          () => [path.join(makeTempDir('none-'), 'missing')],
          /no such folder/,
        ],
        [
          'an upstream file that is not JSON',
          () => {
            const dir = mutatedCopy({});
            fs.writeFileSync(path.join(dir, CAMPAIGNS), '{ "openapi": "3.0.1", "paths": { ');
            return [dir];
          },
          /campaignsPublicApi\.v3\.json: cannot be read/,
        ],
        [
          'an upstream file that is not OpenAPI',
          () => {
            const dir = mutatedCopy({});
            fs.writeFileSync(path.join(dir, TRANSACTIONAL), '{"hello": "world"}');
            return [dir];
          },
          /transactionalSingleSend\.v3\.json: not an OpenAPI 3\.0\/3\.1 document/,
        ],
        [
          'an unreadable curated spec',
          () => [UPSTREAM, '--spec', makeTempDir('empty-spec-')],
          /holds no openapi\.yaml/,
        ],
        ['an unknown format', () => [UPSTREAM, '--format', 'html'], /--format must be one of/],
        ['no folder', () => [], /expected one argument/],
      ];
      it.each(cases)('%s', async (_name, args, message) => {
        let err = '';
        const code = await main(
          args(),
          () => {},
          (s) => (err += s),
        );
        expect(code).toBe(2);
        expect(err).toMatch(message);
        expect(err).not.toMatch(/\n\s+at /);
      });

      it('the real command (npm run spec:upstream) exits 2, 1 and 0', () => {
        const run = (args: string[]) =>
          spawnSync(process.execPath, ['--import', 'tsx', 'generator/upstream/cli.ts', ...args], {
            cwd: PROJECT_ROOT,
            encoding: 'utf8',
          });
        const missing = run(['no/such/folder']);
        expect(missing.status).toBe(2);
        expect(missing.stderr).toBe('spec-upstream: no/such/folder: no such folder\n');
        const dir = mutatedCopy({
          [EMAILS]: (doc) => {
            delete item(doc, '/marketing/v3/emails/{emailId}/draft/reset').post;
          },
        });
        expect(run([dir]).status).toBe(1);
        expect(run([UPSTREAM]).status).toBe(0);
      });
    });
  },
);

describe('the annotations are for maintainers only', { timeout: 60_000 }, () => {
  const generated = path.join(PROJECT_ROOT, 'generated');

  it('spec/ records an upstream origin on every operation', () => {
    const spec = loadSpec(path.join(PROJECT_ROOT, 'spec', 'openapi.yaml'));
    let ops = 0;
    for (const item of Object.values(spec.document.paths as JsonObject))
      for (const o of Object.values(item as JsonObject))
        if (isObject(o) && typeof o.operationId === 'string') {
          ops++;
          expect(o[X_UPSTREAM], o.operationId).toMatchObject({
            file: expect.stringMatching(/^PublicApiSpecs\/.+\.json$/),
            method: expect.stringMatching(/^(get|put|post|patch|delete)$/),
            path: expect.stringMatching(/^\//),
          });
        }
    expect(ops).toBe(73);
  });

  it('nothing generated carries them (openapi.json, actions.json, docs, types)', () => {
    const hits: string[] = [];
    const visit = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) visit(p);
        else if (fs.readFileSync(p, 'utf8').includes('x-upstream')) hits.push(path.relative(PROJECT_ROOT, p));
      }
    };
    visit(generated);
    expect(hits).toEqual([]);
  });

  it.skipIf(!hasUpstream)(
    `the recorded reasons are our own words, not HubSpot's (skipped without ../shared)`,
    () => {
      const norm = (s: string) =>
        s
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, ' ')
          .trim();
      const upstream = new Set<string>();
      for (const f of fs.readdirSync(UPSTREAM).filter((n) => n.endsWith('.json')))
        walk(JSON.parse(fs.readFileSync(path.join(UPSTREAM, f), 'utf8')) as Json, [], (node) => {
          for (const k of ['description', 'summary'])
            if (typeof node[k] === 'string' && norm(node[k] as string).length >= 20)
              upstream.add(norm(node[k] as string));
        });
      const spec = loadSpec(path.join(PROJECT_ROOT, 'spec', 'openapi.yaml'));
      const reasons: string[] = [];
      walk(spec.document, [], (node) => {
        for (const k of [X_DEVIATION, X_UNCOVERED])
          if (Array.isArray(node[k]))
            for (const d of node[k] as Json[])
              if (isObject(d) && typeof d.reason === 'string') reasons.push(d.reason);
      });
      expect(reasons.length).toBeGreaterThan(60);
      const copied = reasons.filter((r) => [...upstream].some((u) => norm(r).includes(u)));
      expect(copied).toEqual([]);
    },
  );
});

describe('the annotations and their checks', () => {
  it('checkOrigin, checkDeviations and checkUncovered accept the documented shapes and name what is wrong', () => {
    expect(checkOrigin({ file: 'a/b.json', method: 'get', path: '/x' })).toEqual([]);
    expect(
      checkOrigin({ file: 'a/b.json', method: 'GET', path: 'x', extra: 1 }).map((p) => p.tokens),
    ).toEqual([['method'], ['path'], ['extra']]);
    expect(checkOrigin('a/b.json')[0]?.message).toMatch(/must be a mapping/);
    expect(checkDeviations([{ kind: 'format', reason: 'ours' }])).toEqual([]);
    expect(checkDeviations([{ kind: 'security', reason: 'ours', upstream: 'token [x]' }])).toEqual([]);
    expect(checkDeviations([{ kind: 'upstream-only', reason: 'ours', name: 'q' }])).toEqual([]);
    expect(checkDeviations([{ kind: 'upstream-only', reason: 'ours' }])[0]?.message).toMatch(
      /needs the name/,
    );
    expect(checkDeviations([{ kind: 'format' }])[0]?.tokens).toEqual([0, 'reason']);
    expect(checkDeviations([{ kind: 'formats', reason: 'x' }])[0]?.tokens).toEqual([0, 'kind']);
    expect(checkDeviations([])[0]?.message).toMatch(/non-empty list/);
    expect(checkDeviations({ kind: 'format', reason: 'x' })[0]?.message).toMatch(/non-empty list/);
    expect(checkUncovered([{ file: 'f', method: 'get', path: '/x', reason: 'r' }])).toEqual([]);
    expect(checkUncovered([{ file: 'f', method: 'get', path: '/x' }])[0]?.tokens).toEqual([0, 'reason']);
  });

  it('stripping keeps data that merely looks like an annotation', () => {
    const doc = {
      'x-upstream-uncovered': [],
      paths: { '/a': { get: { 'x-upstream': {}, 'x-connector-group': 'G' } } },
      components: {
        schemas: {
          S: {
            type: 'object',
            'x-upstream-deviation': [{ kind: 'format', reason: 'r' }],
            properties: { 'x-upstream': { type: 'string', 'x-upstream-deviation': [] } },
            example: { 'x-upstream': 'data' },
          },
        },
      },
    } as JsonObject;
    expect(stripMaintainerExtensions(doc)).toEqual({
      paths: { '/a': { get: { 'x-connector-group': 'G' } } },
      components: {
        schemas: {
          S: {
            type: 'object',
            properties: { 'x-upstream': { type: 'string' } },
            example: { 'x-upstream': 'data' },
          },
        },
      },
    });
  });
});

describe('the weekly workflow', () => {
  const wf = parse(
    fs.readFileSync(path.join(PROJECT_ROOT, '.github/workflows/upstream-drift.yml'), 'utf8'),
  ) as JsonObject;
  const steps = ((wf.jobs as JsonObject)['upstream-drift'] as JsonObject).steps as JsonObject[];

  it('runs weekly and on demand', () => {
    const on = wf.on as JsonObject;
    expect(Object.keys(on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    expect((on.schedule as JsonObject[])[0]?.cron).toMatch(/^\S+ \S+ \* \* \d$/);
  });

  it("compares the spec with the folder where it checks out HubSpot's collection, at its default branch", () => {
    const checkout = steps.find(
      (s) => (s.with as JsonObject | undefined)?.repository === 'HubSpot/HubSpot-public-api-spec-collection',
    )?.with as JsonObject;
    expect(checkout.ref).toBeUndefined();
    const run = steps.map((s) => String(s.run ?? '')).find((r) => r.includes('spec:upstream')) ?? '';
    expect(run).toContain(`spec:upstream -- ${checkout.path} --format markdown --output upstream-drift.md`);
    const script = steps.map((s) => String((s.with as JsonObject | undefined)?.script ?? '')).join('\n');
    expect(script).toContain(ISSUE_MARKER);
    expect(script).toContain('upstream-drift.md');
  });
});
