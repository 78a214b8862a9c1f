/**
 * Spec diff report for a pull request comment (GitHub markdown): a one-line verdict, a summary table by
 * level, breaking changes first grouped by action, then possibly breaking, then the rest folded away, the
 * accepted breaks, and the generated client's surface with the suggested semver bump. Every name is in
 * backticks (GitHub would turn `#3` into a link otherwise); long lists are collapsible.
 */
import type { DiffResult, Finding, Level, Location, SurfaceChange } from './types.js';

/** First line of the comment: the workflow finds its own comment by it. */
export const COMMENT_MARKER = '<!-- spec-diff-report -->';

const ICON: Record<Level, string> = { ERR: '🔴', WARN: '🟠', INFO: '🔵' };
const TITLE: Record<Level, string> = {
  ERR: 'Breaking changes (ERR)',
  WARN: 'Possibly breaking changes (WARN)',
  INFO: 'Not breaking (INFO)',
};
/** Lists longer than this are folded into `<details>`. */
const FOLD_AFTER = 15;

/** Text inside backticks: a backtick in it would end the code span. */
export function tick(text: string): string {
  return `\`${text.replaceAll('`', "'")}\``;
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

function where(loc: Location | null): string {
  if (!loc?.file) return '';
  return tick(`${loc.file}${loc.line ? `:${loc.line}` : ''}`);
}

function findingLine(f: Finding): string {
  const loc = where(f.head) || where(f.base);
  const accepted = f.accepted ? ` — ✅ accepted: ${cell(f.accepted)}` : '';
  return `- ${tick(f.id)} ${cell(f.message)}${loc ? ` (${loc})` : ''}${accepted}`;
}

function actionHeading(f: Finding): string {
  if (f.path === null) return 'Whole API';
  const op = f.operationId ? `${tick(f.operationId)} · ` : '';
  return `${op}${tick(`${f.method} ${f.path}`)}`;
}

/** Findings grouped under one heading per action, in the order they come. */
function grouped(findings: Finding[]): string[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = actionHeading(f);
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const out: string[] = [];
  for (const [heading, list] of groups) out.push(`**${heading}**`, '', ...list.map(findingLine), '');
  return out;
}

function fold(summary: string, body: string[], open: boolean): string[] {
  if (open) return body;
  return ['<details>', `<summary>${summary}</summary>`, '', ...body, '</details>', ''];
}

function verdict(r: DiffResult): string {
  const s = r.summary;
  const bump = `suggested version bump: **${r.semver}**`;
  if (r.identical) return `✅ **No changes** between ${tick(r.base.label)} and ${tick(r.head.label)}.`;
  const open = r.findings.filter((f) => f.level === 'ERR' && !f.accepted).length;
  const acceptedErr = r.findings.filter((f) => f.level === 'ERR' && f.accepted).length;
  if (open > 0)
    return `❌ **${open} breaking change${open === 1 ? '' : 's'}**${acceptedErr ? ` (+${acceptedErr} accepted)` : ''} — ${bump}`;
  if (s.failed)
    return `❌ **Fails at ${s.failOn}**: ${s.WARN} possibly breaking change${s.WARN === 1 ? '' : 's'} — ${bump}`;
  if (acceptedErr > 0) return `✅ **No unaccepted breaking changes** (${acceptedErr} accepted) — ${bump}`;
  return `✅ **No breaking changes** — ${bump}`;
}

function surfaceSection(r: DiffResult): string[] {
  const out = ['### TypeScript surface of the generated client', ''];
  if (r.surfaceSkipped) return [...out, `_${r.surfaceSkipped}._`, ''];
  if (r.surface.length === 0) return [...out, 'No change to the public TypeScript API.', ''];
  const icon = (c: SurfaceChange) => (c.bump === 'major' ? '❌' : c.bump === 'minor' ? '➕' : '·');
  const counts = (['major', 'minor', 'patch'] as const)
    .map((b) => [b, r.surface.filter((c) => c.bump === b).length] as const)
    .filter(([, n]) => n > 0)
    .map(([b, n]) => `${n} ${b}`)
    .join(', ');
  const lines = [...r.surface]
    .sort((a, b) => (a.bump === b.bump ? 0 : a.bump === 'major' ? -1 : b.bump === 'major' ? 1 : 0))
    .map((c) => `- ${icon(c)} ${cell(c.message)}`);
  return [
    ...out,
    `${r.surface.length} change${r.surface.length === 1 ? '' : 's'} (${counts}).`,
    '',
    ...fold(
      `Every change to the TypeScript API (${r.surface.length})`,
      [...lines, ''],
      lines.length <= FOLD_AFTER,
    ),
  ];
}

export function renderMarkdown(r: DiffResult): string {
  const s = r.summary;
  const out: string[] = [
    COMMENT_MARKER,
    `## Spec diff: ${tick(r.base.label)} → ${tick(r.head.label)}`,
    '',
    verdict(r),
    '',
  ];
  if (!r.identical) {
    out.push(
      '| Level | Meaning | Count |',
      '| --- | --- | ---: |',
      `| ${ICON.ERR} ERR | breaking | ${s.ERR} |`,
      `| ${ICON.WARN} WARN | possibly breaking | ${s.WARN} |`,
      `| ${ICON.INFO} INFO | not breaking | ${s.INFO} |`,
      ...(s.accepted ? [`| ✅ accepted | listed in the ignore file | ${s.accepted} |`] : []),
      '',
      `Actions: ${s.actions.added} added, ${s.actions.removed} removed, ${s.actions.changed} changed. Fails on ${tick(s.failOn)} and above.`,
      '',
    );
  }
  for (const level of ['ERR', 'WARN'] as const) {
    const list = r.findings.filter((f) => f.level === level && !f.accepted);
    if (list.length === 0) continue;
    out.push(
      `### ${ICON[level]} ${TITLE[level]}`,
      '',
      ...fold(`${list.length} findings`, grouped(list), list.length <= FOLD_AFTER),
    );
  }
  const info = r.findings.filter((f) => f.level === 'INFO' && !f.accepted);
  if (info.length) out.push(...fold(`${ICON.INFO} ${TITLE.INFO}: ${info.length}`, grouped(info), false));
  const accepted = r.findings.filter((f) => f.accepted);
  if (accepted.length)
    out.push(
      '### ✅ Accepted changes',
      '',
      ...fold(`${accepted.length} accepted`, grouped(accepted), accepted.length <= FOLD_AFTER),
    );
  if (!r.identical) out.push(...surfaceSection(r));
  out.push(
    `**Suggested version bump: ${r.semver}**${r.semverReasons.length ? ` — ${r.semverReasons.join('; ')}` : ''}.`,
    '',
  );
  if (r.unusedIgnores.length)
    out.push(
      `⚠️ Ignore-file entries that matched nothing (remove them?): ${r.unusedIgnores.map((e) => tick(`${e.id}${e.operationId ? ` ${e.operationId}` : ''}`)).join(', ')}.`,
      '',
    );
  out.push(
    '<sub>Rule ids and levels follow oasdiff where it has the rule. Run it locally: `npm run spec:diff -- <base> <head>`.</sub>',
    '',
  );
  return out.join('\n');
}
