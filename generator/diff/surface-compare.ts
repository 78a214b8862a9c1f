/**
 * Spec diff, surface: compares the public API entries of two generated clients and says, for each
 * difference, what a TypeScript user sees and the semver bump it needs. Inputs are contravariant (a new
 * required field or a narrower type breaks callers), outputs covariant (a removed field, a field that may
 * now be missing or `null`, breaks them); anything removed breaks code that names it.
 */
import type { Entry, ParamSig, Position } from './surface-extract.js';
import type { Semver, SurfaceChange } from './types.js';

type Bump = Exclude<Semver, 'none'>;

const KIND_WORD: Record<Entry['kind'], string> = {
  function: 'function',
  interface: 'interface',
  type: 'type',
  const: 'constant',
  member: 'method',
  property: 'property',
};

function role(position: Position): string {
  return position === 'in'
    ? 'input '
    : position === 'out'
      ? 'output '
      : position === 'both'
        ? 'input/output '
        : '';
}

/** Top-level members of a union type text. */
function unionMembers(text: string): string[] {
  return splitTop(text, ' | ');
}

/** `text` split at `sep` where not nested in brackets. */
function splitTop(text: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if ('<([{'.includes(c)) depth++;
    if ('>)]}'.includes(c)) depth--;
    if (depth === 0 && text.startsWith(sep, i)) {
      out.push(cur.trim());
      cur = '';
      i += sep.length - 1;
      continue;
    }
    cur += c;
  }
  out.push(cur.trim());
  return out.filter(Boolean);
}

function typeChange(position: Position, from: string, to: string): { bump: Bump; note: string } {
  const a = unionMembers(from);
  const b = unionMembers(to);
  const removed = a.filter((x) => !b.includes(x));
  const added = b.filter((x) => !a.includes(x));
  const many = a.length > 1 || b.length > 1;
  if (many && position === 'in') {
    if (removed.length === 0)
      return { bump: 'minor', note: `accepts ${added.map((x) => `\`${x}\``).join(', ')} too` };
    return { bump: 'major', note: `no longer accepts ${removed.map((x) => `\`${x}\``).join(', ')}` };
  }
  if (many && position === 'out') {
    const nullish = added.filter((x) => x === 'null' || x === 'undefined');
    if (nullish.length)
      return { bump: 'major', note: `may now be ${nullish.map((x) => `\`${x}\``).join(' or ')}` };
    if (removed.length === 0)
      return {
        bump: 'minor',
        note: `may also be ${added.map((x) => `\`${x}\``).join(', ')} (exhaustive checks need a new case)`,
      };
    if (added.length === 0)
      return { bump: 'minor', note: `is never ${removed.map((x) => `\`${x}\``).join(', ')} any more` };
  }
  return { bump: 'major', note: `type changed from \`${from}\` to \`${to}\`` };
}

function compareParams(a: ParamSig[], b: ParamSig[]): { bump: Bump; notes: string[] } {
  const notes: string[] = [];
  let bump: Bump = 'patch';
  const raise = (x: Bump) => {
    if (x === 'major' || (x === 'minor' && bump === 'patch')) bump = x;
  };
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x && !y) {
      raise('major');
      notes.push(`parameter \`${x.name}\` removed`);
    } else if (!x && y) {
      raise(y.optional ? 'minor' : 'major');
      notes.push(`parameter \`${y.name}\` added${y.optional ? ' (optional)' : ', required'}`);
    } else if (x && y) {
      if (x.optional && !y.optional) {
        raise('major');
        notes.push(`parameter \`${y.name}\` became required`);
      } else if (!x.optional && y.optional) {
        raise('minor');
        notes.push(`parameter \`${y.name}\` became optional`);
      }
      const had = splitTop(x.type, ' & ');
      const has = splitTop(y.type, ' & ');
      const lost = had.filter((t) => !has.includes(t));
      const gained = has.filter((t) => !had.includes(t));
      if (x.type === y.type) continue;
      if (had.length + has.length > 2 && lost.length === 0) {
        raise('minor');
        notes.push(`parameter \`${y.name}\` now also takes ${gained.map((t) => `\`${t}\``).join(', ')}`);
      } else if (had.length + has.length > 2 && gained.length === 0) {
        raise('major');
        notes.push(`parameter \`${y.name}\` no longer accepts ${lost.map((t) => `\`${t}\``).join(', ')}`);
      } else {
        const t = typeChange('in', x.type, y.type);
        raise(t.bump);
        notes.push(`parameter \`${y.name}\` ${t.note}`);
      }
    }
  }
  return { bump, notes };
}

/**
 * Spellings of a plain object type whose members, if any, are entries of their own: an interface without
 * `extends`, a flattened type literal, and the empty object types the generator writes for an action without
 * parameters (`Record<string, never>`). Between two of these the spelling says nothing about what callers can
 * write: `fn()` and `fn({})` compile against `Record<string, never>` and against an interface whose members
 * are all optional alike. The member entries (added, removed, optional or required) carry the change.
 */
const EMPTY_OBJECT = /^(?:Record<string, never>|Record<never, never>|\{\s*\}|\{…\})$/;
function isObjectShape(e: Entry): boolean {
  return (e.kind === 'interface' && e.text === 'interface') || EMPTY_OBJECT.test(e.text);
}

function compareEntry(a: Entry, b: Entry): SurfaceChange | null {
  const notes: string[] = [];
  let bump: Bump = 'patch';
  const raise = (x: Bump) => {
    if (x === 'major' || (x === 'minor' && bump === 'patch')) bump = x;
  };
  if (a.optional !== b.optional) {
    const loosened = b.optional; // required -> optional
    const breaks = a.position === 'in' ? !loosened : a.position === 'out' ? loosened : true;
    raise(breaks ? 'major' : 'minor');
    notes.push(
      loosened ? (a.position === 'out' ? 'may now be missing' : 'became optional') : 'became required',
    );
  }
  if (a.signatures && b.signatures && a.text !== b.text) {
    const sa = a.signatures;
    const sb = b.signatures;
    if (sa.length !== sb.length) {
      raise('major');
      notes.push(`overloads changed from \`${a.text}\` to \`${b.text}\``);
    } else
      sa.forEach((x, i) => {
        const y = sb[i] as (typeof sb)[number];
        const p = compareParams(x.params, y.params);
        raise(p.bump);
        notes.push(...p.notes);
        if (x.returns !== y.returns) {
          raise('major');
          notes.push(`return type changed from \`${x.returns}\` to \`${y.returns}\``);
        }
      });
  } else if (a.text !== b.text && !(isObjectShape(a) && isObjectShape(b))) {
    const t = typeChange(a.position, a.text, b.text);
    raise(t.bump);
    notes.push(t.note);
  }
  if (notes.length === 0) return null;
  return {
    change: 'changed',
    kind: b.kind,
    name: b.name,
    base: show(a),
    head: show(b),
    bump,
    message: `${role(b.position)}${KIND_WORD[b.kind]} \`${b.name}\` ${notes.join('; ')}`,
  };
}

function show(e: Entry): string {
  if (e.kind === 'property') return `${e.name.split('.').pop()}${e.optional ? '?' : ''}: ${e.text}`;
  return e.text;
}

/** The differences between two surfaces, in name order. */
export function compareSurfaces(base: Map<string, Entry>, head: Map<string, Entry>): SurfaceChange[] {
  const out: SurfaceChange[] = [];
  for (const [name, a] of base) {
    const b = head.get(name);
    if (!b) {
      // Removing a part of something removed is said once, on the parent.
      const parent = name.slice(0, name.lastIndexOf('.'));
      if (parent && base.has(parent) && !head.has(parent)) continue;
      out.push({
        change: 'removed',
        kind: a.kind,
        name,
        base: show(a),
        head: null,
        bump: 'major',
        message: `${role(a.position)}${KIND_WORD[a.kind]} \`${name}\` removed: code that uses it no longer compiles`,
      });
      continue;
    }
    const c = compareEntry(a, b);
    if (c) out.push(c);
  }
  for (const [name, b] of head) {
    if (base.has(name)) continue;
    const parent = name.slice(0, name.lastIndexOf('.'));
    if (parent && head.has(parent) && !base.has(parent)) continue;
    const requiredInput =
      (b.position === 'in' || b.position === 'both') && !b.optional && b.kind === 'property';
    out.push({
      change: 'added',
      kind: b.kind,
      name,
      base: null,
      head: show(b),
      bump: requiredInput ? 'major' : 'minor',
      message: requiredInput
        ? `input property \`${name}\` added, required: every caller must now pass it`
        : `${role(b.position)}${KIND_WORD[b.kind]} \`${name}\` added`,
    });
  }
  return out.sort((x, y) => x.name.localeCompare(y.name));
}
