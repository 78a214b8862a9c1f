/**
 * Loader for the broken-spec fixtures in `test/fixtures/bad-specs/`.
 *
 * A fixture does not hold a whole spec. It describes one small edit (or a few) to apply to a temp copy
 * of `spec/`, and the diagnostic the generator must report for it:
 *
 * ```yaml
 * description: What is broken, in one sentence.
 * edits:
 *   - file: transactional-email.yaml      # a file of spec/, by name
 *     set: /paths/~1a~1b/get/operationId  # JSON pointer (RFC 6901) inside that file
 *     value: listThings                   # any YAML value; a missing last key is added
 *   - file: common.yaml
 *     delete: /components/schemas/Paging  # must exist
 *   - file: campaigns.yaml
 *     replace: "exact text, found exactly once"
 *     with: "new text"
 *   - file: common.yaml
 *     content: ""                         # the whole file
 * expect:
 *   rule: duplicate-operation-id          # Diagnostic.rule
 *   file: communication-preferences.yaml  # Diagnostic.file, relative to the spec folder
 *   pointer: /paths/~1a~1b/get/operationId
 *   line: 12                              # optional: the exact line in the edited file
 *   lineText: "operationId: listThings"   # optional: text the reported line of the edited file holds
 *   message: "is already used by GET /a"  # a regular expression the message must match
 *   only: true                            # optional: the expected diagnostic is the only one
 * cli: true                               # optional: also run this case through the real CLI
 * knownBug:                               # optional: a generator bug this fixture exposes today
 *   reason: why the checks below fail
 *   fails: [line]                         # of spec-error, diagnostic, line: run with it.fails
 * ```
 *
 * `set` and `delete` go through `yaml`'s Document API (parseDocument + setIn/deleteIn), so comments, key
 * order and scalar styles of the rest of the file are kept; long plain scalars may be re-folded, which can
 * move lines, hence `lineText`, which checks the line against the edited file rather than a magic number.
 * Files no edit touches are copied byte for byte.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type Document, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { tokensOf } from '../../generator/diagnostics.js';
import { makeTempDir, PROJECT_ROOT } from './helpers.js';

export const SPEC_DIR = path.join(PROJECT_ROOT, 'spec');
export const GENERATED_DIR = path.join(PROJECT_ROOT, 'generated');
export const FIXTURES_DIR = path.join(PROJECT_ROOT, 'test', 'fixtures', 'bad-specs');

export type Edit =
  | { file: string; set: string; value: unknown }
  | { file: string; delete: string }
  | { file: string; replace: string; with: string }
  | { file: string; content: string };

export interface Expectation {
  rule: string;
  file: string;
  pointer: string;
  line?: number;
  lineText?: string;
  message: RegExp;
  only: boolean;
}

/** What a test checks of a fixture; a known bug names the checks it makes fail today. */
export const CHECKS = ['spec-error', 'diagnostic', 'line'] as const;
export type Check = (typeof CHECKS)[number];

export interface KnownBug {
  reason: string;
  /** These checks are run with `it.fails` until the bug is fixed. */
  fails: Check[];
}

export interface BadSpecFixture {
  /** File name without `.yaml`. */
  name: string;
  description: string;
  edits: Edit[];
  expect: Expectation;
  cli: boolean;
  knownBug?: KnownBug;
}

/** Options the edited files are written with: the width the spec files are folded at. */
const STRINGIFY = { lineWidth: 110 } as const;

type Raw = Record<string, unknown>;

function isRecord(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(o: Raw, key: string, where: string): string {
  const v = o[key];
  if (typeof v !== 'string') throw new Error(`${where}: '${key}' must be a string`);
  return v;
}

function parseEdit(e: unknown, where: string): Edit {
  if (!isRecord(e)) throw new Error(`${where}: an edit must be a mapping`);
  const file = str(e, 'file', where);
  if (!fs.existsSync(path.join(SPEC_DIR, file))) throw new Error(`${where}: spec/${file} does not exist`);
  if ('set' in e) {
    if (!('value' in e)) throw new Error(`${where}: 'set' needs a 'value'`);
    return { file, set: str(e, 'set', where), value: e.value };
  }
  if ('delete' in e) return { file, delete: str(e, 'delete', where) };
  if ('replace' in e) return { file, replace: str(e, 'replace', where), with: str(e, 'with', where) };
  if ('content' in e) return { file, content: str(e, 'content', where) };
  throw new Error(`${where}: an edit needs one of set, delete, replace, content`);
}

/** Reads and checks one fixture file. */
export function parseFixture(file: string): BadSpecFixture {
  const name = path.basename(file, '.yaml');
  const raw: unknown = parseDocument(fs.readFileSync(file, 'utf8'), { uniqueKeys: true }).toJS();
  if (!isRecord(raw)) throw new Error(`${name}: a fixture must be a mapping`);
  const edits = raw.edits;
  if (!Array.isArray(edits) || edits.length === 0)
    throw new Error(`${name}: 'edits' must be a non-empty list`);
  const ex = raw.expect;
  if (!isRecord(ex)) throw new Error(`${name}: 'expect' must be a mapping`);
  const line = ex.line;
  if (line !== undefined && (typeof line !== 'number' || !Number.isInteger(line) || line < 1))
    throw new Error(`${name}: 'expect.line' must be a positive integer`);
  const lineText = ex.lineText;

  if (lineText !== undefined && typeof lineText !== 'string')
    throw new Error(`${name}: 'expect.lineText' must be a string`);
  return {
    name,
    description: str(raw, 'description', name),
    edits: edits.map((e, i) => parseEdit(e, `${name}: edits[${i}]`)),
    expect: {
      rule: str(ex, 'rule', `${name}: expect`),
      file: str(ex, 'file', `${name}: expect`),
      pointer: str(ex, 'pointer', `${name}: expect`),
      ...(line === undefined ? {} : { line }),
      ...(lineText === undefined ? {} : { lineText }),
      message: new RegExp(str(ex, 'message', `${name}: expect`)),
      only: ex.only === true,
    },
    cli: raw.cli === true,
    ...(raw.knownBug === undefined ? {} : { knownBug: parseKnownBug(raw.knownBug, name) }),
  };
}

function isCheck(v: unknown): v is Check {
  return CHECKS.some((c) => c === v);
}

function parseKnownBug(v: unknown, name: string): KnownBug {
  const where = `${name}: knownBug`;
  if (!isRecord(v)) throw new Error(`${where} must be a mapping`);
  const fails = v.fails;
  if (!Array.isArray(fails) || fails.length === 0 || !fails.every(isCheck))
    throw new Error(`${where}.fails must list some of ${CHECKS.join(', ')}`);
  return { reason: str(v, 'reason', where), fails };
}

/** Every fixture, sorted by name. */
export function loadFixtures(dir: string = FIXTURES_DIR): BadSpecFixture[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => parseFixture(path.join(dir, f)));
}

/**
 * Turns the decoded tokens of a pointer into the keys the Document API expects: a map key is the value of
 * the existing key node (so `200` finds an unquoted `200:`), a sequence key is a number. The last token may
 * name a key that does not exist yet when `allowNewLast` is set.
 */
function resolveKeys(doc: Document, pointer: string, allowNewLast: boolean, where: string): unknown[] {
  const tokens = tokensOf(pointer);
  if (tokens.length === 0) throw new Error(`${where}: the pointer must not be empty`);
  const keys: unknown[] = [];
  let node: unknown = doc.contents;
  tokens.forEach((t, i) => {
    const last = i === tokens.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === t);
      if (!pair) {
        if (last && allowNewLast) {
          keys.push(t);
          return;
        }
        throw new Error(`${where}: ${pointer} does not exist (no key '${t}')`);
      }
      keys.push(isScalar(pair.key) ? pair.key.value : t);
      node = pair.value;
    } else if (isSeq(node)) {
      const idx = Number(t);
      if (
        !/^\d+$/.test(t) ||
        idx > node.items.length ||
        (idx === node.items.length && !(last && allowNewLast))
      )
        throw new Error(`${where}: ${pointer} does not exist (no item ${t})`);
      keys.push(idx);
      node = node.items[idx];
    } else {
      throw new Error(`${where}: ${pointer} does not exist ('${t}' is below a scalar)`);
    }
  });
  return keys;
}

/** Applies one edit to the text of a spec file. */
export function applyEdit(text: string, edit: Edit, where = edit.file): string {
  if ('content' in edit) return edit.content;
  if ('replace' in edit) {
    const n = text.split(edit.replace).length - 1;
    if (n !== 1) throw new Error(`${where}: the text to replace occurs ${n} times, expected once`);
    return text.replace(edit.replace, () => edit.with);
  }
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) throw new Error(`${where}: cannot edit a file with YAML errors`);
  if ('set' in edit) doc.setIn(resolveKeys(doc, edit.set, true, where), doc.createNode(edit.value));
  else doc.deleteIn(resolveKeys(doc, edit.delete, false, where));
  return doc.toString(STRINGIFY);
}

/** Round-trips a YAML text through the Document API without changing anything (for the loader's own test). */
export function roundTrip(text: string): string {
  return parseDocument(text, { uniqueKeys: true }).toString(STRINGIFY);
}

export interface PreparedSpec {
  /** Temp folder holding the edited spec files (and `generated/` when asked for). */
  dir: string;
  /** `<dir>/openapi.yaml`. */
  specFile: string;
  /** `<dir>/generated`, a copy of the committed `generated/`, when `withGenerated` was set. */
  outDir: string;
  /** Absolute path of a spec file in the temp copy. */
  fileOf(name: string): string;
  /** Removes the temp folder. */
  cleanup(): void;
}

/** Copies `spec/` into a temp folder and applies `edits` there. The real `spec/` is never touched. */
export function prepareSpec(edits: Edit[], options: { withGenerated?: boolean } = {}): PreparedSpec {
  const dir = makeTempDir('bad-spec-');
  try {
    for (const f of fs.readdirSync(SPEC_DIR)) fs.copyFileSync(path.join(SPEC_DIR, f), path.join(dir, f));
    edits.forEach((edit, i) => {
      const file = path.join(dir, edit.file);
      fs.writeFileSync(file, applyEdit(fs.readFileSync(file, 'utf8'), edit, `edits[${i}] (${edit.file})`));
    });
    if (options.withGenerated) fs.cpSync(GENERATED_DIR, path.join(dir, 'generated'), { recursive: true });
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    dir,
    specFile: path.join(dir, 'openapi.yaml'),
    outDir: path.join(dir, 'generated'),
    fileOf: (name) => path.join(dir, name),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
