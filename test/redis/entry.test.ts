/**
 * An app without Redis bundles none of the store: the root entry (and every area entry) reaches neither
 * ioredis nor node-redis nor the store's code, and the `./redis` entry itself imports no Redis library (it
 * takes the app's client). Checked on the sources with esbuild's metafile, and on `dist/` when it was built.
 */
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../generator/pipeline.js';

const REDIS_LIBRARIES = /(?:^|[\\/])node_modules[\\/](?:ioredis|redis|@redis)[\\/]/;
const STORE_CODE = /EVALSHA|createRedisRateLimitStore|RATE_LIMIT_SCRIPT/;

async function bundle(entry: string) {
  const result = await build({
    absWorkingDir: PROJECT_ROOT,
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    logLevel: 'silent',
    external: ['openapi-fetch'],
  });
  return {
    inputs: Object.keys(result.metafile.inputs),
    code: result.outputFiles.map((f) => f.text).join('\n'),
  };
}

describe('the Redis store stays out of apps that do not use it', () => {
  it('the root entry bundles no Redis library and none of the store', async () => {
    const { inputs, code } = await bundle('generated/client/index.ts');
    expect(inputs.filter((i) => REDIS_LIBRARIES.test(i))).toEqual([]);
    expect(inputs.filter((i) => i.includes('src/redis/'))).toEqual([]);
    expect(code).not.toMatch(STORE_CODE);
    expect(code).not.toMatch(/ioredis|["']redis["']|@redis\//);
  });

  it('the ./redis entry imports no Redis library either: it takes the app’s client', async () => {
    const { inputs, code } = await bundle('src/redis/index.ts');
    expect(inputs.filter((i) => REDIS_LIBRARIES.test(i))).toEqual([]);
    expect(code).toMatch(/EVALSHA/);
  });

  it('package.json: ioredis and redis are optional peer dependencies, never dependencies', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      peerDependencies?: Record<string, string>;
      peerDependenciesMeta?: Record<string, { optional?: boolean }>;
      exports: Record<string, unknown>;
    };
    expect(Object.keys(pkg.dependencies ?? {})).not.toContain('ioredis');
    expect(Object.keys(pkg.dependencies ?? {})).not.toContain('redis');
    expect(pkg.peerDependencies).toMatchObject({ ioredis: expect.any(String), redis: expect.any(String) });
    expect(pkg.peerDependenciesMeta).toMatchObject({
      ioredis: { optional: true },
      redis: { optional: true },
    });
    expect(pkg.exports['./redis']).toBeDefined();
  });

  const dist = path.join(PROJECT_ROOT, 'dist');
  it.skipIf(!fs.existsSync(path.join(dist, 'redis.js')))(
    'dist/ (when built): only redis.js holds the store; the root entry and the shared chunks do not',
    () => {
      const files = [
        'index.js',
        ...fs.readdirSync(path.join(dist, '_chunks')).map((f) => `_chunks/${f}`),
      ].filter((f) => f.endsWith('.js'));
      for (const file of files) {
        const code = fs.readFileSync(path.join(dist, file), 'utf8');
        expect(code, file).not.toMatch(STORE_CODE);
        expect(code, file).not.toMatch(/ioredis|require\(["']redis["']\)|from ["']redis["']/);
      }
      for (const file of ['redis.js']) {
        const code = fs.readFileSync(path.join(dist, file), 'utf8');
        expect(code, file).toMatch(/EVALSHA/);
        expect(code, file).not.toMatch(/require\(["'](?:ioredis|redis)["']\)|from ["'](?:ioredis|redis)["']/);
      }
    },
  );
});
