/**
 * Spec diff: the operations of each side and how they pair up. Like oasdiff, an operation is matched by
 * its method and its path with the parameter names erased (`/a/{id}` is `/a/{x}`); what is left is then
 * matched by operationId, which is how a moved action (new method or path, same function) is recognised.
 */
import { pointerOf } from '../diagnostics.js';
import { isObject, type JsonObject } from '../load.js';
import type { OpPair, OpRef } from './context.js';

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** `/a/{id}/b` -> `/a/{}/b`. */
export function normalizePath(path: string): string {
  return path.replace(/\{[^}]*\}/g, '{}');
}

/** The names of a path's parameters, in order: `/a/{x}/{y}` -> [x, y]. */
export function pathParamNames(path: string): string[] {
  return [...path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1] as string);
}

export function collectOperations(doc: JsonObject): OpRef[] {
  const out: OpRef[] = [];
  const paths = isObject(doc.paths) ? doc.paths : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      out.push({
        method,
        path,
        ptr: pointerOf(['paths', path, method]),
        itemPtr: pointerOf(['paths', path]),
        item,
        op,
        operationId: typeof op.operationId === 'string' && op.operationId ? op.operationId : null,
      });
    }
  }
  return out;
}

/** Pairs the operations of both sides: by method and normalised path first, then by operationId. */
export function pairOperations(base: OpRef[], head: OpRef[]): OpPair[] {
  const pairs: OpPair[] = [];
  const headLeft = new Set(head);
  const baseLeft: OpRef[] = [];
  const take = (pred: (h: OpRef) => boolean): OpRef | undefined => {
    for (const h of headLeft)
      if (pred(h)) {
        headLeft.delete(h);
        return h;
      }
    return undefined;
  };
  for (const b of base) {
    const h =
      take((x) => x.method === b.method && x.path === b.path) ??
      take((x) => x.method === b.method && normalizePath(x.path) === normalizePath(b.path));
    if (h) pairs.push({ base: b, head: h });
    else baseLeft.push(b);
  }
  for (const b of baseLeft) {
    const h = b.operationId ? take((x) => x.operationId === b.operationId) : undefined;
    pairs.push({ base: b, head: h ?? null });
  }
  for (const h of headLeft) pairs.push({ base: null, head: h });
  return pairs;
}

/** True when some operation of `ops` is on `path` (parameter names ignored). */
export function pathExists(ops: OpRef[], path: string): boolean {
  const n = normalizePath(path);
  return ops.some((o) => normalizePath(o.path) === n);
}
