/**
 * A real `redis-server` for tests: started on a free 127.0.0.1 port without persistence (`--save ''
 * --appendonly no`), stopped (or killed, and started again on the same port) by the test. `findRedisServer()`
 * says where the binary is, or why there is none, so tests can report themselves skipped with the reason.
 * Debian/Ubuntu: `apt-get install -y redis-server` (CI's `.ci/run` does it when the command is missing).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import { createServer, Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** The redis-server binary, or why none was found. */
export function findRedisServer(): { binary: string } | { reason: string } {
  const fromEnv = process.env.REDIS_SERVER_BIN;
  if (fromEnv)
    return fs.existsSync(fromEnv)
      ? { binary: fromEnv }
      : { reason: `REDIS_SERVER_BIN=${fromEnv} does not exist` };
  for (const dir of (process.env.PATH ?? '')
    .split(path.delimiter)
    .concat(['/usr/bin', '/usr/local/bin', '/usr/sbin'])) {
    const candidate = path.join(dir, 'redis-server');
    if (dir && fs.existsSync(candidate)) return { binary: candidate };
  }
  return { reason: 'no redis-server on PATH (apt-get install -y redis-server)' };
}

const found = findRedisServer();
/** Why the Redis tests are skipped here, or undefined when they run. */
export const REDIS_SKIP_REASON: string | undefined = 'reason' in found ? found.reason : undefined;

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** Stops it for good (SIGTERM). */
  stop(): Promise<void>;
  /** Kills it at once (SIGKILL), as a crash would. */
  kill(): Promise<void>;
  /** Starts it again on the same port (after `kill` or `stop`); the data is gone (no persistence). */
  restart(): Promise<void>;
  /** Freezes it (SIGSTOP): connections stay open and nothing answers, like an overloaded server. */
  pause(): void;
  /** Thaws it (SIGCONT). */
  resume(): void;
}

export async function startRedisServer(): Promise<RedisServer> {
  if (!('binary' in found)) throw new Error(found.reason);
  const binary = found.binary;
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hsmc-redis-'));
  let child: ChildProcess | undefined;

  const launch = async () => {
    const proc = spawn(
      binary,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
        '--daemonize',
        'no',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = proc;
    const orphan = () => proc.kill('SIGKILL'); // never outlive the test process
    process.once('exit', orphan);
    proc.once('exit', () => process.removeListener('exit', orphan));
    let output = '';
    proc.stdout?.on('data', (d: Buffer) => {
      if (output.length < 10_000) output += d.toString();
    });
    proc.stderr?.on('data', (d: Buffer) => {
      if (output.length < 10_000) output += d.toString();
    });
    const deadline = Date.now() + 15_000;
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`redis-server exited with ${proc.exitCode}: ${output}`);
      if (await ping(port)) return;
      if (Date.now() > deadline) throw new Error(`redis-server did not answer on port ${port}: ${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const halt = async (signal: NodeJS.Signals) => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null) return;
    proc.kill('SIGCONT');
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill(signal);
    await exited;
  };

  await launch();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      await halt('SIGTERM');
      fs.rmSync(dir, { recursive: true, force: true });
    },
    kill: () => halt('SIGKILL'),
    restart: launch,
    pause: () => child?.kill('SIGSTOP'),
    resume: () => child?.kill('SIGCONT'),
  };
}

/** Whether a Redis answers PING on `port`. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.setTimeout(1000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('error', () => resolve(false));
    socket.on('data', (d) => {
      socket.destroy();
      resolve(d.toString().startsWith('+PONG'));
    });
    socket.connect(port, '127.0.0.1', () => socket.write('*1\r\n$4\r\nPING\r\n'));
  });
}
