/**
 * Spec diff: where a schema comparison happens (request body, a response, a parameter), how its rule ids
 * are spelled there (`request-body-…` at the root, `request-property-…` below it, as oasdiff does), and
 * how a message names the place (`request property \`data/id\``, `response body (status \`200\`)`).
 */
import type { DiffContext, OpPair } from './context.js';
import { isRule } from './rules.js';

export type Place = 'request-body' | 'response-body' | 'request-parameter';

export interface SchemaScope {
  ctx: DiffContext;
  pair: OpPair;
  place: Place;
  /** JSON media types are strongly typed: `1` and `"1"` differ. Parameters and text bodies are not. */
  strong: boolean;
  /** Response status, for response bodies. */
  status?: string;
  /** `query parameter \`limit\``, for parameters. */
  paramLabel?: string;
}

/** A position inside a schema: the display path and how many property names deep it is. */
export interface SchemaPath {
  tokens: string[];
  depth: number;
}

export const ROOT: SchemaPath = { tokens: [], depth: 0 };

export function descend(p: SchemaPath, token: string, isProperty: boolean): SchemaPath {
  return { tokens: [...p.tokens, token], depth: p.depth + (isProperty ? 1 : 0) };
}

function prefix(place: Place, depth: number): string {
  if (place === 'request-parameter') return depth > 0 ? 'request-parameter-property' : 'request-parameter';
  if (place === 'request-body') return depth > 0 ? 'request-property' : 'request-body';
  return depth > 0 ? 'response-property' : 'response-body';
}

/** The rule id for `suffix` at this position, or null when no rule exists there. */
export function ruleId(scope: SchemaScope, p: SchemaPath, suffix: string): string | null {
  const id = `${prefix(scope.place, p.depth)}-${suffix}`;
  if (isRule(id)) return id;
  // A parameter's object property falls back to the parameter's own rule.
  if (scope.place === 'request-parameter' && isRule(`request-parameter-${suffix}`))
    return `request-parameter-${suffix}`;
  return null;
}

/** How a message names the position: `request property \`data/id\``. */
export function subject(scope: SchemaScope, p: SchemaPath): string {
  const name = p.tokens.join('/');
  const status = scope.status ? ` (status \`${scope.status}\`)` : '';
  if (scope.place === 'request-parameter')
    return `${scope.paramLabel ?? 'parameter'}${name ? ` property \`${name}\`` : ''}`;
  const side = scope.place === 'request-body' ? 'request' : 'response';
  if (p.depth > 0) return `${side} property \`${name}\`${status}`;
  return `${side} body${name ? ` \`${name}\`` : ''}${status}`;
}

export function isRequest(scope: SchemaScope): boolean {
  return scope.place !== 'response-body';
}

/** Reports `suffix` at this position when a rule exists for it. */
export function emit(
  scope: SchemaScope,
  p: SchemaPath,
  suffix: string,
  message: string,
  basePtr: string | null,
  headPtr: string | null,
): void {
  const id = ruleId(scope, p, suffix);
  if (id) scope.ctx.report(id, scope.pair, message, basePtr, headPtr);
}
