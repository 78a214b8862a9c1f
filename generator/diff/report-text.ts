/**
 * Spec diff report for a terminal: one block per finding, most severe first, then the generated client's
 * surface changes, the suggested semver bump and the verdict against `--fail-on`.
 */
import type { DiffResult, Finding } from './types.js';

function loc(f: Finding): string {
  const l = f.head ?? f.base;
  return l?.file ? `${l.file}${l.line ? `:${l.line}` : ''}` : '';
}

export function renderText(r: DiffResult): string {
  const s = r.summary;
  const out = [`spec diff: ${r.base.label} -> ${r.head.label}`];
  if (r.identical) {
    out.push('no changes: the two specs are the same.', 'suggested version bump: none');
    return `${out.join('\n')}\n`;
  }
  out.push(
    `${s.ERR} ERR (breaking), ${s.WARN} WARN (possibly breaking), ${s.INFO} INFO${s.accepted ? `, ${s.accepted} accepted` : ''}; actions: ${s.actions.added} added, ${s.actions.removed} removed, ${s.actions.changed} changed`,
    '',
  );
  for (const f of r.findings) {
    const action =
      f.path === null ? '(whole API)' : `${f.operationId ?? '(no operationId)'} ${f.method} ${f.path}`;
    out.push(`${f.level.padEnd(4)} ${f.id}  ${action}`);
    out.push(`     ${f.message}${loc(f) ? `  [${loc(f)}]` : ''}`);
    if (f.accepted) out.push(`     accepted: ${f.accepted}`);
  }
  if (r.findings.length) out.push('');
  if (r.surfaceSkipped) out.push(`generated client surface: ${r.surfaceSkipped}`);
  else if (r.surface.length === 0)
    out.push('generated client surface: no change to the public TypeScript API');
  else {
    out.push(`generated client surface: ${r.surface.length} change${r.surface.length === 1 ? '' : 's'}`);
    for (const c of r.surface) out.push(`  ${c.bump.padEnd(5)} ${c.message}`);
  }
  out.push(
    `suggested version bump: ${r.semver}${r.semverReasons.length ? ` (${r.semverReasons.join('; ')})` : ''}`,
  );
  for (const e of r.unusedIgnores)
    out.push(`warning: ignore entry for ${e.id}${e.operationId ? ` ${e.operationId}` : ''} matched nothing`);
  out.push(
    s.failed
      ? `FAIL: findings at ${s.failOn} or above (exit 1)`
      : `OK: nothing at ${s.failOn} or above to fix`,
  );
  return `${out.join('\n')}\n`;
}
