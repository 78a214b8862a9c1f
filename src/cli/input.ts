/**
 * Turns `--path k=v`, `--query k=v` and `--data JSON|@file|@-` into an action's input, typed by the action's
 * parameter schemas (numbers, booleans, repeated keys for arrays), and checks it against those schemas with
 * Ajv before anything is sent. Every problem is a {@link UsageError} naming the parameter. Ajv and ajv-formats are
 * optional peer dependencies (src/mock/peers.ts), imported on the first check: without them `call` stops with
 * a {@link CallDependencyError} naming the `npm install -D` line, before anything is sent.
 *
 * Integers are taken exactly as typed or refused: only plain decimal digits (`42`, `-7`; not `0x10`, `1e3`,
 * ` 12` or `012`), within the schema's format (int32/int64) and bounds. An integer beyond JavaScript's safe
 * range (an int64 id such as `9007199254740993`) is sent as the digits typed, never rounded; the same holds
 * for `--data`, which refuses a JSON integer it could not send exactly.
 */
import { readFileSync } from 'node:fs';
import type { Ajv2020, ErrorObject } from 'ajv/dist/2020.js';
import { AJV_PEERS_INSTALL, loadAjvPeers, MissingPeersError } from '../mock/peers.js';
import type { Catalog, CatalogAction, CatalogParam, JsonSchema } from './catalog.js';
import { resolveSchema, SPEC_REF } from './catalog.js';
import { UsageError } from './errors.js';

/** `call` without Ajv or ajv-formats installed (exit 1: not bad input, a missing tool). */
export class CallDependencyError extends Error {
  override readonly name = 'CallDependencyError';
  constructor(missing: string[], cause: unknown) {
    super(
      `\`call\` checks its input with ${missing.join(' and ')}, optional peer dependencies of ` +
        `hubspot-marketing-connector that are not installed: run \`${AJV_PEERS_INSTALL}\` ` +
        '(`actions` and `describe` need nothing)',
      { cause },
    );
  }
}

export interface RawInput {
  path?: string[];
  query?: string[];
  data?: string;
  /** The text of standard input, read by the caller when `data` is `@-`. */
  stdin?: string;
}

export interface ActionInputValue {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: unknown;
}

function splitPair(pair: string, flag: string): [string, string] {
  const eq = pair.indexOf('=');
  if (eq <= 0) throw new UsageError(`${flag} expects key=value, got '${pair}'`);
  return [pair.slice(0, eq), pair.slice(eq + 1)];
}

function schemaType(catalog: Catalog, schema: JsonSchema): string | undefined {
  const s = resolveSchema(catalog, schema) ?? schema;
  return typeof s.type === 'string' ? s.type : undefined;
}

const DIGITS = /^-?(?:0|[1-9][0-9]*)$/;
const JSON_NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;
const FORMAT_RANGE: Record<string, [bigint, bigint]> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
};

/**
 * An integer parameter, exactly as typed: a number when JavaScript holds it exactly, else the string of
 * digits (the client sends path and query values as text). Anything else is refused.
 */
function integer(schema: JsonSchema, raw: string, label: string): number | string {
  if (!DIGITS.test(raw)) {
    throw new UsageError(`${label} must be a whole number in plain decimal digits, got '${raw}'`);
  }
  const value = BigInt(raw);
  const range = typeof schema.format === 'string' ? FORMAT_RANGE[schema.format] : undefined;
  if (range && (value < range[0] || value > range[1])) {
    throw new UsageError(`${label} must fit in ${schema.format}, got ${raw}`);
  }
  if (typeof schema.minimum === 'number' && value < BigInt(schema.minimum)) {
    throw new UsageError(`${label} must be >= ${schema.minimum}, got ${raw}`);
  }
  if (typeof schema.maximum === 'number' && value > BigInt(schema.maximum)) {
    throw new UsageError(`${label} must be <= ${schema.maximum}, got ${raw}`);
  }
  return Number.isSafeInteger(Number(raw)) ? Number(raw) : raw;
}

/** Converts one command-line string to the type the schema wants; validation reports what does not fit. */
function coerce(catalog: Catalog, schema: JsonSchema, raw: string, label: string): unknown {
  const s = resolveSchema(catalog, schema) ?? schema;
  switch (schemaType(catalog, schema)) {
    case 'integer':
      return integer(s, raw, label);
    case 'number':
      if (!JSON_NUMBER.test(raw)) throw new UsageError(`${label} must be a decimal number, got '${raw}'`);
      return Number(raw);
    case 'boolean':
      return raw === 'true' ? true : raw === 'false' ? false : raw;
    default:
      return raw;
  }
}

function collect(catalog: Catalog, action: CatalogAction, where: 'path' | 'query', pairs: string[]) {
  const params = new Map(action.params.filter((p) => p.in === where).map((p) => [p.name, p]));
  const out: Record<string, unknown> = {};
  for (const pair of pairs) {
    const [key, raw] = splitPair(pair, `--${where}`);
    const param = params.get(key);
    if (!param) {
      const known = [...params.keys()];
      throw new UsageError(
        `'${action.id}' has no ${where} parameter '${key}'${known.length ? `; it takes: ${known.join(', ')}` : ''}`,
      );
    }
    const label = `${where} parameter '${key}'`;
    if (where === 'path' && (raw === '' || raw === '.' || raw === '..')) {
      throw new UsageError(
        raw === ''
          ? `${label} must not be empty`
          : `${label} must not be '${raw}': it would address another endpoint`,
      );
    }
    if (schemaType(catalog, param.schema) === 'array') {
      const items = ((resolveSchema(catalog, param.schema) ?? param.schema).items ?? {}) as JsonSchema;
      const list = Array.isArray(out[key]) ? (out[key] as unknown[]) : [];
      out[key] = [...list, coerce(catalog, items, raw, label)];
    } else if (key in out) {
      throw new UsageError(`${label} is given twice`);
    } else {
      out[key] = coerce(catalog, param.schema, raw, label);
    }
  }
  return out;
}

function readData(data: string, stdin: string | undefined): unknown {
  let text = data;
  if (data === '@-') {
    if (stdin === undefined)
      throw new UsageError('--data @- reads the body from standard input, which is empty');
    text = stdin;
  } else if (data.startsWith('@')) {
    try {
      text = readFileSync(data.slice(1), 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read ${data.slice(1)}: ${(e as Error).message}`);
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (e) {
    throw new UsageError(`--data is not valid JSON: ${(e as Error).message}`);
  }
  const inexact = inexactIntegers(text)[0];
  if (inexact !== undefined) {
    throw new UsageError(
      `--data holds the integer ${inexact}, beyond what can be sent exactly (2^53); write it as a string`,
    );
  }
  return value;
}

/**
 * Integer literals of a JSON text (outside strings) beyond 2^53, which `JSON.parse` may round and
 * `JSON.stringify` may write in another form.
 * The text is valid JSON, so a number token is a run of number characters outside a string.
 */
export function inexactIntegers(text: string): string[] {
  const found: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      let j = i + 1;
      while (j < text.length && /[0-9.eE+-]/.test(text[j] as string)) j++;
      const token = text.slice(i, j);
      if (DIGITS.test(token) && !Number.isSafeInteger(Number(token))) found.push(token);
      i = j;
    } else {
      i++;
    }
  }
  return found;
}

/** Where the validator finds the spec's schemas: the catalog's `openapi.json#/...` refs point here. */
const SPEC_ID = 'https://catalog.local/openapi.json';

let ajv: Ajv2020 | undefined;
async function validator(catalog: Catalog): Promise<Ajv2020> {
  if (!ajv) {
    let peers: Awaited<ReturnType<typeof loadAjvPeers>>;
    try {
      peers = await loadAjvPeers();
    } catch (e) {
      if (e instanceof MissingPeersError) throw new CallDependencyError(e.missing, e);
      throw e;
    }
    ajv = new peers.Ajv2020({ strict: false, allErrors: false });
    peers.addFormats(ajv);
    ajv.addSchema({ $id: SPEC_ID, components: catalog.components });
  }
  return ajv;
}

function rebase(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rebase);
  if (typeof schema !== 'object' || schema === null) return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([k, v]) => [
      k,
      k === '$ref' && typeof v === 'string' && v.startsWith(SPEC_REF)
        ? `${SPEC_ID}${v.slice(SPEC_REF.length - 1)}`
        : rebase(v),
    ]),
  );
}

function check(ajv: Ajv2020, schema: JsonSchema, value: unknown, label: string, offset = 0): void {
  const fn = ajv.compile(rebase(schema) as JsonSchema);
  if (fn(value)) return;
  const e = (fn.errors ?? [])[0] as ErrorObject | undefined;
  const parts = (e?.instancePath ?? '').split('/').filter(Boolean);
  // A chunk of a batch: name the item by its index in the whole input.
  if (offset > 0 && parts.length > 1 && /^\d+$/.test(parts[1] as string))
    parts[1] = String(Number(parts[1]) + offset);
  const where = parts.length ? `${label}.${parts.join('.')}` : label;
  throw new UsageError(`${where} ${e?.message ?? 'does not match the schema'}`);
}

/**
 * A batch action's body: the client splits inputs beyond the per-request limit into several requests, so the
 * body is checked the way it will be sent, one chunk of `maxItems` inputs at a time.
 */
function checkBody(ajv: Ajv2020, action: CatalogAction, body: unknown): void {
  const schema = action.requestBody?.schema ?? {};
  const batch = action.batch;
  const inputs =
    batch && typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>)[batch.inputsPath]
      : undefined;
  if (!batch || !Array.isArray(inputs) || inputs.length <= batch.maxItems) {
    check(ajv, schema, body, 'body');
    return;
  }
  for (let offset = 0; offset < inputs.length; offset += batch.maxItems) {
    const chunk = { ...(body as object), [batch.inputsPath]: inputs.slice(offset, offset + batch.maxItems) };
    check(ajv, schema, chunk, 'body', offset);
  }
}

function checkParams(
  catalog: Catalog,
  ajv: Ajv2020,
  params: CatalogParam[],
  values: Record<string, unknown>,
  where: string,
) {
  for (const p of params) {
    if (!(p.name in values)) {
      if (p.required)
        throw new UsageError(`missing required ${where} parameter '${p.name}' (--${where} ${p.name}=…)`);
      continue;
    }
    // An integer beyond 2^53 stays the digits typed; coerce() checked its format and bounds.
    if (typeof values[p.name] === 'string' && schemaType(catalog, p.schema) === 'integer') continue;
    check(ajv, p.schema, values[p.name], `${where} parameter '${p.name}'`);
  }
}

/** Builds and checks the input of `action` from the command line. */
export async function buildInput(
  catalog: Catalog,
  action: CatalogAction,
  raw: RawInput,
): Promise<ActionInputValue> {
  const ajv = await validator(catalog);
  const input: ActionInputValue = {};
  const path = collect(catalog, action, 'path', raw.path ?? []);
  const query = collect(catalog, action, 'query', raw.query ?? []);
  checkParams(
    catalog,
    ajv,
    action.params.filter((p) => p.in === 'path'),
    path,
    'path',
  );
  checkParams(
    catalog,
    ajv,
    action.params.filter((p) => p.in === 'query'),
    query,
    'query',
  );
  if (Object.keys(path).length) input.path = path;
  if (Object.keys(query).length) input.query = query;
  if (raw.data !== undefined) {
    if (!action.requestBody) throw new UsageError(`'${action.id}' takes no request body; drop --data`);
    input.body = readData(raw.data, raw.stdin);
    checkBody(ajv, action, input.body);
  } else if (action.requestBody?.required) {
    throw new UsageError(`'${action.id}' needs a request body: --data '<json>' or --data @file.json`);
  }
  return input;
}
