/**
 * `hubspot-marketing call <actionId> [--path k=v ...] [--query k=v ...] [--data JSON|@file|@-] [--all]`: calls
 * one action through the generated client and prints the JSON answer (with `--all`, every item of every page,
 * one per line). The access token comes from an environment variable, never from the command line. Batch
 * actions take any number of inputs: the client sends them in chunks of the per-request limit.
 */
import {
  type ActionId,
  createHubSpotMarketingClient,
  HubSpotApiError,
  HubSpotError,
  type PagedActionId,
} from '../../generated/client/index.js';
import type { Catalog } from './catalog.js';
import { findAction } from './describe-command.js';
import { EXIT_API_ERROR, EXIT_OK, UsageError } from './errors.js';
import { buildInput, type RawInput } from './input.js';
import type { Io } from './io.js';

export interface CallOptions extends RawInput {
  all?: boolean;
  /** Name of the environment variable holding the access token. Default HUBSPOT_ACCESS_TOKEN. */
  tokenEnv?: string;
  baseUrl?: string;
  maxItems?: string;
  /** Milliseconds the whole call (every retry and page included) may take. */
  timeout?: string;
}

/** Errors the client raises before sending anything: bad input (exit 2), like the command line's own. */
const REFUSED_BEFORE_SENDING = new Set(['HubSpotInputError', 'HubSpotConfigError']);

function positiveWholeNumber(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = /^[1-9][0-9]*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n))
    throw new UsageError(`${flag} must be a positive whole number, got '${value}'`);
  return n;
}

function checkBaseUrl(value: string | undefined): void {
  if (value === undefined) return;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password) {
    throw new UsageError(`--base-url must be an absolute http(s) URL without credentials, got '${value}'`);
  }
  if (url.search || url.hash)
    throw new UsageError(`--base-url must not have a query or fragment, got '${value}'`);
}

export async function callCommand(catalog: Catalog, id: string, o: CallOptions, io: Io): Promise<number> {
  const action = findAction(catalog, id);
  checkBaseUrl(o.baseUrl);
  if (o.all && !action.pagination) throw new UsageError(`'${action.id}' is not cursor-paged; drop --all`);
  const maxItems = positiveWholeNumber(o.maxItems, '--max-items');
  const timeoutMs = positiveWholeNumber(o.timeout, '--timeout');
  // Timers take at most 2^31-1 ms (about 24.8 days); a larger value would fire at once.
  if (timeoutMs !== undefined && timeoutMs > 2 ** 31 - 1)
    throw new UsageError(`--timeout must be at most ${2 ** 31 - 1} ms, got '${o.timeout}'`);
  const stdin = o.data === '@-' ? await io.readStdin?.() : undefined;
  const input = await buildInput(catalog, action, { ...o, ...(stdin === undefined ? {} : { stdin }) });

  const tokenEnv = o.tokenEnv ?? 'HUBSPOT_ACCESS_TOKEN';
  const accessToken = io.env[tokenEnv];
  const developerApiKey = io.env.HUBSPOT_DEVELOPER_API_KEY;
  if (action.security.credential === 'developerApiKey' && !developerApiKey) {
    throw new UsageError(`'${action.id}' needs a developer API key: set HUBSPOT_DEVELOPER_API_KEY`);
  }
  if (action.security.credential === 'accessToken' && !accessToken) {
    throw new UsageError(`'${action.id}' needs an access token: set ${tokenEnv}`);
  }
  const client = createHubSpotMarketingClient({
    ...(accessToken ? { accessToken } : {}),
    ...(developerApiKey ? { developerApiKey } : {}),
    ...(o.baseUrl ? { baseUrl: o.baseUrl } : {}),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
  // --timeout bounds the whole call: each attempt (timeoutMs above) and, through this signal, the retries,
  // their waits and every page.
  const deadline = new AbortController();
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(() => deadline.abort(new CallTimeout(timeoutMs)), timeoutMs);
  const options = { signal: deadline.signal };
  try {
    // The id comes from the command line, so the typed input cannot be named here; buildInput checked it
    // against the action's schemas instead.
    if (o.all) {
      const items = client.paginate(
        action.id as PagedActionId,
        input as never,
        maxItems === undefined ? options : { ...options, maxItems },
      );
      for await (const item of items) io.out(JSON.stringify(item));
    } else {
      const result: unknown = await client.invoke(action.id as ActionId, input as never, options);
      if (result !== undefined) io.out(JSON.stringify(result, null, 2));
    }
    return EXIT_OK;
  } catch (e) {
    if (e instanceof CallTimeout || (deadline.signal.aborted && timeoutMs !== undefined)) {
      io.err(`error: no answer within ${timeoutMs} ms (--timeout)`);
      return EXIT_API_ERROR;
    }
    if (e instanceof Error && REFUSED_BEFORE_SENDING.has(e.name)) throw new UsageError(e.message);
    if (e instanceof HubSpotApiError) {
      const body = e.body as { message?: unknown } | undefined;
      const message = typeof body?.message === 'string' ? body.message : e.message;
      io.err(`HubSpot answered ${e.status}${e.category ? ` ${e.category}` : ''}: ${message}`);
      if (e.correlationId) io.err(`correlationId: ${e.correlationId}`);
      for (const d of e.errors) {
        // Some servers (an older mock among them) repeat the field at the start of the message: name it once.
        const text = d.in && d.message.startsWith(`${d.in}: `) ? d.message.slice(d.in.length + 2) : d.message;
        io.err(`  - ${d.in ? `${d.in}: ` : ''}${text}`);
      }
      return EXIT_API_ERROR;
    }
    if (e instanceof HubSpotError) {
      io.err(`${e.name}: ${e.message}`);
      return EXIT_API_ERROR;
    }
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

class CallTimeout extends Error {
  override name = 'CallTimeout';
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
  }
}
