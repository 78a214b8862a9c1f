/**
 * Spec diff report as JSON, for tools: the shape is documented by `report.schema.json` beside this file
 * (JSON Schema 2020-12). Every key is always present (null where it does not apply), so consumers need no
 * existence checks.
 */
import type { DiffResult } from './types.js';

export function toJsonReport(r: DiffResult): Record<string, unknown> {
  return {
    base: r.base,
    head: r.head,
    identical: r.identical,
    findings: r.findings.map((f) => ({
      id: f.id,
      level: f.level,
      operationId: f.operationId,
      method: f.method,
      path: f.path,
      message: f.message,
      base: f.base,
      head: f.head,
      accepted: f.accepted ?? null,
    })),
    surface: r.surface,
    surfaceSkipped: r.surfaceSkipped,
    summary: r.summary,
    semver: r.semver,
    semverReasons: r.semverReasons,
    unusedIgnores: r.unusedIgnores,
  };
}

export function renderJson(r: DiffResult): string {
  return `${JSON.stringify(toJsonReport(r), null, 2)}\n`;
}
