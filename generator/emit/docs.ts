/**
 * Emitter: Markdown reference from `templates/docs/`. `docs/README.md` indexes every action by API area
 * and by connector group; one page per area documents each action; `docs/schemas.md` lists the schemas.
 * Templates have `{{slot}}` placeholders; every slot must be filled and every value must be used.
 */
import fs from 'node:fs';
import path from 'node:path';
import { resolveLocal } from '../check.js';
import { isObject, type Json, type JsonObject } from '../load.js';
import type { Action, Area, Model } from '../model.js';
import { exampleProgram } from './example.js';

export const PACKAGE_NAME = 'hubspot-marketing-connector';

/** What every action does around the HTTP call; kept in step with src/runtime/. */
const RUNTIME_NOTES = [
  '- **Retries.** 429, 502, 503, 504 and connection failures are retried with exponential backoff and full jitter',
  '  (3 retries, 0.5 s base, 30 s cap; `maxRetries`, `retry: { baseDelayMs, maxDelayMs }` per client, `maxRetries` per',
  '  call, 0 turns it off). `Retry-After` (seconds or HTTP date) is honoured. A 429 whose `policyName` is a daily limit',
  '  is not retried: it throws `HubSpotRateLimitError` at once. POST and PATCH are retried only when safe (a 429, or a',
  '  connection that failed before sending) unless `retryNonIdempotent` is set. Every retry is reported to `onRetry`',
  '  and `logger`.',
  '- **Timeouts and cancellation.** Each attempt times out after `timeoutMs` (30 s) with `HubSpotTimeoutError`; a',
  '  `signal` aborts the call, including a wait between retries.',
  '- **Rate limiting.** `rateLimit: { requestsPerSecond, burst }` turns on a token bucket shared by every call of the',
  "  client, tightened by HubSpot's `X-HubSpot-RateLimit-*` headers.",
  '- **Auth.** `accessToken` may be a function (OAuth): it is called again after a 401, once for all calls in flight,',
  '  and each call is replayed once. `developerApiKey` is sent as `hapikey` only to the app-settings actions.',
  '- **Pagination.** Every cursor-paged action has `<action>All` and `<action>Pages` async iterators, and',
  '  `client.paginate(actionId, input)`.',
  '- **Batching.** Campaign batch actions accept any number of inputs and send chunks of 50.',
  '- **Results instead of exceptions.** `createHubSpotMarketingClient({ ..., throwOnError: false })` resolves every',
  '  action to `{ data, error, response }`; `onResponse` per call gives the raw `Response` in either style.',
].join('\n');

/** Fills `{{name}}` slots; an unknown slot or an unused value is a template error. */
export function fill(template: string, values: Record<string, string>, name: string): string {
  const used = new Set<string>();
  const out = template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    if (!Object.hasOwn(values, key)) throw new Error(`template ${name}: unknown slot {{${key}}}`);
    used.add(key);
    return values[key] as string;
  });
  const unused = Object.keys(values).filter((k) => !used.has(k));
  if (unused.length > 0) throw new Error(`template ${name}: values never used: ${unused.join(', ')}`);
  return out;
}

/** Escapes text for a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\s+/g, ' ').replaceAll('|', '\\|').trim();
}

function code(text: string): string {
  return `\`${text.replaceAll('`', "'")}\``;
}

function refName(ref: string): string {
  return ref.split('/').pop() ?? ref;
}

/** A short, readable type for a schema: `string (date-time)`, `PublicCampaign[]`, `'a' \| 'b'`. */
export function typeOf(schema: Json | undefined, link = true): string {
  if (!isObject(schema)) return 'any';
  if (typeof schema.$ref === 'string') {
    const n = refName(schema.$ref);
    return link ? `[${n}](schemas.md#${n.toLowerCase()})` : n;
  }
  if (Array.isArray(schema.enum)) {
    const values = schema.enum.map((v) => code(JSON.stringify(v).replaceAll('"', "'")));
    return values.length > 8
      ? `${values.slice(0, 8).join(' \\| ')} \\| … (${values.length} values)`
      : values.join(' \\| ');
  }
  for (const k of ['oneOf', 'anyOf', 'allOf'] as const) {
    if (Array.isArray(schema[k]))
      return (schema[k] as Json[]).map((s) => typeOf(s, link)).join(k === 'allOf' ? ' & ' : ' \\| ');
  }
  const t = Array.isArray(schema.type)
    ? schema.type.join(' \\| ')
    : typeof schema.type === 'string'
      ? schema.type
      : 'any';
  if (t === 'array') return `${typeOf(schema.items, link)}[]`;
  if (t === 'object' && !isObject(schema.properties) && isObject(schema.additionalProperties)) {
    return `map of ${typeOf(schema.additionalProperties, link)}`;
  }
  return typeof schema.format === 'string' ? `${t} (${schema.format})` : t;
}

function constraints(schema: Json | undefined): string {
  if (!isObject(schema)) return '';
  const parts: string[] = [];
  if (schema.default !== undefined) parts.push(`default ${code(JSON.stringify(schema.default))}`);
  if (typeof schema.minimum === 'number') parts.push(`min ${schema.minimum}`);
  if (typeof schema.maximum === 'number') parts.push(`max ${schema.maximum}`);
  if (typeof schema.maxItems === 'number') parts.push(`at most ${schema.maxItems} items`);
  if (typeof schema.maxLength === 'number') parts.push(`max length ${schema.maxLength}`);
  if (typeof schema.pattern === 'string') parts.push(`pattern ${code(schema.pattern)}`);
  return parts.join(', ');
}

function resolve(model: Model, schema: Json | undefined): JsonObject | undefined {
  const cur = resolveLocal(model.document, schema);
  return isObject(cur) ? cur : undefined;
}

/** A table of an object schema's properties. */
function propertyTable(model: Model, schema: Json | undefined): string {
  const s = resolve(model, schema);
  if (!s || !isObject(s.properties) || Object.keys(s.properties).length === 0) return '';
  const required = new Set(Array.isArray(s.required) ? s.required.map(String) : []);
  const rows = Object.entries(s.properties).map(([name, p]) => {
    const prop = isObject(p) ? p : {};
    const desc =
      typeof prop.description === 'string' ? prop.description : (resolve(model, prop)?.description ?? '');
    return `| ${code(name)} | ${typeOf(prop)} | ${required.has(name) ? 'yes' : 'no'} | ${cell([String(desc), constraints(prop)].filter(Boolean).join(' '))} |`;
  });
  return ['| Field | Type | Required | Description |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

function parametersSection(action: Action): string {
  const params = action.params.filter((p) => p.in !== 'cookie');
  if (params.length === 0) return 'None.';
  const rows = params.map(
    (p) =>
      `| ${code(p.name)} | ${p.in} | ${typeOf(p.schema)} | ${p.required ? 'yes' : 'no'} | ${cell([p.description, constraints(p.schema)].filter(Boolean).join(' '))} |`,
  );
  // Name only the input members this action has: `input.query` alone for an action without path parameters.
  const members = (['path', 'query', 'header'] as const)
    .filter((where) => params.some((p) => p.in === where))
    .map((where) => `\`input.${where}\``);
  const passed =
    members.length === 1 ? members[0] : `${members.slice(0, -1).join(', ')} and ${members.at(-1)}`;
  return [
    `Passed as ${passed}.`,
    '',
    '| Name | In | Type | Required | Description |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

function requestBodySection(model: Model, action: Action): string {
  const body = action.requestBody;
  if (!body) return 'None.';
  const s = resolve(model, body.schema);
  const lines = [
    `${body.required ? 'Required' : 'Optional'}, \`${body.contentType}\`, passed as \`input.body\`: ${typeOf(body.schema)}.`,
  ];
  if (typeof s?.description === 'string') lines.push('', s.description);
  const table = propertyTable(model, body.schema);
  if (table) lines.push('', table);
  return lines.join('\n');
}

function responseSection(model: Model, action: Action): string {
  return action.success
    .map((r) => {
      const head = `**${r.status}**: ${r.description}${r.schema ? ` Returns ${typeOf(r.schema)}.` : ' No body; the function resolves to `undefined`.'}`;
      const table = r.schema ? propertyTable(model, r.schema) : '';
      return table ? `${head}\n\n${table}` : head;
    })
    .join('\n\n');
}

function errorsSection(action: Action): string {
  const lines = [
    'Any other status answers with the HubSpot error envelope ([HubSpotError](schemas.md#hubspoterror)); the client throws `HubSpotApiError` carrying `status`, `category`, `subCategory`, `correlationId`, `message`, `errors`, `context` and `links`.',
  ];
  if (action.params.some((p) => p.in === 'path')) {
    lines.push(
      'A missing, empty, `.` or `..` path parameter throws `HubSpotInputError` before any request is sent.',
    );
  }
  if (action.success.some((r) => r.status === '207')) {
    lines.push(
      'A **207** means some inputs failed: the body lists them in `errors`, one `BatchItemError` per failure, beside the `results` that succeeded.',
    );
  }
  return lines.join('\n\n');
}

function notesSection(action: Action): string {
  const notes: string[] = [];
  const call = `client.${action.areaKey}.${action.id}`;
  if (action.pagination) {
    const p = action.pagination;
    notes.push(
      `**Pagination.** Cursor-paged: items are in \`${p.itemsPath}\`; pass \`${p.nextCursorPath}\` of one page as the \`${p.cursorParam}\` query parameter to get the next${p.limitParam ? `, and \`${p.limitParam}\` to set the page size` : ''}. The last page has no \`${p.nextCursorPath}\`. The client follows the cursor for you: \`for await (const item of ${call}All(input))\` yields every item, \`${call}Pages(input)\` every page, and \`client.paginate('${action.id}', input)\` does the same by id; \`maxItems\` and \`maxPages\` stop early.`,
    );
  }
  if (action.batch) {
    notes.push(
      `**Batch.** HubSpot takes at most ${action.batch.maxItems} items in \`${action.batch.inputsPath}\` per request. Give the client any number: it sends chunks of ${action.batch.maxItems} (three at a time, \`batchConcurrency\` to change) and merges the answers, results and per-item errors alike. A chunk that fails as a whole raises \`HubSpotBatchError\` with the inputs it carried and the merged answers of the others in \`partial\`.`,
    );
  }
  return notes.length ? `### Notes\n\n${notes.join('\n\n')}\n\n` : '';
}

function scopesSection(action: Action): string {
  if (action.credential === 'developerApiKey') {
    return 'Developer API key (`developerApiKey` client option), sent as the `hapikey` query parameter. No access token is used.';
  }
  const alternatives = action.security.filter((s) => s.scopes.length > 0);
  if (alternatives.length === 0) return 'An access token (`accessToken` client option); no particular scope.';
  const list = alternatives.map((s) => `- ${s.scopes.map(code).join(' and ')}`).join('\n');
  return `An access token (\`accessToken\` client option: private app token or OAuth token) with ${alternatives.length > 1 ? 'any one of these scopes' : 'this scope'}:\n\n${list}`;
}

function scopesShort(action: Action): string {
  if (action.credential === 'developerApiKey') return 'developer API key';
  const scopes = [...new Set(action.security.flatMap((s) => s.scopes))];
  return scopes.length ? scopes.map(code).join(', ') : 'none';
}

function actionSection(model: Model, area: Area, action: Action, template: string): string {
  const flags = [
    action.pagination ? ' · paged' : '',
    action.batch ? ` · batch of at most ${action.batch.maxItems}` : '',
    action.deprecated ? ' · **deprecated**' : '',
  ].join('');
  return fill(
    template,
    {
      id: action.id,
      summary: action.summary,
      method: action.method.toUpperCase(),
      path: action.path,
      group: code(action.connectorGroup),
      scopesShort: scopesShort(action),
      flags,
      description: action.description,
      parameters: parametersSection(action),
      requestBody: requestBodySection(model, action),
      response: responseSection(model, action),
      errors: errorsSection(action),
      notes: notesSection(action),
      scopes: scopesSection(action),
      example: exampleProgram(action, PACKAGE_NAME),
      areaAnchor: area.slug,
    },
    'action.md',
  );
}

function link(area: Area, action: Action): string {
  return `[\`${action.id}\`](${area.slug}.md#${action.id.toLowerCase()})`;
}

export function emitDocs(model: Model, templatesDir: string): Map<string, string> {
  const read = (name: string) => fs.readFileSync(path.join(templatesDir, 'docs', name), 'utf8');
  const [indexT, areaT, actionT, schemasT] = ['index.md', 'area.md', 'action.md', 'schemas.md'].map(read) as [
    string,
    string,
    string,
    string,
  ];
  const files = new Map<string, string>();
  const areaOf = new Map(model.areas.map((a) => [a.key, a]));

  for (const area of model.areas) {
    const table = area.actions
      .map(
        (a) =>
          `| [\`${a.id}\`](#${a.id.toLowerCase()}) | \`${a.method.toUpperCase()} ${a.path}\` | ${cell(a.summary)} |`,
      )
      .join('\n');
    const page = fill(
      areaT,
      {
        name: area.name,
        description: area.description,
        actionCount: String(area.actions.length),
        key: area.key,
        slug: area.slug,
        actionTable: table,
        actions: area.actions.map((a) => actionSection(model, area, a, actionT).trim()).join('\n\n---\n\n'),
      },
      'area.md',
    );
    files.set(`docs/${area.slug}.md`, `${page.trim()}\n`);
  }

  const areaIndex = model.areas
    .map((area) => {
      const rows = area.actions
        .map(
          (a) =>
            `| ${link(area, a)} | \`${a.method.toUpperCase()} ${a.path}\` | ${cell(a.summary)} | ${code(a.connectorGroup)} |`,
        )
        .join('\n');
      return `### [${area.name}](${area.slug}.md) (${area.actions.length})\n\n${area.description}\n\n| Action | Method and path | Summary | Connector group |\n| --- | --- | --- | --- |\n${rows}`;
    })
    .join('\n\n');
  const groupIndex = [
    '| Connector group | Actions | Count |',
    '| --- | --- | --- |',
    ...model.groups.map((g) => {
      const links = g.actions.map((a) => link(areaOf.get(a.areaKey) as Area, a)).join(', ');
      return `| ${code(g.name)} | ${links} | ${g.actions.length} |`;
    }),
    `| **Total** | | **${model.actions.length}** |`,
  ].join('\n');
  const authentication = model.securitySchemes
    .map(
      (s) =>
        `- **${s.name}** (${s.type}${s.in ? `, in ${s.in} as \`${s.paramName}\`` : ''}): ${s.description}`,
    )
    .join('\n');
  const errors = [
    'Every action answers errors with the HubSpot error envelope ([HubSpotError](schemas.md#hubspoterror)). The client throws',
    '`HubSpotApiError` (with `status`, `kind`, `category`, `subCategory`, `correlationId`, `message`, `errors`, `context`,',
    '`links`, the action id, method and redacted URL); `HubSpotInputError` for input it refuses to send (a missing or',
    'unsafe path parameter), `HubSpotConfigError` when a credential is missing, and `HubSpotConnectionError` when no HTTP',
    'answer arrived. Secrets (the access token, the `hapikey`) never appear in an error.',
  ].join('\n');
  files.set(
    'docs/README.md',
    `${fill(
      indexT,
      {
        title: model.title,
        description: model.description.trim(),
        actionCount: String(model.actions.length),
        packageName: PACKAGE_NAME,
        areaIndex,
        groupIndex,
        authentication,
        errors,
        runtime: RUNTIME_NOTES,
      },
      'index.md',
    ).trim()}\n`,
  );

  const components =
    isObject(model.document.components) && isObject(model.document.components.schemas)
      ? model.document.components.schemas
      : {};
  const schemaSections = Object.entries(components).map(([name, s]) => {
    const schema = isObject(s) ? s : {};
    const desc = typeof schema.description === 'string' ? schema.description : '';
    const table = propertyTable(model, schema);
    const body = table || `Type: ${typeOf(schema)}.`;
    return `## ${name}\n\n${desc ? `${desc}\n\n` : ''}${body}`;
  });
  files.set(
    'docs/schemas.md',
    `${fill(schemasT, { schemaCount: String(schemaSections.length), schemas: schemaSections.join('\n\n') }, 'schemas.md').trim()}\n`,
  );
  return files;
}
