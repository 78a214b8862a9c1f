/**
 * Spec diff: runs every check over two loaded specs and returns the findings, most severe first, each
 * action's findings together. Works on any OpenAPI 3.0/3.1 document; our model's extras (area tags,
 * `x-connector-group`, `x-pagination`, `x-batch`) are checked where present.
 */
import { isObject, type JsonObject } from '../load.js';
import { diffRequestBody, diffResponses } from './bodies.js';
import { DiffContext, type Side } from './context.js';
import { checkAdded, checkModifiedAction, checkRemoved } from './endpoint.js';
import { collectOperations, pairOperations, pathExists } from './operations.js';
import { diffParameters } from './parameters.js';
import { diffGlobalSecurity, diffOperationSecurity } from './security.js';
import { type Finding, LEVEL_RANK } from './types.js';

export interface ActionCounts {
  added: number;
  removed: number;
  changed: number;
}

/** True when the document uses our connector extras (then the area tag is checked too). */
function connectorStyle(doc: JsonObject): boolean {
  return collectOperations(doc).some((o) => isObject(o.op) && o.op['x-connector-group'] !== undefined);
}

export function diffFindings(
  base: Side,
  head: Side,
  today = new Date(),
): { findings: Finding[]; actions: ActionCounts } {
  const ctx = new DiffContext(base, head);
  const baseOps = collectOperations(ctx.baseDoc);
  const headOps = collectOperations(ctx.headDoc);
  const connector = connectorStyle(ctx.baseDoc) && connectorStyle(ctx.headDoc);
  const pairs = pairOperations(baseOps, headOps);
  const changed = new Set<string>();
  for (const pair of pairs) {
    if (!pair.base) checkAdded(ctx, pair);
    else if (!pair.head) checkRemoved(ctx, pair, headOps, today);
    else {
      const before = ctx.findings.length;
      const renames = checkModifiedAction(ctx, pair, connector);
      diffParameters(ctx, pair, renames, pathExists(baseOps, pair.head.path));
      diffRequestBody(ctx, pair);
      diffResponses(ctx, pair);
      diffOperationSecurity(ctx, pair);
      if (ctx.findings.length > before) changed.add(pair.head.ptr);
    }
  }
  diffGlobalSecurity(ctx);
  const order = new Map(
    pairs.map((p, i) => {
      const o = p.head ?? p.base;
      return [`${o?.method.toUpperCase()} ${o?.path}`, i];
    }),
  );
  const rank = (f: Finding) => (f.path === null ? -1 : (order.get(`${f.method} ${f.path}`) ?? pairs.length));
  const findings = ctx.findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => LEVEL_RANK[b.f.level] - LEVEL_RANK[a.f.level] || rank(a.f) - rank(b.f) || a.i - b.i)
    .map(({ f }) => f);
  return {
    findings,
    actions: {
      added: pairs.filter((p) => !p.base).length,
      removed: pairs.filter((p) => !p.head).length,
      changed: changed.size,
    },
  };
}
