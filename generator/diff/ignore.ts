/**
 * Spec diff: the ignore file (`.spec-diff-ignore.yaml`), the breaking changes a team has accepted, each a
 * rule id with a reason and optionally the action it applies to. Accepted findings stay in the report,
 * marked with their reason, but do not fail the command. A malformed file is bad input (exit 2).
 */
import fs from 'node:fs';
import { parseDocument } from 'yaml';
import { isObject, type Json } from '../load.js';
import { isRule } from './rules.js';
import { DiffInputError } from './sources.js';
import type { Finding, IgnoreEntry } from './types.js';

export const DEFAULT_IGNORE_FILE = '.spec-diff-ignore.yaml';
const KEYS = new Set(['id', 'reason', 'operationId', 'method', 'path']);

/** Reads an ignore file. A missing file is an error only when `required`. */
export function readIgnoreFile(file: string, required: boolean): IgnoreEntry[] {
  if (!fs.existsSync(file)) {
    if (required) throw new DiffInputError(`${file}: the ignore file does not exist`);
    return [];
  }
  const doc = parseDocument(fs.readFileSync(file, 'utf8'), { prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line = e?.linePos?.[0]?.line;
    throw new DiffInputError(
      `${file}${line ? `:${line}` : ''}: YAML syntax error: ${e?.message.split('\n')[0]}`,
    );
  }
  return parseIgnore(doc.toJS() as Json, file);
}

/** Validates the parsed content of an ignore file. */
export function parseIgnore(data: Json, file = DEFAULT_IGNORE_FILE): IgnoreEntry[] {
  if (data === null || data === undefined) return [];
  if (!isObject(data) || !Object.keys(data).every((k) => k === 'accepted'))
    throw new DiffInputError(`${file}: expected a mapping with one key, \`accepted\`, holding a list`);
  const list = data.accepted ?? [];
  if (!Array.isArray(list)) throw new DiffInputError(`${file}: \`accepted\` must be a list`);
  return list.map((raw, i) => {
    const where = `${file}: accepted[${i}]`;
    if (!isObject(raw)) throw new DiffInputError(`${where}: expected a mapping with \`id\` and \`reason\``);
    for (const k of Object.keys(raw))
      if (!KEYS.has(k))
        throw new DiffInputError(`${where}: unknown key \`${k}\` (allowed: ${[...KEYS].join(', ')})`);
    for (const k of Object.keys(raw))
      if (typeof raw[k] !== 'string' || (raw[k] as string).trim() === '')
        throw new DiffInputError(`${where}: \`${k}\` must be a non-empty string`);
    if (typeof raw.id !== 'string') throw new DiffInputError(`${where}: \`id\` (a rule id) is required`);
    if (!isRule(raw.id))
      throw new DiffInputError(`${where}: \`${raw.id}\` is not a rule id of the spec diff`);
    if (typeof raw.reason !== 'string')
      throw new DiffInputError(`${where}: \`reason\` is required: say why the break is accepted`);
    const entry: IgnoreEntry = { id: raw.id, reason: raw.reason.trim() };
    if (typeof raw.operationId === 'string') entry.operationId = raw.operationId;
    if (typeof raw.method === 'string') entry.method = raw.method.toUpperCase();
    if (typeof raw.path === 'string') entry.path = raw.path;
    return entry;
  });
}

function matches(e: IgnoreEntry, f: Finding): boolean {
  return (
    e.id === f.id &&
    (e.operationId === undefined || e.operationId === f.operationId) &&
    (e.method === undefined || e.method === f.method) &&
    (e.path === undefined || e.path === f.path)
  );
}

/** Marks accepted findings; returns the entries that matched nothing. */
export function applyIgnore(findings: Finding[], entries: IgnoreEntry[]): IgnoreEntry[] {
  const used = new Set<IgnoreEntry>();
  for (const f of findings) {
    const e = entries.find((x) => matches(x, f));
    if (e) {
      f.accepted = e.reason;
      used.add(e);
    }
  }
  return entries.filter((e) => !used.has(e));
}
