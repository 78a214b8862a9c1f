/**
 * Spec diff: the two sides being compared and the list of findings the checks add to. A finding names
 * its rule, the action (operationId, method, path) and where it is on each side: a pointer in the bundled
 * document plus the source file and line the loader maps it to.
 */
import type { JsonObject, LoadedSpec } from '../load.js';
import { levelOf } from './rules.js';
import type { Finding, Location } from './types.js';

/** One side of the diff: a loaded spec and how to name its files to the user. */
export interface Side {
  /** What the user passed: `spec/openapi.yaml`, `spec`, `origin/main`. */
  label: string;
  spec: LoadedSpec;
  /** Maps a file the loader read to the name shown to the user. */
  displayFile(file: string): string;
}

/** One operation of one side. */
export interface OpRef {
  method: string;
  path: string;
  /** Pointer of the operation object. */
  ptr: string;
  /** Pointer of the path item. */
  itemPtr: string;
  item: JsonObject;
  op: JsonObject;
  operationId: string | null;
}

/** An operation on both sides (either may be missing: added or removed). */
export interface OpPair {
  base: OpRef | null;
  head: OpRef | null;
}

export class DiffContext {
  readonly findings: Finding[] = [];

  constructor(
    readonly base: Side,
    readonly head: Side,
  ) {}

  get baseDoc(): JsonObject {
    return this.base.spec.document;
  }

  get headDoc(): JsonObject {
    return this.head.spec.document;
  }

  /** Adds a finding; `basePtr`/`headPtr` are pointers in each side's bundled document. */
  report(
    id: string,
    pair: OpPair | null,
    message: string,
    basePtr: string | null | undefined,
    headPtr: string | null | undefined,
  ): void {
    const op = pair ? (pair.head ?? pair.base) : null;
    this.findings.push({
      id,
      level: levelOf(id),
      operationId: pair ? (pair.head?.operationId ?? pair.base?.operationId ?? null) : null,
      method: op ? op.method.toUpperCase() : null,
      path: op ? op.path : null,
      message,
      base: basePtr == null ? null : locate(this.base, basePtr),
      head: headPtr == null ? null : locate(this.head, headPtr),
    });
  }
}

function locate(side: Side, pointer: string): Location {
  const at = side.spec.locate(pointer);
  const loc: Location = { pointer, file: side.displayFile(at.file) };
  if (at.line !== undefined) loc.line = at.line;
  return loc;
}
