/**
 * Errors the client raises before sending anything (`HubSpotInputError`, `HubSpotConfigError`, told apart by
 * `instanceof` or by `name`) are bad input for the command line: exit 2 in its usual `error: ...` form, like the
 * problems it finds itself. The client here is the real one with `invoke` replaced by a refusal, since the
 * command line checks everything it knows of before the client sees it.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Io } from '../../src/cli/io.js';

const refusal = vi.hoisted(() => ({ error: undefined as unknown }));

vi.mock('../../generated/client/index.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../generated/client/index.js')>();
  return {
    ...original,
    createHubSpotMarketingClient: (options: Parameters<typeof original.createHubSpotMarketingClient>[0]) => {
      const client = original.createHubSpotMarketingClient(options);
      return {
        ...client,
        invoke: () => Promise.reject(refusal.error),
      };
    },
  };
});

const { main } = await import('../../src/cli/index.js');
const { HubSpotConfigError, HubSpotConnectionError, HubSpotInputError } = await import(
  '../../generated/client/index.js'
);

async function run(error: unknown) {
  refusal.error = error;
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    env: { HUBSPOT_ACCESS_TOKEN: 'pat-secret-x1' },
  };
  const code = await main(['call', 'listSmtpTokens', '--base-url', 'http://127.0.0.1:9'], io);
  return { code, err: err.join('\n') };
}

/** An error from another copy of the runtime (say, a bundled one): the same name, another class. */
function named(name: string, message: string): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

describe('client refusals before sending', () => {
  it.each([
    ['HubSpotInputError', () => new HubSpotInputError("header 'x-a' must not contain CR or LF")],
    ['HubSpotConfigError', () => new HubSpotConfigError('no access token')],
    [
      'a HubSpotInputError by name only',
      () => named('HubSpotInputError', 'path parameter must not be empty'),
    ],
  ])('%s exits 2 as `error: <message>`', async (_label, make) => {
    const error = make();
    const r = await run(error);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`error: ${error.message}`);
  });

  it('a failure after sending still exits 1', async () => {
    const r = await run(new HubSpotConnectionError('connection refused'));
    expect(r.code).toBe(1);
    expect(r.err).toContain('HubSpotConnectionError: connection refused');
  });
});
