/**
 * The shipped command line, built as `npm run build` builds the package (generator/build.ts `buildPackage`: the
 * client entries and their shared runtime chunk, the catalogs, and dist/node/ with the command line as one
 * minified ESM bundle that loads the client from `../index.js` and the mock from `./mock.js`), into a temporary
 * package folder laid out like the tarball (`package.json`, `dist/`). Its own folder, not `dist/`: the package
 * tests rebuild `dist/` through `npm pack` while other test files run.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildPackage } from '../../generator/build.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface BuiltCli {
  /** The package folder. */
  dir: string;
  /** `<dir>/dist/node/cli.js`. */
  cli: string;
  remove(): void;
}

export async function buildCli(): Promise<BuiltCli> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hmc-built-cli-'));
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
  // openapi-fetch, the package's one runtime dependency, stays external as in the tarball.
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  await buildPackage(path.join(dir, 'dist'));
  return {
    dir,
    cli: path.join(dir, 'dist', 'node', 'cli.js'),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * A copy of the built package whose node_modules holds only what npm installs with it (openapi-fetch and its
 * one dependency): a client-only install, without the optional peers that `call` and `mock` import.
 */
export function clientOnlyCopy(built: BuiltCli): BuiltCli {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hmc-client-only-'));
  fs.copyFileSync(path.join(built.dir, 'package.json'), path.join(dir, 'package.json'));
  fs.cpSync(path.join(built.dir, 'dist'), path.join(dir, 'dist'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'node_modules'));
  for (const name of ['openapi-fetch', 'openapi-typescript-helpers']) {
    fs.symlinkSync(path.join(ROOT, 'node_modules', name), path.join(dir, 'node_modules', name), 'dir');
  }
  return {
    dir,
    cli: path.join(dir, 'dist', 'node', 'cli.js'),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  env?: Record<string, string>;
  stdin?: string;
  /** Called once the process is spawned, e.g. to close its stdout early. */
  onSpawn?: (child: ChildProcess) => void;
}

/** Runs `node cli.js ...args` with only PATH/HOME from this process's environment plus `env`. */
export function runCli(cli: string, args: string[], options: CliRunOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
    const child = spawn(process.execPath, [cli, ...args], {
      env: { ...env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    options.onSpawn?.(child);
    child.stdin.end(options.stdin ?? '');
  });
}
