/**
 * Spec diff: action-level checks — added, removed (with or without deprecation, before a sunset date),
 * deprecated, operationId changed, method or path changed, path parameter renamed, tags, and our model's
 * extras when present: the area tag, `x-connector-group`, `x-pagination` and `x-batch`.
 */
import { isObject, type Json, type JsonObject } from '../load.js';
import type { DiffContext, OpPair, OpRef } from './context.js';
import { code, show, stableStringify } from './json.js';
import { normalizePath, pathExists, pathParamNames } from './operations.js';

/** `x-sunset` (a date) still in the future. */
function beforeSunset(op: JsonObject, today: Date): boolean {
  const s = op['x-sunset'];
  if (typeof s !== 'string') return false;
  const d = new Date(s);
  return !Number.isNaN(d.getTime()) && d.getTime() > today.getTime();
}

export function checkAdded(ctx: DiffContext, pair: OpPair): void {
  const h = pair.head as OpRef;
  ctx.report('endpoint-added', pair, `action ${actionName(h)} added`, null, h.ptr);
}

export function checkRemoved(ctx: DiffContext, pair: OpPair, headOps: OpRef[], today: Date): void {
  const b = pair.base as OpRef;
  const kind = pathExists(headOps, b.path) ? 'api' : 'api-path';
  const deprecated = b.op.deprecated === true;
  const id = !deprecated
    ? `${kind}-removed-without-deprecation`
    : beforeSunset(b.op, today)
      ? `${kind}-removed-before-sunset`
      : `${kind}-removed-with-deprecation`;
  const why = !deprecated
    ? 'without being deprecated first'
    : beforeSunset(b.op, today)
      ? `before its sunset date ${code(b.op['x-sunset'])}`
      : 'after deprecation';
  const what = kind === 'api-path' ? ' (its whole path is gone)' : '';
  ctx.report(id, pair, `action ${actionName(b)} removed ${why}${what}`, b.ptr, null);
}

export function actionName(o: OpRef): string {
  return `${o.operationId ? `\`${o.operationId}\` ` : ''}(\`${o.method.toUpperCase()} ${o.path}\`)`;
}

/** Every action-level check on a pair present on both sides. Returns path parameter renames (base name -> head name). */
export function checkModifiedAction(
  ctx: DiffContext,
  pair: OpPair,
  connectorStyle: boolean,
): Map<string, string> {
  const b = pair.base as OpRef;
  const h = pair.head as OpRef;
  checkDeprecation(ctx, pair, b, h);
  checkOperationId(ctx, pair, b, h);
  const renames = checkMove(ctx, pair, b, h);
  checkTags(ctx, pair, b, h, connectorStyle);
  checkExtras(ctx, pair, b, h);
  return renames;
}

function checkDeprecation(ctx: DiffContext, pair: OpPair, b: OpRef, h: OpRef): void {
  const was = b.op.deprecated === true;
  const is = h.op.deprecated === true;
  if (!was && is) {
    const sunset = h.op['x-sunset'];
    if (typeof sunset === 'string')
      ctx.report(
        'endpoint-deprecated-with-sunset',
        pair,
        `action deprecated, sunset on ${code(sunset)}`,
        b.ptr,
        h.ptr,
      );
    else ctx.report('endpoint-deprecated', pair, 'action deprecated', b.ptr, h.ptr);
  } else if (was && !is)
    ctx.report('endpoint-reactivated', pair, 'action no longer deprecated', b.ptr, h.ptr);
}

function checkOperationId(ctx: DiffContext, pair: OpPair, b: OpRef, h: OpRef): void {
  if (b.operationId === h.operationId) return;
  if (b.operationId === null) {
    ctx.report(
      'api-operation-id-added',
      pair,
      `operationId ${code(h.operationId ?? '')} added`,
      b.ptr,
      `${h.ptr}/operationId`,
    );
    return;
  }
  const message =
    h.operationId === null
      ? `operationId ${code(b.operationId)} removed: the generated function \`${b.operationId}\` disappears`
      : `operationId changed from ${code(b.operationId)} to ${code(h.operationId)}: the generated function and the \`invoke\` id are renamed`;
  ctx.report(
    'api-operation-id-removed',
    pair,
    message,
    `${b.ptr}/operationId`,
    h.operationId === null ? h.ptr : `${h.ptr}/operationId`,
  );
}

/** Method or path changed (pairs matched by operationId), and path parameters renamed (pairs matched by path shape). */
function checkMove(ctx: DiffContext, pair: OpPair, b: OpRef, h: OpRef): Map<string, string> {
  const renames = new Map<string, string>();
  if (b.method !== h.method)
    ctx.report(
      'api-method-changed',
      pair,
      `method changed from \`${b.method.toUpperCase()}\` to \`${h.method.toUpperCase()}\``,
      b.ptr,
      h.ptr,
    );
  if (b.path === h.path) return renames;
  if (normalizePath(b.path) !== normalizePath(h.path)) {
    ctx.report(
      'api-path-changed',
      pair,
      `path changed from \`${b.path}\` to \`${h.path}\``,
      b.itemPtr,
      h.itemPtr,
    );
    return renames;
  }
  const bn = pathParamNames(b.path);
  const hn = pathParamNames(h.path);
  bn.forEach((name, i) => {
    const to = hn[i];
    if (to === undefined || to === name) return;
    renames.set(name, to);
    ctx.report(
      'request-path-parameter-renamed',
      pair,
      `path parameter \`${name}\` renamed \`${to}\`: callers must pass \`path.${to}\` instead of \`path.${name}\``,
      b.itemPtr,
      h.itemPtr,
    );
  });
  return renames;
}

const tagsOf = (o: OpRef): string[] =>
  Array.isArray(o.op.tags) ? o.op.tags.filter((t): t is string => typeof t === 'string') : [];

function declaredTags(doc: JsonObject): Set<string> {
  return new Set(
    (Array.isArray(doc.tags) ? doc.tags : []).flatMap((t) =>
      isObject(t) && typeof t.name === 'string' ? [t.name] : [],
    ),
  );
}

function checkTags(ctx: DiffContext, pair: OpPair, b: OpRef, h: OpRef, connectorStyle: boolean): void {
  const bt = tagsOf(b);
  const ht = tagsOf(h);
  const skip = new Set<string>();
  if (connectorStyle) {
    // Our model: the first tag that names a declared area places the action on the client object.
    const bArea = bt.find((t) => declaredTags(ctx.baseDoc).has(t));
    const hArea = ht.find((t) => declaredTags(ctx.headDoc).has(t));
    if (bArea && hArea && bArea !== hArea) {
      ctx.report(
        'api-area-changed',
        pair,
        `area changed from \`${bArea}\` to \`${hArea}\`: the action moves to another client object`,
        `${b.ptr}/tags`,
        `${h.ptr}/tags`,
      );
      skip.add(bArea).add(hArea);
    }
  }
  for (const t of bt)
    if (!ht.includes(t) && !skip.has(t))
      ctx.report('api-tag-removed', pair, `tag \`${t}\` removed`, `${b.ptr}/tags`, h.ptr);
  for (const t of ht)
    if (!bt.includes(t) && !skip.has(t))
      ctx.report('api-tag-added', pair, `tag \`${t}\` added`, b.ptr, `${h.ptr}/tags`);
}

function checkExtras(ctx: DiffContext, pair: OpPair, b: OpRef, h: OpRef): void {
  const bg = b.op['x-connector-group'];
  const hg = h.op['x-connector-group'];
  if ((bg !== undefined || hg !== undefined) && stableStringify(bg) !== stableStringify(hg))
    ctx.report(
      'x-connector-group-changed',
      pair,
      `connector group changed from ${code(bg)} to ${code(hg)}`,
      `${b.ptr}/x-connector-group`,
      `${h.ptr}/x-connector-group`,
    );
  checkPagination(ctx, pair, b, h);
  checkBatch(ctx, pair, b, h);
}

function checkPagination(ctx: DiffContext, pair: OpPair, b: OpRef, h: OpRef): void {
  const bp = b.op['x-pagination'];
  const hp = h.op['x-pagination'];
  const bPtr = `${b.ptr}/x-pagination`;
  const hPtr = `${h.ptr}/x-pagination`;
  if (bp === undefined && hp === undefined) return;
  if (bp === undefined)
    ctx.report(
      'x-pagination-added',
      pair,
      'action became cursor-paged: it gains `…Pages` and `…All` iterators',
      b.ptr,
      hPtr,
    );
  else if (hp === undefined)
    ctx.report(
      'x-pagination-removed',
      pair,
      'action is no longer cursor-paged: its `…Pages` and `…All` iterators disappear',
      bPtr,
      h.ptr,
    );
  else {
    const changes = changedKeys(bp, hp);
    if (changes.length)
      ctx.report('x-pagination-changed', pair, `pagination changed: ${changes.join(', ')}`, bPtr, hPtr);
  }
}

function checkBatch(ctx: DiffContext, pair: OpPair, b: OpRef, h: OpRef): void {
  const bb = b.op['x-batch'];
  const hb = h.op['x-batch'];
  const bPtr = `${b.ptr}/x-batch`;
  const hPtr = `${h.ptr}/x-batch`;
  if (bb === undefined && hb === undefined) return;
  if (bb === undefined) {
    ctx.report(
      'x-batch-added',
      pair,
      `action became a batch action (at most ${show(isObject(hb) ? hb.maxItems : undefined)} inputs per request)`,
      b.ptr,
      hPtr,
    );
    return;
  }
  if (hb === undefined) {
    ctx.report(
      'x-batch-removed',
      pair,
      'action is no longer a batch action: the client stops splitting large inputs',
      bPtr,
      h.ptr,
    );
    return;
  }
  const bo = isObject(bb) ? bb : {};
  const ho = isObject(hb) ? hb : {};
  if (typeof bo.maxItems === 'number' && typeof ho.maxItems === 'number' && bo.maxItems !== ho.maxItems) {
    const lower = ho.maxItems < bo.maxItems;
    ctx.report(
      lower ? 'x-batch-max-items-decreased' : 'x-batch-max-items-increased',
      pair,
      `batch limit ${lower ? 'lowered' : 'raised'} from ${bo.maxItems} to ${ho.maxItems} inputs per request`,
      `${bPtr}/maxItems`,
      `${hPtr}/maxItems`,
    );
  }
  if (stableStringify(bo.inputsPath) !== stableStringify(ho.inputsPath))
    ctx.report(
      'x-batch-inputs-path-changed',
      pair,
      `batch inputs path changed from ${code(bo.inputsPath)} to ${code(ho.inputsPath)}`,
      bPtr,
      hPtr,
    );
}

function changedKeys(a: Json, b: Json): string[] {
  const ao = isObject(a) ? a : {};
  const bo = isObject(b) ? b : {};
  const keys = [...new Set([...Object.keys(ao), ...Object.keys(bo)])].sort();
  return keys
    .filter((k) => stableStringify(ao[k]) !== stableStringify(bo[k]))
    .map((k) => `\`${k}\` ${code(ao[k])} → ${code(bo[k])}`);
}
