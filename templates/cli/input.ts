/**
 * Turns `--path k=v`, `--query k=v` and `--data JSON|@file` into an action's input, typed by the action's
 * parameter schemas (numbers, booleans, repeated keys for arrays), and checks it against those schemas with
 * Ajv before anything is sent. Every problem is a {@link UsageError} naming the parameter.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Catalog, CatalogAction, CatalogParam, JsonSchema } from './catalog.js';
import { resolveSchema } from './catalog.js';
import { UsageError } from './errors.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

export interface RawInput {
  path?: string[];
  query?: string[];
  data?: string;
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

/** Converts one command-line string to the type the schema wants; validation reports what does not fit. */
function coerce(catalog: Catalog, schema: JsonSchema, raw: string): unknown {
  switch (schemaType(catalog, schema)) {
    case 'integer':
    case 'number':
      return raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
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
    if (schemaType(catalog, param.schema) === 'array') {
      const items = ((resolveSchema(catalog, param.schema) ?? param.schema).items ?? {}) as JsonSchema;
      const list = Array.isArray(out[key]) ? (out[key] as unknown[]) : [];
      out[key] = [...list, coerce(catalog, items, raw)];
    } else if (key in out) {
      throw new UsageError(`${where} parameter '${key}' is given twice`);
    } else {
      out[key] = coerce(catalog, param.schema, raw);
    }
  }
  return out;
}

function readData(data: string): unknown {
  let text = data;
  if (data.startsWith('@')) {
    try {
      text = readFileSync(data.slice(1), 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read ${data.slice(1)}: ${(e as Error).message}`);
    }
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new UsageError(`--data is not valid JSON: ${(e as Error).message}`);
  }
}

let ajv: Ajv2020 | undefined;
function validator(catalog: Catalog): Ajv2020 {
  if (!ajv) {
    ajv = new Ajv2020({ strict: false, allErrors: false });
    addFormats(ajv);
    ajv.addSchema({ $id: 'https://catalog.local/actions.json', components: catalog.components });
  }
  return ajv;
}

function rebase(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rebase);
  if (typeof schema !== 'object' || schema === null) return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([k, v]) => [
      k,
      k === '$ref' && typeof v === 'string' && v.startsWith('#')
        ? `https://catalog.local/actions.json${v}`
        : rebase(v),
    ]),
  );
}

function check(catalog: Catalog, schema: JsonSchema, value: unknown, label: string): void {
  const fn = validator(catalog).compile(rebase(schema) as JsonSchema);
  if (fn(value)) return;
  const e = (fn.errors ?? [])[0] as ErrorObject | undefined;
  const where = e?.instancePath ? `${label}${e.instancePath.replaceAll('/', '.')}` : label;
  throw new UsageError(`${where} ${e?.message ?? 'does not match the schema'}`);
}

function checkParams(
  catalog: Catalog,
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
    check(catalog, p.schema, values[p.name], `${where} parameter '${p.name}'`);
  }
}

/** Builds and checks the input of `action` from the command line. */
export function buildInput(catalog: Catalog, action: CatalogAction, raw: RawInput): ActionInputValue {
  const input: ActionInputValue = {};
  const path = collect(catalog, action, 'path', raw.path ?? []);
  const query = collect(catalog, action, 'query', raw.query ?? []);
  checkParams(
    catalog,
    action.params.filter((p) => p.in === 'path'),
    path,
    'path',
  );
  checkParams(
    catalog,
    action.params.filter((p) => p.in === 'query'),
    query,
    'query',
  );
  if (Object.keys(path).length) input.path = path;
  if (Object.keys(query).length) input.query = query;
  if (raw.data !== undefined) {
    if (!action.requestBody) throw new UsageError(`'${action.id}' takes no request body; drop --data`);
    input.body = readData(raw.data);
    check(catalog, action.requestBody.schema, input.body, 'body');
  } else if (action.requestBody?.required) {
    throw new UsageError(`'${action.id}' needs a request body: --data '<json>' or --data @file.json`);
  }
  return input;
}
