/**
 * Spec diff: request bodies and responses of an action — body added, removed or became required, media
 * types, success and error statuses, response headers — handing each pair of schemas to schema-diff.ts.
 */
import { isObject, type JsonObject } from '../load.js';
import type { DiffContext, OpPair, OpRef } from './context.js';
import { type At, childRef, deref, entries } from './json.js';
import { diffSchema } from './schema-diff.js';

/** JSON media types are strongly typed (oasdiff): `1` and `"1"` are different values. */
export function isJsonMediaType(mediaType: string): boolean {
  const mt = mediaType.split(';')[0]?.trim().toLowerCase() ?? '';
  return mt === 'application/json' || (mt.startsWith('application/') && mt.endsWith('+json'));
}

const opAt = (o: OpRef): At => ({ value: o.op, ptr: o.ptr });

export function diffRequestBody(ctx: DiffContext, pair: OpPair): void {
  const b = pair.base as OpRef;
  const h = pair.head as OpRef;
  const bb = childRef(ctx.baseDoc, opAt(b), 'requestBody');
  const hb = childRef(ctx.headDoc, opAt(h), 'requestBody');
  if (!bb && !hb) return;
  const required = (x: At | undefined) => isObject(x?.value) && x.value.required === true;
  if (!bb && hb) {
    if (required(hb))
      ctx.report('request-body-added-required', pair, 'request body added, required', b.ptr, hb.ptr);
    else ctx.report('request-body-added-optional', pair, 'request body added, optional', b.ptr, hb.ptr);
    return;
  }
  if (bb && !hb) {
    ctx.report('request-body-removed', pair, 'request body removed', bb.ptr, h.ptr);
    return;
  }
  if (!bb || !hb) return;
  if (!required(bb) && required(hb))
    ctx.report('request-body-became-required', pair, 'request body became required', bb.ptr, hb.ptr);
  if (required(bb) && !required(hb))
    ctx.report('request-body-became-optional', pair, 'request body became optional', bb.ptr, hb.ptr);
  const bc = new Map(entries(childRef(ctx.baseDoc, bb, 'content')));
  const hc = new Map(entries(childRef(ctx.headDoc, hb, 'content')));
  for (const [mt, at] of bc)
    if (!hc.has(mt))
      ctx.report(
        'request-body-media-type-removed',
        pair,
        `request media type \`${mt}\` removed`,
        at.ptr,
        hb.ptr,
      );
  for (const [mt, at] of hc)
    if (!bc.has(mt))
      ctx.report('request-body-media-type-added', pair, `request media type \`${mt}\` added`, bb.ptr, at.ptr);
  for (const [mt, bm] of bc) {
    const hm = hc.get(mt);
    if (!hm) continue;
    const bs = childRef(ctx.baseDoc, bm, 'schema');
    const hs = childRef(ctx.headDoc, hm, 'schema');
    if (!bs && hs)
      ctx.report(
        'request-body-media-type-schema-added',
        pair,
        `request media type \`${mt}\` gained a schema`,
        bm.ptr,
        hs.ptr,
      );
    else if (bs && !hs)
      ctx.report(
        'request-body-media-type-schema-removed',
        pair,
        `request media type \`${mt}\` lost its schema`,
        bs.ptr,
        hm.ptr,
      );
    else if (bs && hs) diffSchema({ ctx, pair, place: 'request-body', strong: isJsonMediaType(mt) }, bs, hs);
  }
}

const isSuccess = (status: string) => /^2(\d\d|XX)$/i.test(status);

export function diffResponses(ctx: DiffContext, pair: OpPair): void {
  const b = pair.base as OpRef;
  const h = pair.head as OpRef;
  const br = new Map(entries(childRef(ctx.baseDoc, opAt(b), 'responses')));
  const hr = new Map(entries(childRef(ctx.headDoc, opAt(h), 'responses')));
  for (const [status, at] of br) {
    if (hr.has(status)) continue;
    if (isSuccess(status))
      ctx.report(
        'response-success-status-removed',
        pair,
        `success status \`${status}\` removed`,
        at.ptr,
        h.ptr,
      );
    else
      ctx.report('response-non-success-status-removed', pair, `status \`${status}\` removed`, at.ptr, h.ptr);
  }
  for (const [status, at] of hr) {
    if (br.has(status)) continue;
    if (isSuccess(status))
      ctx.report('response-success-status-added', pair, `success status \`${status}\` added`, b.ptr, at.ptr);
    else ctx.report('response-non-success-status-added', pair, `status \`${status}\` added`, b.ptr, at.ptr);
  }
  for (const [status, bRaw] of br) {
    const hRaw = hr.get(status);
    if (hRaw) diffResponse(ctx, pair, status, deref(ctx.baseDoc, bRaw), deref(ctx.headDoc, hRaw));
  }
}

/** Compares one response present on both sides (already dereferenced). */
function diffResponse(ctx: DiffContext, pair: OpPair, status: string, bResp: At, hResp: At): void {
  const bc = new Map(entries(childRef(ctx.baseDoc, bResp, 'content')));
  const hc = new Map(entries(childRef(ctx.headDoc, hResp, 'content')));
  const st = `status \`${status}\``;
  for (const [mt, at] of bc)
    if (!hc.has(mt))
      ctx.report(
        'response-media-type-removed',
        pair,
        `response media type \`${mt}\` removed (${st})`,
        at.ptr,
        hResp.ptr,
      );
  for (const [mt, at] of hc)
    if (!bc.has(mt))
      ctx.report(
        'response-media-type-added',
        pair,
        `response media type \`${mt}\` added (${st})`,
        bResp.ptr,
        at.ptr,
      );
  for (const [mt, bm] of bc) {
    const hm = hc.get(mt);
    if (!hm) continue;
    const bs = childRef(ctx.baseDoc, bm, 'schema');
    const hs = childRef(ctx.headDoc, hm, 'schema');
    if (!bs && hs)
      ctx.report(
        'response-body-media-type-schema-added',
        pair,
        `response media type \`${mt}\` gained a schema (${st})`,
        bm.ptr,
        hs.ptr,
      );
    else if (bs && !hs)
      ctx.report(
        'response-body-media-type-schema-removed',
        pair,
        `response media type \`${mt}\` lost its schema (${st})`,
        bs.ptr,
        hm.ptr,
      );
    else if (bs && hs)
      diffSchema({ ctx, pair, place: 'response-body', strong: isJsonMediaType(mt), status }, bs, hs);
  }
  diffHeaders(ctx, pair, st, bResp, hResp);
}

function diffHeaders(ctx: DiffContext, pair: OpPair, st: string, bResp: At, hResp: At): void {
  const bh = new Map(
    entries(childRef(ctx.baseDoc, bResp, 'headers')).map(([k, v]) => [k.toLowerCase(), { name: k, at: v }]),
  );
  const hh = new Map(
    entries(childRef(ctx.headDoc, hResp, 'headers')).map(([k, v]) => [k.toLowerCase(), { name: k, at: v }]),
  );
  const required = (doc: JsonObject, at: At) => {
    const v = deref(doc, at).value;
    return isObject(v) && v.required === true;
  };
  for (const [key, { name, at }] of bh) {
    const other = hh.get(key);
    if (!other) {
      if (required(ctx.baseDoc, at))
        ctx.report(
          'required-response-header-removed',
          pair,
          `required response header \`${name}\` removed (${st})`,
          at.ptr,
          hResp.ptr,
        );
      else
        ctx.report(
          'optional-response-header-removed',
          pair,
          `response header \`${name}\` removed (${st})`,
          at.ptr,
          hResp.ptr,
        );
    } else if (required(ctx.baseDoc, at) && !required(ctx.headDoc, other.at))
      ctx.report(
        'response-header-became-optional',
        pair,
        `response header \`${name}\` became optional (${st})`,
        at.ptr,
        other.at.ptr,
      );
  }
  for (const [key, { name, at }] of hh)
    if (!bh.has(key))
      ctx.report(
        'response-header-added',
        pair,
        `response header \`${name}\` added (${st})`,
        bResp.ptr,
        at.ptr,
      );
}
