/**
 * Spec diff: the keyword checks of one schema against its counterpart — type and format, nullability,
 * enum values, default, pattern, numeric/length/item bounds and deprecation — each judged by direction
 * (a request narrowing breaks callers, a response widening does) the way oasdiff judges it.
 */
import type { Json, JsonObject } from '../load.js';
import { type At, code, stableStringify } from './json.js';
import { emit, isRequest, type SchemaPath, type SchemaScope, subject } from './schema-scope.js';

/** The types of a schema, without `null` (3.0 `type: x`, 3.1 `type: [x, "null"]`). */
export function typesOf(s: JsonObject): string[] {
  const t = s.type;
  const list = Array.isArray(t)
    ? t.filter((x): x is string => typeof x === 'string')
    : typeof t === 'string'
      ? [t]
      : [];
  return list.filter((x) => x !== 'null').sort();
}

export function isNullable(s: JsonObject): boolean {
  return s.nullable === true || (Array.isArray(s.type) && s.type.includes('null'));
}

function typeText(s: JsonObject): string {
  const t = typesOf(s).join('|') || 'any';
  return typeof s.format === 'string' ? `${t}/${s.format}` : t;
}

/** True when every value valid for `from` is valid for `to` (oasdiff: integer fits number; anything fits a loosely typed string). */
function typeContained(to: string[], from: string[], strong: boolean): boolean {
  if (from.every((t) => to.includes(t) || (t === 'integer' && to.includes('number')))) return true;
  return !strong && (to.length === 0 || to.includes('string'));
}

const WIDER_FORMATS: Record<string, string[]> = {
  float: ['double'],
  int32: ['int64', 'bigint'],
  int64: ['bigint'],
  date: ['date-time'],
  time: ['date-time'],
};

function formatContained(to: Json | undefined, from: Json | undefined): boolean {
  if (to === undefined) return true; // no format accepts everything the old one did
  if (from === undefined) return false;
  return typeof from === 'string' && typeof to === 'string' && (WIDER_FORMATS[from] ?? []).includes(to);
}

/** Type and format. Returns true when the type changed, so the caller does not compare deeper. */
export function checkType(scope: SchemaScope, p: SchemaPath, b: At, h: At): boolean {
  const bs = b.value as JsonObject;
  const hs = h.value as JsonObject;
  const bt = typesOf(bs);
  const ht = typesOf(hs);
  const typeChanged = bt.length > 0 && ht.length > 0 && bt.join() !== ht.join();
  const formatChanged = !typeChanged && bt.length > 0 && bt.join() === ht.join() && bs.format !== hs.format;
  if (!typeChanged && !formatChanged) return false;
  const msg = (verb: string) =>
    `${subject(scope, p)} type ${verb} from ${code(typeText(bs))} to ${code(typeText(hs))}`;
  // Does every value the old schema allowed still fit (request), or every value the new one allows fit the old (response)?
  const fits = (strong: boolean) =>
    isRequest(scope)
      ? typeChanged
        ? typeContained(ht, bt, strong)
        : formatContained(hs.format, bs.format)
      : typeChanged
        ? typeContained(bt, ht, strong)
        : formatContained(bs.format, hs.format);
  if (scope.place === 'request-parameter' && p.depth > 0) {
    const strict = fits(true);
    const loose = fits(false);
    if (strict !== loose) emit(scope, p, 'type-changed', msg('changed'), b.ptr, h.ptr);
    else if (strict) emit(scope, p, 'type-generalized', msg('generalized'), b.ptr, h.ptr);
    else emit(scope, p, 'type-specialized', msg('changed'), b.ptr, h.ptr);
  } else if (fits(scope.strong)) {
    const suffix = isRequest(scope) ? 'type-generalized' : 'type-specialized';
    emit(scope, p, suffix, msg(isRequest(scope) ? 'generalized' : 'narrowed'), b.ptr, h.ptr);
  } else {
    emit(scope, p, 'type-changed', msg('changed'), b.ptr, h.ptr);
  }
  return typeChanged;
}

export function checkNullable(scope: SchemaScope, p: SchemaPath, b: At, h: At): void {
  const bn = isNullable(b.value as JsonObject);
  const hn = isNullable(h.value as JsonObject);
  if (bn === hn) return;
  const suffix = hn ? 'became-nullable' : 'became-not-nullable';
  emit(
    scope,
    p,
    suffix,
    `${subject(scope, p)} ${hn ? 'became nullable' : 'is no longer nullable'}`,
    b.ptr,
    h.ptr,
  );
}

export function checkEnum(scope: SchemaScope, p: SchemaPath, b: At, h: At): void {
  const be = (b.value as JsonObject).enum;
  const he = (h.value as JsonObject).enum;
  if (!Array.isArray(he)) return;
  if (!Array.isArray(be)) {
    if (isRequest(scope))
      emit(
        scope,
        p,
        'became-enum',
        `${subject(scope, p)} became an enum: only ${he.map(code).join(', ')}`,
        b.ptr,
        h.ptr,
      );
    return;
  }
  const bk = new Set(be.map(stableStringify));
  const hk = new Set(he.map(stableStringify));
  const removed = be.filter((v) => !hk.has(stableStringify(v)));
  const added = he.filter((v) => !bk.has(stableStringify(v)));
  for (const v of removed) {
    const suffix = !isRequest(scope) && p.depth === 0 ? 'mediatype-enum-value-removed' : 'enum-value-removed';
    const msg = `${subject(scope, p)} no longer ${isRequest(scope) ? 'accepts' : 'returns'} the enum value ${code(v)}`;
    if (suffix === 'mediatype-enum-value-removed')
      scope.ctx.report('response-mediatype-enum-value-removed', scope.pair, msg, b.ptr, h.ptr);
    else emit(scope, p, suffix, msg, b.ptr, h.ptr);
  }
  for (const v of added)
    emit(
      scope,
      p,
      'enum-value-added',
      `${subject(scope, p)} ${isRequest(scope) ? 'accepts' : 'may return'} the new enum value ${code(v)}`,
      b.ptr,
      h.ptr,
    );
}

export function checkDefault(scope: SchemaScope, p: SchemaPath, b: At, h: At): void {
  const bd = (b.value as JsonObject).default;
  const hd = (h.value as JsonObject).default;
  if (stableStringify(bd) === stableStringify(hd)) return;
  const subj = subject(scope, p);
  if (bd === undefined)
    emit(scope, p, 'default-value-added', `${subj} default set to ${code(hd)}`, b.ptr, h.ptr);
  else if (hd === undefined)
    emit(scope, p, 'default-value-removed', `${subj} default ${code(bd)} removed`, b.ptr, h.ptr);
  else
    emit(
      scope,
      p,
      'default-value-changed',
      `${subj} default changed from ${code(bd)} to ${code(hd)}`,
      b.ptr,
      h.ptr,
    );
}

const ANY_STRING = new Set(['.*', '^.*$', '^.*', '.*$', '[\\s\\S]*', '^[\\s\\S]*$']);

export function checkPattern(scope: SchemaScope, p: SchemaPath, b: At, h: At): void {
  const bp = (b.value as JsonObject).pattern;
  const hp = (h.value as JsonObject).pattern;
  if (bp === hp) return;
  const subj = subject(scope, p);
  if (typeof bp !== 'string' && typeof hp === 'string')
    emit(scope, p, 'pattern-added', `${subj} must now match the pattern ${code(hp)}`, b.ptr, h.ptr);
  else if (typeof bp === 'string' && typeof hp !== 'string')
    emit(scope, p, 'pattern-removed', `${subj} pattern ${code(bp)} removed`, b.ptr, h.ptr);
  else if (typeof hp === 'string' && ANY_STRING.has(hp))
    emit(
      scope,
      p,
      'pattern-generalized',
      `${subj} pattern generalized from ${code(bp)} to ${code(hp)}`,
      b.ptr,
      h.ptr,
    );
  else
    emit(
      scope,
      p,
      'pattern-changed',
      `${subj} pattern changed from ${code(bp)} to ${code(hp)}`,
      b.ptr,
      h.ptr,
    );
}

interface Bound {
  keyword: string;
  rule: string;
  /** A lower bound (minimum, minLength, minItems) rather than an upper one. */
  lower: boolean;
}

const BOUNDS: Bound[] = [
  { keyword: 'minimum', rule: 'min', lower: true },
  { keyword: 'maximum', rule: 'max', lower: false },
  { keyword: 'exclusiveMinimum', rule: 'exclusive-min', lower: true },
  { keyword: 'exclusiveMaximum', rule: 'exclusive-max', lower: false },
  { keyword: 'minLength', rule: 'min-length', lower: true },
  { keyword: 'maxLength', rule: 'max-length', lower: false },
  { keyword: 'minItems', rule: 'min-items', lower: true },
  { keyword: 'maxItems', rule: 'max-items', lower: false },
];

export function checkBounds(scope: SchemaScope, p: SchemaPath, b: At, h: At): void {
  const bs = b.value as JsonObject;
  const hs = h.value as JsonObject;
  const subj = subject(scope, p);
  for (const bound of BOUNDS) {
    const bv = typeof bs[bound.keyword] === 'number' ? (bs[bound.keyword] as number) : undefined;
    const hv = typeof hs[bound.keyword] === 'number' ? (hs[bound.keyword] as number) : undefined;
    if (bv === hv) continue;
    const kw = `\`${bound.keyword}\``;
    if (bv !== undefined && hv !== undefined) {
      const dir = hv > bv ? 'increased' : 'decreased';
      emit(
        scope,
        p,
        `${bound.rule}-${dir}`,
        `${subj} ${kw} ${hv > bv ? 'raised' : 'lowered'} from ${bv} to ${hv}`,
        b.ptr,
        h.ptr,
      );
    } else if (hv !== undefined) {
      // A bound appears: tighter. Requests: oasdiff's `-set` rule, else the tightening rule; responses: fine.
      if (!isRequest(scope)) continue;
      const msg = `${subj} ${kw} set to ${hv} (there was none)`;
      if (
        emitFirst(
          scope,
          p,
          [`${bound.rule}-set`, `${bound.rule}-${bound.lower ? 'increased' : 'decreased'}`],
          msg,
          b.ptr,
          h.ptr,
        )
      )
        continue;
    } else if (bv !== undefined) {
      // A bound disappears: looser. Responses break (`-unset`, else the loosening rule); requests widen.
      const msg = `${subj} ${kw} ${bv} removed`;
      const loosen = `${bound.rule}-${bound.lower ? 'decreased' : 'increased'}`;
      emitFirst(scope, p, isRequest(scope) ? [loosen] : [`${bound.rule}-unset`, loosen], msg, b.ptr, h.ptr);
    }
  }
}

function emitFirst(
  scope: SchemaScope,
  p: SchemaPath,
  suffixes: string[],
  message: string,
  bp: string,
  hp: string,
): boolean {
  for (const s of suffixes) {
    const before = scope.ctx.findings.length;
    emit(scope, p, s, message, bp, hp);
    if (scope.ctx.findings.length > before) return true;
  }
  return false;
}

export function checkDeprecated(scope: SchemaScope, p: SchemaPath, b: At, h: At): void {
  if (p.depth === 0) return;
  const bd = (b.value as JsonObject).deprecated === true;
  const hd = (h.value as JsonObject).deprecated === true;
  if (bd === hd) return;
  emit(
    scope,
    p,
    hd ? 'deprecated' : 'reactivated',
    `${subject(scope, p)} ${hd ? 'deprecated' : 'no longer deprecated'}`,
    b.ptr,
    h.ptr,
  );
}
