/**
 * Release: what the release needs from git — the last release tag reachable from HEAD, the commits since it
 * (subject, body and the files each touched), whether the work tree is clean, and the commit and tag of the
 * release itself. Every failure is a {@link ReleaseError} with git's own message.
 */
import { execFileSync } from 'node:child_process';
import semver from 'semver';

/** A refusal or failure the command prints as one clear message (exit 1). */
export class ReleaseError extends Error {
  override readonly name = 'ReleaseError';
}

/** Runs git in `cwd`; throws a {@link ReleaseError} carrying git's message when it fails. */
export function git(args: string[], cwd: string): string {
  try {
    return execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 256 * 1024 * 1024,
    });
  } catch (e) {
    const err = e as { stderr?: string | Buffer; message?: string };
    const detail = String(err.stderr ?? '').trim() || err.message || String(e);
    throw new ReleaseError(`git ${args[0]} failed: ${detail}`);
  }
}

export interface ReleaseTag {
  /** `v1.2.0` */
  tag: string;
  /** `1.2.0` */
  version: string;
}

/** The repository's top folder, or a ReleaseError when `cwd` is not in a git repository. */
export function repositoryRoot(cwd: string): string {
  try {
    return git(['rev-parse', '--show-toplevel'], cwd).trim();
  } catch {
    throw new ReleaseError(`${cwd} is not inside a git repository`);
  }
}

/** Release tags are `v` + a valid semver version (`v1.2.0`, `v2.0.0-rc.1`). */
export function parseReleaseTag(tag: string): ReleaseTag | null {
  if (!tag.startsWith('v')) return null;
  const version = semver.valid(tag.slice(1));
  return version !== null && `v${version}` === tag ? { tag, version } : null;
}

/** Every release tag in the repository. */
export function releaseTags(cwd: string, mergedInto?: string): ReleaseTag[] {
  const args = ['tag', '--list', 'v*'];
  if (mergedInto) args.push('--merged', mergedInto);
  return git(args, cwd)
    .split('\n')
    .map((t) => parseReleaseTag(t.trim()))
    .filter((t): t is ReleaseTag => t !== null)
    .sort((a, b) => semver.rcompare(a.version, b.version));
}

/** The highest release tag reachable from HEAD, or null before the first release. */
export function lastReleaseTag(cwd: string): ReleaseTag | null {
  return releaseTags(cwd, 'HEAD')[0] ?? null;
}

/** Changed, staged and untracked (not ignored) files, as `git status --porcelain` lines. */
export function dirtyFiles(cwd: string): string[] {
  return git(['status', '--porcelain=v1', '--untracked-files=all'], cwd)
    .split('\n')
    .filter((l) => l.trim() !== '');
}

export interface Commit {
  hash: string;
  short: string;
  subject: string;
  body: string;
  /** Files the commit touched, relative to the repository root. */
  files: string[];
}

const RS = '\x1e';
const US = '\x1f';

/** The commits after `since` up to HEAD (all of them when `since` is null), oldest first, merges left out. */
export function commitsSince(since: string | null, cwd: string): Commit[] {
  const range = since ? `${since}..HEAD` : 'HEAD';
  const out = git(
    ['log', '--no-merges', '--reverse', `--format=${RS}%H${US}%h${US}%s${US}%b${US}`, '--name-only', range],
    cwd,
  );
  return out
    .split(RS)
    .filter((r) => r.trim() !== '')
    .map((record) => {
      const [hash = '', short = '', subject = '', body = '', files = ''] = record.split(US);
      return {
        hash,
        short,
        subject: subject.trim(),
        body: body.trim(),
        files: files
          .split('\n')
          .map((f) => f.trim())
          .filter(Boolean),
      };
    });
}

export function headCommit(cwd: string): string {
  return git(['rev-parse', 'HEAD'], cwd).trim();
}

export function tagExists(tag: string, cwd: string): boolean {
  return git(['tag', '--list', tag], cwd).trim() === tag;
}
