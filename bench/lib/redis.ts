/**
 * A local redis-server for the fleet section: a free 127.0.0.1 port, no persistence, killed and restarted on
 * demand, and a connection (ioredis, a dev dependency) to read its command statistics.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';

export interface BenchRedis {
  port: number;
  kill(): Promise<void>;
  restart(): Promise<void>;
  /** Resets the command statistics (CONFIG RESETSTAT). */
  resetStats(): Promise<void>;
  /** Calls per command since the last reset (INFO commandstats; commands a script runs are counted too). */
  commandCalls(): Promise<Record<string, number>>;
  /** Deletes every key. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

/** Whether redis-server can be run here, and its version. */
export function redisServerVersion(): string | undefined {
  const r = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startRedis(): Promise<BenchRedis> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hsmc-bench-redis-'));
  let child: ChildProcess | undefined;
  const admin = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 3 });
  admin.on('error', () => undefined);
  const launch = async () => {
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
      { stdio: 'ignore' },
    );
    const proc = child;
    process.once('exit', () => proc.kill('SIGKILL'));
    const deadline = Date.now() + 15_000;
    for (;;) {
      try {
        if ((await admin.ping()) === 'PONG') return;
      } catch {
        // not up yet
      }
      if (Date.now() > deadline) throw new Error(`redis-server did not start on port ${port}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const halt = async (signal: NodeJS.Signals) => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill(signal);
    await exited;
  };
  await launch();
  return {
    port,
    kill: () => halt('SIGKILL'),
    restart: launch,
    async resetStats() {
      await admin.config('RESETSTAT');
    },
    async commandCalls() {
      const info = await admin.info('commandstats');
      const calls: Record<string, number> = {};
      for (const m of info.matchAll(/^cmdstat_([\w|]+):calls=(\d+)/gm)) calls[m[1] as string] = Number(m[2]);
      return calls;
    },
    async flush() {
      await admin.flushall();
    },
    async stop() {
      admin.disconnect();
      await halt('SIGTERM');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
