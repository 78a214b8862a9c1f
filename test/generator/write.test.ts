/** The write stage: atomic replacement of the output folder, and the comparison `--check` relies on. */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compareOutput, isStale, writeOutput } from '../../generator/write.js';
import { fingerprint, makeTempDir } from './helpers.js';

let parent: string;
let out: string;

beforeEach(() => {
  parent = makeTempDir('write-output-');
  out = path.join(parent, 'generated');
});
afterEach(() => {
  fs.rmSync(parent, { recursive: true, force: true });
});

function put(rel: string, content: string): void {
  const file = path.join(out, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

function read(rel: string): string {
  return fs.readFileSync(path.join(out, rel), 'utf8');
}

describe('writeOutput', () => {
  it('replaces the folder: old files are gone, new ones present, no temp folder left beside it', () => {
    put('old.ts', 'old');
    put('client/old-area.ts', 'old area');
    put('client/index.ts', 'old index');
    const files = new Map([
      ['client/index.ts', 'new index\n'],
      ['docs/deep/nested/README.md', '# new\n'],
      ['schema.ts', 'export {};\n'],
    ]);

    writeOutput(out, files);

    expect([...fingerprint(out).keys()]).toEqual([
      'client',
      'client/index.ts',
      'docs',
      'docs/deep',
      'docs/deep/nested',
      'docs/deep/nested/README.md',
      'schema.ts',
    ]);
    for (const [rel, content] of files) expect(read(rel)).toBe(content);
    expect(fs.readdirSync(parent)).toEqual(['generated']);
    expect(isStale(compareOutput(out, files))).toBe(false);
  });

  it('creates the folder when it does not exist yet', () => {
    writeOutput(out, new Map([['a/b.ts', 'b']]));
    expect(read('a/b.ts')).toBe('b');
    expect(fs.readdirSync(parent)).toEqual(['generated']);
  });

  it('accepts a trailing slash on the folder', () => {
    put('old.ts', 'old');
    writeOutput(`${out}${path.sep}`, new Map([['new.ts', 'new']]));
    expect([...fingerprint(out).keys()]).toEqual(['new.ts']);
    expect(fs.readdirSync(parent)).toEqual(['generated']);
  });

  it('leaves the old folder untouched, and no temp folder, when a file cannot be written', () => {
    put('keep.ts', 'keep');
    put('docs/keep.md', 'keep');
    const before = fingerprint(out);
    // `x` is written as a file, so the folder `x/` for `x/y.ts` cannot be created.
    const files = new Map([
      ['a.ts', 'a'],
      ['x', 'a file'],
      ['x/y.ts', 'below a file'],
    ]);

    expect(() => writeOutput(out, files)).toThrow();

    expect(fingerprint(out)).toEqual(before);
    expect(fs.readdirSync(parent)).toEqual(['generated']);
  });

  it.runIf(process.platform !== 'win32')(
    'gives the new folder the same permissions as any folder created beside it',
    () => {
      const reference = path.join(parent, 'reference');
      fs.mkdirSync(reference);
      writeOutput(out, new Map([['a.ts', 'a']]));
      const mode = (p: string) => fs.statSync(p).mode & 0o777;
      expect(mode(out).toString(8)).toBe(mode(reference).toString(8));
    },
  );
});

describe('compareOutput', () => {
  it('reports changed, missing and extra files, nested ones included', () => {
    put('same.ts', 'same');
    put('changed.ts', 'before');
    put('client/changed.ts', 'before');
    put('extra.ts', 'extra');
    put('docs/old/extra.md', 'extra');
    const files = new Map([
      ['same.ts', 'same'],
      ['changed.ts', 'after'],
      ['client/changed.ts', 'after'],
      ['missing.ts', 'missing'],
      ['docs/new/missing.md', 'missing'],
    ]);

    const s = compareOutput(out, files);

    expect(s).toEqual({
      changed: ['changed.ts', 'client/changed.ts'],
      missing: ['missing.ts', 'docs/new/missing.md'],
      extra: ['docs/old/extra.md', 'extra.ts'],
    });
    expect(isStale(s)).toBe(true);
  });

  it('tells a one-byte difference (a trailing newline) apart', () => {
    put('a.ts', 'export {};');
    expect(compareOutput(out, new Map([['a.ts', 'export {};\n']]))).toEqual({
      changed: ['a.ts'],
      missing: [],
      extra: [],
    });
  });

  it('reports nothing when the folder matches, and writes nothing', () => {
    put('a.ts', 'a');
    put('docs/b.md', 'b');
    const before = fingerprint(out);
    const s = compareOutput(
      out,
      new Map([
        ['a.ts', 'a'],
        ['docs/b.md', 'b'],
      ]),
    );
    expect(s).toEqual({ changed: [], missing: [], extra: [] });
    expect(isStale(s)).toBe(false);
    expect(fingerprint(out)).toEqual(before);
  });

  it('reports every file missing when the folder does not exist', () => {
    const s = compareOutput(
      out,
      new Map([
        ['a.ts', 'a'],
        ['b/c.ts', 'c'],
      ]),
    );
    expect(s).toEqual({ changed: [], missing: ['a.ts', 'b/c.ts'], extra: [] });
    expect(fs.existsSync(out)).toBe(false);
  });
});
