/**
 * Upstream drift reports: `text` for a terminal, `markdown` for the issue the weekly workflow keeps up to
 * date, `json` for tools (shape: `report.schema.json` beside this file, JSON Schema 2020-12; every key is
 * always present, null where it does not apply). Text and markdown list what needs a maintainer first —
 * moved or missing files, unexplained differences by operation, upstream operations the spec does not
 * cover, stale deviations — and the explained differences only when asked (`--explained`); JSON has all.
 */
import type { Location } from '../diff/types.js';
import type { Difference, UpstreamResult } from './compare.js';

/** First line of the markdown report: the workflow finds its own issue by it. */
export const ISSUE_MARKER = '<!-- spec-upstream-report -->';

export interface RenderOptions {
  /** Also list the differences the spec explains (text and markdown). */
  explained?: boolean;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function at(loc: Location | null): string {
  if (!loc) return '';
  return `${loc.file ?? ''}${loc.line ? `:${loc.line}` : ''}`;
}

function headline(r: UpstreamResult): string {
  const s = r.summary;
  return [
    `${plural(s.compared, 'operation')} compared with ${plural(r.upstream.files.length, 'upstream file')}`,
    `${plural(s.differences, 'difference')} (${s.explained} explained, ${s.unexplained} unexplained)`,
    `${plural(s.uncovered, 'upstream operation')} not covered (${s.uncoveredExplained} on purpose)`,
    `${plural(s.stale, 'stale deviation')}`,
  ].join('; ');
}

function fileProblems(r: UpstreamResult): string[] {
  return r.upstream.files.flatMap((f) => {
    if (f.status === 'moved') return [`${f.file} moved to ${f.foundAt}: update x-upstream.file`];
    if (f.status === 'missing')
      return [
        `${f.file} is not in the folder${f.candidates.length ? ` (candidates: ${f.candidates.join(', ')})` : ''}`,
      ];
    return [];
  });
}

const opKey = (d: Difference) => `${d.operationId ?? '(no operationId)'} ${d.method} ${d.path}`;

function byOperation(list: Difference[]): Map<string, Difference[]> {
  const m = new Map<string, Difference[]>();
  for (const d of list) {
    const k = opKey(d);
    const l = m.get(k) ?? [];
    l.push(d);
    m.set(k, l);
  }
  return m;
}

export function renderText(r: UpstreamResult, options: RenderOptions = {}): string {
  const out = [`upstream drift: ${r.spec.label} against ${r.upstream.folder}`, headline(r), ''];
  for (const p of fileProblems(r)) out.push(`FILE        ${p}`);
  for (const d of r.differences.filter((x) => !x.explained)) {
    out.push(`UNEXPLAINED ${d.kind.padEnd(13)} ${opKey(d)}`);
    out.push(
      `            ${d.message}  [spec ${at(d.specAt)}${d.upstreamAt ? ` | upstream ${at(d.upstreamAt)}` : ''}]`,
    );
  }
  for (const u of r.uncovered.filter((x) => !x.explained))
    out.push(
      `NOT COVERED ${u.method} ${u.path}  (${u.file}${u.upstreamOperationId ? `, ${u.upstreamOperationId}` : ''})`,
    );
  for (const s of r.stale) {
    out.push(`STALE       ${s.extension}${s.kind ? ` ${s.kind}` : ''}  [${at(s.at)}]`);
    out.push(`            ${s.message}; its reason: ${s.reason}`);
  }
  if (options.explained) {
    for (const d of r.differences.filter((x) => x.explained)) {
      out.push(`explained   ${d.kind.padEnd(13)} ${opKey(d)}`);
      out.push(`            ${d.message}  [${at(d.explained?.at ?? null)}]`);
      out.push(`            reason: ${d.explained?.reason}`);
    }
    for (const u of r.uncovered.filter((x) => x.explained))
      out.push(`not covered on purpose  ${u.method} ${u.path}: ${u.explained}`);
  }
  if (out.at(-1) !== '') out.push('');
  out.push(
    r.summary.failed
      ? 'FAIL: upstream has moved ahead of the spec, or the spec records a deviation that no longer applies (exit 1)'
      : 'OK: every difference from upstream is explained by the spec',
  );
  return `${out.join('\n')}\n`;
}

/** Text inside backticks: a backtick in it would end the code span. */
function tick(text: string): string {
  return `\`${text.replaceAll('`', "'")}\``;
}

/** A message's own backticked names stay; table pipes and newlines are escaped. */
function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

export function renderMarkdown(r: UpstreamResult, options: RenderOptions = {}): string {
  const s = r.summary;
  const out = [ISSUE_MARKER, '## Upstream drift report', ''];
  out.push(
    s.failed
      ? "**HubSpot's OpenAPI files have moved ahead of the curated spec** (or a recorded deviation no longer applies). Each item below needs a decision: take the change into `spec/`, or record why not."
      : "**Nothing unexplained**: every difference from HubSpot's files is a recorded deviation.",
    '',
    `Spec ${tick(r.spec.label)} against ${tick(r.upstream.folder)}: ${headline(r)}.`,
    '',
  );
  const files = fileProblems(r);
  if (files.length) {
    out.push('### Upstream files', '');
    for (const f of files) out.push(`- ${cell(f)}`);
    out.push('');
  }
  const unexplained = r.differences.filter((d) => !d.explained);
  if (unexplained.length) {
    out.push(`### Unexplained differences (${unexplained.length})`, '');
    for (const [op, list] of byOperation(unexplained)) {
      out.push(
        `#### ${tick(op)}`,
        '',
        '| Kind | Where | Difference | Spec | Upstream |',
        '| --- | --- | --- | --- | --- |',
      );
      for (const d of list)
        out.push(
          `| ${tick(d.kind)} | ${cell(d.where)} | ${cell(d.message)} | ${tick(at(d.specAt))} | ${d.upstreamAt ? tick(at(d.upstreamAt)) : ''} |`,
        );
      out.push('');
    }
  }
  const uncovered = r.uncovered.filter((u) => !u.explained);
  if (uncovered.length) {
    out.push(`### Upstream operations the spec does not cover (${uncovered.length})`, '');
    for (const u of uncovered)
      out.push(
        `- ${tick(`${u.method} ${u.path}`)} in ${tick(u.file)}${u.upstreamOperationId ? ` (${tick(u.upstreamOperationId)})` : ''}`,
      );
    out.push('');
  }
  if (r.stale.length) {
    out.push(`### Stale deviations (${r.stale.length})`, '');
    for (const st of r.stale)
      out.push(
        `- ${tick(at(st.at))} ${tick(st.extension)}${st.kind ? ` ${tick(st.kind)}` : ''}: ${cell(st.message)}. Its reason: ${cell(st.reason)}`,
      );
    out.push('');
  }
  if (options.explained) {
    const explained = r.differences.filter((d) => d.explained);
    out.push(`<details><summary>Explained differences (${explained.length})</summary>`, '');
    for (const d of explained)
      out.push(
        `- ${tick(opKey(d))} ${cell(d.message)} — ${cell(d.explained?.reason ?? '')} (${tick(at(d.explained?.at ?? null))})`,
      );
    out.push('', '</details>', '');
  }
  out.push(
    '<sub>Made by `npm run spec:upstream`. How to take a change in: README, "Keeping the spec current".</sub>',
    '',
  );
  return out.join('\n');
}

export function toJsonReport(r: UpstreamResult): Record<string, unknown> {
  return {
    spec: r.spec,
    upstream: r.upstream,
    summary: r.summary,
    differences: r.differences.map((d) => ({
      kind: d.kind,
      operationId: d.operationId,
      method: d.method,
      path: d.path,
      where: d.where,
      name: d.name ?? null,
      message: d.message,
      spec: d.spec,
      upstream: d.upstream,
      specAt: d.specAt,
      upstreamAt: d.upstreamAt,
      explained: d.explained,
    })),
    uncovered: r.uncovered,
    stale: r.stale.map((s) => ({
      extension: s.extension,
      kind: s.kind ?? null,
      name: s.name ?? null,
      reason: s.reason,
      at: s.at,
      message: s.message,
    })),
  };
}

export function renderJson(r: UpstreamResult): string {
  return `${JSON.stringify(toJsonReport(r), null, 2)}\n`;
}
