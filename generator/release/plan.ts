/**
 * Release: the plan — from the last release tag to HEAD, which version comes next and what the changelog
 * says. The spec diff and the surface diff (generator/diff, `diffSpecs`) judge every spec change; the commits
 * since the tag speak for what the spec diff cannot see (runtime, mock, CLI, build). Nothing is written here.
 *
 * Rules (README, "Releases"): major for an ERR finding or a breaking change of the TypeScript surface that
 * `.spec-diff-ignore.yaml` does not accept (or a commit marked breaking); minor for additions (actions,
 * parameters, exports, commits marked `Changelog: added`), for possibly breaking (WARN) findings and for
 * accepted breaks; patch for anything else that changed. While the major version is 0, a major bump raises
 * the minor version instead.
 */
import fs from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { diffSpecs } from '../diff/diff.js';
import { DEFAULT_IGNORE_FILE, readIgnoreFile } from '../diff/ignore.js';
import { isAddition } from '../diff/semver.js';
import { DiffInputError, loadSide } from '../diff/sources.js';
import type { DiffResult, Finding, SurfaceChange } from '../diff/types.js';
import { buildModel } from '../model.js';
import {
  type Commit,
  commitsSince,
  lastReleaseTag,
  parseReleaseTag,
  ReleaseError,
  type ReleaseTag,
  tagExists,
} from './git.js';

export type Bump = 'major' | 'minor' | 'patch';
export type Section = 'breaking' | 'added' | 'changed' | 'fixed';

const BUMP_RANK: Record<Bump, number> = { major: 3, minor: 2, patch: 1 };

export type Entries = Record<Section, string[]>;

export interface Forced {
  /** What the user asked for: a version or major/minor/patch. */
  requested: string;
  /** True when the version is below what the changes demand (allowed by --allow-smaller-bump only). */
  belowRequired: boolean;
  reason?: string;
}

export interface ReleasePlan {
  /** The last release, or null for the first release. */
  previous: ReleaseTag | null;
  /** What the changes demand (null on the first release), before the pre-1.0 rule. */
  required: Bump | null;
  /** Why, one line a reason. */
  reasons: string[];
  /** The version the rules give (the pre-1.0 rule applied). */
  ruleVersion: string;
  /** The version to release. */
  version: string;
  tag: string;
  forced: Forced | null;
  /** YYYY-MM-DD */
  date: string;
  entries: Entries;
  diff: DiffResult | null;
  /** The commits since the last release the changelog lists. */
  commits: Commit[];
  /** Commits since the last release, all of them. */
  commitCount: number;
  /** Things the reader of the plan should know (surface not compared, stale ignore entries, ...). */
  notes: string[];
}

export interface PlanOptions {
  cwd: string;
  /** An exact version, or major/minor/patch applied to the last release as it is (no pre-1.0 rule). */
  version?: string;
  /** Allow a version below what the changes demand; written into the changelog. */
  allowSmallerBump?: boolean;
  /** Why (with allowSmallerBump or version), written into the changelog. */
  reason?: string;
  today?: Date;
}

/** Files that never reach the published package or its behaviour: their commits are not listed. */
const NOT_SHIPPED = [
  /^test\//,
  /^bench\//,
  /^docs\//,
  /^examples\//,
  /^\.github\//,
  /^\.ci\//,
  /^generator\/diff\//,
  /^generator\/release\//,
  /^generator\/upstream\//,
  /^CHANGELOG\.md$/,
  /^\.spec-diff-ignore\.yaml$/,
  /^\.biome\.json$/,
  /^\.gitignore$/,
];
/** Files the spec diff speaks for: a commit touching only these is described by the findings. */
const SPEC = [/^spec\//, /^generated\//, /^generator\/connector-actions\.json$/];

const RELEASE_SUBJECT = /^Release:? v?\d+\.\d+\.\d+/;

/** How a commit goes into the changelog: its `Changelog:` trailer, a breaking-change marker, or its subject. */
export function commitSection(c: Commit): Section | 'skip' {
  const trailer = /^Changelog:\s*(\w+)\s*$/im.exec(c.body)?.[1]?.toLowerCase();
  if (trailer === 'skip' || trailer === 'none') return 'skip';
  if (trailer === 'breaking' || trailer === 'added' || trailer === 'changed' || trailer === 'fixed')
    return trailer;
  if (/^BREAKING[ -]CHANGE:/m.test(c.body) || /^[\w-]+(\([^)]*\))?!:/.test(c.subject)) return 'breaking';
  if (/\b(fix|fixes|fixed|bug)\b/i.test(c.subject)) return 'fixed';
  return 'changed';
}

const SECTION_BUMP: Record<Section, Bump> = {
  breaking: 'major',
  added: 'minor',
  changed: 'patch',
  fixed: 'patch',
};

function where(f: Finding): string {
  if (f.path === null) return 'whole API';
  return `\`${f.operationId ?? '(no operationId)'}\` (\`${f.method} ${f.path}\`)`;
}

/** The finding's message, after its action unless the message names the action itself. */
function findingLine(f: Finding): string {
  if (f.operationId && f.message.includes(`\`${f.operationId}\``)) return f.message;
  return `${where(f)}: ${f.message}`;
}

const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The action ids (of `ids`) a surface change names: `getX`, `GetXInput...`, `ActionMap.getX`, `CampaignsApi.getX`. */
export function actionsOf(change: SurfaceChange, ids: Set<string>): string[] {
  const [first = '', second = ''] = change.name.split('.');
  if (first === 'components') return [];
  const out = new Set<string>();
  for (const id of ids) {
    const p = pascal(id);
    if (
      first === id ||
      second === id ||
      first === `${id}Pages` ||
      first === `${id}All` ||
      first.startsWith(`${p}Input`) ||
      first.startsWith(`${p}Output`)
    )
      out.add(id);
  }
  return [...out];
}

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

/** The bump and changelog entries the spec and surface diff give. */
export function judgeDiff(diff: DiffResult): {
  bump: Bump | null;
  reasons: string[];
  entries: Entries;
  notes: string[];
} {
  const entries: Entries = { breaking: [], added: [], changed: [], fixed: [] };
  const reasons: string[] = [];
  const notes: string[] = [];
  const breaking = diff.findings.filter((f) => f.level === 'ERR' && !f.accepted);
  const accepted = diff.findings.filter((f) => f.level === 'ERR' && f.accepted);
  const warnings = diff.findings.filter((f) => f.level === 'WARN');
  const additions = diff.findings.filter((f) => f.level === 'INFO' && isAddition(f));
  const others = diff.findings.filter((f) => f.level === 'INFO' && !isAddition(f));

  const ids = (list: Finding[]) => new Set(list.map((f) => f.operationId).filter((x): x is string => !!x));
  const acceptedIds = ids(accepted);
  const breakingIds = ids(breaking);
  const listedIds = ids(diff.findings);
  const allAccepted = accepted.length > 0 && breaking.length === 0;

  // A surface break is accepted with the spec break it comes from: it names an action whose breaks are all
  // accepted, or it is a shared type (components.*) and every spec break is accepted.
  const surfaceAccepted = (c: SurfaceChange) => {
    const named = actionsOf(c, listedIds);
    if (named.length === 0) return c.name.startsWith('components.') && allAccepted;
    return named.every((id) => acceptedIds.has(id) && !breakingIds.has(id));
  };
  const surfaceMajor = diff.surface.filter((c) => c.bump === 'major');
  const surfaceBreaking = surfaceMajor.filter((c) => !surfaceAccepted(c));
  const surfaceMinor = diff.surface.filter((c) => c.bump === 'minor');
  const surfacePatch = diff.surface.filter((c) => c.bump === 'patch');
  // Surface lines the findings already say, action by action, are left out of the changelog.
  const said = (c: SurfaceChange) => actionsOf(c, listedIds).length > 0;

  for (const f of breaking) entries.breaking.push(findingLine(f));
  for (const c of surfaceBreaking) if (!said(c)) entries.breaking.push(`TypeScript API: ${c.message}`);
  for (const f of additions) entries.added.push(findingLine(f));
  for (const c of surfaceMinor) if (!said(c)) entries.added.push(`TypeScript API: ${c.message}`);
  for (const f of accepted) entries.changed.push(`${findingLine(f)} (breaking, accepted: ${f.accepted})`);
  for (const c of surfaceMajor)
    if (surfaceAccepted(c) && !said(c)) entries.changed.push(`TypeScript API: ${c.message} (accepted)`);
  for (const f of warnings) entries.changed.push(`${findingLine(f)} (possibly breaking)`);
  for (const f of others) entries.changed.push(findingLine(f));
  for (const c of surfacePatch) if (!said(c)) entries.changed.push(`TypeScript API: ${c.message}`);

  let bump: Bump | null = null;
  const raise = (b: Bump) => {
    if (bump === null || BUMP_RANK[b] > BUMP_RANK[bump]) bump = b;
  };
  if (breaking.length) {
    raise('major');
    reasons.push(
      `${plural(breaking.length, 'breaking spec change')} (ERR) not accepted in ${DEFAULT_IGNORE_FILE}`,
    );
  }
  if (surfaceBreaking.length) {
    raise('major');
    reasons.push(`${plural(surfaceBreaking.length, 'breaking change')} to the TypeScript API not accepted`);
  }
  if (additions.length || surfaceMinor.length) {
    raise('minor');
    const parts = [];
    if (additions.length) parts.push(`${plural(additions.length, 'addition')} to the spec`);
    if (surfaceMinor.length) parts.push(`${plural(surfaceMinor.length, 'addition')} to the TypeScript API`);
    reasons.push(parts.join(', '));
  }
  if (warnings.length) {
    raise('minor');
    reasons.push(`${plural(warnings.length, 'possibly breaking change')} (WARN)`);
  }
  if (accepted.length) {
    raise('minor');
    reasons.push(`${plural(accepted.length, 'accepted breaking change')} (ERR, in ${DEFAULT_IGNORE_FILE})`);
  }
  if (others.length || surfacePatch.length) {
    raise('patch');
    reasons.push(
      `${plural(others.length + surfacePatch.length, 'other change')} to the spec or the TypeScript API`,
    );
  }
  if (!diff.identical && bump === null) {
    raise('patch');
    reasons.push('the spec changed in documentation or metadata only');
  }
  if (diff.surfaceSkipped) notes.push(`the TypeScript surface was not compared: ${diff.surfaceSkipped}`);
  for (const e of diff.unusedIgnores)
    notes.push(
      `${DEFAULT_IGNORE_FILE}: the entry for ${e.id}${e.operationId ? ` ${e.operationId}` : ''} matched nothing`,
    );
  return { bump, reasons, entries, notes };
}

/** Applies a bump to a version; while the major is 0, major becomes minor. */
export function nextVersion(previous: string, bump: Bump): string {
  const effective = semver.major(previous) === 0 && bump === 'major' ? 'minor' : bump;
  const next = semver.inc(previous, effective);
  if (next === null) throw new ReleaseError(`cannot raise ${previous} by ${effective}`);
  return next;
}

const core = (v: string) => `${semver.major(v)}.${semver.minor(v)}.${semver.patch(v)}`;

function readPackageVersion(cwd: string): string {
  const file = path.join(cwd, 'package.json');
  const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: unknown };
  const v = typeof pkg.version === 'string' ? semver.valid(pkg.version) : null;
  if (v === null)
    throw new ReleaseError(`package.json has no valid version (${JSON.stringify(pkg.version)})`);
  return v;
}

/** The first release: every action of the spec at HEAD, by area. */
function firstReleaseEntries(cwd: string): Entries {
  const entries: Entries = { breaking: [], added: [], changed: [], fixed: [] };
  try {
    const model = buildModel(loadSide('HEAD', { cwd }).spec);
    const areas = model.areas.map((a) => `${a.name} (${a.actions.length})`).join(', ');
    entries.added.push(
      `First release: a typed client for the ${model.actions.length} actions of ${plural(model.areas.length, 'area')}: ${areas}; the mock server and the \`hubspot-marketing\` command.`,
    );
  } catch (e) {
    if (!(e instanceof DiffInputError)) throw e;
    entries.added.push('First release.');
  }
  return entries;
}

/** Makes the release plan. Refusals (nothing to release, a version below the rules without the flag, ...) throw ReleaseError. */
export async function planRelease(options: PlanOptions): Promise<ReleasePlan> {
  const { cwd } = options;
  const today = options.today ?? new Date();
  const date = today.toISOString().slice(0, 10);
  const previous = lastReleaseTag(cwd);
  const notes: string[] = [];

  let required: Bump | null = null;
  let reasons: string[] = [];
  let entries: Entries;
  let diff: DiffResult | null = null;
  const listed: Commit[] = [];
  let commitCount = 0;

  if (previous === null) {
    entries = firstReleaseEntries(cwd);
    reasons = ['first release: no release tag (v<semver>) is reachable from HEAD'];
  } else {
    const commits = commitsSince(previous.tag, cwd).filter((c) => !RELEASE_SUBJECT.test(c.subject));
    commitCount = commits.length;
    if (commits.length === 0)
      throw new ReleaseError(`nothing to release: there is no commit since ${previous.tag}`);
    const ignore = readIgnoreFile(path.join(cwd, DEFAULT_IGNORE_FILE), false);
    try {
      diff = await diffSpecs(previous.tag, 'HEAD', { cwd, ignore });
    } catch (e) {
      if (e instanceof DiffInputError)
        throw new ReleaseError(`the spec diff ${previous.tag}..HEAD cannot run: ${e.message}`);
      throw e;
    }
    const judged = judgeDiff(diff);
    entries = judged.entries;
    reasons = judged.reasons;
    notes.push(...judged.notes);
    required = judged.bump;

    const shippedFiles = (c: Commit) => c.files.filter((f) => !NOT_SHIPPED.some((r) => r.test(f)));
    const shipped = (c: Commit) => shippedFiles(c).length > 0;
    // Spec commits (spec/, generated/, the action list, whatever else they touch that does not ship).
    const specOnly = (c: Commit) => shippedFiles(c).every((f) => SPEC.some((r) => r.test(f)));
    const diffSaidSomething = diff.findings.length > 0 || diff.surface.length > 0;
    const counted: Record<Section, number> = { breaking: 0, added: 0, changed: 0, fixed: 0 };
    for (const c of commits) {
      if (!shipped(c)) continue;
      if (specOnly(c) && diffSaidSomething) continue;
      const section = commitSection(c);
      if (section === 'skip') continue;
      listed.push(c);
      counted[section]++;
      entries[section].push(`${c.subject} (${c.short})`);
    }
    for (const s of ['breaking', 'added', 'changed', 'fixed'] as Section[]) {
      if (!counted[s]) continue;
      const b = SECTION_BUMP[s];
      if (required === null || BUMP_RANK[b] > BUMP_RANK[required]) required = b;
      reasons.push(
        `${plural(counted[s], 'commit')} ${s === 'breaking' ? 'marked breaking' : `under ${s.charAt(0).toUpperCase()}${s.slice(1)}`}`,
      );
    }
    if (required === null && !options.version)
      throw new ReleaseError(
        `nothing to release: the ${plural(commits.length, 'commit')} since ${previous.tag} change nothing that ships (tests, benchmarks, docs, CI and release tooling only); pass --version to release anyway`,
      );
  }

  const ruleVersion =
    previous === null ? readPackageVersion(cwd) : nextVersion(previous.version, required ?? 'patch');
  let version = ruleVersion;
  let forced: Forced | null = null;
  if (options.version) {
    const requested = options.version.trim();
    if (requested === 'major' || requested === 'minor' || requested === 'patch') {
      version = semver.inc(previous?.version ?? readPackageVersion(cwd), requested) as string;
    } else {
      const v = semver.valid(requested.replace(/^v/, ''));
      if (v === null)
        throw new ReleaseError(`--version ${requested} is not a semver version (or major, minor, patch)`);
      version = v;
    }
    if (previous && !semver.gt(version, previous.version))
      throw new ReleaseError(
        `--version ${requested}: ${version} is not above the last release, ${previous.tag}`,
      );
    const belowRequired = previous !== null && semver.lt(core(version), ruleVersion);
    if (belowRequired && !options.allowSmallerBump)
      throw new ReleaseError(
        `--version ${requested}: ${version} is below what the changes since ${previous?.tag} demand, ${ruleVersion} (${required}: ${reasons.join('; ')}). Pass --allow-smaller-bump to release it anyway; the changelog will say so.`,
      );
    forced = { requested, belowRequired, ...(options.reason ? { reason: options.reason } : {}) };
  } else if (options.allowSmallerBump) {
    notes.push('--allow-smaller-bump has no effect without --version');
  }

  const tag = `v${version}`;
  if (parseReleaseTag(tag) === null) throw new ReleaseError(`${tag} is not a release tag`);
  if (tagExists(tag, cwd)) throw new ReleaseError(`the tag ${tag} already exists`);
  return {
    previous,
    required,
    reasons,
    ruleVersion,
    version,
    tag,
    forced,
    date,
    entries,
    diff,
    commits: listed,
    commitCount,
    notes,
  };
}
