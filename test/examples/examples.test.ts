/**
 * The programs in examples/: each type-checks (one TypeScript program over examples/*.ts with the project's
 * compiler options, as examples/ is outside tsconfig.json's include), runs as a child process
 * (`node --import tsx examples/<task>.ts`, no HUBSPOT_* variables) against the mock it starts itself, exits 0
 * and prints the lines that show the task was done; a failing call makes it exit 1.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../generator/pipeline.js';
import { REDIS_SKIP_REASON } from '../support/redis-server.js';

const EXAMPLES = path.join(PROJECT_ROOT, 'examples');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs an example with tsx, without any HUBSPOT_* variable except `env`. */
function run(file: string, env: Record<string, string> = {}): Promise<Run> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('HUBSPOT_')),
  );
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join('examples', file)],
      // Generous: each example starts tsx and a mock server, five at once; a loaded 2-core machine needs time.
      { cwd: PROJECT_ROOT, env: { ...clean, ...env }, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

function expectSuccess(result: Run, lines: RegExp[]): void {
  expect(result.stderr, result.stdout).toBe('');
  expect(result.code, result.stdout).toBe(0);
  expect(result.stdout).toMatch(
    /^HUBSPOT_ACCESS_TOKEN is not set: using a local mock server at http:\/\/127\.0\.0\.1:\d+\./,
  );
  for (const line of lines) expect(result.stdout).toMatch(line);
}

describe('examples type-check', () => {
  it('compiles every example with the project’s strict options', () => {
    const config = ts.getParsedCommandLineOfConfigFile(path.join(PROJECT_ROOT, 'tsconfig.json'), undefined, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    });
    if (!config) throw new Error('tsconfig.json could not be read');
    const files = fs
      .readdirSync(EXAMPLES)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => path.join(EXAMPLES, f));
    expect(files.length).toBeGreaterThanOrEqual(5);
    const program = ts.createProgram({ rootNames: files, options: config.options });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file ? `${path.relative(PROJECT_ROOT, d.file.fileName)}: ` : '';
      return where + ts.flattenDiagnosticMessageText(d.messageText, '\n');
    });
    expect(problems).toEqual([]);
  }, 60_000);
});

describe.concurrent('examples run against the mock', { timeout: 150_000 }, () => {
  it('launch-campaign: creates the campaign, its email and assets, reads assets and budget', async () => {
    expectSuccess(await run('launch-campaign.ts'), [
      /^Created campaign "Spring launch [\d-]+" \([0-9a-f-]{36}\)\.$/m,
      /^Created launch email \d+ in the campaign\.$/m,
      /^Linked FORM \S+\.$/m,
      /^Linked OBJECT_LIST 4821\.$/m,
      /^Asset MARKETING_EMAIL: Spring launch [\d-]+ - announcement$/m,
      /^Budget: 0 USD planned, 0 spent, 0 remaining\.$/m,
    ]);
  });

  it('run-webinar: registers and attends contacts, completes the event, reads the breakdown', async () => {
    expectSuccess(await run('run-webinar.ts'), [
      /^Created webinar webinar-\d+ \(HubSpot id \d+\)\.$/m,
      /^Registered 3 contacts\.$/m,
      /^Recorded 2 attendees\.$/m,
      /^Participation: 3 registered, 2 attended, 0 cancelled, 1 no-shows\.$/m,
      /^- ada\.lovelace@example\.com: ATTENDED for 50 min$/m,
      /^- alan\.turing@example\.com: NO_SHOW$/m,
    ]);
  });

  it('clone-and-publish-email: clones, edits the draft and publishes it', async () => {
    expectSuccess(await run('clone-and-publish-email.ts'), [
      /^Cloned into email \d+ \("Monthly newsletter \(April edition\)", DRAFT\)\.$/m,
      /^Draft subject: "April news: what is new this spring"\.$/m,
      /^Published: state PUBLISHED, subject "April news: what is new this spring"\.$/m,
      /^The copy has 2 revisions\.$/m,
    ]);
  });

  it('send-transactional-email: sends the seeded transactional email', async () => {
    expectSuccess(await run('send-transactional-email.ts'), [
      /^Sending "Order confirmation" \(164825463210\) to jane\.doe@example\.com\.$/m,
      /^Send [0-9a-f-]{36}: PENDING \(requested .+\)\.$/m,
    ]);
  });

  it.skipIf(REDIS_SKIP_REASON !== undefined)(
    `fleet-workers: 4 worker processes share one budget through a local redis-server${REDIS_SKIP_REASON ? ` (skipped: ${REDIS_SKIP_REASON})` : ''}`,
    { timeout: 150_000 },
    async () => {
      const result = await run('fleet-workers.ts');
      expectSuccess(result, [
        /^Started a local redis-server at redis:\/\/127\.0\.0\.1:\d+\.$/m,
        /^Worker 4: 6 calls, 0 rate-limited\.$/m,
        /^4 workers shared one budget of 8 requests\/s: 24 calls in \d+\.\d s /m,
      ]);
      const seconds = Number(/24 calls in (\d+\.\d) s/.exec(result.stdout)?.[1] ?? 0);
      expect(seconds).toBeGreaterThanOrEqual(2.8); // 24 calls at 8/s: one budget, not four
    },
  );

  it('a failing call prints the HubSpot error and exits 1', async () => {
    const result = await run('clone-and-publish-email.ts', { HUBSPOT_EMAIL_ID: '1' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^Failed: GET .* failed with 404 OBJECT_NOT_FOUND: Email 1 does not exist\./m,
    );
  });
});
