/**
 * Spec diff: parameters of an action. The effective list is the path item's parameters overridden by the
 * operation's (matched by `in` and name; header names ignore case); renamed path parameters are matched
 * through their position in the path. Added, removed, required, deprecated, then the schema.
 */
import { isObject, type JsonObject } from '../load.js';
import type { DiffContext, OpPair, OpRef } from './context.js';
import { type At, child, deref } from './json.js';
import { diffSchema } from './schema-diff.js';

interface Param {
  name: string;
  in: string;
  at: At;
  p: JsonObject;
  /** Declared on the path item rather than the operation. */
  pathLevel: boolean;
}

const keyOf = (where: string, name: string) => `${where}:${where === 'header' ? name.toLowerCase() : name}`;

function effectiveParams(doc: JsonObject, o: OpRef): Map<string, Param> {
  const out = new Map<string, Param>();
  const add = (container: At | undefined, pathLevel: boolean) => {
    if (!container || !Array.isArray(container.value)) return;
    container.value.forEach((_, i) => {
      const at = deref(doc, child(container, i) as At);
      if (!isObject(at.value) || typeof at.value.name !== 'string' || typeof at.value.in !== 'string') return;
      out.set(keyOf(at.value.in, at.value.name), {
        name: at.value.name,
        in: at.value.in,
        at,
        p: at.value,
        pathLevel,
      });
    });
  };
  add(child({ value: o.item, ptr: o.itemPtr }, 'parameters'), true);
  add(child({ value: o.op, ptr: o.ptr }, 'parameters'), false);
  return out;
}

const label = (p: Param) => `${p.in} parameter \`${p.name}\``;

export function diffParameters(
  ctx: DiffContext,
  pair: OpPair,
  renames: Map<string, string>,
  baseHasPath: boolean,
): void {
  const b = pair.base as OpRef;
  const h = pair.head as OpRef;
  const bp = effectiveParams(ctx.baseDoc, b);
  const hp = effectiveParams(ctx.headDoc, h);
  const renamedTo = new Set([...renames.values()].map((n) => keyOf('path', n)));

  for (const [key, bParam] of bp) {
    const rename = bParam.in === 'path' ? renames.get(bParam.name) : undefined;
    const hParam = hp.get(rename ? keyOf('path', rename) : key);
    if (!hParam) {
      const deprecated = bParam.p.deprecated === true;
      ctx.report(
        deprecated ? 'request-parameter-removed-with-deprecation' : 'request-parameter-removed',
        pair,
        `${label(bParam)} removed${deprecated ? ' after deprecation' : ''}`,
        bParam.at.ptr,
        h.ptr,
      );
      continue;
    }
    compareParam(ctx, pair, bParam, hParam);
  }

  for (const [key, hParam] of hp) {
    if (renamedTo.has(key)) continue;
    const matched = [...bp.values()].some((x) => {
      const r = x.in === 'path' ? renames.get(x.name) : undefined;
      return (r ? keyOf('path', r) : keyOf(x.in, x.name)) === key;
    });
    if (matched) continue;
    const required = hParam.p.required === true || hParam.in === 'path';
    const id =
      hParam.in === 'path'
        ? 'new-request-path-parameter'
        : hParam.pathLevel && baseHasPath
          ? required
            ? 'new-required-request-default-parameter-to-existing-path'
            : 'new-optional-request-default-parameter-to-existing-path'
          : required
            ? 'new-required-request-parameter'
            : 'new-optional-request-parameter';
    ctx.report(
      id,
      pair,
      `${label(hParam)} added, ${required ? 'required' : 'optional'}`,
      b.ptr,
      hParam.at.ptr,
    );
  }
}

function compareParam(ctx: DiffContext, pair: OpPair, b: Param, h: Param): void {
  const wasRequired = b.p.required === true || b.in === 'path';
  const isRequired = h.p.required === true || h.in === 'path';
  if (!wasRequired && isRequired)
    ctx.report('request-parameter-became-required', pair, `${label(h)} became required`, b.at.ptr, h.at.ptr);
  if (wasRequired && !isRequired)
    ctx.report('request-parameter-became-optional', pair, `${label(h)} became optional`, b.at.ptr, h.at.ptr);
  const wasDeprecated = b.p.deprecated === true;
  const isDeprecated = h.p.deprecated === true;
  if (!wasDeprecated && isDeprecated)
    ctx.report('request-parameter-deprecated', pair, `${label(h)} deprecated`, b.at.ptr, h.at.ptr);
  if (wasDeprecated && !isDeprecated)
    ctx.report('request-parameter-reactivated', pair, `${label(h)} no longer deprecated`, b.at.ptr, h.at.ptr);
  const bs = child(b.at, 'schema');
  const hs = child(h.at, 'schema');
  if (bs && hs)
    diffSchema({ ctx, pair, place: 'request-parameter', strong: false, paramLabel: label(h) }, bs, hs);
}
