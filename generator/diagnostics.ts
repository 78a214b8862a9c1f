/**
 * Diagnostics shared by every pipeline stage: a problem in the spec is reported with the file it is in,
 * the line where known, the JSON pointer inside that file, and one sentence saying what is wrong.
 */
import path from 'node:path';

export interface Diagnostic {
  /** Stable id of the rule that failed, e.g. `yaml-syntax`, `unresolved-ref`, `duplicate-operation-id`. */
  rule: string;
  /** Absolute path of the file the problem is in. */
  file: string;
  /** JSON pointer inside `file` (RFC 6901), `''` for the whole document. */
  pointer: string;
  /** 1-based line in `file`, when known. */
  line?: number;
  message: string;
}

/** Thrown by a pipeline stage when the spec cannot be compiled. Carries every problem found. */
export class SpecError extends Error {
  readonly diagnostics: Diagnostic[];

  constructor(diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => formatDiagnostic(d)).join('\n'));
    this.name = 'SpecError';
    this.diagnostics = diagnostics;
  }
}

/** `spec/campaigns.yaml:42 #/paths/~1x/get/operationId: message [rule]`, with the file relative to cwd. */
export function formatDiagnostic(d: Diagnostic, cwd: string = process.cwd()): string {
  const rel = path.relative(cwd, d.file) || d.file;
  const where = d.line ? `${rel}:${d.line}` : rel;
  return `${where} #${d.pointer}: ${d.message} [${d.rule}]`;
}

/** Encodes one JSON pointer token (RFC 6901). */
export function escapePointerToken(token: string | number): string {
  return String(token).replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Decodes one JSON pointer token (RFC 6901). */
export function unescapePointerToken(token: string): string {
  return token.replaceAll('~1', '/').replaceAll('~0', '~');
}

/** Builds a pointer from tokens: `['paths', '/a', 'get']` gives `/paths/~1a/get`. */
export function pointerOf(tokens: ReadonlyArray<string | number>): string {
  return tokens.map((t) => `/${escapePointerToken(t)}`).join('');
}

/** Splits a pointer into decoded tokens; `''` and `'/'`-less input give `[]`. */
export function tokensOf(pointer: string): string[] {
  if (pointer === '' || pointer === '#') return [];
  const p = pointer.startsWith('#') ? pointer.slice(1) : pointer;
  return p
    .split('/')
    .slice(1)
    .map((t) => unescapePointerToken(t));
}
