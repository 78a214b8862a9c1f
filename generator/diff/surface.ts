/**
 * Spec diff, surface: what a TypeScript user of the generated client gains or loses. Builds the model of
 * each side (buildModel), finds the actions whose generated code can differ (the action or a component it
 * reaches changed), generates the client and the schema types for just those on each side (emitClient,
 * openapi-typescript), and compares their exported declarations (surface-extract.ts, surface-compare.ts).
 * Generating only what changed keeps this fast. Skipped, with the reason, for a spec that is not ours.
 */
import openapiTS, { astToString } from 'openapi-typescript';
import { tokensOf } from '../diagnostics.js';
import { emitClient } from '../emit/client.js';
import { isObject, type Json, type JsonObject, walk } from '../load.js';
import { type Action, buildModel, type Model } from '../model.js';
import type { Side } from './context.js';
import { getAt, stableStringify } from './json.js';
import { collectOperations } from './operations.js';
import { compareSurfaces } from './surface-compare.js';
import { type Entry, type Position, SurfaceReader } from './surface-extract.js';
import type { SurfaceChange } from './types.js';

export interface SurfaceResult {
  changes: SurfaceChange[];
  /** Why the surface was not compared, or null. */
  skipped: string | null;
}

/** The model of a side, or why no client can be generated from it. */
function connectorModel(side: Side): Model | string {
  const doc = side.spec.document;
  const ops = collectOperations(doc);
  let model: Model;
  try {
    model = buildModel(side.spec);
  } catch (e) {
    return `no client model can be built from \`${side.label}\`: ${(e as Error).message}`;
  }
  const seen = new Map<string, string>();
  for (const a of model.actions) {
    const where = `${a.method.toUpperCase()} ${a.path}`;
    const first = seen.get(a.id);
    if (a.id !== '' && first)
      return `\`${side.label}\` uses the operationId '${a.id}' twice (${first} and ${where}): no client can be generated from it`;
    seen.set(a.id, where);
  }
  const named = model.actions.filter((a) => a.id !== '').length;
  if (model.areas.length === 0 || named !== ops.length)
    return `\`${side.label}\` is not a connector spec: ${named} of its ${ops.length} operations have an area tag and an operationId, and the client is generated from those`;
  return model;
}

/** `kind/name` of every component reachable from `value`. */
function componentClosure(doc: JsonObject, value: Json, out = new Set<string>()): Set<string> {
  walk(value, [], (node) => {
    const ref = node.$ref;
    if (typeof ref !== 'string' || !ref.startsWith('#/components/')) return;
    const [kind, name] = tokensOf(ref.slice(1)).slice(1);
    if (!kind || !name) return;
    const key = `${kind}/${name}`;
    if (out.has(key)) return;
    out.add(key);
    const target = getAt(doc, ref.slice(1));
    if (target !== undefined) componentClosure(doc, target, out);
  });
  return out;
}

const PROSE = new Set([
  'summary',
  'description',
  'example',
  'examples',
  'title',
  'externalDocs',
  'connectorGroup',
]);

/** `value` without prose and examples (keys under `properties` are property names and stay). */
function withoutProse(value: Json, parentKey = ''): Json {
  if (Array.isArray(value)) return value.map((v) => withoutProse(v));
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value))
    if (parentKey === 'properties' || !PROSE.has(k)) out[k] = withoutProse(v, k);
  return out;
}

/** What the generated code of an action depends on: the action (less its prose and error responses) and the components it reaches. */
function fingerprint(doc: JsonObject, action: Action): string {
  const json = withoutProse({ ...action, responses: action.success } as unknown as Json);
  const components = [...componentClosure(doc, json)]
    .sort()
    .map((k) => [k, withoutProse(getAt(doc, `/components/${k}`) ?? null)]);
  return stableStringify({ action: json, components } as unknown as Json);
}

function componentKeys(doc: JsonObject): Map<string, string> {
  const out = new Map<string, string>();
  const comps = isObject(doc.components) ? doc.components : {};
  for (const [kind, list] of Object.entries(comps))
    if (isObject(list) && kind !== 'securitySchemes')
      for (const [name, v] of Object.entries(list))
        out.set(`${kind}/${name}`, stableStringify(withoutProse(v)));
  return out;
}

/** The operations of `ids` (with their path-level parameters), as a `paths` object. */
function pathsOf(model: Model, ids: Set<string>): JsonObject {
  const doc = model.document;
  const paths: JsonObject = {};
  for (const a of model.actions.filter((x) => ids.has(x.id))) {
    const item = (isObject(doc.paths) ? doc.paths[a.path] : undefined) as JsonObject;
    const existing = paths[a.path];
    const slot: JsonObject = isObject(existing) ? existing : {};
    if (item.parameters) slot.parameters = item.parameters;
    slot[a.method] = item[a.method] as Json;
    paths[a.path] = slot;
  }
  return paths;
}

/**
 * The client and schema types generated for the given actions only, read into surface entries. The
 * components compared are `components` (the same names on both sides) where this side has them.
 */
async function surfaceOf(
  model: Model,
  ids: Set<string>,
  components: Set<string>,
): Promise<Map<string, Entry>> {
  const doc = model.document;
  const reduced: Model = {
    ...model,
    areas: model.areas.map((a) => ({ ...a, actions: a.actions.filter((x) => ids.has(x.id)) })),
    actions: model.actions.filter((a) => ids.has(a.id)),
    groups: [],
  };
  const paths = pathsOf(model, ids);
  const present = new Set([...components].filter((k) => getAt(doc, `/components/${k}`) !== undefined));
  componentClosure(doc, paths, present);
  for (const k of [...present]) componentClosure(doc, getAt(doc, `/components/${k}`) ?? null, present);
  const comps: Record<string, JsonObject> = {};
  for (const k of [...present].sort()) {
    const [kind, name] = k.split('/') as [string, string];
    const slot = comps[kind] ?? {};
    slot[name] = getAt(doc, `/components/${k}`) ?? null;
    comps[kind] = slot;
  }
  const schemaDoc = {
    openapi: doc.openapi,
    info: doc.info ?? { title: '', version: '' },
    paths,
    components: comps,
  };
  const ast = await openapiTS(schemaDoc as unknown as Parameters<typeof openapiTS>[0], {
    alphabetize: false,
    immutable: false,
    exportType: false,
    defaultNonNullable: false,
    silent: true,
  });
  return new SurfaceReader(emitClient(reduced), astToString(ast)).entries;
}

const COMPONENT_REF = /components\['(\w+)'\]\['([^']+)'\]/g;

/** Marks each component entry `in`, `out` or `both` by the inputs and outputs that reach it. */
function markComponentPositions(entries: Map<string, Entry>): void {
  const uses = new Map<string, Set<Position>>();
  const queue: Array<[string, Position]> = [];
  for (const e of entries.values()) {
    if (e.position !== 'in' && e.position !== 'out') continue;
    for (const m of e.text.matchAll(COMPONENT_REF)) queue.push([`components.${m[1]}.${m[2]}`, e.position]);
  }
  while (queue.length) {
    const [name, pos] = queue.pop() as [string, Position];
    const set = uses.get(name) ?? new Set<Position>();
    if (set.has(pos)) continue;
    set.add(pos);
    uses.set(name, set);
    for (const e of entries.values())
      if (e.name === name || e.name.startsWith(`${name}.`))
        for (const m of e.text.matchAll(COMPONENT_REF)) queue.push([`components.${m[1]}.${m[2]}`, pos]);
  }
  for (const e of entries.values()) {
    const root = /^components\.\w+\.[^.]+/.exec(e.name)?.[0];
    const set = root ? uses.get(root) : undefined;
    if (set) e.position = set.size > 1 ? 'both' : ([...set][0] as Position);
  }
}

/** Components removed on one side and added on the other with the same shape: old name -> new name. */
function findRenames(base: Map<string, Entry>, head: Map<string, Entry>): Map<string, string> {
  const roots = (m: Map<string, Entry>, other: Map<string, Entry>) =>
    [...m.keys()].filter((n) => /^components\.\w+\.[^.]+$/.test(n) && !other.has(n));
  const shape = (m: Map<string, Entry>, root: string) =>
    [...m.values()]
      .filter((e) => e.name === root || e.name.startsWith(`${root}.`))
      .map((e) => `${e.name.slice(root.length)}|${e.optional}|${e.text}`)
      .sort()
      .join('\n');
  const renames = new Map<string, string>();
  const added = roots(head, base);
  for (const old of roots(base, head)) {
    const s = shape(base, old);
    const match = added.find(
      (n) =>
        n.split('.')[1] === old.split('.')[1] && shape(head, n) === s && ![...renames.values()].includes(n),
    );
    if (match) renames.set(old, match);
  }
  return renames;
}

/** Rewrites the base entries as if the renamed components had their new names. */
function applyRenames(entries: Map<string, Entry>, renames: Map<string, string>): Map<string, Entry> {
  if (renames.size === 0) return entries;
  const refOf = (n: string) => {
    const [, kind, name] = n.split('.');
    return `components['${kind}']['${name}']`;
  };
  const out = new Map<string, Entry>();
  for (const e of entries.values()) {
    let name = e.name;
    let text = e.text;
    for (const [from, to] of renames) {
      if (name === from || name.startsWith(`${from}.`)) name = to + name.slice(from.length);
      text = text.split(refOf(from)).join(refOf(to));
    }
    out.set(name, { ...e, name, text });
  }
  return out;
}

export async function diffSurface(base: Side, head: Side): Promise<SurfaceResult> {
  const bm = connectorModel(base);
  const hm = connectorModel(head);
  if (typeof bm === 'string' || typeof hm === 'string')
    return { changes: [], skipped: `not computed: ${typeof bm === 'string' ? bm : hm}` };
  const bPrints = new Map(bm.actions.map((a) => [a.id, fingerprint(bm.document, a)]));
  const hPrints = new Map(hm.actions.map((a) => [a.id, fingerprint(hm.document, a)]));
  const ids = new Set<string>();
  for (const [id, p] of bPrints) if (hPrints.get(id) !== p) ids.add(id);
  for (const id of hPrints.keys()) if (!bPrints.has(id)) ids.add(id);
  const bComps = componentKeys(bm.document);
  const hComps = componentKeys(hm.document);
  const comps = new Set<string>();
  for (const [k, v] of bComps) if (hComps.get(k) !== v) comps.add(k);
  for (const k of hComps.keys()) if (!bComps.has(k)) comps.add(k);
  const areas = (m: Model) => stableStringify(m.areas.map((a) => [a.key, a.name]));
  if (ids.size === 0 && comps.size === 0 && areas(bm) === areas(hm)) return { changes: [], skipped: null };
  try {
    // Compare the same components on both sides: those either side's changed actions reach, and those that changed.
    const names = new Set(comps);
    componentClosure(bm.document, pathsOf(bm, ids), names);
    componentClosure(hm.document, pathsOf(hm, ids), names);
    const [be, he] = await Promise.all([surfaceOf(bm, ids, names), surfaceOf(hm, ids, names)]);
    markComponentPositions(be);
    markComponentPositions(he);
    const renames = findRenames(be, he);
    const changes = compareSurfaces(applyRenames(be, renames), he);
    for (const [from, to] of renames)
      changes.push({
        change: 'changed',
        kind: 'type',
        name: from,
        base: from,
        head: to,
        bump: 'major',
        message: `type \`${from}\` renamed \`${to}\` (same shape): code that names the old type no longer compiles`,
      });
    return { changes: changes.sort((a, b) => a.name.localeCompare(b.name)), skipped: null };
  } catch (e) {
    return {
      changes: [],
      skipped: `not computed: the client could not be generated (${(e as Error).message})`,
    };
  }
}
