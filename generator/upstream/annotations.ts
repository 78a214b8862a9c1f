/**
 * Upstream drift: the spec's maintainer-only annotations, what they may hold, and how they are read.
 *
 * - `x-upstream: { file, method, path }` on every operation: the operation of HubSpot's OpenAPI files it is
 *   curated from. `file` is the file's path in HubSpot's public spec collection.
 * - `x-upstream-deviation: [{ kind, reason, name?, upstream? }]` on the node where the spec deliberately
 *   differs from upstream (an operation, parameter, request body, response, schema or property): what differs
 *   there and why, in our words. `name` (required for `upstream-only`) names the upstream element the spec
 *   leaves out. `upstream` is the upstream value the deviation was made against, as the report shows it
 *   (`string`, `false`, `[a, b]`, `token [scope]`); left out, it means upstream declares nothing there. When
 *   upstream's value changes, the deviation no longer explains the difference (and is reported stale), so a
 *   maintainer looks at it again.
 * - `x-upstream-uncovered: [{ file, method, path, reason }]` at the top of `openapi.yaml`: upstream operations
 *   in our areas' files that the spec does not cover, on purpose.
 *
 * None of these reach users: the generator strips them from the bundled `generated/openapi.json`.
 */
import { isObject, type Json, type JsonObject } from '../load.js';

/** What can differ between a curated node and its upstream counterpart. */
export const DEVIATION_KINDS = [
  'added',
  'upstream-only',
  'required',
  'type',
  'format',
  'nullable',
  'enum',
  'bounds',
  'default',
  'style',
  'deprecated',
  'shape',
  'security',
] as const;

export type DeviationKind = (typeof DEVIATION_KINDS)[number];

/** One line per kind, for help texts and the README. */
export const KIND_MEANINGS: Record<DeviationKind, string> = {
  added: 'the spec has this element (parameter, property, status, body, media type); upstream does not',
  'upstream-only': 'upstream has an element (named by `name`) that the spec leaves out',
  required: 'the required flag differs',
  type: 'the JSON type differs',
  format: 'the format differs',
  nullable: 'one side allows null, the other does not',
  enum: 'the allowed values differ (or only one side lists them)',
  bounds: 'minimum/maximum, lengths, item counts, pattern or uniqueItems differ',
  default: 'the default value differs',
  style: 'the parameter serialisation (style, explode) differs',
  deprecated: 'one side marks it deprecated',
  shape: 'the schema is built differently (additionalProperties, items, oneOf/anyOf)',
  security: 'the credentials or scopes differ',
};

export const X_UPSTREAM = 'x-upstream';
export const X_DEVIATION = 'x-upstream-deviation';
export const X_UNCOVERED = 'x-upstream-uncovered';

/** Every extension this module defines: the generator keeps them out of what it ships. */
export const MAINTAINER_EXTENSIONS = [X_UPSTREAM, X_DEVIATION, X_UNCOVERED] as const;

export interface UpstreamOrigin {
  file: string;
  method: string;
  path: string;
}

export interface Deviation {
  kind: DeviationKind;
  reason: string;
  name?: string;
  /** The upstream value it was recorded against; undefined: upstream declares nothing there. */
  upstream?: Json;
}

export interface UncoveredEntry {
  file: string;
  method: string;
  path: string;
  reason: string;
}

/** A problem with an annotation's shape: the token path (below the node holding it) and a message. */
export interface AnnotationProblem {
  tokens: Array<string | number>;
  message: string;
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
const nonEmpty = (v: Json | undefined): v is string => typeof v === 'string' && v.trim() !== '';

export function checkOrigin(value: Json | undefined): AnnotationProblem[] {
  if (!isObject(value))
    return [{ tokens: [], message: `${X_UPSTREAM} must be a mapping { file, method, path }` }];
  const out: AnnotationProblem[] = [];
  for (const k of ['file', 'method', 'path'] as const)
    if (!nonEmpty(value[k]))
      out.push({ tokens: [k], message: `${X_UPSTREAM}.${k} must be a non-empty string` });
  if (nonEmpty(value.method) && !METHODS.has(value.method))
    out.push({
      tokens: ['method'],
      message: `${X_UPSTREAM}.method '${value.method}' is not a lower-case HTTP method`,
    });
  if (nonEmpty(value.path) && !value.path.startsWith('/'))
    out.push({ tokens: ['path'], message: `${X_UPSTREAM}.path must start with /` });
  for (const k of Object.keys(value))
    if (!['file', 'method', 'path'].includes(k))
      out.push({ tokens: [k], message: `${X_UPSTREAM} has an unknown key '${k}'` });
  return out;
}

export function checkDeviations(value: Json | undefined): AnnotationProblem[] {
  if (!Array.isArray(value) || value.length === 0)
    return [{ tokens: [], message: `${X_DEVIATION} must be a non-empty list of { kind, reason }` }];
  const out: AnnotationProblem[] = [];
  value.forEach((d, i) => {
    if (!isObject(d)) {
      out.push({ tokens: [i], message: `${X_DEVIATION} entries must be mappings { kind, reason }` });
      return;
    }
    if (typeof d.kind !== 'string' || !(DEVIATION_KINDS as readonly string[]).includes(d.kind))
      out.push({
        tokens: [i, 'kind'],
        message: `${X_DEVIATION} kind must be one of ${DEVIATION_KINDS.join(', ')}; got ${JSON.stringify(d.kind ?? null)}`,
      });
    if (!nonEmpty(d.reason))
      out.push({
        tokens: [i, 'reason'],
        message: `${X_DEVIATION} needs a reason: why the spec differs on purpose`,
      });
    if (d.kind === 'upstream-only' && !nonEmpty(d.name))
      out.push({
        tokens: [i],
        message: `${X_DEVIATION} of kind upstream-only needs the name of what it leaves out`,
      });
    if (d.name !== undefined && !nonEmpty(d.name))
      out.push({ tokens: [i, 'name'], message: `${X_DEVIATION} name must be a non-empty string` });
    for (const k of Object.keys(d))
      if (!['kind', 'reason', 'name', 'upstream'].includes(k))
        out.push({ tokens: [i, k], message: `${X_DEVIATION} entry has an unknown key '${k}'` });
  });
  return out;
}

export function checkUncovered(value: Json | undefined): AnnotationProblem[] {
  if (!Array.isArray(value))
    return [{ tokens: [], message: `${X_UNCOVERED} must be a list of { file, method, path, reason }` }];
  const out: AnnotationProblem[] = [];
  value.forEach((u, i) => {
    if (!isObject(u)) {
      out.push({
        tokens: [i],
        message: `${X_UNCOVERED} entries must be mappings { file, method, path, reason }`,
      });
      return;
    }
    for (const k of ['file', 'method', 'path', 'reason'] as const)
      if (!nonEmpty(u[k]))
        out.push({ tokens: [i, k], message: `${X_UNCOVERED}.${k} must be a non-empty string` });
  });
  return out;
}

/** The deviations recorded on a node (already checked by the generator; malformed entries are skipped). */
export function deviationsOf(node: Json | undefined): Deviation[] {
  if (!isObject(node) || !Array.isArray(node[X_DEVIATION])) return [];
  return (node[X_DEVIATION] as Json[]).flatMap((d) =>
    isObject(d) && typeof d.kind === 'string' && typeof d.reason === 'string'
      ? [
          {
            kind: d.kind as DeviationKind,
            reason: d.reason,
            ...(typeof d.name === 'string' ? { name: d.name } : {}),
            ...(d.upstream !== undefined ? { upstream: d.upstream } : {}),
          },
        ]
      : [],
  );
}

export function originOf(op: JsonObject): UpstreamOrigin | null {
  const v = op[X_UPSTREAM];
  if (!isObject(v) || !nonEmpty(v.file) || !nonEmpty(v.method) || !nonEmpty(v.path)) return null;
  return { file: v.file, method: v.method.toLowerCase(), path: v.path };
}

export function uncoveredOf(doc: JsonObject): UncoveredEntry[] {
  const v = doc[X_UNCOVERED];
  if (!Array.isArray(v)) return [];
  return v.flatMap((u) =>
    isObject(u) && nonEmpty(u.file) && nonEmpty(u.method) && nonEmpty(u.path) && nonEmpty(u.reason)
      ? [{ file: u.file, method: u.method.toLowerCase(), path: u.path, reason: u.reason }]
      : [],
  );
}

/**
 * A copy of `value` without the maintainer-only extensions. Example values are copied as they are (their
 * keys are data, not annotations); a schema property that happens to be named `example` is still cleaned.
 */
export function stripMaintainerExtensions(value: Json, parentKey?: string): Json {
  if (Array.isArray(value)) return value.map((v) => stripMaintainerExtensions(v));
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) {
    if (parentKey !== 'properties' && (MAINTAINER_EXTENSIONS as readonly string[]).includes(k)) continue;
    out[k] =
      parentKey !== 'properties' && (k === 'example' || k === 'examples')
        ? v
        : stripMaintainerExtensions(v, k);
  }
  return out;
}
