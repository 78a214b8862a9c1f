/**
 * Spec diff: walking a bundled OpenAPI document — a node together with its JSON pointer, following local
 * `$ref`s to their target (so a finding points where the change is), and stable JSON for comparisons.
 */
import { pointerOf, tokensOf } from '../diagnostics.js';
import { isObject, type Json, type JsonObject } from '../load.js';

/** A value in a document and the JSON pointer it sits at. */
export interface At {
  value: Json;
  ptr: string;
}

/** The value at `pointer`, or undefined. */
export function getAt(doc: JsonObject, pointer: string): Json | undefined {
  let cur: Json = doc;
  for (const t of tokensOf(pointer)) {
    if (Array.isArray(cur) && /^\d+$/.test(t)) cur = cur[Number(t)] as Json;
    else if (isObject(cur) && Object.hasOwn(cur, t)) cur = cur[t] as Json;
    else return undefined;
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** Follows a chain of local `$ref`s; the result carries the pointer of the final target. */
export function deref(doc: JsonObject, at: At): At {
  let cur = at;
  for (let hops = 0; hops < 32; hops++) {
    if (!isObject(cur.value) || typeof cur.value.$ref !== 'string' || !cur.value.$ref.startsWith('#'))
      return cur;
    const ptr = cur.value.$ref.slice(1);
    const target = getAt(doc, ptr);
    if (target === undefined) return cur;
    cur = { value: target, ptr };
  }
  return cur;
}

/** The child `key` of an object node (not dereferenced), or undefined. */
export function child(at: At, key: string | number): At | undefined {
  const v = at.value;
  if (Array.isArray(v) && typeof key === 'number') {
    const item = v[key];
    return item === undefined ? undefined : { value: item, ptr: `${at.ptr}${pointerOf([key])}` };
  }
  if (!isObject(v) || !Object.hasOwn(v, String(key))) return undefined;
  return { value: v[String(key)] as Json, ptr: `${at.ptr}${pointerOf([key])}` };
}

/** The child `key`, dereferenced. */
export function childRef(doc: JsonObject, at: At, key: string | number): At | undefined {
  const c = child(at, key);
  return c ? deref(doc, c) : undefined;
}

/** The entries of an object node, each with its pointer. */
export function entries(at: At | undefined): Array<[string, At]> {
  if (!at || !isObject(at.value)) return [];
  return Object.keys(at.value).map((k) => [k, child(at, k) as At]);
}

/** JSON with object keys sorted: equal values give equal strings. */
export function stableStringify(v: Json | undefined): string {
  if (v === undefined) return 'undefined';
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`;
  if (isObject(v))
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableStringify(v[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

export function deepEqual(a: Json | undefined, b: Json | undefined): boolean {
  return stableStringify(a) === stableStringify(b);
}

/** A value for a message: strings as they are, anything else as JSON. */
export function show(v: Json | undefined): string {
  if (v === undefined) return 'none';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** A value in backticks for a message. */
export function code(v: Json | undefined): string {
  return `\`${show(v).replaceAll('`', "'")}\``;
}

export function asObject(v: Json | undefined): JsonObject {
  return isObject(v) ? v : {};
}

export function asArray(v: Json | undefined): Json[] {
  return Array.isArray(v) ? v : [];
}
