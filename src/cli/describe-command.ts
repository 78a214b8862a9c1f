/**
 * `hubspot-marketing describe <actionId>`: everything needed to call one action: parameters (name, in, type,
 * required, enum), body fields, response shape, scopes, pagination and batch notes, and an example call.
 */
import { type Catalog, type CatalogAction, type JsonSchema, resolveSchema, typeName } from './catalog.js';
import { UsageError } from './errors.js';
import type { Io } from './io.js';

export function findAction(catalog: Catalog, id: string): CatalogAction {
  const action = catalog.actions.find((a) => a.id === id);
  if (action) return action;
  const lower = id.toLowerCase();
  const close = catalog.actions
    .map((a) => ({ a, d: distance(lower, a.id.toLowerCase()) }))
    .filter(({ a, d }) => d <= Math.max(2, Math.floor(id.length / 4)) || a.id.toLowerCase().includes(lower))
    .sort((x, y) => x.d - y.d)
    .map(({ a }) => a);
  const hint = close.length
    ? `; did you mean ${close
        .slice(0, 3)
        .map((a) => a.id)
        .join(', ')}?`
    : '; run `hubspot-marketing actions`';
  throw new UsageError(`unknown action '${id}'${hint}`);
}

function fields(catalog: Catalog, schema: JsonSchema | null | undefined, io: Io, indent = '  '): void {
  const s = resolveSchema(catalog, schema);
  const props = s?.properties as Record<string, JsonSchema> | undefined;
  if (!props) {
    io.out(`${indent}${typeName(schema)}`);
    return;
  }
  const required = new Set(Array.isArray(s?.required) ? (s.required as string[]) : []);
  const width = Math.max(...Object.keys(props).map((k) => k.length));
  for (const [name, p] of Object.entries(props)) {
    io.out(`${indent}${name.padEnd(width)}  ${typeName(p)}${required.has(name) ? '  (required)' : ''}`);
  }
}

/** `--path k=v ...` form of the action's example. */
export function exampleCommand(action: CatalogAction): string {
  const parts = [`hubspot-marketing call ${action.id}`];
  for (const [k, v] of Object.entries(action.example.path ?? {}))
    parts.push(`--path ${k}=${shellWord(String(v))}`);
  for (const [k, v] of Object.entries(action.example.query ?? {})) {
    for (const item of Array.isArray(v) ? v : [v]) parts.push(`--query ${k}=${shellWord(String(item))}`);
  }
  if (action.example.body !== undefined)
    parts.push(`--data ${shellWord(JSON.stringify(action.example.body))}`);
  return parts.join(' \\\n    ');
}

function shellWord(s: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(s) ? s : `'${s.replaceAll("'", "'\\''")}'`;
}

export function describeCommand(catalog: Catalog, id: string, io: Io): void {
  const a = findAction(catalog, id);
  io.out(`${a.id}: ${a.summary}${a.deprecated ? ' (deprecated)' : ''}`);
  io.out(`${a.method} ${a.path}`);
  io.out(`area: ${a.areaName} · connector group: ${a.connectorGroup}`);
  io.out('');
  io.out(a.description);
  io.out('');
  io.out('Parameters:');
  if (a.params.length === 0) io.out('  none');
  const width = Math.max(0, ...a.params.map((p) => p.name.length));
  for (const p of a.params) {
    const s = resolveSchema(catalog, p.schema) ?? p.schema;
    const extra = [p.required ? 'required' : 'optional'];
    if (s.default !== undefined) extra.push(`default ${JSON.stringify(s.default)}`);
    io.out(`  ${p.name.padEnd(width)}  ${p.in.padEnd(5)}  ${typeName(p.schema)}  (${extra.join(', ')})`);
    if (p.description) io.out(`  ${' '.repeat(width)}  ${p.description}`);
  }
  io.out('');
  io.out(
    `Body: ${a.requestBody ? `${typeName(a.requestBody.schema)}${a.requestBody.required ? ' (required)' : ''}` : 'none'}`,
  );
  if (a.requestBody) fields(catalog, a.requestBody.schema, io);
  io.out('');
  for (const r of a.responses.filter((x) => /^2\d\d$/.test(x.status))) {
    io.out(`Response ${r.status}: ${r.schema ? typeName(r.schema) : 'no body'} — ${r.description}`);
    if (r.schema) fields(catalog, r.schema, io);
  }
  io.out(
    'Errors: the HubSpot error envelope (category, correlationId, message, subCategory, context, errors[], links).',
  );
  io.out('');
  if (a.security.credential === 'developerApiKey')
    io.out('Auth: developer API key (hapikey), from HUBSPOT_DEVELOPER_API_KEY');
  else
    io.out(
      `Auth: access token with any of: ${a.security.anyOf.map((s) => s.join(' + ') || '(no scope)').join(' | ')}`,
    );
  if (a.pagination) {
    io.out(
      `Paged: cursor ${a.pagination.cursorParam} from ${a.pagination.nextCursorPath}; items in ${a.pagination.itemsPath}. Use --all to follow it.`,
    );
  }
  if (a.batch)
    io.out(
      `Batch: at most ${a.batch.maxItems} items in ${a.batch.inputsPath} per request; \`call\` and the client send more as several requests and merge the answers.`,
    );
  io.out('');
  io.out('Example:');
  io.out(`  ${exampleCommand(a)}`);
}

/** `describe --json`: the action's catalog entry (schemas as `$ref`s into `openapi.json`) and its example call. */
export function describeJson(catalog: Catalog, id: string, io: Io): void {
  const a = findAction(catalog, id);
  io.out(JSON.stringify({ ...a, exampleCommand: exampleCommand(a).replaceAll(' \\\n    ', ' ') }, null, 2));
}

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(
        (prev[j] ?? 0) + 1,
        (cur[j - 1] ?? 0) + 1,
        (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}
