/** Starts bench/fixtures/server.mjs (copied into the workspace) in its own process. */
import { type ChildProcess, spawn } from 'node:child_process';
import { childEnv } from './util.js';

export interface BenchServer {
  baseUrl: string;
  reset(options: { limit: number; windowMs?: number; headers?: boolean; daily?: number }): Promise<void>;
  stats(): Promise<{ accepted: number; rejected: number; afterDaily: number }>;
  close(): void;
}

export function startServer(app: string): Promise<BenchServer> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, ['server.mjs'], {
      cwd: app,
      env: childEnv(),
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error('the benchmark server did not start')), 15_000);
    child.on('error', reject);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /LISTENING (\d+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      const baseUrl = `http://127.0.0.1:${m[1]}`;
      resolve({
        baseUrl,
        async reset({ limit, windowMs = 1000, headers = false, daily = 0 }) {
          const r = await fetch(
            `${baseUrl}/__reset?limit=${limit}&windowMs=${windowMs}&headers=${headers ? 1 : 0}&daily=${daily}`,
            {
              method: 'POST',
            },
          );
          await r.arrayBuffer();
        },
        async stats() {
          const r = await fetch(`${baseUrl}/__stats`);
          return (await r.json()) as { accepted: number; rejected: number; afterDaily: number };
        },
        close() {
          child.stdin?.end();
          child.kill('SIGTERM');
        },
      });
    });
  });
}
