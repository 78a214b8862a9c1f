/**
 * Stage 2, check: runs a real OpenAPI validator (Redocly's linter) over the spec files, then our own rules
 * over the bundled document. Every problem becomes a {@link Diagnostic} with file, line and JSON pointer.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { type Diagnostic, pointerOf, SpecError, tokensOf } from './diagnostics.js';
import { isObject, type Json, type JsonObject, type LoadedSpec, walk } from './load.js';
import {
  checkDeviations,
  checkOrigin,
  checkUncovered,
  X_DEVIATION,
  X_UNCOVERED,
  X_UPSTREAM,
} from './upstream/annotations.js';

export const HTTP_METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options', 'trace'] as const;

/** Verbs an operationId may start with: one vocabulary for the whole client. */
export const OPERATION_VERBS = [
  'associate',
  'batchCreate',
  'batchDelete',
  'batchRead',
  'batchUpdate',
  'batchUpsert',
  'cancel',
  'clone',
  'complete',
  'create',
  'delete',
  'disassociate',
  'get',
  'list',
  'publish',
  'record',
  'reset',
  'restore',
  'search',
  'send',
  'subscribe',
  'unpublish',
  'unsubscribe',
  'update',
  'upsert',
] as const;

export interface ConnectorAction {
  group: string;
  method: string;
  path: string;
  title: string;
}

const CONNECTOR_ACTIONS_FILE = new URL('./connector-actions.json', import.meta.url);

/** The connector's action list (method, path, group) that the spec must match exactly. */
export function connectorActions(): ConnectorAction[] {
  const raw = JSON.parse(fs.readFileSync(CONNECTOR_ACTIONS_FILE, 'utf8')) as {
    actions: ConnectorAction[];
  };
  return raw.actions;
}

/**
 * The Redocly lint and the example check, in plain CommonJS: they run in a worker thread, which
 * `npm run generate` starts before the generator is bundled.
 */
const worker = createRequire(import.meta.url)('./check-worker.cjs') as {
  lint(ref: string): Promise<LintProblem[]>;
  start(ref: string): LintRun;
  adopt(ref: string): LintRun | undefined;
  ExampleValidator: new (
    components: Json | undefined,
  ) => { validate(schema: Json, value: Json): ExampleProblem[] };
};

/** What the linter reports, reduced to what crosses a thread boundary. */
interface LintProblem {
  ruleId: string;
  message: string;
  /** Absolute path of the file the problem is in, when Redocly names one. */
  file?: string;
  /** JSON pointer as Redocly gives it (`#/paths/...`). */
  pointer?: string;
}

/** An example that does not match its schema: where in the example (a JSON pointer) and why. */
interface ExampleProblem {
  path: string;
  message: string;
}

interface ExampleCheck {
  schema: Json;
  value: Json;
}

interface LintRun {
  ref: string;
  problems: Promise<LintProblem[]>;
  validateExamples(components: Json | undefined, checks: ExampleCheck[]): Promise<ExampleProblem[][]>;
  claimExamples(): boolean;
  stop(): void;
}

/** A lint running in its own thread; see {@link startLint}. */
export interface Linting {
  /** The lint's diagnostics, with lines looked up in `spec`. Rejects when the linter itself fails. */
  result(spec: LoadedSpec): Promise<Diagnostic[]>;
  /**
   * Runs our rules and hands the examples they collect to the lint's thread, which checks them once the lint
   * is done (call it early: this thread goes on with other work meanwhile).
   */
  collect(spec: LoadedSpec): void;
  /**
   * Our rules' diagnostics. The examples are checked by whichever thread is free first: this one, unless the
   * lint's thread, done with the lint, has begun them.
   */
  rules(spec: LoadedSpec): Promise<Diagnostic[]>;
  /** Stops the worker (when the spec failed before the lint's verdict was needed, or all is done). */
  stop(): void;
}

/**
 * Starts the Redocly lint of the files under `rootFile` in a worker thread, so that it runs beside loading,
 * modelling and emitting: it reads and parses the files itself and needs nothing from the main thread. Takes
 * over the lint of the same file that `npm run generate` started before the generator was bundled, if any.
 */
export function startLint(rootFile: string): Linting {
  const run = worker.adopt(rootFile) ?? worker.start(rootFile);
  let collected: { rules: ReturnType<typeof collectRules>; answer: Promise<ExampleProblem[][]> } | undefined;
  const collect = (spec: LoadedSpec) => {
    if (collected) return collected;
    const rules = collectRules(spec, connectorActions());
    const answer = run.validateExamples(
      spec.document.components,
      rules.examples.map((e) => e.check),
    );
    answer.catch(() => undefined); // awaited by rules(), unless this thread checks the examples itself
    collected = { rules, answer };
    return collected;
  };
  return {
    result: async (spec) => (await run.problems).map((p) => toDiagnostic(spec, p)),
    collect: (spec) => {
      try {
        collect(spec);
      } catch {
        // rules() runs them again and reports the failure
      }
    },
    rules: async (spec) => {
      const { rules, answer } = collect(spec);
      if (!run.claimExamples()) return rules.finish(await answer);
      const validator = new worker.ExampleValidator(spec.document.components);
      return rules.finish(rules.examples.map((e) => validator.validate(e.check.schema, e.check.value)));
    },
    stop: run.stop,
  };
}

/** Runs the Redocly linter (recommended ruleset plus example validation) on the spec files, in this thread. */
export async function lintSpec(spec: LoadedSpec): Promise<Diagnostic[]> {
  return (await worker.lint(spec.rootFile)).map((p) => toDiagnostic(spec, p));
}

function toDiagnostic(spec: LoadedSpec, p: LintProblem): Diagnostic {
  const file = p.file ?? spec.rootFile;
  const pointer = (p.pointer ?? '#').replace(/^#/, '');
  return {
    rule: `lint/${p.ruleId}`,
    file,
    pointer,
    line: spec.lineAt(file, pointer),
    message: p.message,
  };
}

/** Runs our rules over the bundled document, in this thread. */
export function checkRules(spec: LoadedSpec, expected: ConnectorAction[] = connectorActions()): Diagnostic[] {
  const rules = collectRules(spec, expected);
  const validator =
    rules.examples.length > 0 ? new worker.ExampleValidator(spec.document.components) : undefined;
  return rules.finish(rules.examples.map((e) => validator?.validate(e.check.schema, e.check.value) ?? []));
}

/** An example to check against its schema, and how its problems read as diagnostics. */
interface PendingExample {
  check: ExampleCheck;
  diagnostics(problems: ExampleProblem[]): Diagnostic[];
}

/**
 * Our rules over the bundled document, except that the examples are only collected: `finish` takes the
 * problems of each (in the order of `examples`) and returns every diagnostic in the order the rules found
 * them.
 */
function collectRules(
  spec: LoadedSpec,
  expected: ConnectorAction[],
): { examples: PendingExample[]; finish(problems: ExampleProblem[][]): Diagnostic[] } {
  const doc = spec.document;
  const out: Array<Diagnostic | PendingExample> = [];
  const examples: PendingExample[] = [];
  const diagnostic = (rule: string, bundledTokens: Array<string | number>, message: string): Diagnostic => {
    const at = spec.locate(pointerOf(bundledTokens));
    return { rule, file: at.file, pointer: at.pointer, line: at.line, message };
  };
  const report = (rule: string, bundledTokens: Array<string | number>, message: string) => {
    out.push(diagnostic(rule, bundledTokens, message));
  };
  /** Checks `value` against `schema`; a problem becomes an `invalid-example` at `at` + its path. */
  const example = (
    schema: Json,
    value: Json,
    at: Array<string | number>,
    message: (problem: string) => string,
  ) => {
    const pending: PendingExample = {
      check: { schema, value },
      diagnostics: (problems) =>
        problems.map((p) => diagnostic('invalid-example', [...at, ...tokensOf(p.path)], message(p.message))),
    };
    examples.push(pending);
    out.push(pending);
  };
  const finish = (problems: ExampleProblem[][]): Diagnostic[] => {
    const byExample = new Map(examples.map((e, i) => [e, problems[i] ?? []]));
    return out.flatMap((d) => ('check' in d ? d.diagnostics(byExample.get(d) ?? []) : [d]));
  };

  if (typeof doc.openapi !== 'string' || !doc.openapi.startsWith('3.1')) {
    report(
      'openapi-version',
      ['openapi'],
      `expected an OpenAPI 3.1 document, found openapi: ${JSON.stringify(doc.openapi ?? null)}`,
    );
    return { examples, finish };
  }
  const paths = isObject(doc.paths) ? doc.paths : {};
  const areas = new Set(
    (Array.isArray(doc.tags) ? doc.tags : []).flatMap((t) =>
      isObject(t) && typeof t.name === 'string' ? [t.name] : [],
    ),
  );
  const schemes =
    isObject(doc.components) && isObject(doc.components.securitySchemes)
      ? doc.components.securitySchemes
      : {};
  const expectedByKey = new Map(expected.map((a) => [`${a.method} ${a.path}`, a]));
  const seen = new Set<string>();
  const operationIds = new Map<string, string>();

  for (const [p, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const at = ['paths', p, method];
      const key = `${method} ${p}`;
      seen.add(key);
      const want = expectedByKey.get(key);
      if (!want)
        report('connector-actions', at, `${method.toUpperCase()} ${p} is not one of the connector's actions`);

      // operationId
      const id = op.operationId;
      if (typeof id !== 'string' || id === '') {
        report('operation-id', at, 'operation has no operationId');
      } else {
        if (!/^[a-z][A-Za-z0-9]*$/.test(id))
          report('operation-id', [...at, 'operationId'], `operationId '${id}' is not camelCase`);
        else if (!OPERATION_VERBS.some((v) => id.startsWith(v) && /^[A-Z]/.test(id.slice(v.length)))) {
          report(
            'operation-id',
            [...at, 'operationId'],
            `operationId '${id}' does not start with a known verb (${OPERATION_VERBS.join(', ')})`,
          );
        }
        const prev = operationIds.get(id);
        if (prev)
          report(
            'duplicate-operation-id',
            [...at, 'operationId'],
            `operationId '${id}' is already used by ${prev}`,
          );
        else operationIds.set(id, `${method.toUpperCase()} ${p}`);
      }

      // area and connector group
      const tags = Array.isArray(op.tags) ? op.tags : [];
      if (tags.length !== 1 || typeof tags[0] !== 'string')
        report('area-tag', [...at, 'tags'], 'operation must have exactly one tag: its API area');
      else if (!areas.has(tags[0]))
        report(
          'area-tag',
          [...at, 'tags', 0],
          `unknown API area '${tags[0]}'; declared areas: ${[...areas].join(', ')}`,
        );
      const group = op['x-connector-group'];
      if (typeof group !== 'string' || group === '')
        report('connector-group', at, 'operation has no x-connector-group');
      else if (want && group !== want.group)
        report(
          'connector-group',
          [...at, 'x-connector-group'],
          `x-connector-group is '${group}', the connector lists this action under '${want.group}'`,
        );

      // prose
      for (const field of ['summary', 'description'] as const) {
        if (typeof op[field] !== 'string' || (op[field] as string).trim() === '')
          report(`missing-${field}`, at, `operation has no ${field}`);
      }

      // parameters
      const located = [
        ...asArray(item.parameters).map((x, i) => resolveAt(doc, x, ['paths', p, 'parameters', i])),
        ...asArray(op.parameters).map((x, i) => resolveAt(doc, x, [...at, 'parameters', i])),
      ];
      const params = located.map((l) => l.value);
      const declared = new Set<string>();
      params.forEach((param, i) => {
        const pAt = located[i]?.tokens ?? [...at, 'parameters', i];
        if (!isObject(param)) return;
        const name = String(param.name ?? '');
        if (param.in === 'path') {
          declared.add(name);
          if (param.required !== true)
            report('path-params', [...pAt, 'required'], `path parameter '${name}' must be required: true`);
          if (!p.includes(`{${name}}`))
            report('path-params', pAt, `path parameter '${name}' does not appear in ${p}`);
        }
        if (typeof param.description !== 'string' || param.description.trim() === '')
          report('param-description', pAt, `parameter '${name}' has no description`);
        if (param.required === true && param.example === undefined && !isObject(param.examples)) {
          report('missing-example', pAt, `required parameter '${name}' has no example`);
        }
        if (param.example !== undefined && isObject(param.schema)) {
          example(
            param.schema,
            param.example,
            [...pAt, 'example'],
            (m) => `example for parameter '${name}' ${m}`,
          );
        }
      });
      for (const m of p.matchAll(/\{([^}]+)\}/g)) {
        if (!declared.has(m[1] as string))
          report('path-params', at, `path parameter '{${m[1]}}' of ${p} is not declared`);
      }

      // request body
      const bodyAt = resolveAt(doc, op.requestBody, [...at, 'requestBody']);
      const body = bodyAt.value;
      if (isObject(body)) {
        const content = isObject(body.content) ? body.content : {};
        const json = content['application/json'];
        if (!isObject(json))
          report('request-body', [...at, 'requestBody'], 'request body must offer application/json');
        else {
          if (json.example === undefined && !isObject(json.examples))
            report(
              'missing-example',
              [...bodyAt.tokens, 'content', 'application/json'],
              'request body has no example',
            );
          if (json.example !== undefined && isObject(json.schema)) {
            example(
              json.schema,
              json.example,
              [...bodyAt.tokens, 'content', 'application/json', 'example'],
              (m) => `request body example ${m}`,
            );
          }
        }
      }

      // responses
      const responses = isObject(op.responses) ? op.responses : {};
      const codes = Object.keys(responses);
      if (!codes.some((c) => /^2\d\d$/.test(c)))
        report('success-response', [...at, 'responses'], 'operation declares no 2xx response');
      if (!codes.includes('default'))
        report('error-response', [...at, 'responses'], 'operation declares no default (error) response');
      for (const code of codes) {
        const { value: r, tokens: rAt } = resolveAt(doc, responses[code], [...at, 'responses', code]);
        const json = isObject(r) && isObject(r.content) ? r.content['application/json'] : undefined;
        if (isObject(json) && json.example !== undefined && isObject(json.schema)) {
          example(
            json.schema,
            json.example,
            [...rAt, 'content', 'application/json', 'example'],
            (m) => `response ${code} example ${m}`,
          );
        }
      }

      // security
      const security = asArray(op.security);
      if (security.length === 0) report('security', at, 'operation declares no security requirement');
      security.forEach((req, i) => {
        if (!isObject(req)) return;
        for (const name of Object.keys(req)) {
          if (!isObject(schemes[name]))
            report('security', [...at, 'security', i, name], `unknown security scheme '${name}'`);
        }
      });

      // upstream origin (maintainer-only; see generator/upstream/)
      if (op[X_UPSTREAM] === undefined)
        report(
          'upstream-origin',
          at,
          `operation has no ${X_UPSTREAM} { file, method, path } naming the HubSpot operation it follows`,
        );
      else
        for (const problem of checkOrigin(op[X_UPSTREAM]))
          report('upstream-origin', [...at, X_UPSTREAM, ...problem.tokens], problem.message);

      // pagination and batching metadata
      const pg = op['x-pagination'];
      if (pg !== undefined) {
        const names = new Set(
          params.flatMap((x) => (isObject(x) && x.in === 'query' ? [String(x.name)] : [])),
        );
        if (
          !isObject(pg) ||
          typeof pg.cursorParam !== 'string' ||
          typeof pg.nextCursorPath !== 'string' ||
          typeof pg.itemsPath !== 'string'
        ) {
          report(
            'pagination',
            [...at, 'x-pagination'],
            'x-pagination needs cursorParam, nextCursorPath and itemsPath',
          );
        } else if (!names.has(pg.cursorParam)) {
          report(
            'pagination',
            [...at, 'x-pagination', 'cursorParam'],
            `cursor parameter '${pg.cursorParam}' is not a query parameter of this operation`,
          );
        }
      }
      const batch = op['x-batch'];
      if (batch !== undefined) {
        const limit = isObject(batch) ? batch.maxItems : undefined;
        const bodySchema =
          isObject(body) && isObject(body.content) && isObject(body.content['application/json'])
            ? body.content['application/json'].schema
            : undefined;
        const inputs =
          isObject(batch) && typeof batch.inputsPath === 'string'
            ? schemaProperty(doc, bodySchema, batch.inputsPath)
            : undefined;
        if (typeof limit !== 'number' || !isObject(inputs) || inputs.maxItems !== limit) {
          report(
            'batch',
            [...at, 'x-batch'],
            'x-batch.maxItems must be a number equal to maxItems of the request body inputs array',
          );
        }
      }
    }
  }
  for (const a of expected) {
    if (!seen.has(`${a.method} ${a.path}`))
      report(
        'connector-actions',
        ['paths'],
        `connector action '${a.title}' (${a.method.toUpperCase()} ${a.path}) is missing`,
      );
  }
  out.push(...checkSchemaTypes(spec));
  checkUpstreamAnnotations(doc, report);
  return { examples, finish };
}

/** `x-upstream-deviation` wherever it is (examples aside), and the top-level `x-upstream-uncovered`. */
function checkUpstreamAnnotations(
  doc: JsonObject,
  report: (rule: string, tokens: Array<string | number>, message: string) => void,
): void {
  walk(doc, [], (node, tokens) => {
    if (tokens.includes('example') || tokens.includes('examples')) return;
    // A `properties` map may have a property of that name: it is data, not an annotation.
    if (node[X_DEVIATION] === undefined || tokens.at(-1) === 'properties') return;
    for (const problem of checkDeviations(node[X_DEVIATION]))
      report('upstream-deviation', [...tokens, X_DEVIATION, ...problem.tokens], problem.message);
  });
  if (doc[X_UNCOVERED] !== undefined)
    for (const problem of checkUncovered(doc[X_UNCOVERED]))
      report('upstream-uncovered', [X_UNCOVERED, ...problem.tokens], problem.message);
}

const SCHEMA_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'array', 'object', 'null']);

/** Every `type` inside a schema must be a JSON Schema type. */
function checkSchemaTypes(spec: LoadedSpec): Diagnostic[] {
  const out: Diagnostic[] = [];
  const visit = (schema: Json, tokens: Array<string | number>) => {
    if (!isObject(schema)) return;
    const t = schema.type;
    const types = Array.isArray(t) ? t : t === undefined ? [] : [t];
    for (const x of types) {
      if (typeof x !== 'string' || !SCHEMA_TYPES.has(x)) {
        const at = spec.locate(pointerOf([...tokens, 'type']));
        out.push({
          rule: 'schema-type',
          file: at.file,
          pointer: at.pointer,
          line: at.line,
          message: `invalid schema type ${JSON.stringify(x)}`,
        });
      }
    }
    if (isObject(schema.properties))
      for (const [k, v] of Object.entries(schema.properties)) visit(v, [...tokens, 'properties', k]);
    for (const k of ['items', 'additionalProperties', 'not'] as const)
      visit(schema[k] ?? null, [...tokens, k]);
    for (const k of ['allOf', 'oneOf', 'anyOf'] as const)
      asArray(schema[k]).forEach((s, i) => {
        visit(s, [...tokens, k, i]);
      });
  };
  const schemas =
    isObject(spec.document.components) && isObject(spec.document.components.schemas)
      ? spec.document.components.schemas
      : {};
  for (const [name, s] of Object.entries(schemas)) visit(s, ['components', 'schemas', name]);
  // Every `schema` of a parameter, media type or header, wherever it is (operations, path items, components),
  // except inside examples, whose data may have a `schema` key of its own.
  const findSchemas = (node: Json, tokens: Array<string | number>) => {
    if (Array.isArray(node)) {
      node.forEach((v, i) => {
        findSchemas(v, [...tokens, i]);
      });
      return;
    }
    if (!isObject(node)) return;
    for (const [k, v] of Object.entries(node)) {
      if (k === 'example' || k === 'examples') continue;
      if (k === 'schema' && isObject(v)) visit(v, [...tokens, k]);
      else if (!(tokens.length === 1 && tokens[0] === 'components' && k === 'schemas'))
        findSchemas(v, [...tokens, k]);
    }
  };
  findSchemas(spec.document.paths ?? null, ['paths']);
  findSchemas(spec.document.components ?? null, ['components']);
  return out;
}

function asArray(v: Json | undefined): Json[] {
  return Array.isArray(v) ? v : [];
}

/** Follows a local `$ref` (one hop chain) inside the bundled document. */
/**
 * Like {@link resolveLocal}, and also says where the value it lands on lives in the bundled document, so a
 * problem inside a shared component is reported once, at the component.
 */
export function resolveAt(
  doc: JsonObject,
  value: Json | undefined,
  tokens: Array<string | number>,
): { value: Json | undefined; tokens: Array<string | number> } {
  let cur = value;
  let at = tokens;
  for (let i = 0; i < 10 && isObject(cur) && typeof cur.$ref === 'string' && cur.$ref.startsWith('#'); i++) {
    at = tokensOf(cur.$ref);
    let next: Json | undefined = doc;
    for (const t of at) next = isObject(next) ? next[t] : undefined;
    cur = next;
  }
  return { value: cur, tokens: at };
}

export function resolveLocal(doc: JsonObject, value: Json | undefined): Json | undefined {
  return resolveAt(doc, value, []).value;
}

function schemaProperty(doc: JsonObject, schema: Json | undefined, dotted: string): Json | undefined {
  let cur = resolveLocal(doc, schema);
  for (const key of dotted.split('.')) {
    cur = isObject(cur) && isObject(cur.properties) ? resolveLocal(doc, cur.properties[key]) : undefined;
  }
  return cur;
}

/**
 * Checks `spec`: the Redocly lint (`linting`, started earlier with {@link startLint}, or run here) and our
 * rules. Throws {@link SpecError} listing every problem.
 */
export async function checkSpec(spec: LoadedSpec, linting?: Linting): Promise<void> {
  let lint: Diagnostic[];
  let rules: Diagnostic[];
  try {
    [lint, rules] = linting
      ? await Promise.all([linting.result(spec), linting.rules(spec)])
      : [await lintSpec(spec), checkRules(spec)];
  } finally {
    linting?.stop();
  }
  const diagnostics = [...lint, ...rules];
  if (diagnostics.length > 0) throw new SpecError(dedupe(diagnostics));
}

function dedupe(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const k = `${d.file}#${d.pointer}#${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
