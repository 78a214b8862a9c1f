/**
 * Every ```ts example in generated/docs/*.md must type-check against the generated client. Each block is
 * written into a temporary folder as its own ES module, with a tsconfig.json that maps the package name
 * `hubspot-marketing-connector` to generated/client/index.ts, and all of them are checked in ONE program.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_NAME } from '../../generator/emit/docs.js';
import { PROJECT_ROOT } from '../../generator/pipeline.js';

const DOCS = path.join(PROJECT_ROOT, 'generated', 'docs');
const CLIENT_ENTRY = path.join(PROJECT_ROOT, 'generated', 'client', 'index.ts');
const ACTION_COUNT = 73;

interface Example {
  /** `campaigns.md#3`: the page and the block's position on it. */
  origin: string;
  /** 1-based line of the block's first code line in the Markdown page. */
  line: number;
  code: string;
  file: string;
}

function extract(): Example[] {
  const out: Example[] = [];
  for (const page of fs
    .readdirSync(DOCS)
    .filter((n) => n.endsWith('.md'))
    .sort()) {
    const lines = fs.readFileSync(path.join(DOCS, page), 'utf8').split('\n');
    let start = -1;
    let n = 0;
    lines.forEach((line, i) => {
      if (start < 0 && /^```(ts|typescript)\s*$/.test(line)) start = i + 1;
      else if (start >= 0 && /^```\s*$/.test(line)) {
        n++;
        out.push({
          origin: `${page}#${n}`,
          line: start + 1,
          code: lines.slice(start, i).join('\n'),
          file: `${page.replace(/\.md$/, '')}-${String(n).padStart(2, '0')}.ts`,
        });
        start = -1;
      }
    });
  }
  return out;
}

let dir: string;
let examples: Example[];
let diagnostics: string[];

beforeAll(() => {
  examples = extract();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hmc-doc-examples-'));
  // ES modules, so the examples' top-level `await` is allowed.
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          lib: ['ES2022', 'DOM', 'DOM.Iterable'],
          types: ['node'],
          typeRoots: [path.join(PROJECT_ROOT, 'node_modules', '@types')],
          strict: true,
          noUncheckedIndexedAccess: true,
          isolatedModules: true,
          verbatimModuleSyntax: true,
          skipLibCheck: true,
          noEmit: true,
          paths: { [PACKAGE_NAME]: [CLIENT_ENTRY] },
        },
        include: ['*.ts'],
      },
      null,
      2,
    ),
  );
  for (const ex of examples) fs.writeFileSync(path.join(dir, ex.file), `${ex.code}\n`);

  const config = ts.getParsedCommandLineOfConfigFile(path.join(dir, 'tsconfig.json'), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!config) throw new Error('the examples tsconfig.json could not be read');
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
  const byFile = new Map(examples.map((ex) => [path.join(dir, ex.file), ex]));
  diagnostics = [...config.errors, ...ts.getPreEmitDiagnostics(program)].map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!d.file || d.start === undefined) return `TS${d.code}: ${message}`;
    const { line } = d.file.getLineAndCharacterOfPosition(d.start);
    const ex = byFile.get(path.resolve(d.file.fileName));
    const where = ex
      ? `docs/${ex.origin.split('#')[0]}:${ex.line + line} (example ${ex.origin})`
      : `${path.relative(PROJECT_ROOT, d.file.fileName)}:${line + 1}`;
    return `${where}: TS${d.code} ${message}`;
  });
}, 60_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('documentation examples', () => {
  it('has at least one example per action plus the quick start', () => {
    expect(examples.length).toBeGreaterThanOrEqual(ACTION_COUNT + 1);
    expect(examples.filter((ex) => ex.origin.startsWith('README.md#'))).toHaveLength(1);
  });

  it('every example imports the client from the package name', () => {
    for (const ex of examples) {
      expect(ex.code, ex.origin).toContain(`import { createHubSpotMarketingClient } from '${PACKAGE_NAME}';`);
    }
  });

  it('calls each action at least once across the examples', () => {
    const catalog = JSON.parse(
      fs.readFileSync(path.join(PROJECT_ROOT, 'generated', 'actions.json'), 'utf8'),
    ) as {
      actions: Array<{ id: string; area: string }>;
    };
    expect(catalog.actions).toHaveLength(ACTION_COUNT);
    const all = examples.map((ex) => ex.code).join('\n');
    const uncalled = catalog.actions
      .filter((a) => !all.includes(`client.${a.area}.${a.id}(`))
      .map((a) => a.id);
    expect(uncalled).toEqual([]);
  });

  it('all examples type-check against the generated client, in one program', () => {
    expect(diagnostics).toEqual([]);
  });
});
