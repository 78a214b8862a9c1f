/**
 * The rules the spec diff reports: oasdiff's ids and levels (oasdiff-rules.ts), the few where we
 * deliberately use another level, and our own rules for what oasdiff does not see (the generated
 * client's names, our `x-` metadata, limits oasdiff has no rule for).
 */
import { OASDIFF_LEVELS } from './oasdiff-rules.js';
import type { Level } from './types.js';

export interface ProjectRule {
  level: Level;
  /** Why the rule exists, or why its level differs from oasdiff's. */
  why: string;
}

/** oasdiff rules we report at another level, with the reason. */
export const LEVEL_OVERRIDES: Readonly<Record<string, ProjectRule>> = {
  'api-operation-id-removed': {
    level: 'ERR',
    why: 'the operationId names the generated function and the `invoke` id: changing it breaks every caller (oasdiff says INFO)',
  },
};

/** Rules oasdiff does not have. */
export const PROJECT_RULES: Readonly<Record<string, ProjectRule>> = {
  'request-path-parameter-renamed': {
    level: 'ERR',
    why: 'oasdiff matches paths with their parameter names erased and reports nothing; the client takes path parameters by name (`input.path.<name>`)',
  },
  'api-path-changed': {
    level: 'WARN',
    why: 'the action (same operationId) now calls another path: callers compile unchanged, the endpoint behind them is another one',
  },
  'api-method-changed': {
    level: 'WARN',
    why: 'the action (same operationId) now uses another HTTP method: callers compile unchanged, the endpoint behind them is another one',
  },
  'api-area-changed': {
    level: 'ERR',
    why: 'the area tag places the action on the client object (`client.<area>.<action>`): moving it breaks callers of the area object',
  },
  'x-connector-group-changed': {
    level: 'INFO',
    why: "the connector group only sorts actions in the connector's catalog and docs",
  },
  'x-pagination-added': {
    level: 'INFO',
    why: 'the action gains the `…Pages` and `…All` iterators',
  },
  'x-pagination-removed': {
    level: 'ERR',
    why: 'the action loses its `…Pages` and `…All` iterators and its `paginate` entry',
  },
  'x-pagination-changed': {
    level: 'WARN',
    why: 'the iterators follow another cursor or read another items list',
  },
  'x-batch-added': { level: 'INFO', why: 'the client starts splitting large batches into chunks' },
  'x-batch-removed': {
    level: 'ERR',
    why: 'the client stops splitting batches (large inputs now fail) and the action loses its batch options',
  },
  'x-batch-max-items-decreased': {
    level: 'WARN',
    why: 'the client sends smaller chunks, so more requests for the same inputs (more rate-limit use)',
  },
  'x-batch-max-items-increased': { level: 'INFO', why: 'the client sends larger chunks' },
  'x-batch-inputs-path-changed': {
    level: 'WARN',
    why: 'the client splits another list of the request body',
  },
  'request-body-max-items-decreased': {
    level: 'ERR',
    why: 'requests with more items than the new limit are rejected (oasdiff has this rule only for parameters)',
  },
  'request-body-max-items-increased': { level: 'INFO', why: 'larger requests are accepted' },
  'request-property-max-items-decreased': {
    level: 'ERR',
    why: 'requests with more items than the new limit are rejected (oasdiff has this rule only for parameters)',
  },
  'request-property-max-items-increased': { level: 'INFO', why: 'larger requests are accepted' },
  'request-body-max-items-set': {
    level: 'WARN',
    why: 'a limit appears where there was none: larger requests that worked may now be rejected',
  },
  'request-property-max-items-set': {
    level: 'WARN',
    why: 'a limit appears where there was none: larger requests that worked may now be rejected',
  },
  'request-parameter-max-items-set': {
    level: 'WARN',
    why: 'a limit appears where there was none: larger requests that worked may now be rejected',
  },
  'response-body-max-items-increased': {
    level: 'ERR',
    why: 'responses may hold more items than callers were told to expect',
  },
  'response-property-max-items-increased': {
    level: 'ERR',
    why: 'responses may hold more items than callers were told to expect',
  },
  'request-body-enum-value-added': {
    level: 'INFO',
    why: 'a new value is accepted (oasdiff has this rule only for properties and parameters)',
  },
  'response-body-enum-value-added': {
    level: 'WARN',
    why: 'callers with an exhaustive switch over the response may meet a value they do not handle',
  },
};

/** The level of a rule; throws on an unknown id (a typo in a check). */
export function levelOf(id: string): Level {
  const level = LEVEL_OVERRIDES[id]?.level ?? PROJECT_RULES[id]?.level ?? OASDIFF_LEVELS.get(id);
  if (!level) throw new Error(`spec diff: unknown rule id '${id}'`);
  return level;
}

export function isRule(id: string): boolean {
  return Object.hasOwn(LEVEL_OVERRIDES, id) || Object.hasOwn(PROJECT_RULES, id) || OASDIFF_LEVELS.has(id);
}

/** Where the rule comes from: `oasdiff`, `oasdiff, level changed` or `this project`. */
export function ruleOrigin(id: string): 'oasdiff' | 'oasdiff-level-changed' | 'project' {
  if (Object.hasOwn(LEVEL_OVERRIDES, id)) return 'oasdiff-level-changed';
  if (Object.hasOwn(PROJECT_RULES, id)) return 'project';
  return 'oasdiff';
}
