/**
 * Spec diff: turns what the user names — a spec file, a folder holding `openapi.yaml`, or a git revision
 * of this repository (`origin/main`, `HEAD~1`, `HEAD:spec/openapi.yaml`) — into a loaded spec. A
 * revision is read with `git show` file by file, following `$ref`s from the root, into a temporary folder:
 * the work tree is never touched. Every problem is a {@link DiffInputError} with a clear message.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { SpecError } from '../diagnostics.js';
import { isObject, type Json, loadSpec, walk } from '../load.js';
import type { Side } from './context.js';

/** Bad input: the command prints the message and exits 2. */
export class DiffInputError extends Error {
  override readonly name = 'DiffInputError';
}

export interface SourceOptions {
  /** Where relative paths and git run from; defaults to the current directory. */
  cwd?: string;
  /** The root spec file inside a revision, relative to the repository root. Default `spec/openapi.yaml`. */
  specPath?: string;
  /** Which side this is; problems are named `base <arg>: …` / `head <arg>: …`. */
  role?: 'base' | 'head';
}

export const DEFAULT_SPEC_PATH = 'spec/openapi.yaml';
const ROOT_NAMES = ['openapi.yaml', 'openapi.yml', 'openapi.json'];

/**
 * Loads one side of the diff. Files of a file or folder side are named by their absolute path (in messages
 * and in the reports), files of a revision as `rev:path/in/repo`.
 */
export function loadSide(arg: string, options: SourceOptions = {}): Side {
  const cwd = options.cwd ?? process.cwd();
  try {
    if (arg.trim() === '')
      throw new DiffInputError('an empty argument is not a spec file, folder or git revision');
    const abs = path.resolve(cwd, arg);
    if (fs.existsSync(abs)) return loadPath(arg, abs);
    return loadRevision(arg, cwd, options.specPath ?? DEFAULT_SPEC_PATH);
  } catch (e) {
    if (e instanceof DiffInputError && options.role) throw new DiffInputError(`${options.role} ${e.message}`);
    throw e;
  }
}

function loadPath(label: string, abs: string): Side {
  let root = abs;
  if (fs.statSync(abs).isDirectory()) {
    const found = ROOT_NAMES.map((n) => path.join(abs, n)).find((f) => fs.existsSync(f));
    if (!found) throw new DiffInputError(`${label}: the folder holds no ${ROOT_NAMES.join(', ')}`);
    root = found;
  }
  const displayFile = (f: string) => path.resolve(f);
  return checked({ label, spec: load(label, root, displayFile), displayFile });
}

function git(args: string[], cwd: string): string | null {
  try {
    return execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 256 * 1024 * 1024,
    });
  } catch {
    return null;
  }
}

function loadRevision(arg: string, cwd: string, defaultSpecPath: string): Side {
  const colon = arg.indexOf(':');
  const rev = colon > 0 ? arg.slice(0, colon) : arg;
  const top = git(['rev-parse', '--show-toplevel'], cwd)?.trim();
  if (!top)
    throw new DiffInputError(
      `${arg}: no such file or folder, and it cannot be read as a git revision: ${cwd} is not inside a git repository (or git is not installed)`,
    );
  const sha = git(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], cwd)?.trim();
  if (!sha)
    throw new DiffInputError(
      `${arg}: no such file, folder or git revision${rev.startsWith('origin/') ? ` (is ${rev} fetched? try \`git fetch origin\`)` : ''}`,
    );
  const rootRel = path.posix.normalize(colon > 0 ? arg.slice(colon + 1) : defaultSpecPath);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'spec-diff-'));
  try {
    const queue = [rootRel];
    const seen = new Set<string>();
    while (queue.length > 0) {
      const rel = queue.shift() as string;
      if (seen.has(rel)) continue;
      seen.add(rel);
      const text = git(['show', `${sha}:${rel}`], top);
      if (text === null) {
        if (rel === rootRel) throw new DiffInputError(`${arg}: revision ${rev} has no ${rel}`);
        continue; // the loader reports the dangling $ref with its file and line
      }
      const file = path.join(tmp, ...rel.split('/'));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
      for (const target of fileRefs(text)) {
        const next = path.posix.normalize(path.posix.join(path.posix.dirname(rel), target));
        if (!next.startsWith('../')) queue.push(next);
      }
    }
    const displayFile = (f: string) => `${rev}:${path.relative(tmp, f).split(path.sep).join('/')}`;
    return checked({
      label: arg,
      spec: load(arg, path.join(tmp, ...rootRel.split('/')), displayFile),
      displayFile,
    });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** The files a YAML or JSON text `$ref`s (the part before `#`). Unparseable text gives none: the loader reports it. */
function fileRefs(text: string): string[] {
  let data: Json;
  try {
    data = parse(text) as Json;
  } catch {
    return [];
  }
  const out = new Set<string>();
  walk(data, [], (node) => {
    const ref = node.$ref;
    if (typeof ref !== 'string' || ref.startsWith('#') || /^[a-z][a-z0-9+.-]*:/i.test(ref)) return;
    const file = ref.split('#')[0];
    if (file) out.add(decodeURI(file));
  });
  return [...out];
}

function load(label: string, root: string, displayFile: (f: string) => string) {
  try {
    return loadSpec(root);
  } catch (e) {
    if (e instanceof SpecError) {
      const lines = e.diagnostics.map(
        (d) => `${displayFile(d.file)}${d.line ? `:${d.line}` : ''} #${d.pointer}: ${d.message} [${d.rule}]`,
      );
      throw new DiffInputError(
        `${label}: the spec cannot be read:\n${lines.map((l) => `  ${l}`).join('\n')}`,
      );
    }
    throw e;
  }
}

/** Refuses documents that are not OpenAPI 3.0 or 3.1. */
function checked(side: Side): Side {
  const doc = side.spec.document;
  const v = doc.openapi;
  if (typeof doc.swagger === 'string')
    throw new DiffInputError(
      `${side.label}: Swagger ${doc.swagger} is not supported; convert it to OpenAPI 3.0 or 3.1`,
    );
  if (typeof v !== 'string' || !/^3\.[01](\.|$)/.test(v))
    throw new DiffInputError(
      `${side.label}: not an OpenAPI 3.0 or 3.1 document (\`openapi:\` is ${v === undefined ? 'missing' : JSON.stringify(v)})`,
    );
  if (doc.paths !== undefined && !isObject(doc.paths))
    throw new DiffInputError(`${side.label}: \`paths\` must be a mapping`);
  return side;
}
