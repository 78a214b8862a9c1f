/**
 * Timeouts and caller aborts must survive garbage collection. Node's fetch follows a Request's signal only
 * weakly (nodejs/node#55428, nodejs/undici#4068): if nothing holds the chain, a collection cuts it and the call
 * hangs until undici's own 300 s headers timeout. The calls run in a child process with `--expose-gc` that
 * forces collections while they are pending.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const child = fileURLToPath(new URL('./children/gc-pending-calls.ts', import.meta.url));

interface Settled {
  byAbort: boolean;
  outcome: string;
  message?: string;
  ms: number;
}

describe('timeouts and aborts under garbage collection', () => {
  it('50 pending calls all end by their timeout or their signal, not by undici after minutes', async () => {
    const { stdout } = await run(process.execPath, ['--expose-gc', '--import', 'tsx', child], {
      timeout: 90_000,
    });
    const results = JSON.parse(stdout.trim().split('\n').at(-1) as string) as Settled[];
    expect(results).toHaveLength(50);
    for (const r of results) {
      if (r.byAbort) {
        expect(r.outcome).toBe('Error');
        expect(r.message).toBe('caller gave up');
      } else {
        expect(r.outcome).toBe('HubSpotTimeoutError');
      }
      // Settled by the client (0.5 s timeout, 0.7 s abort), not by undici's 300 s headers timeout: the bound
      // is loose on purpose, a loaded machine may be slow, but never minutes slow.
      expect(r.ms).toBeLessThan(60_000);
    }
  }, 120_000);
});
