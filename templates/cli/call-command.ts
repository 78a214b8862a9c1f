/**
 * `hubspot-marketing call <actionId> [--path k=v ...] [--query k=v ...] [--data JSON|@file] [--all]`: calls one
 * action through the generated client and prints the JSON answer (with `--all`, every item of every page, one
 * per line). The access token comes from an environment variable, never from the command line.
 */
import {
  type ActionId,
  createHubSpotMarketingClient,
  HubSpotApiError,
  HubSpotError,
  type PagedActionId,
} from '../client/index.js';
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
}

export async function callCommand(catalog: Catalog, id: string, o: CallOptions, io: Io): Promise<number> {
  const action = findAction(catalog, id);
  const input = buildInput(catalog, action, o);
  if (o.all && !action.pagination) throw new UsageError(`'${action.id}' is not cursor-paged; drop --all`);
  const maxItems = o.maxItems === undefined ? undefined : Number(o.maxItems);
  if (maxItems !== undefined && !(Number.isInteger(maxItems) && maxItems > 0)) {
    throw new UsageError('--max-items must be a positive whole number');
  }

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
  });
  try {
    // The id comes from the command line, so the typed input cannot be named here; buildInput checked it
    // against the action's schemas instead.
    if (o.all) {
      const items = client.paginate(
        action.id as PagedActionId,
        input as never,
        maxItems === undefined ? {} : { maxItems },
      );
      for await (const item of items) io.out(JSON.stringify(item));
    } else {
      const result: unknown = await client.invoke(action.id as ActionId, input as never);
      if (result !== undefined) io.out(JSON.stringify(result, null, 2));
    }
    return EXIT_OK;
  } catch (e) {
    if (e instanceof HubSpotApiError) {
      const body = e.body as { message?: unknown } | undefined;
      const message = typeof body?.message === 'string' ? body.message : e.message;
      io.err(`HubSpot answered ${e.status}${e.category ? ` ${e.category}` : ''}: ${message}`);
      if (e.correlationId) io.err(`correlationId: ${e.correlationId}`);
      for (const d of e.errors) io.err(`  - ${d.in ? `${d.in}: ` : ''}${d.message}`);
      return EXIT_API_ERROR;
    }
    if (e instanceof HubSpotError) {
      io.err(`${e.name}: ${e.message}`);
      return EXIT_API_ERROR;
    }
    throw e;
  }
}
