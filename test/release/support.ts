/**
 * Shared by the release tests: child processes that do not block the event loop, an environment that
 * carries none of the user's npm or git settings or tokens, and scratch clones of this repository (no tags,
 * node_modules linked from here, a git identity of their own) in which releases are cut.
 */
import { type ExecFileException, execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RELEASE_CLI = path.join(ROOT, 'generator', 'release', 'cli.ts');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(
  file: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  timeoutMs = 240_000,
): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { cwd, env, maxBuffer: 64 * 1024 * 1024, timeout: timeoutMs },
      (error: ExecFileException | null, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

export function ok(r: Run, what: string): Run {
  if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  return r;
}

/**
 * A clean environment under `home`: PATH and the locale from this process, nothing else of the user's —
 * no npm_config_* or npm lifecycle variables, no tokens, HOME (so ~/.npmrc and ~/.gitconfig) in `home`,
 * and a git identity for the scratch commits and tags.
 */
export function isolatedEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  fs.mkdirSync(home, { recursive: true });
  const keep = ['PATH', 'LANG', 'LC_ALL', 'TMPDIR', 'SystemRoot', 'TERM'];
  const env: NodeJS.ProcessEnv = {};
  for (const k of keep) if (process.env[k] !== undefined) env[k] = process.env[k];
  return {
    ...env,
    HOME: home,
    USERPROFILE: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Release Test',
    GIT_AUTHOR_EMAIL: 'release-test@example.com',
    GIT_COMMITTER_NAME: 'Release Test',
    GIT_COMMITTER_EMAIL: 'release-test@example.com',
    NO_COLOR: '1',
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    ...extra,
  };
}

/**
 * A clone of this repository's HEAD in `dir`, without its tags (a scratch history of releases starts from
 * none), node_modules linked from here (kept out of `git status`).
 */
export async function scratchClone(dir: string, env: NodeJS.ProcessEnv): Promise<string> {
  ok(await run('git', ['clone', '--quiet', '--no-tags', ROOT, dir], path.dirname(dir), env), 'git clone');
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  fs.appendFileSync(path.join(dir, '.git', 'info', 'exclude'), '\nnode_modules\n');
  return dir;
}

/** `npm run release -- ...args` of this work tree's release code, run in `cwd`. */
export function release(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return run(process.execPath, ['--import', 'tsx', RELEASE_CLI, ...args], cwd, env);
}

/** Commits everything in `cwd` (after a spec change and `npm run generate`). */
export async function commitAll(cwd: string, message: string, env: NodeJS.ProcessEnv): Promise<void> {
  ok(await run('git', ['add', '--all'], cwd, env), 'git add');
  ok(await run('git', ['commit', '--quiet', '-m', message], cwd, env), 'git commit');
}

/** `npm run generate` in `cwd`. */
export async function generate(cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  ok(await run('npm', ['run', '--silent', 'generate'], cwd, env), 'npm run generate');
}

export function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}
