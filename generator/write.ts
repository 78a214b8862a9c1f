/**
 * Last stage, write: replaces `generated/` atomically (write a sibling temp folder, then swap), or, with
 * `--check`, compares without writing anything.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface Staleness {
  /** Files whose content differs. */
  changed: string[];
  /** Files the spec gives that are not on disk. */
  missing: string[];
  /** Files on disk the spec no longer gives. */
  extra: string[];
}

/** Every file under `dir`, as sorted `/`-separated paths relative to it; `[]` when `dir` does not exist. */
export function listFiles(dir: string, base = dir): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory()
        ? listFiles(path.join(dir, e.name), base)
        : [path.relative(base, path.join(dir, e.name)).split(path.sep).join('/')],
    )
    .sort();
}

/** Compares `files` with what is in `outDir`. */
export function compareOutput(outDir: string, files: Map<string, string>): Staleness {
  const onDisk = new Set(listFiles(outDir));
  const result: Staleness = { changed: [], missing: [], extra: [] };
  for (const [rel, content] of files) {
    if (!onDisk.has(rel)) result.missing.push(rel);
    else if (fs.readFileSync(path.join(outDir, rel), 'utf8') !== content) result.changed.push(rel);
    onDisk.delete(rel);
  }
  result.extra = [...onDisk];
  return result;
}

export function isStale(s: Staleness): boolean {
  return s.changed.length + s.missing.length + s.extra.length > 0;
}

/** Writes `files` into a temp folder beside `outDir`, then swaps it in. `outDir` is never half-written. */
export function writeOutput(outDir: string, files: Map<string, string>): void {
  const parent = path.dirname(path.resolve(outDir));
  const name = path.basename(outDir);
  // Not mkdtemp: its 0700 mode would end up on generated/ after the swap.
  const tmp = path.join(parent, `.${name}-tmp-${process.pid}-${Date.now()}`);
  fs.mkdirSync(tmp);
  const old = path.join(parent, `.${name}-old-${process.pid}-${Date.now()}`);
  try {
    for (const [rel, content] of files) {
      const file = path.join(tmp, rel);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
    }
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  const had = fs.existsSync(outDir);
  try {
    if (had) fs.renameSync(outDir, old);
    try {
      fs.renameSync(tmp, outDir);
    } catch (e) {
      if (had) fs.renameSync(old, outDir);
      throw e;
    }
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  if (had) fs.rmSync(old, { recursive: true, force: true });
}
