/**
 * Stage 1, load: reads the root spec file and every file it `$ref`s (YAML or JSON, parsed with `yaml`),
 * reports syntax errors, dangling and cyclic references with file, line and JSON pointer, and bundles the
 * whole into one in-memory OpenAPI document whose references are all local (`#/components/...`).
 *
 * Bundling convention: a path item may live in another file (`$ref: ./campaigns.yaml#/paths/...`) and is
 * inlined; a reference to `<file>#/components/<kind>/<Name>` is hoisted to `#/components/<kind>/<Name>`.
 * Component names are therefore global: two different components with the same name are an error.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import jsYaml from 'js-yaml';
import type { Document, LineCounter, Node } from 'yaml';
import { type Diagnostic, pointerOf, SpecError, tokensOf } from './diagnostics.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

interface SourceFile {
  file: string;
  data: Json;
  /** The file's YAML syntax tree, for line numbers: parsed when a line is first asked for. */
  tree(): { doc: Document.Parsed; lines: LineCounter };
}

export interface Origin {
  file: string;
  pointer: string;
}

export interface LoadedSpec {
  /** Absolute path of the root file. */
  rootFile: string;
  /** Every file read, root first, in the order they were reached. */
  files: string[];
  /** The bundled document: one object, all references local. */
  document: JsonObject;
  /** Maps a pointer in the bundled document back to a file, pointer and line of the source. */
  locate(bundledPointer: string): {
    file: string;
    pointer: string;
    line?: number;
  };
  /** The 1-based line of `pointer` in one of the files read (or of its nearest existing ancestor). */
  lineAt(file: string, pointer: string): number | undefined;
}

/**
 * `yaml`, loaded when first needed: a file js-yaml cannot read the same way, or a line number for a
 * diagnostic. A spec that loads and passes the check never needs it.
 */
const requireHere = createRequire(import.meta.url);
let yamlModule: typeof import('yaml') | undefined;
function yaml(): typeof import('yaml') {
  yamlModule ??= requireHere('yaml') as typeof import('yaml');
  return yamlModule;
}

const COMPONENT_REF = /^\/components\/([^/]+)\/([^/]+)$/;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Loads and bundles the spec rooted at `rootFile`. Throws {@link SpecError} listing every problem. */
export function loadSpec(rootFile: string): LoadedSpec {
  const root = path.resolve(rootFile);
  const sources = new Map<string, SourceFile | null>();
  const diagnostics: Diagnostic[] = [];

  const lineOf = (file: string, pointer: string): number | undefined => {
    const src = sources.get(file);
    return src ? findLine(src, tokensOf(pointer)) : undefined;
  };
  const report = (rule: string, file: string, pointer: string, message: string) => {
    diagnostics.push({
      rule,
      file,
      pointer,
      line: lineOf(file, pointer),
      message,
    });
  };

  const read = (file: string, from?: Origin): SourceFile | null => {
    if (sources.has(file)) return sources.get(file) ?? null;
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      sources.set(file, null);
      // `ENOENT: no such file or directory` / `EACCES: permission denied` / `EISDIR: ...`, without the path.
      const reason = e instanceof Error ? e.message.replace(/, (?:open|read) '.*'$/, '') : String(e);
      if (from)
        report(
          'unresolved-ref',
          from.file,
          from.pointer,
          `$ref points to a file that cannot be read: ${file} (${reason})`,
        );
      else
        diagnostics.push({
          rule: 'unreadable-file',
          file,
          pointer: '',
          message: `the spec file cannot be read: ${reason}`,
        });
      return null;
    }
    if (text.trim() === '') {
      sources.set(file, null);
      diagnostics.push({
        rule: 'empty-file',
        file,
        pointer: '',
        line: 1,
        message: 'the file is empty',
      });
      return null;
    }
    let data = quickParse(text);
    let tree: ReturnType<SourceFile['tree']> | undefined;
    if (data === undefined) {
      const { LineCounter, parseDocument } = yaml();
      const lines = new LineCounter();
      const doc = parseDocument(text, {
        lineCounter: lines,
        uniqueKeys: true,
        prettyErrors: false,
      });
      if (doc.errors.length > 0) {
        sources.set(file, null);
        for (const e of doc.errors.slice(0, 1)) {
          const line = e.linePos?.[0]?.line ?? lines.linePos(e.pos[0]).line;
          const msg = e.message.split('\n')[0] ?? e.message;
          diagnostics.push({
            rule: 'yaml-syntax',
            file,
            pointer: '',
            line,
            message: `YAML syntax error: ${msg}`,
          });
        }
        return null;
      }
      data = doc.toJS({ maxAliasCount: 100 }) as Json;
      tree = { doc, lines };
    }
    if (!isObject(data)) {
      sources.set(file, null);
      diagnostics.push({
        rule: 'not-an-object',
        file,
        pointer: '',
        line: 1,
        message: 'the file must hold a mapping',
      });
      return null;
    }
    const src: SourceFile = {
      file,
      data,
      tree: () => {
        tree ??= (() => {
          const { LineCounter, parseDocument } = yaml();
          const lines = new LineCounter();
          return { doc: parseDocument(text, { lineCounter: lines, uniqueKeys: true }), lines };
        })();
        return tree;
      },
    };
    sources.set(file, src);
    return src;
  };

  const rootSrc = read(root);
  if (!rootSrc) throw new SpecError(diagnostics);

  /** Resolves a `$ref` string found in `file` to the target file and pointer. */
  const target = (ref: string, file: string): Origin => {
    const hash = ref.indexOf('#');
    const filePart = hash === -1 ? ref : ref.slice(0, hash);
    let pointer = hash === -1 ? '' : ref.slice(hash + 1);
    try {
      pointer = decodeURIComponent(pointer); // a $ref fragment is a URI fragment: percent-decode it once
    } catch {
      // not percent-encoded: keep it as written
    }
    return {
      file: filePart ? path.resolve(path.dirname(file), filePart) : file,
      pointer,
    };
  };

  const getAt = (origin: Origin, from: Origin): { found: boolean; value?: Json } => {
    const src = read(origin.file, from);
    if (!src) return { found: false };
    let cur: Json = src.data;
    for (const t of tokensOf(origin.pointer)) {
      if (Array.isArray(cur) && /^\d+$/.test(t) && Number(t) < cur.length) cur = cur[Number(t)] as Json;
      else if (isObject(cur) && Object.hasOwn(cur, t)) cur = cur[t] as Json;
      else return { found: false };
    }
    return { found: true, value: cur };
  };

  // Pass 1: every $ref in every reachable file must resolve, and no chain of $refs may loop.
  const visited = new Set<string>();
  const checkRefs = (file: string) => {
    if (visited.has(file)) return;
    visited.add(file);
    const src = sources.get(file);
    if (!src) return;
    walk(src.data, [], (node, tokens) => {
      const ref = node.$ref;
      if (typeof ref !== 'string') return;
      const at: Origin = { file, pointer: pointerOf([...tokens, '$ref']) };
      const chain: string[] = [`${file}#${pointerOf(tokens)}`];
      let cur = target(ref, file);
      for (;;) {
        const key = `${cur.file}#${cur.pointer}`;
        if (chain.includes(key)) {
          report(
            'ref-cycle',
            at.file,
            at.pointer,
            `$ref cycle: ${[...chain, key].map((k) => shortRef(k, root)).join(' -> ')}`,
          );
          return;
        }
        chain.push(key);
        const got = getAt(cur, at);
        if (!got.found) {
          if (sources.get(cur.file))
            report('unresolved-ref', at.file, at.pointer, `$ref '${ref}' does not resolve`);
          return;
        }
        checkRefs(cur.file);
        if (isObject(got.value) && typeof got.value.$ref === 'string') cur = target(got.value.$ref, cur.file);
        else return;
      }
    });
  };
  checkRefs(root);
  if (diagnostics.length > 0) throw new SpecError(diagnostics);

  // Pass 2: bundle.
  const origins = new Map<string, Origin>(); // bundled pointer prefix -> source
  const components: Record<string, Record<string, Json>> = {};
  const componentOrigin = new Map<string, string>();

  const rewrite = (value: Json, file: string, filePointer: string[]): Json => {
    if (Array.isArray(value)) return value.map((v, i) => rewrite(v, file, [...filePointer, String(i)]));
    if (!isObject(value)) return value;
    if (typeof value.$ref === 'string') {
      const t = target(value.$ref, file);
      const m = COMPONENT_REF.exec(t.pointer);
      if (m) {
        const kind = tokensOf(`/${m[1]}`)[0] as string;
        const name = tokensOf(`/${m[2]}`)[0] as string;
        hoist(kind, name, t);
        const rest = Object.fromEntries(Object.entries(value).filter(([k]) => k !== '$ref'));
        return { $ref: `#${pointerOf(['components', kind, name])}`, ...rest };
      }
      if (t.file === root && t.pointer.startsWith('/')) return value;
      const got = getAt(t, { file, pointer: pointerOf(filePointer) });
      return rewrite(got.value ?? null, t.file, tokensOf(t.pointer));
    }
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) out[k] = rewrite(v, file, [...filePointer, k]);
    return out;
  };

  const hoist = (kind: string, name: string, t: Origin) => {
    const key = `${kind}/${name}`;
    const where = `${t.file}#${t.pointer}`;
    const prev = componentOrigin.get(key);
    if (prev === where) return;
    if (prev) {
      report(
        'component-name-clash',
        t.file,
        t.pointer,
        `component '${name}' is also defined at ${shortRef(prev, root)}; component names must be unique across files`,
      );
      return;
    }
    componentOrigin.set(key, where);
    components[kind] ??= {};
    const slot = components[kind] as Record<string, Json>;
    slot[name] = null; // reserve before recursing: self-references are legal
    origins.set(pointerOf(['components', kind, name]), t);
    const got = getAt(t, t);
    slot[name] = rewrite(got.value ?? null, t.file, tokensOf(t.pointer));
  };

  const rootData = rootSrc.data as JsonObject;
  const document: JsonObject = {};
  for (const [key, value] of Object.entries(rootData)) {
    if (key === 'paths' && isObject(value)) {
      const paths: JsonObject = {};
      for (const [p, item] of Object.entries(value)) {
        const at = ['paths', p];
        if (isObject(item) && typeof item.$ref === 'string') {
          const t = target(item.$ref, root);
          origins.set(pointerOf(at), t);
          paths[p] = rewrite((getAt(t, t).value ?? null) as Json, t.file, tokensOf(t.pointer));
        } else {
          origins.set(pointerOf(at), { file: root, pointer: pointerOf(at) });
          paths[p] = rewrite(item, root, at);
        }
      }
      document.paths = paths;
    } else if (key === 'components' && isObject(value)) {
      for (const [kind, entries] of Object.entries(value)) {
        if (!isObject(entries)) continue;
        for (const name of Object.keys(entries))
          hoist(kind, name, {
            file: root,
            pointer: pointerOf(['components', kind, name]),
          });
      }
    } else {
      document[key] = rewrite(value, root, [key]);
    }
  }
  if (diagnostics.length > 0) throw new SpecError(diagnostics);
  const sortedComponents: JsonObject = {};
  for (const kind of Object.keys(components).sort()) {
    const entries = components[kind] as Record<string, Json>;
    sortedComponents[kind] = Object.fromEntries(
      Object.keys(entries)
        .sort()
        .map((n) => [n, entries[n] as Json]),
    );
  }
  if (Object.keys(sortedComponents).length > 0) document.components = sortedComponents;

  const locate = (bundledPointer: string) => {
    const tokens = tokensOf(bundledPointer);
    for (let n = tokens.length; n > 0; n--) {
      const o = origins.get(pointerOf(tokens.slice(0, n)));
      if (o) {
        const pointer = o.pointer + pointerOf(tokens.slice(n));
        return { file: o.file, pointer, line: lineOf(o.file, pointer) };
      }
    }
    return {
      file: root,
      pointer: bundledPointer,
      line: lineOf(root, bundledPointer),
    };
  };

  return {
    rootFile: root,
    files: [...sources.keys()],
    document,
    locate,
    lineAt: lineOf,
  };
}

function shortRef(key: string, root: string): string {
  const [file, pointer] = key.split('#');
  return `${path.relative(path.dirname(root), file ?? '')}#${pointer ?? ''}`;
}

/** Depth-first walk over every object node, with the tokens leading to it. */
export function walk(
  value: Json,
  tokens: string[],
  visit: (node: JsonObject, tokens: string[]) => void,
): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      walk(v, [...tokens, String(i)], visit);
    });
  } else if (isObject(value)) {
    visit(value, tokens);
    for (const [k, v] of Object.entries(value)) walk(v, [...tokens, k], visit);
  }
}

/** Finds the 1-based line of the node at `tokens`, or of its nearest existing ancestor. */
function findLine(src: SourceFile, tokens: string[]): number | undefined {
  const { doc, lines } = src.tree();
  const { isMap, isScalar, isSeq } = yaml();
  let node: Node | null | undefined = doc.contents as Node | null;
  let offset = node?.range?.[0];
  for (const t of tokens) {
    if (isMap(node)) {
      const pair = node.items.find((it) => isScalar(it.key) && String(it.key.value) === t);
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value as Node | null;
    } else if (isSeq(node)) {
      const item = node.items[Number(t)] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else break;
  }
  return offset === undefined ? undefined : lines.linePos(offset).line;
}

/**
 * The YAML 1.2 core schema as `yaml` resolves plain scalars (its default), for js-yaml: null, booleans,
 * decimal, octal (`0o`) and hex (`0x`) integers and floats, with `yaml`'s patterns, and nothing else
 * (no binary integers, timestamps or `<<` merge keys). Quoted and block scalars stay strings in both.
 */
const CORE_SCHEMA = jsYaml.FAILSAFE_SCHEMA.extend({
  implicit: [
    new jsYaml.Type('tag:yaml.org,2002:null', {
      kind: 'scalar',
      resolve: (s: string) => /^(?:~|[Nn]ull|NULL)?$/.test(s),
      construct: () => null,
    }),
    new jsYaml.Type('tag:yaml.org,2002:bool', {
      kind: 'scalar',
      resolve: (s: string) => /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(s),
      construct: (s: string) => s[0] === 't' || s[0] === 'T',
    }),
    new jsYaml.Type('tag:yaml.org,2002:int', {
      kind: 'scalar',
      resolve: (s: string) => /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/.test(s),
      construct: (s: string) =>
        s.startsWith('0o')
          ? Number.parseInt(s.slice(2), 8)
          : s.startsWith('0x')
            ? Number.parseInt(s.slice(2), 16)
            : Number.parseInt(s, 10),
    }),
    new jsYaml.Type('tag:yaml.org,2002:float', {
      kind: 'scalar',
      resolve: (s: string) =>
        /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*))$/.test(
          s,
        ),
      construct: (s: string) =>
        /nan$/i.test(s)
          ? Number.NaN
          : /inf$/i.test(s)
            ? s.startsWith('-')
              ? Number.NEGATIVE_INFINITY
              : Number.POSITIVE_INFINITY
            : Number.parseFloat(s),
    }),
  ],
});

/**
 * The fast way to read a spec file: js-yaml (several times faster than `yaml`'s syntax tree) with the same
 * core schema. `undefined` sends the file down the full `yaml` path, which gives today's diagnostics and
 * data: when js-yaml rejects the text (a syntax error, a duplicate key, several documents, an unknown tag),
 * when the text has a `%` directive (`%YAML 1.1` changes the schema), or when anchors and aliases make it
 * loop or expand to many times its own size (`yaml` bounds alias expansion and reports it). Like `yaml`, an
 * alias of a mapping or sequence gives the same object as its anchor.
 */
export function quickParse(text: string): Json | undefined {
  if (/^%/m.test(text)) return undefined;
  let data: unknown;
  try {
    data = jsYaml.load(text, { schema: CORE_SCHEMA });
  } catch {
    return undefined;
  }
  // Nodes with every alias expanded, each shared object counted once per place it appears.
  const sizes = new Map<object, number>();
  const open = new Set<object>();
  const size = (v: unknown): number => {
    if (typeof v !== 'object' || v === null) return 1;
    const known = sizes.get(v);
    if (known !== undefined) return known;
    if (open.has(v)) return Number.POSITIVE_INFINITY; // an alias inside its own anchor
    open.add(v);
    let n = 1;
    for (const child of Object.values(v)) n += size(child);
    open.delete(v);
    sizes.set(v, n);
    return n;
  };
  const expanded = size(data);
  return expanded <= 4 * sizes.size + 10_000 ? (data as Json) : undefined;
}
