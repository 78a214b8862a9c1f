/**
 * The loader reads spec files with js-yaml when it can (fast) and with `yaml` otherwise (syntax errors, line
 * numbers). Both must give the same data: `yaml`'s YAML 1.2 core schema.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { loadSpec, quickParse } from '../../generator/load.js';
import { makeTempDir, PROJECT_ROOT } from './helpers.js';

const dir = makeTempDir('load-yaml-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let n = 0;
function load(text: string) {
  const file = path.join(dir, `case-${n++}.yaml`);
  fs.writeFileSync(file, text);
  return loadSpec(file).document;
}

const SCALARS = [
  '1',
  '+12',
  '-0',
  '012',
  '08',
  '0o17',
  '0x1F',
  '0b101',
  '1_000',
  '1.',
  '.5',
  '1e3',
  '1.5e-3',
  '.inf',
  '-.Inf',
  '.NaN',
  '~',
  '',
  'Null',
  'NULL',
  'true',
  'TRUE',
  'tRue',
  'yes',
  'on',
  'off',
  '2020-01-01',
  '2001-12-14t21:59:43.10-05:00',
  '1:30',
  "'1'",
  '"true"',
  '!!str 12',
  '<<',
];

describe('loading YAML', () => {
  it.each(SCALARS)('resolves the plain scalar %j as yaml does', (scalar) => {
    const text = `a: ${scalar}\n`;
    const want = parseDocument(text).toJS() as { a: unknown };
    const got = load(text) as { a: unknown };
    if (Number.isNaN(want.a)) expect(got.a).toBeNaN();
    else expect(got).toStrictEqual(want);
  });

  it('reads keys, block and folded scalars, flow collections and merge-looking keys as yaml does', () => {
    const text = [
      '200: ok',
      'true: yes',
      'b: |',
      '  line',
      '  two',
      'c: >-',
      '  folded',
      '  text',
      '',
      '  para',
      'd: {x: [1, "2", three], y: null}',
      'e:',
      '  <<: {k: v}',
      '',
    ].join('\n');
    expect(load(text)).toStrictEqual(parseDocument(text).toJS());
  });

  it('gives an alias the same data as its anchor', () => {
    const text = 'a: &x {k: [1, 2]}\nb: *x\n';
    const got = load(text) as { a: unknown; b: unknown };
    expect(got).toStrictEqual(parseDocument(text).toJS());
  });

  it('refuses a file whose aliases expand without bound, as yaml does', () => {
    const rows = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (const [i, c] of ['b', 'c', 'd', 'e', 'f', 'g'].entries()) {
      const prev = String.fromCharCode(97 + i);
      rows.push(`${c}: &${c} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    }
    expect(() => load(`${rows.join('\n')}\n`)).toThrow(/alias/i);
  });

  it('reads every file of spec/ on the fast path, to the same data as yaml', () => {
    const specDir = path.join(PROJECT_ROOT, 'spec');
    const files = fs.readdirSync(specDir).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(1);
    for (const f of files) {
      const text = fs.readFileSync(path.join(specDir, f), 'utf8');
      const fast = quickParse(text);
      expect(fast, `${f} takes the fast path`).toBeDefined();
      expect(isDeepStrictEqual(fast, parseDocument(text).toJS()), f).toBe(true);
    }
  });

  it('leaves to yaml what js-yaml cannot read the same way', () => {
    expect(quickParse('a: 1\na: 2\n')).toBeUndefined(); // duplicate key: yaml reports it with its line
    expect(quickParse('a: [1\n')).toBeUndefined(); // syntax error
    expect(quickParse('%YAML 1.1\n---\na: yes\n')).toBeUndefined(); // another schema
    expect(quickParse('a: &x [*x]\n')).toBeUndefined(); // an alias inside its own anchor
    expect(quickParse('a: !!binary aGk=\n')).toBeUndefined(); // a tag the core schema does not have
  });
});
