/**
 * Spec diff, the entry point: `diffSpecs(base, head, options)` loads both sides (file, folder or git
 * revision), collects the findings, applies the ignore file, compares the generated client's surface, and
 * returns the whole result with its summary and suggested semver bump. `diffSides` does the same for
 * sides already loaded (tests, benchmarks). The surface code (ts-morph, openapi-typescript) is loaded only
 * when needed.
 */
import { isObject } from '../load.js';
import type { Side } from './context.js';
import { diffFindings } from './findings.js';
import { applyIgnore } from './ignore.js';
import { stableStringify } from './json.js';
import { collectOperations } from './operations.js';
import { suggestSemver } from './semver.js';
import { loadSide, type SourceOptions } from './sources.js';
import type { DiffResult, IgnoreEntry, Level, SideSummary } from './types.js';
import { LEVEL_RANK } from './types.js';

export interface DiffOptions extends SourceOptions {
  /** The lowest level that fails (exit 1). Default ERR. */
  failOn?: Level;
  /** Accepted breaks (from the ignore file). */
  ignore?: IgnoreEntry[];
  /** Compare the generated client's surface. Default true. */
  surface?: boolean;
  /** "Today", for sunset dates. */
  today?: Date;
}

export async function diffSpecs(
  baseRef: string,
  headRef: string,
  options: DiffOptions = {},
): Promise<DiffResult> {
  const base = loadSide(baseRef, { ...options, role: 'base' });
  const head = loadSide(headRef, { ...options, role: 'head' });
  return diffSides(base, head, options);
}

function summarise(side: Side): SideSummary {
  const info = isObject(side.spec.document.info) ? side.spec.document.info : {};
  return {
    label: side.label,
    title: typeof info.title === 'string' ? info.title : '',
    version: typeof info.version === 'string' ? info.version : '',
    operations: collectOperations(side.spec.document).length,
  };
}

export async function diffSides(base: Side, head: Side, options: DiffOptions = {}): Promise<DiffResult> {
  const failOn = options.failOn ?? 'ERR';
  const identical = stableStringify(base.spec.document) === stableStringify(head.spec.document);
  const { findings, actions } = identical
    ? { findings: [], actions: { added: 0, removed: 0, changed: 0 } }
    : diffFindings(base, head, options.today);
  const unusedIgnores = applyIgnore(findings, options.ignore ?? []);
  const surfaceResult =
    options.surface === false
      ? { changes: [], skipped: 'the surface comparison was turned off (--no-surface)' }
      : identical
        ? { changes: [], skipped: null }
        : await (await import('./surface.js')).diffSurface(base, head);
  const { semver, reasons } = suggestSemver(findings, surfaceResult.changes, !identical);
  const count = (level: Level) => findings.filter((f) => f.level === level).length;
  const failed = findings.some((f) => !f.accepted && LEVEL_RANK[f.level] >= LEVEL_RANK[failOn]);
  return {
    base: summarise(base),
    head: summarise(head),
    findings,
    surface: surfaceResult.changes,
    surfaceSkipped: surfaceResult.skipped,
    unusedIgnores,
    summary: {
      ERR: count('ERR'),
      WARN: count('WARN'),
      INFO: count('INFO'),
      accepted: findings.filter((f) => f.accepted).length,
      failOn,
      failed,
      actions,
    },
    semver,
    semverReasons: reasons,
    identical,
  };
}

/** The command's exit code for a result: 1 when a finding at or above the fail level is not accepted. */
export function exitCodeOf(result: DiffResult): 0 | 1 {
  return result.summary.failed ? 1 : 0;
}
