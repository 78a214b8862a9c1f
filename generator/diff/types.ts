/**
 * Spec diff: the shapes shared by every part of the diff — levels, findings, their locations, the
 * generated client's surface changes, the semver bump and the whole result.
 */

/** ERR breaks callers, WARN may break them, INFO does not. Same scale as oasdiff. */
export type Level = 'ERR' | 'WARN' | 'INFO';

export const LEVELS: readonly Level[] = ['ERR', 'WARN', 'INFO'];

/** Higher is more severe. */
export const LEVEL_RANK: Record<Level, number> = { ERR: 3, WARN: 2, INFO: 1 };

export type Semver = 'major' | 'minor' | 'patch' | 'none';

export const SEMVER_RANK: Record<Semver, number> = { major: 3, minor: 2, patch: 1, none: 0 };

export function maxSemver(...bumps: Semver[]): Semver {
  return bumps.reduce<Semver>((a, b) => (SEMVER_RANK[b] > SEMVER_RANK[a] ? b : a), 'none');
}

/** Where a finding is, on one side: a JSON pointer in the bundled document, and the source file and line. */
export interface Location {
  /** JSON pointer (RFC 6901) in the bundled document, e.g. `/paths/~1pets/post/requestBody`. */
  pointer: string;
  /** The source file, as the user named it (`spec/campaigns.yaml`, `origin/main:spec/campaigns.yaml`). */
  file?: string;
  /** 1-based line in `file`. */
  line?: number;
}

export interface Finding {
  /** Stable rule id; oasdiff's id where oasdiff has the rule. */
  id: string;
  level: Level;
  /** The action the finding is about (null for document-wide findings such as global security). */
  operationId: string | null;
  /** Upper-case HTTP method. */
  method: string | null;
  path: string | null;
  /** One line; names are in backticks. */
  message: string;
  base: Location | null;
  head: Location | null;
  /** Set when the ignore file accepts this finding: the reason given there. */
  accepted?: string;
}

export type SurfaceChangeKind = 'added' | 'removed' | 'changed';

/** One change of the generated client's public TypeScript API. */
export interface SurfaceChange {
  change: SurfaceChangeKind;
  /** `function`, `interface`, `type`, `const`, `member` or `property`. */
  kind: string;
  /** Dotted name: `getCampaign`, `GetCampaignInput.path.campaignGuid`, `components.schemas.Campaign`. */
  name: string;
  /** The declaration's text on each side (comments removed), null where it does not exist. */
  base: string | null;
  head: string | null;
  bump: Exclude<Semver, 'none'>;
  message: string;
}

export interface SideSummary {
  /** What the user passed: a file, a folder or a git revision. */
  label: string;
  title: string;
  version: string;
  /** Operations in the document. */
  operations: number;
}

export interface Summary {
  ERR: number;
  WARN: number;
  INFO: number;
  /** Findings the ignore file accepts (counted in their level too). */
  accepted: number;
  failOn: Level;
  /** True when a finding at or above `failOn` is not accepted: the command exits 1. */
  failed: boolean;
  actions: { added: number; removed: number; changed: number };
}

export interface DiffResult {
  base: SideSummary;
  head: SideSummary;
  findings: Finding[];
  surface: SurfaceChange[];
  /** Why the surface section was not computed, or null when it was. */
  surfaceSkipped: string | null;
  /** Ignore-file entries that matched no finding (stale acceptances). */
  unusedIgnores: IgnoreEntry[];
  summary: Summary;
  semver: Semver;
  /** Why that bump: one short line per reason. */
  semverReasons: string[];
  /** True when the two documents are equal (after bundling): nothing changed at all. */
  identical: boolean;
}

/** One accepted break from the ignore file. */
export interface IgnoreEntry {
  id: string;
  reason: string;
  operationId?: string;
  method?: string;
  path?: string;
}
