/**
 * End to end: every action of the generated client, called with its spec example, against a local server that
 * validates each request against generated/openapi.json (see test/support/mock-server.ts). Each action is
 * called twice, through its area object and through `invoke`, and both calls must send exactly one request that
 * the spec accepts, to the right operation, and resolve to a value that matches the success response schema.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ACTION_IDS,
  type ClientOptions,
  createHubSpotMarketingClient,
  HubSpotApiError,
  HubSpotConfigError,
  HubSpotInputError,
  type HubSpotMarketingClient,
} from '../../generated/client/index.js';
import {
  hubspotError,
  type RecordedRequest,
  startValidatingServer,
  type ValidatingServer,
} from '../support/mock-server.js';

// ---------------------------------------------------------------------------------------------------------
// the catalog

interface ExampleInput {
  path?: Record<string, string | number>;
  query?: Record<string, unknown>;
  body?: unknown;
}

interface CatalogAction {
  id: string;
  area: string;
  method: string;
  path: string;
  params: Array<{ name: string; in: string; required: boolean }>;
  requestBody: { required: boolean; contentType: string; schema: unknown } | null;
  responses: Array<{ status: string; schema: unknown }>;
  security: { credential: 'accessToken' | 'developerApiKey' };
  example?: ExampleInput;
}

interface Catalog {
  actionCount: number;
  actions: CatalogAction[];
}

const catalog = JSON.parse(
  readFileSync(new URL('../../generated/actions.json', import.meta.url), 'utf8'),
) as Catalog;
const actions = catalog.actions;

const AREAS = [
  'campaigns',
  'marketingEvents',
  'marketingEmails',
  'transactionalEmail',
  'communicationPreferences',
] as const;
type Area = (typeof AREAS)[number];

type ActionFn = (input?: ExampleInput) => Promise<unknown>;

function areaFunction(client: HubSpotMarketingClient, action: CatalogAction): ActionFn {
  expect(AREAS).toContain(action.area);
  const api = client[action.area as Area] as unknown as Record<string, ActionFn | undefined>;
  const fn = api[action.id];
  if (typeof fn !== 'function') throw new Error(`client.${action.area}.${action.id} is not a function`);
  return fn;
}

function invoke(client: HubSpotMarketingClient, id: string, input?: ExampleInput): Promise<unknown> {
  // `invoke` is typed per action id; the catalog is data, so call it through the untyped shape.
  return (client.invoke as unknown as (id: string, input?: ExampleInput) => Promise<unknown>)(id, input);
}

/** A fresh copy, so a client that mutated its input could not hide that from the next call. */
function exampleOf(action: CatalogAction): ExampleInput | undefined {
  return action.example === undefined ? undefined : structuredClone(action.example);
}

// ---------------------------------------------------------------------------------------------------------
// response schemas (JSON Schema 2020-12 against the spec's components, where the catalog's $refs point)

/** The catalog's `$ref`s point into the spec beside it (`openapi.json#/components/schemas/X`). */
const spec = JSON.parse(readFileSync(new URL('../../generated/openapi.json', import.meta.url), 'utf8')) as {
  components: Record<string, unknown>;
};
const SPEC_ID = 'https://catalog.local/openapi.json';
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: SPEC_ID, components: spec.components });

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

function responseErrors(action: CatalogAction, status: number, value: unknown): ErrorObject[] | 'no-schema' {
  const response = action.responses.find((r) => r.status === String(status));
  if (!response) throw new Error(`${action.id} has no ${status} response in the catalog`);
  if (response.schema === null) return 'no-schema';
  const validate = ajv.compile(rebase(response.schema) as object);
  return validate(value) ? [] : (validate.errors ?? []);
}

// ---------------------------------------------------------------------------------------------------------
// expectations

function describeRequest(r: RecordedRequest): string {
  return JSON.stringify(
    { operationId: r.operationId, method: r.method, url: r.url, status: r.status, errors: r.errors },
    null,
    2,
  );
}

/** The template's segments with the example's path parameters filled in (decoded form). */
function expectedSegments(
  action: CatalogAction,
  path: Record<string, string | number> | undefined,
): string[] {
  return action.path.split('/').map((segment) => {
    const m = /^\{(.+)\}$/.exec(segment);
    if (!m) return segment;
    const value = path?.[m[1] as string];
    if (value === undefined) throw new Error(`${action.id}: the example has no path parameter ${m[1]}`);
    return String(value);
  });
}

/** Asserts everything about one call: one valid request to the right operation, and a schema-valid result. */
async function expectCall(
  server: ValidatingServer,
  action: CatalogAction,
  call: () => Promise<unknown>,
): Promise<void> {
  server.requests.length = 0;
  let result: unknown;
  try {
    result = await call();
  } catch (err) {
    const seen = server.requests.map(describeRequest).join('\n');
    throw new Error(`${action.id} threw ${String(err)}\nserver saw:\n${seen}`, { cause: err });
  }

  expect(server.requests, `${action.id} should send exactly one request`).toHaveLength(1);
  const seen = server.requests[0] as RecordedRequest;
  const detail = describeRequest(seen);
  expect(seen.valid, `request of ${action.id} is invalid per the spec:\n${detail}`).toBe(true);
  expect(seen.errors).toEqual([]);
  expect(seen.operationId, detail).toBe(action.id);
  expect(seen.method).toBe(action.method.toUpperCase());
  // The path: same segments as the template (nothing split or injected), values as in the example.
  expect(seen.path.split('/').map(decodeURIComponent)).toEqual(
    expectedSegments(action, action.example?.path),
  );
  expect(seen.status).toBeGreaterThanOrEqual(200);
  expect(seen.status).toBeLessThan(300);
  expect(seen.responseErrors, `the server's own ${seen.status} answer does not match the spec`).toEqual([]);

  // What the example says is what was sent.
  for (const [name, value] of Object.entries(action.example?.query ?? {})) {
    const sent = seen.query[name];
    expect(sent, `query parameter ${name}`).toEqual(Array.isArray(value) ? value.map(String) : String(value));
  }
  expect(seen.body).toEqual(action.example?.body);

  // Credentials: the bearer token everywhere except the developer-key actions, which get hapikey and no token.
  const hapikey = new URL(seen.url, 'http://x').searchParams.get('hapikey');
  if (action.security.credential === 'developerApiKey') {
    expect(hapikey).toBe('dev-key');
    expect(seen.headers.authorization).toBeUndefined();
  } else {
    expect(seen.headers.authorization).toBe('Bearer test-token');
    expect(hapikey).toBeNull();
  }

  const errors = responseErrors(action, seen.status, result);
  if (errors === 'no-schema') {
    expect(seen.status).toBe(204);
    expect(result).toBeUndefined();
  } else {
    expect(errors, `result of ${action.id} does not match its ${seen.status} schema`).toEqual([]);
    expect(result).toBeDefined();
  }
}

// ---------------------------------------------------------------------------------------------------------
// tests

/** The rejection reason of `promise`, or `undefined` when it resolves. */
function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (e: unknown) => e,
  );
}

let server: ValidatingServer;
let client: HubSpotMarketingClient;

function clientFor(options: Partial<ClientOptions> = {}): HubSpotMarketingClient {
  return createHubSpotMarketingClient({ baseUrl: server.url, ...options });
}

beforeAll(async () => {
  server = await startValidatingServer();
  client = clientFor({ accessToken: 'test-token', developerApiKey: 'dev-key' });
}, 60_000); // loading the spec into openapi-backend takes seconds on a loaded machine

afterAll(async () => {
  await server?.close();
});

beforeEach(() => {
  server.reset();
});

describe('the catalog', () => {
  it('has exactly 73 actions, the same ones the client exposes, each with an example', () => {
    expect(actions).toHaveLength(73);
    expect(catalog.actionCount).toBe(73);
    expect(new Set(actions.map((a) => a.id)).size).toBe(73);
    expect([...ACTION_IDS].sort()).toEqual(actions.map((a) => a.id).sort());
    for (const action of actions) {
      const required = action.params.filter((p) => p.required).map((p) => `${p.in}.${p.name}`);
      const given = [
        ...Object.keys(action.example?.path ?? {}).map((n) => `path.${n}`),
        ...Object.keys(action.example?.query ?? {}).map((n) => `query.${n}`),
      ];
      expect(given, `${action.id}: the example lacks required parameters`).toEqual(
        expect.arrayContaining(required),
      );
      if (action.requestBody?.required)
        expect(action.example?.body, `${action.id}: example body`).toBeDefined();
    }
  });
});

describe.each(actions)('$id ($method $path)', (action) => {
  it('works through its area function', async () => {
    await expectCall(server, action, () => areaFunction(client, action)(exampleOf(action)));
  });

  it('works through invoke', async () => {
    await expectCall(server, action, () => invoke(client, action.id, exampleOf(action)));
  });
});

/** Success statuses besides the lowest one (207 partial results of the batch actions), answered by the mock. */
const otherSuccesses = actions.flatMap((action) =>
  action.responses
    .map((r) => r.status)
    .filter((status) => /^2\d\d$/.test(status))
    .sort()
    .slice(1)
    .map((status) => ({ id: action.id, status: Number(status), action })),
);

describe('other success statuses', () => {
  it('exist (the batch actions answer 207 for partial success)', () => {
    expect(otherSuccesses.map((s) => `${s.id} ${s.status}`)).toContain('batchReadCampaigns 207');
  });

  it.each(otherSuccesses)(
    '$id answering $status resolves to a schema-valid result',
    async ({ action, status }) => {
      server.setStatus(action.id, status);
      await expectCall(server, action, () => areaFunction(client, action)(exampleOf(action)));
      expect(server.requests[0]?.status).toBe(status);
    },
  );
});

describe('credentials', () => {
  it.each(actions)('$id: a missing credential is a HubSpotConfigError before any request', async (action) => {
    // Each action gets only the credential it does not use, so the one it needs is missing.
    const other: Partial<ClientOptions> =
      action.security.credential === 'developerApiKey'
        ? { accessToken: 'test-token' }
        : { developerApiKey: 'dev-key' };
    const bare = clientFor(other);
    await expect(areaFunction(bare, action)(exampleOf(action))).rejects.toBeInstanceOf(HubSpotConfigError);
    await expect(invoke(bare, action.id, exampleOf(action))).rejects.toBeInstanceOf(HubSpotConfigError);
    expect(server.requests).toEqual([]);
  });

  it('an empty access token is refused too', async () => {
    const bare = clientFor({ accessToken: '  ' });
    await expect(bare.campaigns.getCampaign({ path: { campaignGuid: 'x' } })).rejects.toBeInstanceOf(
      HubSpotConfigError,
    );
    expect(server.requests).toEqual([]);
  });
});

describe('HubSpot error envelopes', () => {
  it('a 404 envelope becomes a HubSpotApiError with status, category and correlationId', async () => {
    const envelope = hubspotError('OBJECT_NOT_FOUND', 'Campaign not found', {
      subCategory: 'CampaignError.CAMPAIGN_NOT_FOUND',
      errors: [{ message: 'No campaign with this id', in: 'campaignGuid' }],
    });
    let answered = 0;
    server.setResponder((request) => {
      answered++;
      return request.valid ? { status: 404, body: envelope } : undefined;
    });
    const action = actions.find((a) => a.id === 'getCampaign') as CatalogAction;
    const error = await caught(areaFunction(client, action)(exampleOf(action)));
    expect(answered).toBe(1);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.valid, describeRequest(server.requests[0] as RecordedRequest)).toBe(true);
    expect(error).toBeInstanceOf(HubSpotApiError);
    const apiError = error as HubSpotApiError;
    expect(apiError.status).toBe(404);
    expect(apiError.kind).toBe('not_found');
    expect(apiError.category).toBe('OBJECT_NOT_FOUND');
    expect(apiError.subCategory).toBe('CampaignError.CAMPAIGN_NOT_FOUND');
    expect(apiError.correlationId).toBe(envelope.correlationId);
    expect(apiError.errors).toEqual(envelope.errors);
    expect(apiError.actionId).toBe('getCampaign');
    expect(apiError.message).toContain('Campaign not found');
  });

  it('an error on a developer-key action does not leak the key', async () => {
    server.setResponder(() => ({ status: 403, body: hubspotError('MISSING_SCOPES', 'Not allowed') }));
    const error = await caught(
      client.marketingEvents.getMarketingEventAppSettings({ path: { appId: 2031857 } }),
    );
    expect(server.requests[0]?.url).toContain('hapikey=dev-key');
    expect(error).toBeInstanceOf(HubSpotApiError);
    const apiError = error as HubSpotApiError;
    expect(apiError.status).toBe(403);
    expect(apiError.category).toBe('MISSING_SCOPES');
    expect(apiError.url).toContain('hapikey=[REDACTED]');
    expect(`${apiError.message} ${apiError.url} ${apiError.stack}`).not.toContain('dev-key');
  });

  it('the server answers an invalid request with a 400 VALIDATION_ERROR envelope the client surfaces', async () => {
    // limit must be 1..100 for searchCampaigns; the client does not check values, the server does.
    const error = await caught(client.campaigns.searchCampaigns({ query: { limit: 0 } }));
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.valid).toBe(false);
    expect(error).toBeInstanceOf(HubSpotApiError);
    const apiError = error as HubSpotApiError;
    expect(apiError.status).toBe(400);
    expect(apiError.category).toBe('VALIDATION_ERROR');
    expect(apiError.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(apiError.errors[0]?.in).toBe('query.limit');
  });
});

describe('path parameters', () => {
  const getSmtpToken = () => actions.find((a) => a.id === 'getSmtpToken') as CatalogAction;

  it.each(['../x', 'a/b?c#d', '100% ok', '.x', 'x/..', '?', '%2e%2e'])(
    '%j is percent-encoded into one path segment',
    async (tokenId) => {
      for (const call of [
        () => client.transactionalEmail.getSmtpToken({ path: { tokenId } }),
        () => client.invoke('getSmtpToken', { path: { tokenId } }),
      ]) {
        if (tokenId === '..') {
          await expect(call()).rejects.toBeInstanceOf(HubSpotInputError);
          continue;
        }
        server.requests.length = 0;
        await call();
        expect(server.requests).toHaveLength(1);
        const seen = server.requests[0] as RecordedRequest;
        expect(seen.valid, describeRequest(seen)).toBe(true);
        expect(seen.operationId).toBe('getSmtpToken');
        const segments = seen.path.split('/');
        expect(segments).toHaveLength(getSmtpToken().path.split('/').length);
        expect(decodeURIComponent(segments.at(-1) as string)).toBe(tokenId);
        expect(seen.params.tokenId).toBe(tokenId);
        expect(seen.url).not.toContain('#');
        expect(seen.query).toEqual({});
      }
    },
  );

  it.each(['..', '.', ''])('%j is refused with HubSpotInputError before sending', async (tokenId) => {
    await expect(client.transactionalEmail.getSmtpToken({ path: { tokenId } })).rejects.toBeInstanceOf(
      HubSpotInputError,
    );
    await expect(client.invoke('getSmtpToken', { path: { tokenId } })).rejects.toBeInstanceOf(
      HubSpotInputError,
    );
    // In a multi-parameter path too, whichever parameter it is.
    await expect(
      client.campaigns.disassociateCampaignAsset({
        path: { campaignGuid: '4f1a6a8e-2b7c-4d3e-9f10-6c5b2a1d0e99', assetType: 'FORM', assetId: tokenId },
      }),
    ).rejects.toBeInstanceOf(HubSpotInputError);
    expect(server.requests).toEqual([]);
  });

  it('an unknown action id given to invoke is a HubSpotInputError', async () => {
    await expect(invoke(client, 'noSuchAction')).rejects.toBeInstanceOf(HubSpotInputError);
    await expect(invoke(client, 'toString')).rejects.toBeInstanceOf(HubSpotInputError);
    expect(server.requests).toEqual([]);
  });
});

describe('the validating server itself', () => {
  async function raw(path: string, init: RequestInit = {}): Promise<{ status: number; body: unknown }> {
    const res = await fetch(server.url + path, init);
    const text = await res.text();
    return { status: res.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
  }
  const bearer = { authorization: 'Bearer test-token' };
  const envelope = (category: string) =>
    expect.objectContaining({
      status: 'error',
      category,
      message: expect.any(String),
      correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });

  it('answers 404 for unknown routes and 405 for a wrong method', async () => {
    expect(await raw('/marketing/v3/nothing-here', { headers: bearer })).toEqual({
      status: 404,
      body: envelope('OBJECT_NOT_FOUND'),
    });
    expect(
      (await raw('/communication-preferences/v3/definitions', { method: 'DELETE', headers: bearer })).status,
    ).toBe(405);
    expect(server.requests.map((r) => [r.operationId, r.valid, r.status])).toEqual([
      [undefined, false, 404],
      [undefined, false, 405],
    ]);
  });

  it('answers 401 without a bearer token, or without hapikey on the developer-key actions', async () => {
    expect(await raw('/communication-preferences/v3/definitions')).toEqual({
      status: 401,
      body: envelope('INVALID_AUTHENTICATION'),
    });
    expect(
      (await raw('/communication-preferences/v3/definitions', { headers: { authorization: 'Basic x' } }))
        .status,
    ).toBe(401);
    expect((await raw('/marketing/v3/marketing-events/2031857/settings', { headers: bearer })).status).toBe(
      401,
    );
    expect((await raw('/marketing/v3/marketing-events/2031857/settings?hapikey=k')).status).toBe(200);
    expect(server.requests.map((r) => [r.operationId, r.status])).toEqual([
      ['listSubscriptionDefinitions', 401],
      ['listSubscriptionDefinitions', 401],
      ['getMarketingEventAppSettings', 401],
      ['getMarketingEventAppSettings', 200],
    ]);
  });

  it('answers 400 with a VALIDATION_ERROR envelope for requests that break the spec', async () => {
    const json = { ...bearer, 'content-type': 'application/json' };
    const cases: Array<[string, RequestInit, string]> = [
      ['/marketing/v3/campaigns/not-a-uuid', { headers: bearer }, 'path.campaignGuid'],
      ['/marketing/v3/campaigns?limit=500', { headers: bearer }, 'query.limit'],
      ['/marketing/v3/campaigns?unknown=1', { headers: bearer }, 'query'],
      ['/communication-preferences/v3/definitions?hapikey=k', { headers: bearer }, 'query'],
      ['/marketing/v3/campaigns', { method: 'POST', headers: json, body: '{}' }, 'body'],
      ['/marketing/v3/campaigns', { method: 'POST', headers: json, body: '{' }, ''],
      ['/marketing/v3/campaigns', { method: 'POST', headers: bearer }, ''],
      [
        '/marketing/v3/campaigns',
        {
          method: 'POST',
          headers: { ...bearer, 'content-type': 'text/plain' },
          body: '{"properties":{"hs_name":"x"}}',
        },
        'header.content-type',
      ],
      ['/marketing/v3/emails/1/publish', { method: 'POST', headers: json, body: '{}' }, 'body'],
      ['/marketing/v3/transactional/smtp-tokens/%E0%A4%A', { headers: bearer }, ''],
    ];
    for (const [path, init, where] of cases) {
      const { status, body } = await raw(path, init);
      expect(status, path).toBe(400);
      expect(body, path).toEqual(envelope('VALIDATION_ERROR'));
      const errors = (body as { errors: Array<{ in?: string }> }).errors;
      expect(errors.length, path).toBeGreaterThan(0);
      if (where)
        expect(
          errors.map((e) => e.in ?? ''),
          path,
        ).toContainEqual(expect.stringContaining(where));
    }
    expect(server.requests.every((r) => !r.valid && r.errors.length > 0)).toBe(true);
  });

  it('answers 204 without a body when the success response has no content', async () => {
    const res = await fetch(`${server.url}/marketing/v3/emails/123`, { method: 'DELETE', headers: bearer });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
  });
});
