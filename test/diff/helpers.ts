/**
 * Helpers for the spec diff tests: where the project and the oasdiff corpus are, temporary variants of
 * our real spec (a copy of spec/ with a few YAML edits, made with `yaml`'s document API so comments and
 * layout survive), and a compact view of a result's findings.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Document, isMap, isSeq, parseDocument } from 'yaml';
import type { DiffResult } from '../../generator/diff/types.js';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SPEC_DIR = path.join(PROJECT_ROOT, 'spec');
export const CORPUS_DIR = path.join(PROJECT_ROOT, '..', 'shared', 'specdiff-corpus');
export const HAS_CORPUS = fs.existsSync(path.join(CORPUS_DIR, 'cases.json'));

/** A line of a stack trace (`    at fn (file:1:2)`) or of Node's internals. */
export const STACK_TRACE = /^\s+at\s.*(:\d+:\d+\)?|<anonymous>\)?)$|node:internal/m;

/** Paths used by several tests. */
export const P = {
  campaign: '/marketing/v3/campaigns/{campaignGuid}',
  campaigns: '/marketing/v3/campaigns',
  budget: '/marketing/v3/campaigns/{campaignGuid}/budget/totals',
  revenue: '/marketing/v3/campaigns/{campaignGuid}/reports/revenue',
  batchRead: '/marketing/v3/campaigns/batch/read',
  smtpTokens: '/marketing/v3/transactional/smtp-tokens',
  smtpToken: '/marketing/v3/transactional/smtp-tokens/{tokenId}',
  publishEmail: '/marketing/v3/emails/{emailId}/publish',
} as const;

export type Edits = Record<string, (doc: Document) => void>;

const made: string[] = [];

export function makeTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), prefix));
  made.push(dir);
  return dir;
}

/** Removes every temp folder made by this module (call from afterAll). */
export function cleanTemp(): void {
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

/** A copy of spec/ with `edits` applied, file by file (`{ 'campaigns.yaml': (doc) => … }`). */
export function specVariant(edits: Edits): string {
  const dir = makeTempDir('spec-diff-variant-');
  fs.cpSync(SPEC_DIR, dir, { recursive: true });
  for (const [file, edit] of Object.entries(edits)) {
    const abs = path.join(dir, file);
    const doc = parseDocument(fs.readFileSync(abs, 'utf8'));
    edit(doc);
    fs.writeFileSync(abs, doc.toString({ lineWidth: 0 }));
  }
  return dir;
}

/** The index of the parameter `name` of the operation at `opPath`. */
export function paramIndex(doc: Document, opPath: string[], name: string): number {
  const list = doc.getIn([...opPath, 'parameters']);
  if (!isSeq(list)) throw new Error(`no parameters at ${opPath.join(' ')}`);
  const i = list.items.findIndex((p) => isMap(p) && p.get('name') === name);
  if (i === -1) throw new Error(`no parameter ${name} at ${opPath.join(' ')}`);
  return i;
}

/** Renames the key `from` of the mapping at `at` to `to`, keeping its place and value. */
export function renameKey(doc: Document, at: string[], from: string, to: string): void {
  const map = at.length ? doc.getIn(at) : doc.contents;
  if (!isMap(map)) throw new Error(`no mapping at ${at.join(' ')}`);
  const pair = map.items.find((p) => (p.key as { value?: unknown })?.value === from || p.key === from);
  if (!pair) throw new Error(`no key ${from} at ${at.join(' ')}`);
  pair.key = doc.createNode(to);
}

/** `LEVEL id operationId` for each finding, sorted: the exact list a test asserts. */
export function findingList(r: DiffResult): string[] {
  return r.findings.map((f) => `${f.level} ${f.id} ${f.operationId ?? '-'}`).sort();
}
