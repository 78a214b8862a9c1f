/**
 * Shared set-up of the runtime fault-injection tests: a fault server per test and a client pointed at it with
 * short backoff steps, so retries cost milliseconds.
 */
import { afterEach, beforeEach } from 'vitest';
import {
  createHubSpotMarketingClient,
  type HubSpotMarketingClient,
  type HubSpotMarketingClientOptions,
  type RetryEvent,
} from '../../generated/client/index.js';
import { type FaultServer, startFaultServer } from '../support/fault-server.js';

export const TOKEN = 'test-token';

/** Starts a fault server before each test of the file and closes it after; read `.current` inside tests. */
export function useFaultServer(): { readonly current: FaultServer } {
  const holder: { current: FaultServer | undefined } = { current: undefined };
  beforeEach(async () => {
    holder.current = await startFaultServer();
  });
  afterEach(async () => {
    await holder.current?.close();
    holder.current = undefined;
  });
  return {
    get current(): FaultServer {
      if (!holder.current) throw new Error('the fault server is only available inside a test');
      return holder.current;
    },
  };
}

/** A client for `server`, with millisecond backoff and every retry event collected. */
export function clientFor(
  server: FaultServer,
  options: Omit<HubSpotMarketingClientOptions, 'throwOnError'> = {},
): { client: HubSpotMarketingClient; retries: RetryEvent[] } {
  const retries: RetryEvent[] = [];
  const client = createHubSpotMarketingClient({
    accessToken: TOKEN,
    baseUrl: server.url,
    retry: { baseDelayMs: 2 },
    ...options,
    onRetry: (event) => {
      retries.push(event);
      options.onRetry?.(event);
    },
  });
  return { client, retries };
}

/** Awaits `promise` expecting a rejection, and returns the rejection reason. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject, but it resolved');
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
