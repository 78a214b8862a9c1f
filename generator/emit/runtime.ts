/**
 * Emitter: the runtime core. Copies the hand-written files of `templates/runtime/` into
 * `generated/runtime/`, so the generated client is self-contained.
 */
import fs from 'node:fs';
import path from 'node:path';

export function emitRuntime(templatesDir: string): Map<string, string> {
  const dir = path.join(templatesDir, 'runtime');
  const files = new Map<string, string>();
  for (const name of fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.ts'))
    .sort()) {
    const banner = `// Copied from templates/runtime/${name} by \`npm run generate\`. Edit the template, not this file.\n`;
    files.set(`runtime/${name}`, banner + fs.readFileSync(path.join(dir, name), 'utf8'));
  }
  return files;
}
