/**
 * Spec diff: the suggested version bump of the generated client, from the surface diff (what a TypeScript
 * user sees) and the findings (what callers meet at run time): a break in either is major, an addition
 * minor, anything else that changed patch, nothing at all none.
 */
import type { Finding, Semver, SurfaceChange } from './types.js';
import { maxSemver } from './types.js';

/** Findings that add something callers may use. */
export function isAddition(f: Finding): boolean {
  return (
    f.id === 'endpoint-added' || f.id.startsWith('new-optional-') || /-(added|added-optional)$/.test(f.id)
  );
}

export function suggestSemver(
  findings: Finding[],
  surface: SurfaceChange[],
  documentsDiffer: boolean,
): { semver: Semver; reasons: string[] } {
  const reasons: string[] = [];
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  const breaking = findings.filter((f) => f.level === 'ERR');
  const surfaceMajor = surface.filter((s) => s.bump === 'major');
  const surfaceMinor = surface.filter((s) => s.bump === 'minor');
  let bump: Semver = 'none';
  if (surfaceMajor.length)
    reasons.push(`${count(surfaceMajor.length, 'breaking change')} to the TypeScript API`);
  if (breaking.length) reasons.push(`${count(breaking.length, 'breaking spec change')} (ERR)`);
  if (surfaceMajor.length || breaking.length) bump = 'major';
  const additions = findings.filter(isAddition);
  if (bump === 'none' && (surfaceMinor.length || additions.length)) {
    bump = 'minor';
    if (surfaceMinor.length) reasons.push(`${count(surfaceMinor.length, 'addition')} to the TypeScript API`);
    if (additions.length) reasons.push(`${count(additions.length, 'addition')} to the spec`);
  }
  const warnings = findings.filter((f) => f.level === 'WARN');
  if (bump === 'none' && warnings.length) {
    bump = 'minor';
    reasons.push(`${count(warnings.length, 'possibly breaking change')} (WARN) to review`);
  }
  if (bump === 'none' && (findings.length || surface.length || documentsDiffer)) {
    bump = maxSemver(bump, 'patch');
    reasons.push(
      findings.length
        ? `${count(findings.length, 'non-breaking change')}`
        : 'documentation or metadata changes only',
    );
  }
  return { semver: bump, reasons };
}
