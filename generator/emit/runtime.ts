/**
 * Emitter: the hand-written parts of the package. Copies `templates/runtime/` (the client's runtime core),
 * `templates/mock/` (the offline mock server), `templates/cli/` (the command line) and `templates/redis/` (the
 * Redis rate-limit store), when present, into `generated/`, so the generated package is self-contained.
 */
import fs from 'node:fs';
import path from 'node:path';
import { listFiles } from '../write.js';

export const COPIED_FOLDERS = ['runtime', 'mock', 'cli', 'redis'] as const;

export function emitRuntime(templatesDir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const folder of COPIED_FOLDERS) {
    const dir = path.join(templatesDir, folder);
    if (!fs.existsSync(dir)) continue;
    for (const rel of listFiles(dir).filter((f) => f.endsWith('.ts'))) {
      const banner = `// Copied from templates/${folder}/${rel} by \`npm run generate\`. Edit the template, not this file.\n`;
      const text = fs.readFileSync(path.join(dir, rel), 'utf8');
      // A shebang must stay the first line.
      const shebang = text.startsWith('#!') ? text.slice(0, text.indexOf('\n') + 1) : '';
      files.set(`${folder}/${rel}`, shebang + banner + text.slice(shebang.length));
    }
  }
  return files;
}
