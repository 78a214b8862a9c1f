/**
 * Unit assertions on each emitter's output (types, client, docs, catalog, runtime) for the model built from
 * the real spec, plus determinism, the docs template filler and the example literal renderer.
 */
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { emitCatalog } from '../../generator/emit/catalog.js';
import { emitClient, inputOptional } from '../../generator/emit/client.js';
import { emitDocs, fill, PACKAGE_NAME } from '../../generator/emit/docs.js';
import {
  exampleCall,
  exampleInput,
  exampleProgram,
  returnsNothing,
  tsLiteral,
} from '../../generator/emit/example.js';
import { GENERATED_HEADER } from '../../generator/emit/header.js';
import { emitTypes } from '../../generator/emit/types.js';
import { isObject, type Json, type JsonObject } from '../../generator/load.js';
import type { Action, Area } from '../../generator/model.js';
import { type Compiled, compile, PROJECT_ROOT } from '../../generator/pipeline.js';
import { compareOutput } from '../../generator/write.js';

const TEMPLATES = path.join(PROJECT_ROOT, 'templates');

let compiled: Compiled;
let second: Compiled;

beforeAll(async () => {
  // Two full runs for the determinism check; every other test reads the first.
  [compiled, second] = await Promise.all([compile(), compile()]);
}, 120_000);

const file = (rel: string): string => {
  const text = compiled.files.get(rel);
  if (text === undefined) throw new Error(`compile() gave no ${rel}`);
  return text;
};
const areaOf = (a: Action): Area => {
  const area = compiled.model.areas.find((x) => x.key === a.areaKey);
  if (!area) throw new Error(`no area ${a.areaKey}`);
  return area;
};

// ---------------------------------------------------------------------------------------------------------
// Markdown helpers

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to dashes, `-1`, `-2` for repeats. */
function anchorsOf(markdown: string): Set<string> {
  const out = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const m = fenced ? null : /^#{1,6}\s+(.*)$/.exec(line);
    if (!m) continue;
    const text = (m[1] ?? '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replaceAll('`', '');
    const base = text
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replaceAll(' ', '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** The cells of a Markdown table row (escaped `\|` stays inside its cell). */
function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

/** The body rows of every table whose header row starts with the given cells. */
function tablesWithHeader(markdown: string, header: string[]): string[][][] {
  const lines = markdown.split('\n');
  const tables: string[][][] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (!line.startsWith('|')) continue;
    const head = cells(line);
    if (header.some((h, j) => head[j] !== h)) continue;
    const rows: string[][] = [];
    for (let j = i + 2; j < lines.length && (lines[j] ?? '').startsWith('|'); j++)
      rows.push(cells(lines[j] ?? ''));
    tables.push(rows);
  }
  return tables;
}

/** The ```ts blocks of a Markdown text. */
function tsBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => (m[1] ?? '').replace(/\n$/, ''));
}

/** The `## id` sections of an area page, by id. */
function actionSections(markdown: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of markdown.split(/^## /m).slice(1)) {
    const id = part.split('\n', 1)[0]?.trim() ?? '';
    out.set(id, part);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// TypeScript helpers

function parse(rel: string): ts.SourceFile {
  return ts.createSourceFile(rel, file(rel), ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
}

function walk(node: ts.Node, visit: (n: ts.Node) => void): void {
  visit(node);
  node.forEachChild((child) => walk(child, visit));
}

function interfaceMembers(sf: ts.SourceFile, name: string): string[] {
  const decl = sf.statements.find(
    (s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === name,
  );
  if (!decl) throw new Error(`${sf.fileName}: no interface ${name}`);
  return decl.members.flatMap((m) =>
    m.name && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name)) ? [m.name.text] : [],
  );
}

/** The text of the last JSDoc block before `node`, without the comment markers. */
function jsDocOf(sf: ts.SourceFile, node: ts.Node): string {
  const ranges = ts.getLeadingCommentRanges(sf.text, node.pos) ?? [];
  const last = ranges.filter((r) => sf.text.startsWith('/**', r.pos)).pop();
  if (!last) return '';
  return sf.text
    .slice(last.pos + 3, last.end - 2)
    .split('\n')
    .map((l) => l.replace(/^\s*\* ?/, ''))
    .join('\n')
    .trim();
}

/** The exported `const <name> = ...` statement of a module, and its one declaration. */
function exportedConst(
  sf: ts.SourceFile,
  name: string,
): { statement: ts.VariableStatement; declaration: ts.VariableDeclaration } | undefined {
  for (const s of sf.statements) {
    if (!ts.isVariableStatement(s)) continue;
    if (!ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    for (const d of s.declarationList.declarations)
      if (ts.isIdentifier(d.name) && d.name.text === name) return { statement: s, declaration: d };
  }
  return undefined;
}

/** `name = callee(args)`: the callee and the argument texts of an exported const's initializer. */
function madeBy(sf: ts.SourceFile, name: string): { callee: string; args: ts.Expression[] } {
  const init = exportedConst(sf, name)?.declaration.initializer;
  if (!init || !ts.isCallExpression(init)) throw new Error(`${sf.fileName}: ${name} is not made by a call`);
  return { callee: init.expression.getText(sf), args: [...init.arguments] };
}

/** The descriptor of an action, `action({ ... })`'s one argument, as plain JSON. */
function infoOf(sf: ts.SourceFile, name: string): JsonObject {
  const { args } = madeBy(sf, name);
  const init = args[0];
  if (args.length !== 1 || !init) throw new Error(`${sf.fileName}: ${name} takes ${args.length} arguments`);
  const toJson = (e: ts.Expression): Json => {
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return e.text;
    if (ts.isNumericLiteral(e)) return Number(e.text);
    if (e.kind === ts.SyntaxKind.TrueKeyword) return true;
    if (e.kind === ts.SyntaxKind.FalseKeyword) return false;
    if (ts.isArrayLiteralExpression(e)) return e.elements.map(toJson);
    if (ts.isObjectLiteralExpression(e)) {
      const o: JsonObject = {};
      for (const p of e.properties)
        if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)))
          o[p.name.text] = toJson(p.initializer);
      return o;
    }
    throw new Error(`${sf.fileName}: ${name} holds a non-literal: ${e.getText(sf)}`);
  };
  const value = toJson(init);
  if (!isObject(value)) throw new Error(`${sf.fileName}: ${name} is not an object literal`);
  return value;
}

/** Every .ts file under the template folders the generator copies, in the emitter's order. */
const generatedTs = (): string[] => [...compiled.files.keys()].filter((k) => k.endsWith('.ts'));

// =========================================================================================================

describe('pipeline output', () => {
  it('gives schema.ts, the client, the docs and the catalog, and nothing else (no copy of src/)', () => {
    const areas = compiled.model.areas.map((a) => a.slug);
    expect([...compiled.files.keys()].sort()).toEqual(
      [
        'schema.ts',
        'actions.json',
        'openapi.json',
        'client/core.ts',
        'client/index.ts',
        ...areas.map((s) => `client/${s}.ts`),
        'docs/README.md',
        'docs/schemas.md',
        ...areas.map((s) => `docs/${s}.md`),
      ].sort(),
    );
  });

  it('is deterministic: two compile() runs give byte-identical files in the same order', () => {
    expect([...second.files.keys()]).toEqual([...compiled.files.keys()]);
    for (const [rel, text] of compiled.files) expect(second.files.get(rel) === text, rel).toBe(true);
  });

  it('matches generated/ on disk (so the type and docs tests check current output)', () => {
    expect(compareOutput(path.join(PROJECT_ROOT, 'generated'), compiled.files)).toEqual({
      changed: [],
      missing: [],
      extra: [],
    });
  });

  it('contains no `any` type anywhere in the generated TypeScript', () => {
    for (const rel of generatedTs()) {
      const found: string[] = [];
      const sf = parse(rel);
      walk(sf, (n) => {
        if (n.kind === ts.SyntaxKind.AnyKeyword)
          found.push(`${rel}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`);
      });
      expect(found, rel).toEqual([]);
    }
  });

  it('every generated TypeScript file parses without syntax errors', () => {
    for (const rel of generatedTs()) {
      const out = ts.transpileModule(file(rel), {
        fileName: rel,
        reportDiagnostics: true,
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      });
      expect(
        (out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
        rel,
      ).toEqual([]);
    }
  }, 60_000); // 67 files, transpiled one by one; slow on a loaded machine
});

// =========================================================================================================

describe('types emitter (schema.ts)', () => {
  let raw: Map<string, string>;
  let sf: ts.SourceFile;
  beforeAll(async () => {
    raw = await emitTypes(compiled.model);
    sf = parse('schema.ts');
  });

  it('emits only schema.ts, starting with the generated banner', () => {
    expect([...raw.keys()]).toEqual(['schema.ts']);
    expect(raw.get('schema.ts')?.startsWith(GENERATED_HEADER)).toBe(true);
    expect(file('schema.ts').startsWith(GENERATED_HEADER)).toBe(true);
  });

  it('has `operations` with exactly the 73 action ids', () => {
    expect(interfaceMembers(sf, 'operations').sort()).toEqual(compiled.model.actions.map((a) => a.id).sort());
  });

  it('has `paths` with every path of the spec', () => {
    expect(interfaceMembers(sf, 'paths').sort()).toEqual(
      [...new Set(compiled.model.actions.map((a) => a.path))].sort(),
    );
  });

  it('has `components` with every schema of the spec', () => {
    const components = compiled.model.document.components;
    const schemas =
      isObject(components) && isObject(components.schemas) ? Object.keys(components.schemas) : [];
    expect(schemas.length).toBeGreaterThan(0);
    const text = file('schema.ts');
    const start = text.indexOf('export interface components {');
    const end = text.indexOf('export interface operations {');
    const block = text.slice(start, end);
    for (const name of schemas) expect(block, name).toMatch(new RegExp(`\\n {4}'?${name}'?: `));
  });

  it('types required path parameters as required members', () => {
    const text = file('schema.ts');
    const op = text.slice(text.indexOf('\n  getCampaign: {'));
    const pathBlock = op.slice(op.indexOf('path: {'), op.indexOf('cookie?:'));
    expect(pathBlock).toMatch(/\bcampaignGuid: string;/);
  });
});

// =========================================================================================================

describe('client emitter', () => {
  let raw: Map<string, string>;
  beforeAll(() => {
    raw = emitClient(compiled.model);
  });

  it('emits core.ts, index.ts and one module per area, each with the generated banner', () => {
    expect([...raw.keys()].sort()).toEqual(
      ['client/core.ts', 'client/index.ts', ...compiled.model.areas.map((a) => `client/${a.slug}.ts`)].sort(),
    );
    for (const [rel, text] of raw) expect(text.startsWith(GENERATED_HEADER), rel).toBe(true);
    for (const rel of raw.keys()) expect(file(rel).startsWith(GENERATED_HEADER), rel).toBe(true);
  });

  it('exports, per action, a function, its Input and Output types, in its area module', () => {
    for (const area of compiled.model.areas) {
      const sf = parse(`client/${area.slug}.ts`);
      const exported = new Set<string>();
      for (const s of sf.statements) {
        const isExported =
          ts.canHaveModifiers(s) && ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
        if (!isExported) continue;
        if (ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s) || ts.isFunctionDeclaration(s)) {
          if (s.name) exported.add(s.name.text);
        }
        if (ts.isVariableStatement(s))
          for (const d of s.declarationList.declarations)
            if (ts.isIdentifier(d.name)) exported.add(d.name.text);
      }
      const api = `${area.key[0]?.toUpperCase()}${area.key.slice(1)}Api`;
      const expected = [
        api,
        `create${api}`,
        ...area.actions.flatMap((a) => {
          const P = `${a.id[0]?.toUpperCase()}${a.id.slice(1)}`;
          return [a.id, `${P}Input`, `${P}Output`];
        }),
      ];
      // Other exports (paginators, item types...) may come beside these.
      expect([...exported], area.slug).toEqual(expect.arrayContaining(expected));
      const members = interfaceMembers(sf, api);
      const ids = new Set(area.actions.map((a) => a.id));
      expect(
        members.filter((m) => ids.has(m)),
        area.slug,
      ).toEqual(area.actions.map((a) => a.id));
    }
  });

  it('gives every action function a JSDoc with its summary, an @example calling it and a @see to an existing doc anchor', () => {
    let checked = 0;
    for (const area of compiled.model.areas) {
      const rel = `client/${area.slug}.ts`;
      const sf = parse(rel);
      for (const a of area.actions) {
        const fn = exportedConst(sf, a.id);
        expect(fn, a.id).toBeDefined();
        if (!fn) continue;
        const jsDoc = jsDocOf(sf, fn.statement);
        expect(jsDoc.split('\n')[0], a.id).toBe(a.summary.trim());
        expect(jsDoc, a.id).toContain(`\`${a.method.toUpperCase()} ${a.path}\``);

        const example = /@example\n```ts\n([\s\S]*?)\n```/.exec(jsDoc);
        expect(example, `${a.id}: @example`).not.toBeNull();
        expect(example?.[1], a.id).toContain(`client.${area.key}.${a.id}(`);
        expect(example?.[1], a.id).toBe(exampleCall(a).replaceAll('*/', '*\\/'));

        const see = /@see \[([^\]]*)\]\(([^)#]+)#([^)]+)\)/.exec(jsDoc);
        expect(see, `${a.id}: @see`).not.toBeNull();
        if (!see) continue;
        expect(see[1], a.id).toBe(a.summary.trim());
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(rel), see[2] ?? ''));
        expect(target, a.id).toBe(`docs/${area.slug}.md`);
        expect(anchorsOf(file(target)).has(see[3] ?? ''), `${a.id}: #${see[3]}`).toBe(true);
        expect(jsDoc.includes('@deprecated'), a.id).toBe(a.deprecated);
        checked++;
      }
    }
    expect(checked).toBe(73);
  });

  it('every Markdown link in the client JSDoc points to an existing doc page and anchor', () => {
    const broken: string[] = [];
    let links = 0;
    for (const rel of [...compiled.files.keys()].filter((k) => k.startsWith('client/'))) {
      for (const m of file(rel).matchAll(/\]\((\.\.\/docs\/[^)#\s]+)(?:#([^)\s]+))?\)/g)) {
        links++;
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(rel), m[1] ?? ''));
        if (!compiled.files.has(target)) broken.push(`${rel}: ${m[0]} (no file)`);
        else if (m[2] !== undefined && !anchorsOf(file(target)).has(m[2])) broken.push(`${rel}: ${m[0]}`);
      }
    }
    expect(broken).toEqual([]);
    expect(links).toBeGreaterThanOrEqual(73);
  });

  it('makes the input parameter optional exactly when nothing in it is required', () => {
    for (const area of compiled.model.areas) {
      const sf = parse(`client/${area.slug}.ts`);
      for (const a of area.actions) {
        // `HubSpotAction<[input: ..., options?: ...], Output>`: the arguments after the core, as a tuple.
        const type = exportedConst(sf, a.id)?.declaration.type;
        const ref = type && ts.isTypeReferenceNode(type) ? type : undefined;
        expect(ref?.typeName.getText(sf), a.id).toBe('HubSpotAction');
        const tuple = ref?.typeArguments?.[0];
        const input = tuple && ts.isTupleTypeNode(tuple) ? tuple.elements[0] : undefined;
        expect(input && ts.isNamedTupleMember(input), a.id).toBe(true);
        expect(input?.getText(sf), a.id).toMatch(/^input\??: /);
        expect(input && ts.isNamedTupleMember(input) && input.questionToken !== undefined, a.id).toBe(
          inputOptional(a),
        );
      }
    }
  });

  it('types body-less success as `undefined` and others from `operations`', () => {
    for (const area of compiled.model.areas) {
      const sf = parse(`client/${area.slug}.ts`);
      for (const a of area.actions) {
        const P = `${a.id[0]?.toUpperCase()}${a.id.slice(1)}`;
        const alias = sf.statements.find(
          (s): s is ts.TypeAliasDeclaration => ts.isTypeAliasDeclaration(s) && s.name.text === `${P}Output`,
        );
        const type = alias?.type.getText(sf).replace(/\s+/g, ' ') ?? '';
        if (returnsNothing(a)) expect(type, a.id).toBe('undefined');
        else {
          for (const r of a.success.filter((x) => x.schema !== undefined))
            expect(type, a.id).toContain(
              `operations['${a.id}']['responses'][${r.status}]['content']['application/json']`,
            );
        }
      }
    }
  });

  it('records each action id, method, path, credential, pagination and batch limit for the runtime', () => {
    for (const area of compiled.model.areas) {
      const sf = parse(`client/${area.slug}.ts`);
      for (const a of area.actions) {
        const info = infoOf(sf, a.id);
        expect(info, a.id).toMatchObject({
          id: a.id,
          method: a.method,
          path: a.path,
          credential: a.credential,
        });
        if (a.pagination)
          expect(info.pagination, a.id).toMatchObject({
            cursorParam: a.pagination.cursorParam,
            nextCursorPath: a.pagination.nextCursorPath,
            itemsPath: a.pagination.itemsPath,
          });
        else expect(info.pagination, a.id).toBeUndefined();
        if (a.batch) expect(info.batch, a.id).toEqual(a.batch);
        else expect(info.batch, a.id).toBeUndefined();
      }
    }
  });

  it('makes every action one call into the runtime with its descriptor, and every paginator one line', () => {
    let checked = 0;
    for (const area of compiled.model.areas) {
      const sf = parse(`client/${area.slug}.ts`);
      for (const a of area.actions) {
        const made = madeBy(sf, a.id);
        expect(made.callee, a.id).toBe(a.batch ? 'batchAction' : 'action');
        expect(made.args.length, a.id).toBe(1);
        expect(ts.isObjectLiteralExpression(made.args[0] as ts.Expression), a.id).toBe(true);
        // Marked pure, so that a bundler drops the actions an app does not import.
        const text = exportedConst(sf, a.id)?.statement.getFullText(sf) ?? '';
        expect(text, a.id).toContain(`/* @__PURE__ */ ${made.callee}(`);
        if (a.pagination) {
          for (const [name, callee] of [
            [`${a.id}Pages`, 'pagesOf'],
            [`${a.id}All`, 'itemsOf'],
          ] as const) {
            const paginator = madeBy(sf, name);
            expect(paginator.callee, name).toBe(callee);
            expect(
              paginator.args.map((e) => e.getText(sf)),
              name,
            ).toEqual([a.id]);
          }
        } else {
          expect(exportedConst(sf, `${a.id}Pages`), a.id).toBeUndefined();
        }
        checked++;
      }
    }
    expect(checked).toBe(73);
    // The client factory is one call into the runtime too: no action is spelled out twice.
    const index = file('client/index.ts');
    expect(index).not.toContain('resultify');
    expect(index).toMatch(/const create = createHubSpotCore as /);
    expect(index).toMatch(/return createClient\(\s*create,\s*options,\s*tables\s*\)/);
  });

  it('index.ts: ActionMap has all 73 actions and the client factory binds every area', () => {
    const sf = parse('client/index.ts');
    expect(interfaceMembers(sf, 'ActionMap')).toEqual(compiled.model.actions.map((a) => a.id));
    expect(interfaceMembers(sf, 'HubSpotMarketingClient')).toEqual(
      expect.arrayContaining(['core', ...compiled.model.areas.map((a) => a.key), 'invoke']),
    );
    const text = file('client/index.ts');
    expect(text).toContain('export function createHubSpotMarketingClient(');
    for (const a of compiled.model.areas) expect(text).toContain(`export * from './${a.slug}.js';`);
    expect(text).toContain(
      `Creates a client for the ${compiled.model.actions.length} HubSpot Marketing actions.`,
    );
  });
});

// =========================================================================================================

describe('docs emitter', () => {
  const docsFiles = (): string[] => [...compiled.files.keys()].filter((k) => k.startsWith('docs/'));
  let raw: Map<string, string>;
  beforeAll(() => {
    raw = emitDocs(compiled.model, TEMPLATES);
  });

  it('emits README.md, schemas.md and one page per area, with every slot filled', () => {
    expect([...raw.keys()].sort()).toEqual(
      ['docs/README.md', 'docs/schemas.md', ...compiled.model.areas.map((a) => `docs/${a.slug}.md`)].sort(),
    );
    for (const rel of docsFiles()) expect(file(rel), rel).not.toMatch(/\{\{\w+\}\}/);
  });

  it('README indexes all 73 actions by area, with per-area counts summing to 73', () => {
    const readme = file('docs/README.md');
    const headings = [...readme.matchAll(/^### \[([^\]]+)\]\(([^)]+)\.md\) \((\d+)\)$/gm)];
    expect(headings.map((m) => [m[1], m[2], Number(m[3])])).toEqual(
      compiled.model.areas.map((a) => [a.name, a.slug, a.actions.length]),
    );
    expect(headings.reduce((n, m) => n + Number(m[3]), 0)).toBe(73);

    const tables = tablesWithHeader(readme, ['Action', 'Method and path', 'Summary', 'Connector group']);
    expect(tables).toHaveLength(compiled.model.areas.length);
    compiled.model.areas.forEach((area, i) => {
      const rows = tables[i] ?? [];
      expect(
        rows.map((r) => r[0]),
        area.key,
      ).toEqual(area.actions.map((a) => `[\`${a.id}\`](${area.slug}.md#${a.id.toLowerCase()})`));
      expect(
        rows.map((r) => r[3]),
        area.key,
      ).toEqual(area.actions.map((a) => `\`${a.connectorGroup}\``));
    });
  });

  it('README indexes all 73 actions by connector group, with counts summing to 73', () => {
    const readme = file('docs/README.md');
    const [rows = []] = tablesWithHeader(readme, ['Connector group', 'Actions', 'Count']);
    const total = rows.pop();
    expect(total).toEqual(['**Total**', '', '**73**']);
    expect(rows.map((r) => r[0])).toEqual(compiled.model.groups.map((g) => `\`${g.name}\``));
    let sum = 0;
    const listed: string[] = [];
    for (const [i, row] of rows.entries()) {
      const ids = [...(row[1] ?? '').matchAll(/\[`(\w+)`\]/g)].map((m) => m[1] ?? '');
      expect(Number(row[2]), row[0]).toBe(ids.length);
      expect(ids, row[0]).toEqual(compiled.model.groups[i]?.actions.map((a) => a.id));
      sum += Number(row[2]);
      listed.push(...ids);
    }
    expect(sum).toBe(73);
    expect(listed.sort()).toEqual(compiled.model.actions.map((a) => a.id).sort());
  });

  it('has no parameter row with an empty name on any page', () => {
    let rowsSeen = 0;
    for (const rel of docsFiles()) {
      for (const rows of tablesWithHeader(file(rel), ['Name', 'In', 'Type', 'Required', 'Description'])) {
        for (const row of rows) {
          rowsSeen++;
          expect(row[0], `${rel}: ${row.join(' | ')}`).toMatch(/^`[^`\s]+`$/);
          expect(['path', 'query', 'header'], `${rel}: ${row.join(' | ')}`).toContain(row[1]);
          expect(row, rel).toHaveLength(5);
        }
      }
    }
    const paramCount = compiled.model.actions.reduce(
      (n, a) => n + a.params.filter((p) => p.in !== 'cookie').length,
      0,
    );
    expect(rowsSeen).toBe(paramCount);
  });

  it('has no property row with an empty field name', () => {
    for (const rel of docsFiles()) {
      for (const rows of tablesWithHeader(file(rel), ['Field', 'Type', 'Required', 'Description'])) {
        for (const row of rows) expect(row[0], `${rel}: ${row.join(' | ')}`).toMatch(/^`[^`]+`$/);
      }
    }
  });

  it("each area page's action table lists every action, one per row, linked in the first column", () => {
    for (const area of compiled.model.areas) {
      const [rows = []] = tablesWithHeader(file(`docs/${area.slug}.md`), [
        'Action',
        'Method and path',
        'Summary',
      ]);
      expect(
        rows.map((r) => r.length),
        area.slug,
      ).toEqual(area.actions.map(() => 3));
      expect(
        rows.map((r) => r[0]),
        area.slug,
      ).toEqual(area.actions.map((a) => `[\`${a.id}\`](#${a.id.toLowerCase()})`));
    }
  });

  it('each action section says which input members carry its parameters, and only those', () => {
    const seen = new Set<string>();
    for (const area of compiled.model.areas) {
      const sections = actionSections(file(`docs/${area.slug}.md`));
      for (const a of area.actions) {
        const section = sections.get(a.id) ?? '';
        const line = /^Passed as (.*)\.$/m.exec(section)?.[1];
        const members = ['path', 'query', 'header'].filter((w) => a.params.some((p) => p.in === w));
        if (members.length === 0) {
          expect(line, a.id).toBeUndefined();
          continue;
        }
        const named = [...(line ?? '').matchAll(/`input\.(\w+)`/g)].map((m) => m[1]);
        expect(named, a.id).toEqual(members);
        seen.add(members.join('+'));
      }
    }
    // The spec has actions of each kind, so every branch is exercised.
    expect([...seen].sort()).toEqual(['path', 'path+query', 'query']);
  });

  it('each area page has a section per action with an Example that is the shared example program', () => {
    /** The formatter may re-wrap the code blocks: compare without layout. */
    const layoutFree = (code: string) => code.replace(/,(\s*[\]}])/g, '$1').replace(/\s+/g, '');
    let examples = 0;
    for (const area of compiled.model.areas) {
      const page = file(`docs/${area.slug}.md`);
      const sections = actionSections(page);
      const rawSections = actionSections(raw.get(`docs/${area.slug}.md`) ?? '');
      expect([...sections.keys()], area.slug).toEqual(area.actions.map((a) => a.id));
      for (const a of area.actions) {
        const section = sections.get(a.id) ?? '';
        expect(section, a.id).toContain('\n### Example\n');
        const blocks = tsBlocks(section.slice(section.indexOf('\n### Example\n')));
        expect(blocks, a.id).toHaveLength(1);
        const program = exampleProgram(a, PACKAGE_NAME);
        expect(tsBlocks(rawSections.get(a.id) ?? ''), a.id).toEqual([program]);
        expect(layoutFree(blocks[0] ?? ''), a.id).toBe(layoutFree(program));
        expect(blocks[0], a.id).toContain(`client.${area.key}.${a.id}(`);
        expect(section, a.id).toContain(`\`${a.method.toUpperCase()} ${a.path}\``);
        expect(section, a.id).toContain(`Connector group: \`${a.connectorGroup}\``);
        examples++;
      }
      expect(tsBlocks(page), area.slug).toHaveLength(area.actions.length);
    }
    expect(examples).toBe(73);
  });

  it('marks paged and batch actions in their sections', () => {
    for (const a of compiled.model.actions) {
      const section = actionSections(file(`docs/${areaOf(a).slug}.md`)).get(a.id) ?? '';
      expect(section.includes('**Pagination.**'), a.id).toBe(Boolean(a.pagination));
      expect(section.includes('**Batch.**'), a.id).toBe(Boolean(a.batch));
      if (a.batch)
        expect(section, a.id).toMatch(new RegExp(`\\*\\*Batch\\.\\*\\*[^\\n]*\\b${a.batch.maxItems}\\b`));
      expect(section.includes('developer API key'), a.id).toBe(a.credential === 'developerApiKey');
    }
  });

  it('every relative link in the docs points to an existing page and heading', () => {
    const broken: string[] = [];
    let links = 0;
    for (const rel of docsFiles()) {
      for (const m of file(rel).matchAll(/\]\(([^)\s]+)\)/g)) {
        const href = m[1] ?? '';
        if (/^[a-z]+:/i.test(href)) continue;
        links++;
        const [target = '', anchor] = href.split('#');
        const targetRel = target === '' ? rel : path.posix.join('docs', target);
        if (!compiled.files.has(targetRel)) {
          broken.push(`${rel}: ${href} (no file)`);
          continue;
        }
        if (anchor !== undefined && !anchorsOf(file(targetRel)).has(anchor)) broken.push(`${rel}: ${href}`);
      }
    }
    expect(broken).toEqual([]);
    expect(links).toBeGreaterThan(73 * 2);
  });

  it('schemas.md has a section per component schema', () => {
    const components = compiled.model.document.components;
    const names = isObject(components) && isObject(components.schemas) ? Object.keys(components.schemas) : [];
    const headings = [...file('docs/schemas.md').matchAll(/^## (\S+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual(names);
    expect(file('docs/schemas.md')).toContain(`(${names.length})`);
  });

  describe('fill()', () => {
    it('fills every slot, as often as it appears, with the literal value', () => {
      expect(fill('{{a}}-{{b}}-{{a}}', { a: 'x', b: 'y' }, 't.md')).toBe('x-y-x');
      expect(fill('{{a}}', { a: "$& $1 $$ $' {{b}}" }, 't.md')).toBe("$& $1 $$ $' {{b}}");
      expect(fill('no slots', {}, 't.md')).toBe('no slots');
    });

    it('throws on an unknown slot, naming the template and the slot', () => {
      expect(() => fill('{{a}} {{b}}', { a: 'x' }, 'area.md')).toThrow(
        'template area.md: unknown slot {{b}}',
      );
      // Inherited properties are not values.
      expect(() => fill('{{constructor}}', {}, 'x.md')).toThrow('unknown slot {{constructor}}');
      expect(() => fill('{{toString}}', {}, 'x.md')).toThrow('unknown slot {{toString}}');
    });

    it('throws on a value no slot uses, naming every unused one', () => {
      expect(() => fill('{{a}}', { a: 'x', b: 'y', c: 'z' }, 'index.md')).toThrow(
        'template index.md: values never used: b, c',
      );
      expect(() => fill('', { a: 'x' }, 'e.md')).toThrow('values never used: a');
    });
  });
});

// =========================================================================================================

describe('catalog emitter', () => {
  interface CatalogAction {
    id: string;
    area: string;
    areaName: string;
    connectorGroup: string;
    method: string;
    path: string;
    summary: string;
    params: Array<{ name: string; in: string; required: boolean; description: string; schema: Json }>;
    requestBody: { required: boolean; contentType: string; schema: Json } | null;
    responses: Array<{ status: string; schema: Json }>;
    security: { credential: string };
    pagination: JsonObject | null;
    batch: { maxItems: number } | null;
  }
  interface Catalog {
    actionCount: number;
    areas: Array<{ key: string; name: string; actions: string[] }>;
    connectorGroups: Array<{ name: string; actions: string[] }>;
    actions: CatalogAction[];
  }
  let catalog: Catalog;
  beforeAll(() => {
    catalog = JSON.parse(file('actions.json')) as Catalog;
  });

  it('emits actions.json and openapi.json, and the raw output parses to the formatted one', () => {
    const raw = emitCatalog(compiled.model);
    expect([...raw.keys()]).toEqual(['actions.json', 'openapi.json']);
    for (const [rel, text] of raw) expect(JSON.parse(text), rel).toEqual(JSON.parse(file(rel)));
  });

  it('has 73 entries, each with id, area, connectorGroup, method, path, summary and params with schemas', () => {
    expect(catalog.actionCount).toBe(73);
    expect(catalog.actions).toHaveLength(73);
    const areaKeys = new Set(compiled.model.areas.map((a) => a.key));
    for (const a of catalog.actions) {
      expect(a.id).toMatch(/^[a-z]\w+$/);
      expect(areaKeys.has(a.area), a.id).toBe(true);
      expect(a.areaName, a.id).not.toBe('');
      expect(a.connectorGroup, a.id).not.toBe('');
      expect(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], a.id).toContain(a.method);
      expect(a.path, a.id).toMatch(/^\//);
      expect(a.summary.trim(), a.id).not.toBe('');
      expect(Array.isArray(a.params), a.id).toBe(true);
      for (const p of a.params) {
        expect(p.name, a.id).not.toBe('');
        expect(['path', 'query', 'header', 'cookie'], a.id).toContain(p.in);
        expect(typeof p.required, a.id).toBe('boolean');
        expect(isObject(p.schema) && Object.keys(p.schema).length > 0, `${a.id}: ${p.name}`).toBe(true);
      }
      if (a.requestBody) expect(isObject(a.requestBody.schema), a.id).toBe(true);
      expect(
        a.responses.some((r) => /^2/.test(r.status)),
        a.id,
      ).toBe(true);
    }
    expect(new Set(catalog.actions.map((a) => a.id)).size).toBe(73);
  });

  it('agrees with the model and with generator/connector-actions.json', () => {
    const connector = (
      JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'generator', 'connector-actions.json'), 'utf8')) as {
        actions: Array<{ group: string; method: string; path: string }>;
      }
    ).actions;
    expect(catalog.actions.map((a) => `${a.connectorGroup} ${a.method} ${a.path}`).sort()).toEqual(
      connector.map((c) => `${c.group} ${c.method.toUpperCase()} ${c.path}`).sort(),
    );
    expect(catalog.actions.map((a) => a.id)).toEqual(compiled.model.actions.map((a) => a.id));
    for (const a of compiled.model.actions) {
      const c = catalog.actions.find((x) => x.id === a.id);
      expect(c?.security.credential, a.id).toBe(a.credential);
      expect(c?.pagination !== null, a.id).toBe(Boolean(a.pagination));
      expect(c?.batch?.maxItems, a.id).toBe(a.batch?.maxItems);
    }
  });

  it('lists areas and connector groups covering each action exactly once', () => {
    const byArea = catalog.areas.flatMap((a) => a.actions).sort();
    const byGroup = catalog.connectorGroups.flatMap((g) => g.actions).sort();
    const ids = catalog.actions.map((a) => a.id).sort();
    expect(byArea).toEqual(ids);
    expect(byGroup).toEqual(ids);
    expect(catalog.areas.map((a) => a.key)).toEqual(compiled.model.areas.map((a) => a.key));
  });

  it("ships each schema once: every $ref points into openapi.json's components, and it has no copy of its own", () => {
    const refs = new Set<string>();
    const visit = (v: Json | undefined): void => {
      if (Array.isArray(v)) v.forEach(visit);
      else if (isObject(v))
        for (const [k, x] of Object.entries(v)) {
          if (k === '$ref' && typeof x === 'string') refs.add(x);
          else visit(x);
        }
    };
    visit(JSON.parse(file('actions.json')) as Json);
    expect(refs.size).toBeGreaterThan(0);
    const spec = JSON.parse(file('openapi.json')) as { components: { schemas: JsonObject } };
    for (const ref of refs) {
      expect(ref).toMatch(/^openapi\.json#\/components\/schemas\/[^/]+$/);
      expect(Object.hasOwn(spec.components.schemas, ref.split('/').pop() ?? ''), ref).toBe(true);
    }
    expect(Object.keys(catalog)).not.toContain('components');
  });

  it('openapi.json is the bundled 3.1 document with the 73 operations', () => {
    const doc = JSON.parse(file('openapi.json')) as JsonObject;
    expect(doc).toEqual(compiled.model.document);
    expect(String(doc.openapi)).toMatch(/^3\.1\./);
    const ops = Object.values(isObject(doc.paths) ? doc.paths : {}).flatMap((item) =>
      isObject(item)
        ? Object.keys(item).filter((k) => ['get', 'put', 'post', 'patch', 'delete'].includes(k))
        : [],
    );
    expect(ops).toHaveLength(73);
  });
});

// =========================================================================================================

describe('hand-written code lives once, in src/', () => {
  it('the generated client imports the runtime from src/runtime, and generated/ holds no copy of src/', () => {
    for (const rel of generatedTs().filter((r) => r.startsWith('client/'))) {
      const text = file(rel);
      for (const m of text.matchAll(/from '([^']+)'/g)) {
        const spec = m[1] as string;
        if (!spec.startsWith('.')) continue;
        expect(spec, rel).toMatch(
          /^(\.\/[a-z-]+\.js|\.\.\/schema\.js|\.\.\/\.\.\/src\/runtime\/(index|public)\.js)$/,
        );
      }
    }
    const copies = [...compiled.files.keys()].filter((k) => /^(runtime|mock|cli|redis)\//.test(k));
    expect(copies).toEqual([]);
  });
});

// =========================================================================================================

describe('example literals (generator/emit/example.ts)', () => {
  /** Evaluates a literal as JavaScript. */
  const evaluate = (literal: string): unknown => vm.runInNewContext(`(${literal})`);
  /** Syntax errors TypeScript reports for `const x = <literal>;`. */
  const syntaxErrors = (literal: string): string[] =>
    (
      ts.transpileModule(`export const x = ${literal};\n`, {
        reportDiagnostics: true,
        compilerOptions: { target: ts.ScriptTarget.ES2022 },
      }).diagnostics ?? []
    ).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));

  const tricky = [
    "it's",
    'say "hi"',
    'back\\slash',
    'ends with a backslash \\',
    "\\'",
    'line one\nline two',
    'tab\there',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the placeholder text is the point of the test
    '`${template}`',
    '',
    'ünïcödé ✓ 😀',
    '</script>',
  ];

  it.each(tricky)('renders the string %j as a single-quoted literal that evaluates back to it', (s) => {
    const lit = tsLiteral(s);
    expect(lit.startsWith("'") && lit.endsWith("'")).toBe(true);
    expect(lit).not.toContain('\n');
    expect(syntaxErrors(lit)).toEqual([]);
    expect(evaluate(lit)).toBe(s);
  });

  it('renders a carriage return (and other line terminators) as an escape, not a raw line break', () => {
    for (const s of ['windows\r\nline', 'old mac\rline', 'ls\u2028ps\u2029end']) {
      const lit = tsLiteral(s);
      expect(lit, JSON.stringify(s)).not.toMatch(/[\r\n]/);
      expect(syntaxErrors(lit), JSON.stringify(s)).toEqual([]);
      expect(evaluate(lit), JSON.stringify(s)).toBe(s);
    }
  });

  it('quotes keys that are not identifiers and leaves identifiers bare', () => {
    const value: Json = {
      plain: 1,
      $dollar: 2,
      _under: 3,
      'kebab-case': 4,
      'with space': 5,
      '1leading': 6,
      '': 7,
      "it's": 8,
      'a.b': 9,
      'back\\slash': 10,
    };
    const lit = tsLiteral(value);
    expect(lit).toContain('plain: 1');
    expect(lit).toContain('$dollar: 2');
    expect(lit).toContain('_under: 3');
    expect(lit).toContain("'kebab-case': 4");
    expect(lit).toContain("'with space': 5");
    expect(lit).toContain("'1leading': 6");
    expect(lit).toContain("'': 7");
    expect(lit).toContain("'it\\'s': 8");
    expect(syntaxErrors(lit)).toEqual([]);
    expect(evaluate(lit)).toEqual(value);
  });

  it('renders scalars, empty containers and nesting faithfully', () => {
    expect(tsLiteral(undefined)).toBe('undefined');
    expect(tsLiteral(null)).toBe('null');
    expect(tsLiteral(true)).toBe('true');
    expect(tsLiteral(-1.5)).toBe('-1.5');
    expect(tsLiteral([])).toBe('[]');
    expect(tsLiteral({})).toBe('{}');
    expect(tsLiteral({ a: [1, 2], b: { c: 'd' } })).toBe("{ a: [1, 2], b: { c: 'd' } }");
    const big: Json = {
      inputs: [
        {
          name: 'a long campaign name that does not fit',
          properties: { hs_name: 'x', 'hs-odd key': "q'uote" },
        },
        { name: 'second\nline', list: [1, 2, 3], nested: { deeper: { deepest: ['x', 'y'] } } },
      ],
    };
    const lit = tsLiteral(big);
    expect(lit.split('\n').length).toBeGreaterThan(3);
    expect(syntaxErrors(lit)).toEqual([]);
    expect(evaluate(lit)).toEqual(big);
  });

  it("every action's example input is valid TypeScript that evaluates to the spec's example", () => {
    for (const a of compiled.model.actions) {
      const input = exampleInput(a);
      if (input === '') {
        expect(a.example, a.id).toEqual({});
        continue;
      }
      expect(syntaxErrors(input), a.id).toEqual([]);
      expect(evaluate(input), a.id).toEqual(a.example);
    }
  });

  it('example programs use the right credential and only log a result when there is one', () => {
    for (const a of compiled.model.actions) {
      const program = exampleProgram(a, PACKAGE_NAME);
      expect(
        program.startsWith(`import { createHubSpotMarketingClient } from '${PACKAGE_NAME}';`),
        a.id,
      ).toBe(true);
      expect(program.includes('HUBSPOT_DEVELOPER_API_KEY'), a.id).toBe(a.credential === 'developerApiKey');
      expect(program.includes('HUBSPOT_ACCESS_TOKEN'), a.id).toBe(a.credential === 'accessToken');
      expect(program.includes('console.log(result);'), a.id).toBe(!returnsNothing(a));
      expect(exampleCall(a).startsWith(returnsNothing(a) ? 'await ' : 'const result = await '), a.id).toBe(
        true,
      );
    }
  });
});
