/**
 * Formats emitted TypeScript and JSON with the project's one formatter (Biome, configured in
 * `.biome.json`), so generated and hand-written code look alike. Runs Biome once over a temporary folder.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

export async function formatFiles(files: Map<string, string>): Promise<Map<string, string>> {
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
      const biome = require.resolve('@biomejs/biome/bin/biome');
      execFileSync(process.execPath, [biome, 'check', '--write', '--no-errors-on-unmatched', 'out'], {
        cwd: tmp,
        stdio: 'pipe',
      });
    }
    const out = new Map<string, string>();
    for (const rel of files.keys()) out.set(rel, fs.readFileSync(path.join(tmp, 'out', rel), 'utf8'));
    return out;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
