/**
 * Upstream drift, the comparison: every curated operation against the upstream operation its `x-upstream`
 * names, after following `$ref`s on both sides. Parameters (name, location, required, deprecated, style and
 * explode, schema), request bodies and success responses (media types; schemas: type, format, nullability,
 * enum, bounds, default, properties and their required flags, items, additionalProperties, oneOf/anyOf,
 * nested to any depth), status codes and security. Prose and examples are not compared.
 *
 * Unlike the spec diff (generator/diff/), which judges changes by what they break for callers and stays quiet
 * where no rule applies, this comparison is symmetric and complete: any structural difference is listed.
 * It shares the diff's document walking (json.ts), operation listing (operations.ts), type reading
 * (schema-keywords.ts) and spec loading (sources.ts).
 *
 * Each difference has anchors: the nodes of the curated spec where a deliberate difference is recorded
 * (`x-upstream-deviation`), most specific first. A deviation of the same kind on an anchor (and, for
 * `upstream-only`, the same `name`) explains the difference. Deviations that explain nothing are stale.
 */
import { pointerOf, tokensOf } from '../diagnostics.js';
import type { Side } from '../diff/context.js';
import { type At, child, deref, getAt, stableStringify } from '../diff/json.js';
import { collectOperations, HTTP_METHODS, normalizePath } from '../diff/operations.js';
import { isNullable, typesOf } from '../diff/schema-keywords.js';
import type { Location } from '../diff/types.js';
import { isObject, type Json, type JsonObject, walk } from '../load.js';
import {
  type Deviation,
  type DeviationKind,
  deviationsOf,
  originOf,
  type UpstreamOrigin,
  uncoveredOf,
  X_DEVIATION,
  X_UNCOVERED,
} from './annotations.js';
import type { UpstreamFile, UpstreamFolder } from './files.js';

export interface Explanation {
  reason: string;
  /** Where the deviation is recorded. */
  at: Location;
}

export interface Difference {
  kind: DeviationKind;
  /** The curated operation. */
  operationId: string | null;
  method: string;
  path: string;
  /** Where in the operation: `query parameter \`limit\``, `response 200 \`results[].id\``, `security`. */
  where: string;
  /** For `upstream-only`: the upstream element's name (parameter, property, status, media type). */
  name?: string;
  /** One line. */
  message: string;
  /** The value on each side, short (null where the element does not exist on that side). */
  spec: string | null;
  upstream: string | null;
  /** The first anchor in the curated spec: where a deviation for this difference belongs. */
  specAt: Location;
  upstreamAt: Location | null;
  /** The deviation that explains this difference, or null. */
  explained: Explanation | null;
}

export interface UncoveredOperation {
  file: string;
  method: string;
  path: string;
  /** HubSpot's operationId (an identifier, not prose). */
  upstreamOperationId: string | null;
  /** The `x-upstream-uncovered` reason when the spec leaves it out on purpose, else null. */
  explained: string | null;
}

export interface StaleDeviation {
  /** `x-upstream-deviation` or `x-upstream-uncovered`. */
  extension: string;
  kind?: string;
  name?: string;
  reason: string;
  at: Location;
  /** Why it is stale. */
  message: string;
}

export interface FileReport {
  file: string;
  status: UpstreamFile['status'];
  foundAt: string | null;
  candidates: string[];
  /** Operations the spec takes from this file. */
  operations: number;
}

export interface UpstreamResult {
  spec: { label: string; operations: number };
  upstream: { folder: string; files: FileReport[] };
  differences: Difference[];
  uncovered: UncoveredOperation[];
  stale: StaleDeviation[];
  summary: {
    compared: number;
    differences: number;
    explained: number;
    unexplained: number;
    uncovered: number;
    uncoveredExplained: number;
    stale: number;
    /** Upstream files that moved or are missing. */
    filesNeedingAttention: number;
    /** True when something needs a maintainer: the command exits 1. */
    failed: boolean;
  };
}

interface UpOp {
  method: string;
  path: string;
  ptr: string;
  op: JsonObject;
}

interface Current {
  side: Side;
  up: UpstreamFile;
  upDoc: JsonObject;
  op: { operationId: string | null; method: string; path: string; ptr: string };
}

const SUCCESS = /^2(\d\d|XX)$/i;
const BOUND_KEYS = [
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'pattern',
  'uniqueItems',
  'multipleOf',
] as const;

const show = (v: Json | undefined): string => (v === undefined ? 'none' : JSON.stringify(v));
const tick = (s: string) => `\`${s}\``;

/** Parameters of an operation (path item's, overridden by the operation's), keyed `in:name`. */
function paramsOf(doc: JsonObject, item: JsonObject, itemPtr: string, op: JsonObject, opPtr: string) {
  const out = new Map<string, { raw: At; at: At; p: JsonObject }>();
  const add = (container: At | undefined) => {
    if (!container || !Array.isArray(container.value)) return;
    container.value.forEach((_, i) => {
      const raw = child(container, i) as At;
      const at = deref(doc, raw);
      if (!isObject(at.value) || typeof at.value.name !== 'string' || typeof at.value.in !== 'string') return;
      const name = at.value.in === 'header' ? at.value.name.toLowerCase() : at.value.name;
      out.set(`${at.value.in}:${name}`, { raw, at, p: at.value });
    });
  };
  add(child({ value: item, ptr: itemPtr }, 'parameters'));
  add(child({ value: op, ptr: opPtr }, 'parameters'));
  return out;
}

/** `style/explode` with OpenAPI's defaults filled in. */
function serialisation(p: JsonObject): string {
  const style =
    typeof p.style === 'string' ? p.style : p.in === 'query' || p.in === 'cookie' ? 'form' : 'simple';
  const explode = typeof p.explode === 'boolean' ? p.explode : style === 'form';
  return `style ${style}, explode ${explode}`;
}

/** A schema with its `allOf` members merged in (properties, required, and keywords the schema lacks). */
function flatten(doc: JsonObject, at: At, seen = new Set<string>()): JsonObject {
  const s = deref(doc, at);
  if (!isObject(s.value) || seen.has(s.ptr)) return {};
  seen.add(s.ptr);
  const own = s.value;
  if (!Array.isArray(own.allOf)) return own;
  const merged: JsonObject = {};
  const props: JsonObject = {};
  const required = new Set<string>();
  const take = (x: JsonObject) => {
    for (const [k, v] of Object.entries(x)) {
      if (k === 'properties' && isObject(v)) Object.assign(props, v);
      else if (k === 'required' && Array.isArray(v))
        for (const r of v) typeof r === 'string' && required.add(r);
      else if (k !== 'allOf' && merged[k] === undefined) merged[k] = v;
    }
  };
  own.allOf.forEach((_, i) => {
    take(flatten(doc, { value: (own.allOf as Json[])[i] as Json, ptr: `${s.ptr}/allOf/${i}` }, seen));
  });
  take(own);
  if (Object.keys(props).length) merged.properties = props;
  if (required.size) merged.required = [...required];
  return merged;
}

/** Normalises 3.0's boolean exclusiveMinimum/Maximum to 3.1's numbers. */
function bound(s: JsonObject, key: (typeof BOUND_KEYS)[number]): Json | undefined {
  if (key === 'exclusiveMinimum' || key === 'exclusiveMaximum') {
    const v = s[key];
    if (v === true) return s[key === 'exclusiveMinimum' ? 'minimum' : 'maximum'];
    return typeof v === 'number' ? v : undefined;
  }
  if (
    (key === 'minimum' && s.exclusiveMinimum === true) ||
    (key === 'maximum' && s.exclusiveMaximum === true)
  )
    return undefined;
  if (key === 'uniqueItems') return s.uniqueItems === true ? true : undefined;
  return s[key];
}

export class UpstreamComparison {
  readonly differences: Difference[] = [];
  /** `pointer#index` of every deviation that explained something. */
  private readonly used = new Set<string>();
  /** The anchors each difference was looked up on. */
  private readonly anchorsOf = new Map<Difference, string[]>();
  private cur: Current | null = null;

  constructor(
    private readonly side: Side,
    private readonly folder: UpstreamFolder,
  ) {}

  private get doc(): JsonObject {
    return this.side.spec.document;
  }

  private locateOurs(ptr: string): Location {
    const at = this.side.spec.locate(ptr);
    const loc: Location = { pointer: ptr, file: this.side.displayFile(at.file) };
    if (at.line !== undefined) loc.line = at.line;
    return loc;
  }

  private locateUp(up: UpstreamFile, ptr: string): Location {
    const loc: Location = { pointer: ptr, file: up.foundAt ?? up.file };
    const line = up.spec?.locate(ptr).line;
    if (line !== undefined) loc.line = line;
    return loc;
  }

  /** Records a difference and looks for the deviation that explains it on its anchors. */
  private add(
    kind: DeviationKind,
    where: string,
    message: string,
    values: { spec: Json | undefined | string; upstream: Json | undefined | string; raw?: boolean },
    anchors: string[],
    upPtr: string | null,
    name?: string,
  ): void {
    const cur = this.cur as Current;
    const list = [...new Set(anchors)];
    let explained: Explanation | null = null;
    for (const ptr of list) {
      const devs = deviationsOf(getAt(this.doc, ptr));
      const i = devs.findIndex(
        (d) =>
          d.kind === kind &&
          (d.name === undefined ? name === undefined : d.name === name) &&
          // An upstream-only element is identified by its name; anything else also by upstream's value.
          (kind === 'upstream-only' || stableStringify(d.upstream) === stableStringify(values.upstream)),
      );
      if (i === -1) continue;
      this.used.add(`${ptr}#${i}`);
      explained = {
        reason: (devs[i] as { reason: string }).reason,
        at: this.locateOurs(pointerOf([...tokensOf(ptr), X_DEVIATION, i])),
      };
      break;
    }
    const text = (v: Json | undefined | string) =>
      v === undefined ? null : typeof v === 'string' && values.raw ? v : show(v as Json);
    const d: Difference = {
      kind,
      operationId: cur.op.operationId,
      method: cur.op.method.toUpperCase(),
      path: cur.op.path,
      where,
      message,
      spec: text(values.spec),
      upstream: text(values.upstream),
      specAt: this.locateOurs(list[0] as string),
      upstreamAt: upPtr === null ? null : this.locateUp(cur.up, upPtr),
      explained,
    };
    if (name !== undefined) d.name = name;
    this.differences.push(d);
    this.anchorsOf.set(d, list);
  }

  /** Compares every operation of the curated spec; returns the upstream operations each file was matched on. */
  run(): {
    files: Map<string, UpstreamFile>;
    covered: Map<string, Set<string>>;
    compared: number;
    operations: number;
  } {
    const files = new Map<string, UpstreamFile>();
    const covered = new Map<string, Set<string>>();
    let compared = 0;
    const ops = collectOperations(this.doc);
    for (const o of ops) {
      const origin = originOf(o.op);
      this.cur = {
        side: this.side,
        up: { file: origin?.file ?? '', status: 'missing', foundAt: null, candidates: [], spec: null },
        upDoc: {},
        op: { operationId: o.operationId, method: o.method, path: o.path, ptr: o.ptr },
      };
      if (!origin) {
        this.add(
          'added',
          'operation',
          'records no upstream origin (x-upstream)',
          { spec: 'operation', upstream: undefined, raw: true },
          [o.ptr],
          null,
        );
        continue;
      }
      const up = this.folder.get(origin.file);
      files.set(origin.file, up);
      this.cur.up = up;
      if (!up.spec) {
        const why = up.candidates.length
          ? `several files could be it now: ${up.candidates.join(', ')}`
          : 'moved or removed upstream?';
        this.add(
          'added',
          'operation',
          `upstream file ${tick(origin.file)} not found in the folder (${why})`,
          { spec: 'operation', upstream: undefined, raw: true },
          [o.ptr],
          null,
        );
        continue;
      }
      this.cur.upDoc = up.spec.document;
      const upOp = findUpstreamOp(up.spec.document, origin);
      if (!upOp) {
        this.add(
          'added',
          'operation',
          `upstream has no ${origin.method.toUpperCase()} ${tick(origin.path)} in ${tick(origin.file)} any more`,
          { spec: 'operation', upstream: undefined, raw: true },
          [o.ptr],
          '/paths',
        );
        continue;
      }
      const set = covered.get(origin.file) ?? new Set<string>();
      covered.set(origin.file, set);
      set.add(`${upOp.method} ${upOp.path}`);
      compared++;
      this.compareOperation(o.item, o.itemPtr, o.op, o.ptr, upOp, up.spec.document);
    }
    this.cur = null;
    return { files, covered, compared, operations: ops.length };
  }

  private compareOperation(
    item: JsonObject,
    itemPtr: string,
    op: JsonObject,
    opPtr: string,
    u: UpOp,
    upDoc: JsonObject,
  ): void {
    const upItemPtr = pointerOf(['paths', u.path]);
    const upItem = getAt(upDoc, upItemPtr) as JsonObject;
    if ((op.deprecated === true) !== (u.op.deprecated === true))
      this.add(
        'deprecated',
        'operation',
        `deprecated: spec ${op.deprecated === true}, upstream ${u.op.deprecated === true}`,
        { spec: op.deprecated === true, upstream: u.op.deprecated === true },
        [opPtr],
        u.ptr,
      );
    this.compareParams(item, itemPtr, op, opPtr, upItem, upItemPtr, u);
    this.compareBody(op, opPtr, u, upDoc);
    this.compareResponses(op, opPtr, u, upDoc);
    this.compareSecurity(op, opPtr, u, upDoc);
  }

  private compareParams(
    item: JsonObject,
    itemPtr: string,
    op: JsonObject,
    opPtr: string,
    upItem: JsonObject,
    upItemPtr: string,
    u: UpOp,
  ): void {
    const cur = this.cur as Current;
    const ours = paramsOf(this.doc, item, itemPtr, op, opPtr);
    const theirs = paramsOf(cur.upDoc, upItem, upItemPtr, u.op, u.ptr);
    for (const [key, o] of ours) {
      const label = `${o.p.in} parameter ${tick(String(o.p.name))}`;
      const t = theirs.get(key);
      if (!t) {
        this.add(
          'added',
          label,
          `${label}: only in the spec`,
          { spec: 'parameter', upstream: undefined, raw: true },
          [o.at.ptr, o.raw.ptr],
          u.ptr,
        );
        continue;
      }
      const anchors = [o.at.ptr, o.raw.ptr];
      const req = (p: JsonObject) => p.required === true || p.in === 'path';
      if (req(o.p) !== req(t.p))
        this.add(
          'required',
          label,
          `${label}: required in the ${req(o.p) ? 'spec' : 'upstream file'} only`,
          { spec: req(o.p), upstream: req(t.p) },
          anchors,
          t.at.ptr,
        );
      if ((o.p.deprecated === true) !== (t.p.deprecated === true))
        this.add(
          'deprecated',
          label,
          `${label}: deprecated in the ${o.p.deprecated === true ? 'spec' : 'upstream file'} only`,
          { spec: o.p.deprecated === true, upstream: t.p.deprecated === true },
          anchors,
          t.at.ptr,
        );
      if (serialisation(o.p) !== serialisation(t.p))
        this.add(
          'style',
          label,
          `${label}: ${serialisation(o.p)} in the spec, ${serialisation(t.p)} upstream`,
          { spec: serialisation(o.p), upstream: serialisation(t.p), raw: true },
          anchors,
          t.at.ptr,
        );
      const os = child(o.at, 'schema');
      const ts = child(t.at, 'schema');
      if (os && ts) this.compareSchema(os, ts, label, [], anchors, new Set());
      else if (os || ts)
        this.add(
          'shape',
          label,
          `${label}: has a schema in the ${os ? 'spec' : 'upstream file'} only`,
          { spec: os ? 'schema' : undefined, upstream: ts ? 'schema' : undefined, raw: true },
          anchors,
          t.at.ptr,
        );
    }
    for (const [key, t] of theirs) {
      if (ours.has(key)) continue;
      const label = `${t.p.in} parameter ${tick(String(t.p.name))}`;
      const required = t.p.required === true || t.p.in === 'path';
      this.add(
        'upstream-only',
        label,
        `${label}: upstream has it (${required ? 'required' : 'optional'}), the spec does not`,
        { spec: undefined, upstream: required ? 'required parameter' : 'optional parameter', raw: true },
        [opPtr],
        t.at.ptr,
        String(t.p.name),
      );
    }
  }

  private compareBody(op: JsonObject, opPtr: string, u: UpOp, upDoc: JsonObject): void {
    const oRaw = child({ value: op, ptr: opPtr }, 'requestBody');
    const tRaw = child({ value: u.op, ptr: u.ptr }, 'requestBody');
    if (!oRaw && !tRaw) return;
    const label = 'request body';
    if (oRaw && !tRaw) {
      this.add(
        'added',
        label,
        'request body: only in the spec',
        { spec: 'request body', upstream: undefined, raw: true },
        [deref(this.doc, oRaw).ptr, oRaw.ptr],
        u.ptr,
      );
      return;
    }
    if (!oRaw && tRaw) {
      this.add(
        'upstream-only',
        label,
        'request body: upstream has one, the spec does not',
        { spec: undefined, upstream: 'request body', raw: true },
        [opPtr],
        tRaw.ptr,
        'requestBody',
      );
      return;
    }
    const o = deref(this.doc, oRaw as At);
    const t = deref(upDoc, tRaw as At);
    const anchors = [o.ptr, (oRaw as At).ptr];
    const req = (x: At) => isObject(x.value) && x.value.required === true;
    if (req(o) !== req(t))
      this.add(
        'required',
        label,
        `request body: required in the ${req(o) ? 'spec' : 'upstream file'} only`,
        { spec: req(o), upstream: req(t) },
        anchors,
        t.ptr,
      );
    this.compareContent(o, t, label, anchors);
  }

  private compareContent(o: At, t: At, label: string, anchors: string[]): void {
    const oc = child(o, 'content');
    const tc = child(t, 'content');
    const om = isObject(oc?.value) ? Object.keys(oc.value) : [];
    const tm = isObject(tc?.value) ? Object.keys(tc.value) : [];
    for (const mt of om) {
      const at = child(oc as At, mt) as At;
      if (!tm.includes(mt)) {
        this.add(
          'added',
          label,
          `${label}: media type ${tick(mt)} only in the spec`,
          { spec: mt, upstream: undefined, raw: true },
          [at.ptr, ...anchors],
          t.ptr,
        );
        continue;
      }
      const tAt = child(tc as At, mt) as At;
      const os = child(at, 'schema');
      const ts = child(tAt, 'schema');
      if (os && ts) this.compareSchema(os, ts, label, [], [at.ptr, ...anchors], new Set());
      else if (os || ts)
        this.add(
          'shape',
          label,
          `${label}: ${tick(mt)} has a schema in the ${os ? 'spec' : 'upstream file'} only`,
          { spec: os ? 'schema' : undefined, upstream: ts ? 'schema' : undefined, raw: true },
          [at.ptr, ...anchors],
          tAt.ptr,
        );
    }
    for (const mt of tm)
      if (!om.includes(mt))
        this.add(
          'upstream-only',
          label,
          `${label}: upstream also offers media type ${tick(mt)}`,
          { spec: undefined, upstream: mt, raw: true },
          [o.ptr, ...anchors],
          (child(tc as At, mt) as At).ptr,
          mt,
        );
  }

  private compareResponses(op: JsonObject, opPtr: string, u: UpOp, upDoc: JsonObject): void {
    const or = child({ value: op, ptr: opPtr }, 'responses');
    const tr = child({ value: u.op, ptr: u.ptr }, 'responses');
    const os = isObject(or?.value) ? Object.keys(or.value) : [];
    const ts = isObject(tr?.value) ? Object.keys(tr.value) : [];
    for (const status of os) {
      const raw = child(or as At, status) as At;
      const o = deref(this.doc, raw);
      const label = `response ${status}`;
      if (!ts.includes(status)) {
        this.add(
          'added',
          label,
          `status ${tick(status)}: only in the spec`,
          { spec: status, upstream: undefined, raw: true },
          [raw.ptr, o.ptr],
          tr?.ptr ?? u.ptr,
        );
        continue;
      }
      if (!SUCCESS.test(status)) continue; // error responses: the status is compared, not the envelope
      const t = deref(upDoc, child(tr as At, status) as At);
      this.compareContent(o, t, label, [raw.ptr, o.ptr]);
    }
    for (const status of ts)
      if (!os.includes(status))
        this.add(
          'upstream-only',
          `response ${status}`,
          `status ${tick(status)}: upstream declares it, the spec does not`,
          { spec: undefined, upstream: status, raw: true },
          [opPtr],
          (child(tr as At, status) as At).ptr,
          status,
        );
  }

  private compareSecurity(op: JsonObject, opPtr: string, u: UpOp, upDoc: JsonObject): void {
    const mine = securityOf(this.doc, op);
    const theirs = securityOf(upDoc, u.op);
    if (mine.join(' | ') === theirs.join(' | ')) return;
    const anchors = op.security !== undefined ? [opPtr] : [opPtr, '/security'];
    this.add(
      'security',
      'security',
      `credentials: spec accepts ${mine.join(' or ') || 'none'}; upstream ${theirs.join(' or ') || 'none'}`,
      { spec: mine.join(' | '), upstream: theirs.join(' | '), raw: true },
      anchors,
      u.op.security !== undefined ? `${u.ptr}/security` : u.ptr,
    );
  }

  private compareSchema(
    oRaw: At,
    tRaw: At,
    label: string,
    tokens: string[],
    extra: string[],
    stack: Set<string>,
  ): void {
    const cur = this.cur as Current;
    const o = deref(this.doc, oRaw);
    const t = deref(cur.upDoc, tRaw);
    if (!isObject(o.value) || !isObject(t.value) || tokens.length > 64) return;
    const key = `${o.ptr}|${t.ptr}`;
    if (stack.has(key)) return;
    stack.add(key);
    const os = flatten(this.doc, o);
    const ts = flatten(cur.upDoc, t);
    const anchors = [o.ptr, oRaw.ptr, ...extra];
    const where = placeOf(label, tokens);
    const diff = (kind: DeviationKind, what: string, sv: Json | undefined, uv: Json | undefined) =>
      this.add(
        kind,
        where,
        `${where}: ${what} ${show(sv)} in the spec, ${show(uv)} upstream`,
        { spec: sv, upstream: uv },
        anchors,
        t.ptr,
      );
    try {
      const ot = typesOf(os).join('|');
      const tt = typesOf(ts).join('|');
      if (ot !== tt) {
        diff('type', 'type', ot || undefined, tt || undefined);
        return;
      }
      if (isNullable(os) !== isNullable(ts)) diff('nullable', 'nullable', isNullable(os), isNullable(ts));
      if (os.format !== ts.format) diff('format', 'format', os.format, ts.format);
      this.compareEnum(os, ts, where, anchors, t.ptr);
      for (const k of BOUND_KEYS) {
        const a = bound(os, k);
        const b = bound(ts, k);
        if (stableStringify(a) !== stableStringify(b)) diff('bounds', tick(k), a, b);
      }
      if (stableStringify(os.default) !== stableStringify(ts.default))
        diff('default', 'default', os.default, ts.default);
      if ((os.deprecated === true) !== (ts.deprecated === true) && tokens.length > 0)
        diff('deprecated', 'deprecated', os.deprecated === true, ts.deprecated === true);
      this.compareProperties(o, t, os, ts, label, tokens, anchors, stack);
      const oi = child({ value: os, ptr: o.ptr }, 'items');
      const ti = child({ value: ts, ptr: t.ptr }, 'items');
      if (oi && ti) this.compareSchema(oi, ti, label, [...tokens, '[]'], [], stack);
      else if (oi || ti) diff('shape', '`items`', oi ? 'schema' : undefined, ti ? 'schema' : undefined);
      this.compareAdditional(o, t, os, ts, label, tokens, stack, diff);
      for (const kw of ['oneOf', 'anyOf'] as const) {
        const ol = Array.isArray(os[kw]) ? (os[kw] as Json[]) : [];
        const tl = Array.isArray(ts[kw]) ? (ts[kw] as Json[]) : [];
        if (ol.length !== tl.length) diff('shape', `${tick(kw)} variants`, ol.length, tl.length);
        else
          ol.forEach((_, i) => {
            this.compareSchema(
              { value: ol[i] as Json, ptr: `${o.ptr}/${kw}/${i}` },
              { value: tl[i] as Json, ptr: `${t.ptr}/${kw}/${i}` },
              label,
              [...tokens, `${kw}[${i}]`],
              [],
              stack,
            );
          });
      }
    } finally {
      stack.delete(key);
    }
  }

  private compareEnum(os: JsonObject, ts: JsonObject, where: string, anchors: string[], upPtr: string): void {
    const oe = Array.isArray(os.enum) ? os.enum : null;
    const te = Array.isArray(ts.enum) ? ts.enum : null;
    if (!oe && !te) return;
    if (!oe || !te) {
      const only = oe ? 'the spec' : 'upstream';
      this.add(
        'enum',
        where,
        `${where}: only ${only} lists allowed values (${(oe ?? te ?? []).map((v) => show(v)).join(', ')})`,
        { spec: oe ?? undefined, upstream: te ?? undefined },
        anchors,
        upPtr,
      );
      return;
    }
    const ok = new Set(oe.map(stableStringify));
    const tk = new Set(te.map(stableStringify));
    const newUp = te.filter((v) => !ok.has(stableStringify(v)));
    const onlyOurs = oe.filter((v) => !tk.has(stableStringify(v)));
    if (!newUp.length && !onlyOurs.length) return;
    const parts = [
      newUp.length ? `upstream has ${newUp.map((v) => show(v)).join(', ')} that the spec lacks` : '',
      onlyOurs.length ? `the spec has ${onlyOurs.map((v) => show(v)).join(', ')} that upstream lacks` : '',
    ].filter(Boolean);
    this.add('enum', where, `${where}: ${parts.join('; ')}`, { spec: oe, upstream: te }, anchors, upPtr);
  }

  private compareProperties(
    o: At,
    t: At,
    os: JsonObject,
    ts: JsonObject,
    label: string,
    tokens: string[],
    anchors: string[],
    stack: Set<string>,
  ): void {
    const op = isObject(os.properties) ? os.properties : {};
    const tp = isObject(ts.properties) ? ts.properties : {};
    const oreq = new Set(Array.isArray(os.required) ? os.required : []);
    const treq = new Set(Array.isArray(ts.required) ? ts.required : []);
    for (const name of Object.keys(op)) {
      const at: At = { value: op[name] as Json, ptr: findAllOfProperty(this.doc, o, name) };
      const path = [...tokens, name];
      const where = placeOf(label, path);
      const propAnchors = [deref(this.doc, at).ptr, at.ptr];
      if (!Object.hasOwn(tp, name)) {
        this.add(
          'added',
          where,
          `${where}: only in the spec`,
          { spec: 'property', upstream: undefined, raw: true },
          propAnchors,
          t.ptr,
        );
        continue;
      }
      const tAt: At = { value: tp[name] as Json, ptr: pointerOf([...tokensOf(t.ptr), 'properties', name]) };
      if (oreq.has(name) !== treq.has(name))
        this.add(
          'required',
          where,
          `${where}: required in the ${oreq.has(name) ? 'spec' : 'upstream file'} only`,
          { spec: oreq.has(name), upstream: treq.has(name) },
          [at.ptr, deref(this.doc, at).ptr],
          tAt.ptr,
        );
      this.compareSchema(at, tAt, label, path, [], stack);
    }
    for (const name of Object.keys(tp)) {
      if (Object.hasOwn(op, name)) continue;
      const path = [...tokens, name];
      const where = placeOf(label, path);
      this.add(
        'upstream-only',
        where,
        `${where}: upstream has it${treq.has(name) ? ' (required)' : ''}, the spec does not`,
        { spec: undefined, upstream: treq.has(name) ? 'required property' : 'optional property', raw: true },
        anchors,
        pointerOf([...tokensOf(t.ptr), 'properties', name]),
        name,
      );
    }
  }

  private compareAdditional(
    o: At,
    t: At,
    os: JsonObject,
    ts: JsonObject,
    label: string,
    tokens: string[],
    stack: Set<string>,
    diff: (k: DeviationKind, w: string, a: Json | undefined, b: Json | undefined) => void,
  ): void {
    const kindOf = (v: Json | undefined) =>
      v === undefined || v === true ? 'any' : v === false ? 'none' : isObject(v) ? 'schema' : 'any';
    const ok = kindOf(os.additionalProperties);
    const tk = kindOf(ts.additionalProperties);
    // Only objects care; `any` and a missing keyword are the same.
    if (ok === 'schema' && tk === 'schema')
      this.compareSchema(
        { value: os.additionalProperties as Json, ptr: `${o.ptr}/additionalProperties` },
        { value: ts.additionalProperties as Json, ptr: `${t.ptr}/additionalProperties` },
        label,
        [...tokens, '{}'],
        [],
        stack,
      );
    else if (ok !== tk) diff('shape', '`additionalProperties`', ok, tk);
  }

  /** Deviations recorded in the spec that explained no difference. */
  staleDeviations(): StaleDeviation[] {
    const out: StaleDeviation[] = [];
    walk(this.doc, [], (node, tokens) => {
      if (tokens.includes('example') || tokens.includes('examples') || tokens.at(-1) === 'properties') return;
      const devs = deviationsOf(node);
      const ptr = pointerOf(tokens);
      devs.forEach((d, i) => {
        if (this.used.has(`${ptr}#${i}`)) return;
        const s: StaleDeviation = {
          extension: X_DEVIATION,
          kind: d.kind,
          reason: d.reason,
          at: this.locateOurs(pointerOf([...tokens, X_DEVIATION, i])),
          message: this.staleMessage(ptr, d),
        };
        if (d.name) s.name = d.name;
        out.push(s);
      });
    });
    return out;
  }

  private staleMessage(ptr: string, dev: Deviation): string {
    const what = `recorded ${dev.kind}${dev.name ? ` (${dev.name})` : ''} deviation`;
    const now = this.differences.find(
      (d) =>
        !d.explained &&
        d.kind === dev.kind &&
        (dev.name === undefined || d.name === dev.name) &&
        this.anchorsOf.get(d)?.includes(ptr),
    );
    if (now)
      return `${what} was made against upstream ${dev.upstream === undefined ? 'declaring nothing' : show(dev.upstream)}; upstream now has ${now.upstream ?? 'nothing'}`;
    return `${what} matches no difference from upstream any more`;
  }

  locate(ptr: string): Location {
    return this.locateOurs(ptr);
  }
}

/** `request body`, `response 200 \`results[].id\``: a place inside a body or parameter schema. */
function placeOf(label: string, tokens: string[]): string {
  if (!tokens.length) return label;
  if (tokens.length === 1 && tokens[0] === '[]') return `${label} items`;
  if (tokens.length === 1 && tokens[0] === '{}') return `${label} values`;
  return `${label} ${tick(tokens.join('.').replaceAll('.[]', '[]').replaceAll('.{}', '{}'))}`;
}

/** The pointer of property `name` inside one of the `allOf` members of `at` (or `at` itself). */
function findAllOfProperty(doc: JsonObject, at: At, name: string): string {
  const s = deref(doc, at);
  if (isObject(s.value) && isObject(s.value.properties) && Object.hasOwn(s.value.properties, name))
    return pointerOf([...tokensOf(s.ptr), 'properties', name]);
  if (isObject(s.value) && Array.isArray(s.value.allOf))
    for (let i = 0; i < s.value.allOf.length; i++) {
      const found = findAllOfProperty(
        doc,
        { value: s.value.allOf[i] as Json, ptr: `${s.ptr}/allOf/${i}` },
        name,
      );
      if (found) return found;
    }
  return '';
}

/**
 * The upstream operation an origin names: same method and path (a trailing slash aside); else, when HubSpot
 * renamed a path parameter, the one operation on the same path shape (`/a/{}`), whose parameters then show up
 * as differences.
 */
function findUpstreamOp(doc: JsonObject, origin: UpstreamOrigin): UpOp | null {
  const paths = isObject(doc.paths) ? doc.paths : {};
  const norm = (p: string) => p.replace(/\/+$/, '') || '/';
  const find = (same: (p: string) => boolean): UpOp[] =>
    Object.entries(paths).flatMap(([p, item]) => {
      const op = isObject(item) ? item[origin.method] : undefined;
      return same(p) && isObject(op)
        ? [{ method: origin.method, path: p, ptr: pointerOf(['paths', p, origin.method]), op }]
        : [];
    });
  const exact = find((p) => norm(p) === norm(origin.path));
  if (exact[0]) return exact[0];
  const shaped = find((p) => normalizePath(norm(p)) === normalizePath(norm(origin.path)));
  return shaped.length === 1 ? (shaped[0] as UpOp) : null;
}

/** Every upstream operation of a document: `method path` and HubSpot's operationId. */
export function upstreamOperations(
  doc: JsonObject,
): Array<{ method: string; path: string; operationId: string | null }> {
  const out: Array<{ method: string; path: string; operationId: string | null }> = [];
  const paths = isObject(doc.paths) ? doc.paths : {};
  for (const [p, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const m of HTTP_METHODS) {
      const op = item[m];
      if (isObject(op))
        out.push({
          method: m,
          path: p,
          operationId: typeof op.operationId === 'string' ? op.operationId : null,
        });
    }
  }
  return out;
}

/**
 * The credentials an operation accepts, normalised so both sides compare: a bearer token (HTTP bearer,
 * OAuth 2, or HubSpot's private-app header schemes, which stand for a private app's bearer token) with its
 * scopes, or the developer API key (`hapikey`). One string per alternative, sorted.
 */
export function securityOf(doc: JsonObject, op: JsonObject): string[] {
  const reqs = Array.isArray(op.security) ? op.security : Array.isArray(doc.security) ? doc.security : [];
  const schemes =
    isObject(doc.components) && isObject(doc.components.securitySchemes)
      ? doc.components.securitySchemes
      : {};
  const kindOf = (name: string): string => {
    const s = schemes[name];
    if (!isObject(s)) return `unknown scheme ${name}`;
    if (s.type === 'oauth2' || (s.type === 'http' && String(s.scheme).toLowerCase() === 'bearer'))
      return 'token';
    if (
      s.type === 'apiKey' &&
      s.in === 'header' &&
      typeof s.name === 'string' &&
      s.name.startsWith('private-app')
    )
      return 'token';
    if (s.type === 'apiKey' && s.in === 'query' && s.name === 'hapikey') return 'developer key';
    return `${String(s.type)} ${String(s.name ?? s.scheme ?? name)}`;
  };
  const alts = new Set<string>();
  for (const r of reqs) {
    if (!isObject(r)) continue;
    const parts = Object.entries(r)
      .map(([name, scopes]) => {
        const list = Array.isArray(scopes)
          ? scopes.filter((x): x is string => typeof x === 'string').sort()
          : [];
        return list.length ? `${kindOf(name)} [${list.join(', ')}]` : kindOf(name);
      })
      .sort();
    alts.add(parts.length ? parts.join(' + ') : 'anonymous');
  }
  return [...alts].sort();
}

/** Upstream operations in the files the spec uses that no operation covers, each with its recorded reason. */
export function findUncovered(
  doc: JsonObject,
  files: Map<string, UpstreamFile>,
  covered: Map<string, Set<string>>,
  locate: (ptr: string) => Location,
): { uncovered: UncoveredOperation[]; stale: StaleDeviation[] } {
  const entries = uncoveredOf(doc);
  const usedEntries = new Set<number>();
  const uncovered: UncoveredOperation[] = [];
  for (const [file, up] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    if (!up.spec) continue;
    const cov = covered.get(file) ?? new Set();
    for (const o of upstreamOperations(up.spec.document)) {
      if (cov.has(`${o.method} ${o.path}`)) continue;
      const norm = (p: string) => p.replace(/\/+$/, '');
      const i = entries.findIndex(
        (e) => e.file === file && e.method === o.method && norm(e.path) === norm(o.path),
      );
      if (i !== -1) usedEntries.add(i);
      uncovered.push({
        file,
        method: o.method.toUpperCase(),
        path: o.path,
        upstreamOperationId: o.operationId,
        explained: i === -1 ? null : (entries[i] as { reason: string }).reason,
      });
    }
  }
  const stale: StaleDeviation[] = [];
  const raw = Array.isArray(doc[X_UNCOVERED]) ? (doc[X_UNCOVERED] as Json[]) : [];
  entries.forEach((e, i) => {
    if (usedEntries.has(i)) return;
    const up = files.get(e.file);
    if (up && !up.spec) return; // its file is missing: already reported
    const rawIndex = raw.findIndex(
      (r) => isObject(r) && r.file === e.file && r.method === e.method && r.path === e.path,
    );
    const isCovered = covered.get(e.file)?.has(`${e.method} ${e.path}`) === true;
    stale.push({
      extension: X_UNCOVERED,
      reason: e.reason,
      at: locate(pointerOf([X_UNCOVERED, rawIndex === -1 ? i : rawIndex])),
      message: !up
        ? `${e.method.toUpperCase()} ${e.path}: no operation of the spec uses ${e.file}`
        : isCovered
          ? `${e.method.toUpperCase()} ${e.path} is covered by the spec now`
          : `${e.method.toUpperCase()} ${e.path} is no longer in ${e.file}`,
    });
  });
  return { uncovered, stale };
}
