/**
 * A local redis-server for the fleet section: a free 127.0.0.1 port, no persistence, killed and restarted on
 * demand, and a connection (ioredis, a dev dependency) to read its command statistics.
 */
import { spawnSync } from 'node:child_process';
import { Redis } from 'ioredis';
import { startRedisServer } from '../../test/support/redis-server.js';

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

/**
 * Starts the server as the tests do (test/support/redis-server.ts: free port, no persistence, kill and
 * restart) and adds an admin connection for the command statistics.
 */
export async function startRedis(): Promise<BenchRedis> {
  const server = await startRedisServer();
  const admin = new Redis({
    host: '127.0.0.1',
    port: server.port,
    lazyConnect: true,
    maxRetriesPerRequest: 3,
  });
  admin.on('error', () => undefined);
  return {
    port: server.port,
    kill: () => server.kill(),
    restart: () => server.restart(),
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
      await server.stop();
    },
  };
}
