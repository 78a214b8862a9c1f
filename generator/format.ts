/**
 * Formats emitted TypeScript and JSON with the project's one formatter (Biome, configured in
 * `.biome.json`), so generated and hand-written code look alike. Runs Biome once over a temporary folder,
 * through its native binary directly where it is installed (the `biome` launcher would start one more Node
 * process and run `ldd` before it).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** The command that runs Biome: its platform binary, or the launcher where none can be found. */
function biomeCommand(): { file: string; args: string[] } {
  const exe = process.platform === 'win32' ? '.exe' : '';
  for (const variant of ['', '-musl']) {
    try {
      return {
        file: require.resolve(`@biomejs/cli-${process.platform}-${process.arch}${variant}/biome${exe}`),
        args: [],
      };
    } catch {
      // not installed for this platform: try the next, then the launcher
    }
  }
  return { file: process.execPath, args: [require.resolve('@biomejs/biome/bin/biome')] };
}

/** Runs `file args` in `cwd`; rejects with its output when it fails or `signal` aborts. */
function run(file: string, args: string[], cwd: string, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { cwd, signal, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(Object.assign(error, { stdout, stderr }));
      else resolve();
    });
  });
}

/**
 * Formats `files` (paths relative to `generated/`). Biome runs in its own process, so the caller may do other
 * work meanwhile (the pipeline checks the spec); `signal` stops it.
 */
export async function formatFiles(
  files: Map<string, string>,
  signal?: AbortSignal,
): Promise<Map<string, string>> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hmc-format-'));
  try {
    const config = JSON.parse(fs.readFileSync(path.join(ROOT, '.biome.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    const formatOnly = {
      formatter: config.formatter,
      javascript: config.javascript,
      json: config.json,
      files: { includes: ['**/*.ts', '**/*.json'] },
    };
    fs.writeFileSync(path.join(tmp, 'biome.json'), JSON.stringify(formatOnly));
    const targets: string[] = [];
    for (const [rel, content] of files) {
      const file = path.join(tmp, 'out', rel);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
      if (/\.(ts|json)$/.test(rel)) targets.push(rel);
    }
    if (targets.length > 0) {
      // Formatting and the assists (sorted imports), not the linter: `npx biome check .` lints generated/.
      const args = ['check', '--write', '--linter-enabled=false', '--no-errors-on-unmatched', 'out'];
      const biome = biomeCommand();
      try {
        await run(biome.file, [...biome.args, ...args], tmp, signal);
      } catch (error) {
        // A binary that cannot run here (another libc): the launcher finds the right one.
        if (biome.file === process.execPath || signal?.aborted) throw error;
        const launcher = require.resolve('@biomejs/biome/bin/biome');
        await run(process.execPath, [launcher, ...args], tmp, signal);
      }
    }
    const out = new Map<string, string>();
    for (const rel of files.keys()) out.set(rel, fs.readFileSync(path.join(tmp, 'out', rel), 'utf8'));
    return out;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
