/**
 * Spec diff: compares two schemas structurally, following `$ref`s on both sides (so a change inside a
 * shared component is reported at every action that uses it, and a component renamed with the same shape
 * is no change): keywords (schema-keywords.ts), then properties and their `required` flags (with `allOf`
 * merged), array items, and `oneOf`/`anyOf` variants matched by reference, shape or title.
 */
import { isObject, type Json, type JsonObject, walk } from '../load.js';
import { type At, asArray, childRef, deref, getAt, stableStringify } from './json.js';
import {
  checkBounds,
  checkDefault,
  checkDeprecated,
  checkEnum,
  checkNullable,
  checkPattern,
  checkType,
} from './schema-keywords.js';
import {
  descend,
  emit,
  isRequest,
  ROOT,
  type SchemaPath,
  type SchemaScope,
  subject,
} from './schema-scope.js';

/** Deeper than this, a schema is not compared further (a guard against pathological nesting). */
const MAX_DEPTH = 64;

/** Compares the schemas `base` and `head` (either may be a `$ref`). */
export function diffSchema(scope: SchemaScope, base: At, head: At): void {
  compare(scope, base, head, ROOT, new Set());
}

/** A schema with every component it reaches, as text: equal texts mean nothing below can differ. Cached per document. */
const closures = new WeakMap<JsonObject, Map<string, string>>();

function closureText(doc: JsonObject, at: At): string {
  const cacheable = at.ptr.startsWith('/components/');
  let cache = closures.get(doc);
  if (!cache) {
    cache = new Map();
    closures.set(doc, cache);
  }
  const hit = cacheable ? cache.get(at.ptr) : undefined;
  if (hit !== undefined) return hit;
  const refs = new Set<string>();
  const visit = (v: Json) => {
    walk(v, [], (node) => {
      const ref = node.$ref;
      if (typeof ref !== 'string' || !ref.startsWith('#') || refs.has(ref)) return;
      refs.add(ref);
      const target = getAt(doc, ref.slice(1));
      if (target !== undefined) visit(target);
    });
  };
  visit(at.value);
  const text = [
    stableStringify(at.value),
    ...[...refs].sort().map((r) => `${r}=${stableStringify(getAt(doc, r.slice(1)))}`),
  ].join('\n');
  if (cacheable) cache.set(at.ptr, text);
  return text;
}

function compare(scope: SchemaScope, bRaw: At, hRaw: At, p: SchemaPath, stack: Set<string>): void {
  const b = deref(scope.ctx.baseDoc, bRaw);
  const h = deref(scope.ctx.headDoc, hRaw);
  if (!isObject(b.value) || !isObject(h.value) || p.tokens.length > MAX_DEPTH) return;
  const key = `${b.ptr}|${h.ptr}`;
  if (stack.has(key)) return; // a recursive schema: this pair is already being compared further up
  const bText = stableStringify(b.value);
  if (
    bText === stableStringify(h.value) &&
    (!bText.includes('"$ref"') || closureText(scope.ctx.baseDoc, b) === closureText(scope.ctx.headDoc, h))
  )
    return;
  stack.add(key);
  try {
    if (checkType(scope, p, b, h)) return;
    checkNullable(scope, p, b, h);
    checkEnum(scope, p, b, h);
    checkDefault(scope, p, b, h);
    checkPattern(scope, p, b, h);
    checkBounds(scope, p, b, h);
    checkDeprecated(scope, p, b, h);
    compareProperties(scope, b, h, p, stack);
    const bi = childRef(scope.ctx.baseDoc, b, 'items');
    const hi = childRef(scope.ctx.headDoc, h, 'items');
    if (bi && hi) compare(scope, bi, hi, descend(p, 'items', false), stack);
    for (const kw of ['oneOf', 'anyOf'] as const) compareVariants(scope, kw, b, h, p, stack);
  } finally {
    stack.delete(key);
  }
}

interface ObjectView {
  props: Map<string, At>;
  required: Set<string>;
}

/** The properties of a schema with those of its `allOf` members merged in. */
function objectView(doc: JsonObject, at: At, seen = new Set<string>()): ObjectView {
  const view: ObjectView = { props: new Map(), required: new Set() };
  const s = deref(doc, at);
  if (!isObject(s.value) || seen.has(s.ptr)) return view;
  seen.add(s.ptr);
  asArray(s.value.allOf).forEach((_, i) => {
    const member = childRef(doc, childRef(doc, s, 'allOf') as At, i);
    if (!member) return;
    const sub = objectView(doc, member, seen);
    for (const [k, v] of sub.props) view.props.set(k, v);
    for (const r of sub.required) view.required.add(r);
  });
  const props = childRef(doc, s, 'properties');
  if (props && isObject(props.value))
    for (const name of Object.keys(props.value)) view.props.set(name, childRef(doc, props, name) as At);
  for (const r of asArray(s.value.required)) if (typeof r === 'string') view.required.add(r);
  return view;
}

const flag = (at: At, name: 'readOnly' | 'writeOnly') => isObject(at.value) && at.value[name] === true;

function compareProperties(scope: SchemaScope, b: At, h: At, p: SchemaPath, stack: Set<string>): void {
  const bv = objectView(scope.ctx.baseDoc, b);
  const hv = objectView(scope.ctx.headDoc, h);
  if (bv.props.size === 0 && hv.props.size === 0) return;
  const request = isRequest(scope);
  const hidden = request ? 'readOnly' : 'writeOnly'; // properties this direction never carries
  const report = (id: string, message: string, bp: string | null, hp: string | null) => {
    if (scope.place === 'request-parameter') return; // no rules for a parameter's object properties
    scope.ctx.report(id, scope.pair, message, bp, hp);
  };
  for (const [name, bp] of bv.props) {
    const hp = hv.props.get(name);
    const at = descend(p, name, true);
    const subj = subject(scope, at);
    if (!hp) {
      if (flag(bp, hidden)) continue;
      if (request) report('request-property-removed', `${subj} removed`, bp.ptr, h.ptr);
      else if (bv.required.has(name))
        report('response-required-property-removed', `${subj} removed (it was required)`, bp.ptr, h.ptr);
      else report('response-optional-property-removed', `${subj} removed`, bp.ptr, h.ptr);
      continue;
    }
    const wasRequired = bv.required.has(name);
    const isRequired = hv.required.has(name);
    if (wasRequired !== isRequired && !flag(hp, hidden)) {
      const withDefault = isObject(hp.value) && hp.value.default !== undefined ? '-with-default' : '';
      if (request && isRequired)
        report(`request-property-became-required${withDefault}`, `${subj} became required`, bp.ptr, hp.ptr);
      else if (request) report('request-property-became-optional', `${subj} became optional`, bp.ptr, hp.ptr);
      else if (isRequired)
        report('response-property-became-required', `${subj} became required`, bp.ptr, hp.ptr);
      else
        report(
          'response-property-became-optional',
          `${subj} became optional: callers may now get no value`,
          bp.ptr,
          hp.ptr,
        );
    }
    compare(scope, bp, hp, at, stack);
  }
  for (const [name, hp] of hv.props) {
    if (bv.props.has(name) || flag(hp, hidden)) continue;
    const subj = subject(scope, descend(p, name, true));
    const required = hv.required.has(name);
    if (request && required) {
      const withDefault = isObject(hp.value) && hp.value.default !== undefined;
      report(
        withDefault ? 'new-required-request-property-with-default' : 'new-required-request-property',
        `${subj} added, required`,
        b.ptr,
        hp.ptr,
      );
    } else if (request) report('new-optional-request-property', `${subj} added, optional`, b.ptr, hp.ptr);
    else if (required)
      report('response-required-property-added', `${subj} added, always present`, b.ptr, hp.ptr);
    else report('response-optional-property-added', `${subj} added, optional`, b.ptr, hp.ptr);
  }
}

interface Variant {
  at: At;
  /** `#/components/schemas/Dog`, or `subschema #2: Title`. */
  name: string;
  ref?: string;
  title?: string;
  shape: string;
}

function variants(doc: JsonObject, s: At, kw: 'oneOf' | 'anyOf'): Variant[] {
  const list = childRef(doc, s, kw);
  return asArray(list?.value).map((raw, i) => {
    const at = deref(doc, { value: raw, ptr: `${list?.ptr}/${i}` });
    const ref = isObject(raw) && typeof raw.$ref === 'string' ? raw.$ref : undefined;
    const title = isObject(at.value) && typeof at.value.title === 'string' ? at.value.title : undefined;
    const name = ref ?? `subschema #${i + 1}${title ? `: ${title}` : ''}`;
    const v: Variant = { at, name, shape: stableStringify(at.value) };
    if (ref) v.ref = ref;
    if (title) v.title = title;
    return v;
  });
}

/** Pairs variants by the same reference, then the same shape (a renamed component), then the same title. */
function matchVariants(
  base: Variant[],
  head: Variant[],
): { pairs: Array<[Variant, Variant]>; removed: Variant[]; added: Variant[] } {
  const pairs: Array<[Variant, Variant]> = [];
  const left = [...base];
  const right = [...head];
  const pass = (same: (a: Variant, b: Variant) => boolean) => {
    for (const a of [...left]) {
      const i = right.findIndex((b) => same(a, b));
      if (i === -1) continue;
      pairs.push([a, right[i] as Variant]);
      left.splice(left.indexOf(a), 1);
      right.splice(i, 1);
    }
  };
  pass((a, b) => a.ref !== undefined && a.ref === b.ref);
  pass((a, b) => a.shape === b.shape);
  pass((a, b) => a.title !== undefined && a.title === b.title);
  return { pairs, removed: left, added: right };
}

function compareVariants(
  scope: SchemaScope,
  kw: 'oneOf' | 'anyOf',
  b: At,
  h: At,
  p: SchemaPath,
  stack: Set<string>,
): void {
  const bl = variants(scope.ctx.baseDoc, b, kw);
  const hl = variants(scope.ctx.headDoc, h, kw);
  if (bl.length === 0 && hl.length === 0) return;
  const { pairs, removed, added } = matchVariants(bl, hl);
  const suffix = kw === 'oneOf' ? 'one-of' : 'any-of';
  const subj = subject(scope, p);
  for (const v of removed)
    emit(scope, p, `${suffix}-removed`, `${subj} \`${kw}\` variant \`${v.name}\` removed`, v.at.ptr, h.ptr);
  for (const v of added)
    emit(scope, p, `${suffix}-added`, `${subj} \`${kw}\` variant \`${v.name}\` added`, b.ptr, v.at.ptr);
  for (const [bv, hv] of pairs) compare(scope, bv.at, hv.at, descend(p, `${kw}[${hv.name}]`, false), stack);
}
