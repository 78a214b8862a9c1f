/**
 * Upstream drift: finds the upstream files the spec names (`x-upstream.file`, a path in HubSpot's public spec
 * collection) inside the folder the user gives, and loads them.
 *
 * A file is found (1) at its recorded path under the folder (a checkout of the collection); else (2) at the
 * same place with another rollout number (`.../Rollouts/<n>/...`: HubSpot moved it, reported so the
 * maintainer updates `x-upstream.file`); else (3) as a flat copy named `<name>.<version>.json` at the top of
 * the folder (how `../shared/reference/hubspot-upstream/` keeps its copies).
 */
import fs from 'node:fs';
import path from 'node:path';
import { SpecError } from '../diagnostics.js';
import { isObject, type LoadedSpec, loadSpec } from '../load.js';

/** Bad input: the command prints the message and exits 2. */
export class UpstreamInputError extends Error {
  override readonly name = 'UpstreamInputError';
}

export type FileStatus = 'found' | 'copy' | 'moved' | 'missing';

export interface UpstreamFile {
  /** The path recorded in the spec (`x-upstream.file`). */
  file: string;
  status: FileStatus;
  /** Where it was read, relative to the folder (null when missing). */
  foundAt: string | null;
  /** Other candidates, when the recorded path is gone and several files could be the one. */
  candidates: string[];
  spec: LoadedSpec | null;
}

const SKIP_DIRS = new Set(['.git', 'node_modules']);

/** Every `.json`, `.yaml` and `.yml` file under `dir`, relative, with `/` separators. */
function listSpecFiles(dir: string): string[] {
  const out: string[] = [];
  const visit = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) visit(r);
      } else if (/\.(json|ya?ml)$/i.test(e.name)) out.push(r);
    }
  };
  visit('');
  return out.sort();
}

/** `a/Rollouts/123/v3/x.json` -> `a/Rollouts/*\/v3/x.json` as a matcher. */
function rolloutPattern(file: string): RegExp | null {
  if (!/\/Rollouts\/[^/]+\//.test(file)) return null;
  const parts = file.split('/Rollouts/');
  const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const [head, tail] = [parts[0] as string, parts.slice(1).join('/Rollouts/')];
  const rest = tail.slice(tail.indexOf('/') + 1);
  return new RegExp(`^${escapeRe(head)}/Rollouts/[^/]+/${escapeRe(rest)}$`);
}

/** `.../v3/campaignsPublicApi.json` -> `campaignsPublicApi.v3.json`. */
function flatCopyName(file: string): string | null {
  const parts = file.split('/');
  const base = parts.at(-1) ?? '';
  const version = parts.at(-2);
  const ext = path.extname(base);
  if (!version || !ext) return null;
  return `${base.slice(0, -ext.length)}.${version}${ext}`;
}

export class UpstreamFolder {
  readonly root: string;
  private listing: string[] | null = null;
  private readonly cache = new Map<string, UpstreamFile>();

  constructor(folder: string, cwd = process.cwd()) {
    this.root = path.resolve(cwd, folder);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(this.root);
    } catch {
      throw new UpstreamInputError(`${folder}: no such folder`);
    }
    if (!stat.isDirectory())
      throw new UpstreamInputError(`${folder}: not a folder of HubSpot's OpenAPI files`);
  }

  private files(): string[] {
    this.listing ??= listSpecFiles(this.root);
    return this.listing;
  }

  /** Finds and loads the file the spec calls `file`; an unreadable or non-OpenAPI file is bad input. */
  get(file: string): UpstreamFile {
    const hit = this.cache.get(file);
    if (hit) return hit;
    const result = this.find(file);
    this.cache.set(file, result);
    return result;
  }

  private find(file: string): UpstreamFile {
    const clean = file.replace(/^\/+/, '');
    const load = (rel: string, status: FileStatus, candidates: string[] = []): UpstreamFile => ({
      file,
      status,
      foundAt: rel,
      candidates,
      spec: this.load(rel),
    });
    if (fs.existsSync(path.join(this.root, clean)) && fs.statSync(path.join(this.root, clean)).isFile())
      return load(clean, 'found');
    const pattern = rolloutPattern(clean);
    const moved = pattern ? this.files().filter((f) => pattern.test(f)) : [];
    if (moved.length === 1) return load(moved[0] as string, 'moved');
    if (moved.length > 1) return { file, status: 'missing', foundAt: null, candidates: moved, spec: null };
    const flat = flatCopyName(clean);
    if (flat && fs.existsSync(path.join(this.root, flat))) return load(flat, 'copy');
    return { file, status: 'missing', foundAt: null, candidates: [], spec: null };
  }

  private load(rel: string): LoadedSpec {
    const abs = path.join(this.root, rel);
    let spec: LoadedSpec;
    try {
      spec = loadSpec(abs);
    } catch (e) {
      if (e instanceof SpecError) {
        const first = e.diagnostics[0];
        throw new UpstreamInputError(
          `${rel}: cannot be read: ${first ? `${first.message}${first.line ? ` (line ${first.line})` : ''}` : e.message}`,
        );
      }
      throw new UpstreamInputError(`${rel}: cannot be read: ${(e as Error).message}`);
    }
    const doc = spec.document;
    if (typeof doc.openapi !== 'string' || !/^3\.[01]\./.test(`${doc.openapi}.`) || !isObject(doc.paths))
      throw new UpstreamInputError(`${rel}: not an OpenAPI 3.0/3.1 document with paths`);
    return spec;
  }
}
