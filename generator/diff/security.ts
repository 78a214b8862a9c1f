/**
 * Spec diff: security — requirements of the document and of each action (a requirement added or removed,
 * a scope added or removed within one) and the security schemes under `components` (added, removed, type,
 * OAuth URLs and scopes). Levels are oasdiff's: INFO.
 */
import { isObject, type Json, type JsonObject } from '../load.js';
import type { DiffContext, OpPair, OpRef } from './context.js';
import { asArray, asObject } from './json.js';

type Requirement = Map<string, string[]>;

function requirements(v: Json | undefined): Requirement[] {
  return asArray(v)
    .filter(isObject)
    .map(
      (r) =>
        new Map(Object.entries(r).map(([scheme, scopes]) => [scheme, asArray(scopes).map(String).sort()])),
    );
}

const keyOf = (r: Requirement) => [...r.keys()].sort().join(' + ') || '(none)';
const describe = (r: Requirement) =>
  [...r.entries()].map(([s, scopes]) => `${s}: [${scopes.join(', ')}]`).join(', ') || 'anonymous access';

/** Compares two lists of security requirements; `prefix` is `api` (per action) or `api-global`. */
function diffRequirements(
  ctx: DiffContext,
  pair: OpPair | null,
  prefix: 'api' | 'api-global',
  base: Json | undefined,
  head: Json | undefined,
  basePtr: string,
  headPtr: string,
): void {
  const bl = new Map(requirements(base).map((r) => [keyOf(r), r]));
  const hl = new Map(requirements(head).map((r) => [keyOf(r), r]));
  const where = prefix === 'api' ? '' : ' (whole API)';
  for (const [k, r] of bl)
    if (!hl.has(k))
      ctx.report(
        `${prefix}-security-removed`,
        pair,
        `security requirement \`${describe(r)}\` removed${where}`,
        basePtr,
        headPtr,
      );
  for (const [k, r] of hl)
    if (!bl.has(k))
      ctx.report(
        `${prefix}-security-added`,
        pair,
        `security requirement \`${describe(r)}\` added${where}`,
        basePtr,
        headPtr,
      );
  for (const [k, br] of bl) {
    const hr = hl.get(k);
    if (!hr) continue;
    for (const [scheme, scopes] of br) {
      const now = hr.get(scheme) ?? [];
      for (const s of scopes)
        if (!now.includes(s))
          ctx.report(
            `${prefix}-security-scope-removed`,
            pair,
            `scope \`${s}\` of \`${scheme}\` removed${where}`,
            basePtr,
            headPtr,
          );
      for (const s of now)
        if (!scopes.includes(s))
          ctx.report(
            `${prefix}-security-scope-added`,
            pair,
            `scope \`${s}\` of \`${scheme}\` added${where}: tokens without it are refused`,
            basePtr,
            headPtr,
          );
    }
  }
}

export function diffOperationSecurity(ctx: DiffContext, pair: OpPair): void {
  const b = pair.base as OpRef;
  const h = pair.head as OpRef;
  if (b.op.security === undefined && h.op.security === undefined) return;
  diffRequirements(ctx, pair, 'api', b.op.security, h.op.security, `${b.ptr}/security`, `${h.ptr}/security`);
}

export function diffGlobalSecurity(ctx: DiffContext): void {
  diffRequirements(
    ctx,
    null,
    'api-global',
    ctx.baseDoc.security,
    ctx.headDoc.security,
    '/security',
    '/security',
  );
  diffSchemes(ctx);
}

function schemes(doc: JsonObject): JsonObject {
  return asObject(asObject(doc.components).securitySchemes);
}

function oauthScopes(s: JsonObject): Map<string, Set<string>> {
  return new Map(
    Object.entries(asObject(s.flows)).map(([flow, f]) => [
      flow,
      new Set(Object.keys(asObject(asObject(f).scopes))),
    ]),
  );
}

function diffSchemes(ctx: DiffContext): void {
  const bs = schemes(ctx.baseDoc);
  const hs = schemes(ctx.headDoc);
  const ptr = (name: string) =>
    `/components/securitySchemes/${name.replaceAll('~', '~0').replaceAll('/', '~1')}`;
  for (const name of Object.keys(bs))
    if (!(name in hs))
      ctx.report(
        'api-security-component-removed',
        null,
        `security scheme \`${name}\` removed`,
        ptr(name),
        null,
      );
  for (const name of Object.keys(hs))
    if (!(name in bs))
      ctx.report('api-security-component-added', null, `security scheme \`${name}\` added`, null, ptr(name));
  for (const name of Object.keys(bs)) {
    if (!(name in hs)) continue;
    const b = asObject(bs[name]);
    const h = asObject(hs[name]);
    const at = ptr(name);
    if (b.type !== h.type)
      ctx.report(
        'api-security-component-type-changed',
        null,
        `security scheme \`${name}\` type changed from \`${String(b.type)}\` to \`${String(h.type)}\``,
        at,
        at,
      );
    const bf = asObject(b.flows);
    const hf = asObject(h.flows);
    for (const flow of Object.keys(bf)) {
      const x = asObject(bf[flow]);
      const y = asObject(hf[flow]);
      if (!(flow in hf)) continue;
      if (x.authorizationUrl !== y.authorizationUrl)
        ctx.report(
          'api-security-component-oauth-url-changed',
          null,
          `security scheme \`${name}\` ${flow} authorization URL changed`,
          at,
          at,
        );
      if (x.tokenUrl !== y.tokenUrl)
        ctx.report(
          'api-security-component-oauth-token-url-changed',
          null,
          `security scheme \`${name}\` ${flow} token URL changed`,
          at,
          at,
        );
    }
    const bScopes = oauthScopes(b);
    const hScopes = oauthScopes(h);
    for (const [flow, scopes] of bScopes) {
      const now = hScopes.get(flow);
      if (!now) continue;
      for (const s of scopes)
        if (!now.has(s))
          ctx.report(
            'api-security-component-oauth-scope-removed',
            null,
            `security scheme \`${name}\` ${flow} scope \`${s}\` removed`,
            at,
            at,
          );
      for (const s of now)
        if (!scopes.has(s))
          ctx.report(
            'api-security-component-oauth-scope-added',
            null,
            `security scheme \`${name}\` ${flow} scope \`${s}\` added`,
            at,
            at,
          );
    }
  }
}
