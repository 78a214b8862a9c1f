/**
 * The two Redis clients the store supports, connected to a test's redis-server: ioredis and node-redis. Each
 * store test runs once per client.
 */
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import type { RedisClientLike } from '../../src/redis/index.js';

export interface ConnectedClient {
  redis: RedisClientLike;
  close(): Promise<void>;
}

export const REDIS_CLIENTS: Record<'ioredis' | 'node-redis', (url: string) => Promise<ConnectedClient>> = {
  async ioredis(url) {
    // ioredis's defaults: reconnect for ever, queue commands while connecting.
    const redis = new Redis(url);
    redis.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      redis.once('ready', resolve);
      redis.once('error', reject);
    });
    return { redis, close: async () => redis.disconnect() };
  },
  async 'node-redis'(url) {
    const client = createClient({ url });
    client.on('error', () => undefined);
    await client.connect();
    return { redis: client, close: async () => client.destroy() };
  },
};

/** A second, plain connection for assertions on the keys. */
export async function inspector(url: string): Promise<Redis> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  return redis;
}
