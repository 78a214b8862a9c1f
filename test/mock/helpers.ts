/**
 * Support for the mock server tests: starts a stateful mock with a client pointed at it, and checks every
 * answer the mock gave against the response schema its operation declares for that status (or `default`),
 * with an Ajv of our own over generated/actions.json, so the mock's own check (`responseErrors`) is not the
 * only judge of its answers.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { expect } from 'vitest';
import { createHubSpotMarketingClient, type HubSpotMarketingClient } from '../../generated/client/index.js';
import {
  type MockServer,
  type MockServerOptions,
  type RecordedRequest,
  startMockServer,
} from '../../src/mock/index.js';

interface Catalog {
  actions: Array<{ id: string; responses: Array<{ status: string; schema: unknown }> }>;
}

const catalog = JSON.parse(
  readFileSync(new URL('../../generated/actions.json', import.meta.url), 'utf8'),
) as Catalog;
/** The catalog's `$ref`s point into the spec beside it (`openapi.json#/components/schemas/X`). */
const spec = JSON.parse(readFileSync(new URL('../../generated/openapi.json', import.meta.url), 'utf8')) as {
  components: Record<string, unknown>;
};
const SPEC_ID = 'https://catalog.local/openapi.json';
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: SPEC_ID, components: spec.components });
const compiled = new Map<unknown, ValidateFunction>();

/** Points the catalog's `openapi.json#/components/...` refs at the registered spec document. */
function rebase(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rebase);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] =
      key === '$ref' && typeof value === 'string' && value.startsWith('openapi.json#/')
        ? SPEC_ID + value.slice('openapi.json'.length)
        : rebase(value);
  }
  return out;
}

/** What is wrong with the mock's answer to `request`; empty when it matches the spec. */
export function answerProblems(request: RecordedRequest): string[] {
  if (request.operationId === undefined) return [];
  const where = `${request.operationId} ${request.status}`;
  const action = catalog.actions.find((a) => a.id === request.operationId);
  if (!action) return [`${where}: not in the catalog`];
  const response =
    action.responses.find((r) => r.status === String(request.status)) ??
    action.responses.find((r) => r.status === 'default');
  if (!response) return [`${where}: no such response declared`];
  if (response.schema === null) {
    return request.responseBody === undefined ? [] : [`${where}: a body where the spec declares none`];
  }
  let validate = compiled.get(response.schema);
  if (!validate) {
    validate = ajv.compile(rebase(response.schema) as object);
    compiled.set(response.schema, validate);
  }
  if (validate(request.responseBody)) return [];
  return (validate.errors ?? []).map((e) => `${where}: ${e.instancePath} ${e.message}`);
}

/** Every answer so far matched the spec, by the mock's own check and by ours. */
export function expectSchemaValidAnswers(mock: MockServer): void {
  const problems = mock.requests.flatMap((r) => [
    ...answerProblems(r),
    ...r.responseErrors.map(
      (e) => `${r.operationId} ${r.status} (mock's check): ${e.instancePath} ${e.message}`,
    ),
  ]);
  expect(problems).toEqual([]);
}

export interface MockSetup {
  mock: MockServer;
  client: HubSpotMarketingClient;
}

/** A stateful mock on 127.0.0.1 and a client for it (no retries, so errors surface at once). */
export async function startMockWithClient(options: MockServerOptions = {}): Promise<MockSetup> {
  const mock = await startMockServer(options);
  const client = createHubSpotMarketingClient({
    accessToken: 'test-token',
    baseUrl: mock.url,
    maxRetries: 0,
  });
  return { mock, client };
}

/** The rejection reason of `promise`; fails the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
