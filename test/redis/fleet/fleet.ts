/**
 * Runs a test fleet: the HubSpot stand-in (server.ts) in its own process and N workers (worker.ts), each a
 * child process with its own client and store, started together. Both are bundled once with esbuild (the
 * client and store from generated/ inlined, ioredis and redis left to node_modules) and run by plain node.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { PROJECT_ROOT } from '../../../generator/pipeline.js';
import type { WorkerConfig, WorkerResult } from './worker.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** Under node_modules, so the bundles find ioredis and redis there. */
const OUT = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'hsmc-fleet-test');

let bundling: Promise<void> | undefined;
/** Bundles server.ts and worker.ts once per test run (plain node starts them in a fraction of tsx's time). */
function bundle(): Promise<void> {
  bundling ??= build({
    entryPoints: { server: path.join(HERE, 'server.ts'), worker: path.join(HERE, 'worker.ts') },
    outdir: OUT,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  }).then(() => undefined);
  return bundling;
}

function start(name: 'server' | 'worker', args: string[]): ChildProcess {
  return spawn(process.execPath, [path.join(OUT, `${name}.mjs`), ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
}

/** Resolves with the first match of `pattern` on the child's stdout. */
function waitFor(
  child: ChildProcess,
  pattern: RegExp,
  what: string,
  timeoutMs = 60_000,
): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`${what}: timed out\n${out}\n${err}`)), timeoutMs);
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = pattern.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    });
    child.once('exit', (code) => {
      setTimeout(() => {
        clearTimeout(timer);
        reject(new Error(`${what}: exited with ${code} before ${pattern}\n${out}\n${err}`));
      }, 50);
    });
  });
}

export interface FleetServerStats {
  accepted: number;
  rejected: number;
  daily: number;
  afterDaily: number;
  inFlightAtDaily: number;
  maxInWindow: number;
}

export interface FleetServer {
  baseUrl: string;
  reset(options: { limit?: number; windowMs?: number; daily?: number; delayMs?: number }): Promise<void>;
  stats(): Promise<FleetServerStats>;
  close(): void;
}

export async function startFleetServer(): Promise<FleetServer> {
  await bundle();
  const child = start('server', []);
  const [, port] = await waitFor(child, /LISTENING (\d+)/, 'fleet server');
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    async reset(options) {
      const query = new URLSearchParams(Object.entries(options).map(([k, v]) => [k, String(v)]));
      await (await fetch(`${baseUrl}/__reset?${query}`, { method: 'POST' })).arrayBuffer();
    },
    async stats() {
      return (await (await fetch(`${baseUrl}/__stats`)).json()) as FleetServerStats;
    },
    close() {
      child.stdin?.end();
      child.kill('SIGTERM');
    },
  };
}

export interface Fleet {
  /** Resolves with every worker's result once all have finished. */
  results: Promise<Array<WorkerResult & { exitCode: number | null }>>;
}

/** Starts `configs.length` workers, waits until all are ready, then lets them go at once. */
export async function runFleet(configs: WorkerConfig[], onStarted?: () => void | Promise<void>) {
  await bundle();
  const workers = configs.map((config) => start('worker', [JSON.stringify(config)]));
  try {
    await Promise.all(workers.map((w, i) => waitFor(w, /READY/, `worker ${i}`)));
  } catch (error) {
    for (const w of workers) w.kill('SIGKILL');
    throw error;
  }
  const results = workers.map(async (w, i) => {
    const exited = new Promise<number | null>((resolve) => w.once('exit', (code) => resolve(code)));
    const [, json] = await waitFor(w, /RESULT (.*)\n/, `worker ${i}`, 120_000);
    return { ...(JSON.parse(json as string) as WorkerResult), exitCode: await exited };
  });
  for (const w of workers) w.stdin?.write('go\n');
  await onStarted?.();
  return Promise.all(results);
}
