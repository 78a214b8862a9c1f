/**
 * Shared by the examples: a client for HubSpot when HUBSPOT_ACCESS_TOKEN is set, otherwise for a local mock
 * server that the example starts itself (optionally seeded with objects the task needs), and a runner that
 * prints a failure and sets a non-zero exit code.
 */
import {
  createHubSpotMarketingClient,
  HubSpotApiError,
  type HubSpotMarketingClient,
} from '../generated/client/index.js';
import type { MockSeed } from '../src/mock/index.js';

export interface ExampleContext {
  client: HubSpotMarketingClient;
  /** True against a real HubSpot account, false against the local mock. */
  live: boolean;
}

/** Runs `task` against HubSpot or the mock, and exits non-zero if it throws. */
export async function runExample(
  task: (context: ExampleContext) => Promise<void>,
  options: { seed?: MockSeed } = {},
): Promise<void> {
  let close = async () => {};
  try {
    const token = process.env.HUBSPOT_ACCESS_TOKEN;
    let context: ExampleContext;
    if (token) {
      console.log('Using the HubSpot account of HUBSPOT_ACCESS_TOKEN.');
      context = { client: createHubSpotMarketingClient({ accessToken: token }), live: true };
    } else {
      // Loaded only when needed: the mock is a development tool, not part of the client.
      const { startMockServer } = await import('../src/mock/index.js');
      const mock = await startMockServer({ seed: options.seed });
      close = () => mock.close();
      console.log(`HUBSPOT_ACCESS_TOKEN is not set: using a local mock server at ${mock.url}.`);
      context = {
        client: createHubSpotMarketingClient({ accessToken: 'mock-token', baseUrl: mock.url }),
        live: false,
      };
    }
    await task(context);
  } catch (err) {
    console.error(`Failed: ${describe(err)}`);
    process.exitCode = 1;
  } finally {
    await close();
  }
}

/** A setting from the environment; required against HubSpot, `mockValue` against the mock. */
export function setting(context: ExampleContext, name: string, mockValue: string): string {
  const value = process.env[name];
  if (value) return value;
  if (context.live) throw new Error(`set ${name} to run this example against HubSpot`);
  return mockValue;
}

function describe(err: unknown): string {
  if (err instanceof HubSpotApiError) {
    return `${err.message} (correlation id ${err.correlationId ?? 'none'})`;
  }
  return err instanceof Error ? err.message : String(err);
}
