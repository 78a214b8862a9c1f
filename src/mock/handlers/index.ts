/**
 * The stateful operation handlers of one mock server, by operationId, over its `MockStore`. Operations not
 * listed here (statistics, communication preferences, app settings) are answered from the spec's examples.
 */
import type { MockStore } from '../state/store.js';
import type { OperationHandlers } from '../types.js';
import { campaignHandlers } from './campaigns.js';
import { emailHandlers } from './emails.js';
import { eventHandlers } from './events.js';
import { participationHandlers } from './participations.js';
import { transactionalHandlers } from './transactional.js';

export function statefulHandlers(store: MockStore): OperationHandlers {
  return {
    ...campaignHandlers(store),
    ...eventHandlers(store),
    ...participationHandlers(store),
    ...emailHandlers(store),
    ...transactionalHandlers(store),
  };
}
