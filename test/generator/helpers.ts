/**
 * Helpers for the generator tests: temp folders, folder fingerprints, and the CLI run as a child process.
 * Kept free of generator imports so that write.test.ts loads fast.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Makes a temp folder under the OS temp dir (its real path, so that relative paths come out right). */
export function makeTempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), prefix));
}

export interface CliResult {
  /** Exit code, or `null` when the process was killed by a signal. */
  code: number | null;
  stdout: string;
  stderr: string;
}

const CLI = path.join('generator', 'cli.ts');

/**
 * `npm run generate -- ...args` without npm: `node generator/launch.mjs --early generator/check-worker.cjs
 * generator/cli.ts ...args` (what the script runs), from the project root (diagnostics name files relative to
 * it).
 */
export function runCli(args: string[], timeoutMs = 60_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        path.join('generator', 'launch.mjs'),
        '--early',
        path.join('generator', 'check-worker.cjs'),
        CLI,
        ...args,
      ],
      {
        cwd: PROJECT_ROOT,
        env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: timeoutMs,
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      stdout += s;
    });
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      stderr += s;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Every entry under `dir`, by path relative to it (`/`-separated): `dir/` for a folder, the sha256 of the
 * content for a file. Equal maps mean byte-identical trees, with no file or folder added or removed.
 */
export function fingerprint(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (abs: string, rel: string) => {
    for (const e of fs
      .readdirSync(abs, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const childAbs = path.join(abs, e.name);
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        out.set(childRel, 'dir/');
        visit(childAbs, childRel);
      } else {
        out.set(childRel, crypto.createHash('sha256').update(fs.readFileSync(childAbs)).digest('hex'));
      }
    }
  };
  visit(dir, '');
  return out;
}

/**
 * Runs at most `concurrency` tasks at a time, in the order they were queued. The CLI runs go through one
 * of these so that they share the CPU with the in-process tests instead of all starting at once.
 */
export function taskQueue(concurrency: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return <T>(task: () => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      const start = () => {
        active++;
        task()
          .then(resolve, reject)
          .finally(() => {
            active--;
            waiting.shift()?.();
          });
      };
      if (active < concurrency) start();
      else waiting.push(start);
    });
}

/** A line of a stack trace (`    at fn (file:1:2)`) or of Node's internals. */
export const STACK_TRACE = /^\s+at\s.*(:\d+:\d+\)?|<anonymous>\)?)$|node:internal/m;

/** Escapes a string for use in a RegExp. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
