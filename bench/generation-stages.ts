/**
 * Where `npm run generate` spends its time: runs the generator's stages one by one, in one thread, and prints
 * `RESULT {"<stage>": ms, ...}`: what each stage costs on its own. (generator/pipeline.ts overlaps them: the
 * Redocly lint runs in a worker thread beside load, model and emit, then checks the examples the project rules
 * collect, while Biome formats in its own process.) Run in a fresh process by the generation benchmark the way `npm run generate` runs
 * the generator (`node generator/launch.mjs bench/generation-stages.ts`); writes nothing.
 */
async function main(): Promise<void> {
  const [
    { loadSpec },
    { lintSpec, checkRules },
    { buildModel },
    types,
    client,
    docs,
    catalog,
    format,
    pipeline,
  ] = await Promise.all([
    import('../generator/load.js'),
    import('../generator/check.js'),
    import('../generator/model.js'),
    import('../generator/emit/types.js'),
    import('../generator/emit/client.js'),
    import('../generator/emit/docs.js'),
    import('../generator/emit/catalog.js'),
    import('../generator/format.js'),
    import('../generator/pipeline.js'),
  ]);
  const path = await import('node:path');
  // performance.now() counts from the start of the process: the first figure is the start-up cost.
  const times: Record<string, number> = {
    'start-up: node, esbuild bundle, generator modules loaded': performance.now(),
  };

  async function stage<T>(name: string, fn: () => T | Promise<T>): Promise<T> {
    const t = performance.now();
    const value = await fn();
    times[name] = performance.now() - t;
    return value;
  }

  const root = pipeline.PROJECT_ROOT;
  const templates = path.join(root, 'templates');
  const spec = await stage('load (YAML, $ref bundling)', () =>
    loadSpec(path.join(root, 'spec', 'openapi.yaml')),
  );
  const lint = await stage('check: Redocly lint', () => lintSpec(spec));
  const rules = await stage('check: project rules and examples', () => checkRules(spec));
  if (lint.length + rules.length > 0)
    throw new Error(`the spec has ${lint.length + rules.length} problem(s)`);
  const model = await stage('model', () => buildModel(spec));
  const emitted = new Map<string, string>([
    ...(await stage('emit: types (openapi-typescript)', () => types.emitTypes(model))),
    ...(await stage('emit: client', () => client.emitClient(model))),
    ...(await stage('emit: docs', () => docs.emitDocs(model, templates))),
    ...(await stage('emit: catalog', () => catalog.emitCatalog(model))),
  ]);
  await stage('format (Biome)', () => format.formatFiles(emitted));
  console.log(`RESULT ${JSON.stringify(times)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
