/**
 * Renders an action's request example as TypeScript, shared by the client's JSDoc and the docs so both
 * show the same call. The doc examples are type-checked by the tests against the generated client.
 */
import type { Json } from '../load.js';
import type { Action } from '../model.js';

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A TypeScript literal for a JSON value, indented for nesting. */
export function tsLiteral(value: Json | undefined, indent = ''): string {
  if (value === undefined) return 'undefined';
  if (value === null || typeof value !== 'object') {
    return typeof value === 'string'
      ? `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'").replaceAll('\n', '\\n').replaceAll('\r', '\\r').replaceAll('\u2028', '\\u2028').replaceAll('\u2029', '\\u2029')}'`
      : String(value);
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const flat = `[${value.map((v) => tsLiteral(v, inner)).join(', ')}]`;
    if (flat.length <= 60 && !flat.includes('\n')) return flat;
    return `[\n${value.map((v) => `${inner}${tsLiteral(v, inner)},`).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  const parts = entries.map(([k, v]) => `${IDENT.test(k) ? k : tsLiteral(k)}: ${tsLiteral(v, inner)}`);
  const flat = `{ ${parts.join(', ')} }`;
  if (flat.length <= 60 && !flat.includes('\n')) return flat;
  return `{\n${parts.map((p) => `${inner}${p},`).join('\n')}\n${indent}}`;
}

/** The input object of the example call, or '' when the action takes no input. */
export function exampleInput(action: Action): string {
  const input: Record<string, Json> = {};
  if (action.example.path) input.path = action.example.path;
  if (action.example.query) input.query = action.example.query;
  if (action.example.body !== undefined) input.body = action.example.body;
  return Object.keys(input).length === 0 ? '' : tsLiteral(input);
}

/** True when the action answers without a body. */
export function returnsNothing(action: Action): boolean {
  return action.success.every((r) => r.schema === undefined);
}

/** `const result = await client.<area>.<action>({...});` */
export function exampleCall(action: Action, clientName = 'client'): string {
  const call = `await ${clientName}.${action.areaKey}.${action.id}(${exampleInput(action)});`;
  return returnsNothing(action) ? call : `const result = ${call}`;
}

/** A complete, runnable snippet: import, client, call. */
export function exampleProgram(action: Action, packageName: string): string {
  const auth =
    action.credential === 'developerApiKey'
      ? 'developerApiKey: process.env.HUBSPOT_DEVELOPER_API_KEY'
      : 'accessToken: process.env.HUBSPOT_ACCESS_TOKEN';
  const lines = [
    `import { createHubSpotMarketingClient } from '${packageName}';`,
    '',
    `const client = createHubSpotMarketingClient({ ${auth} });`,
    exampleCall(action),
  ];
  if (!returnsNothing(action)) lines.push('console.log(result);');
  return lines.join('\n');
}
