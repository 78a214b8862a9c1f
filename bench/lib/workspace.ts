/**
 * The benchmark workspace: the package as a consumer gets it. `npm pack` (its `prepack` builds `dist/`), then
 * a throwaway app in a temp folder installs the tarball next to the anchors (@hubspot/api-client,
 * openapi-fetch alone) and @types/node, at the versions this repository pins, from the npm cache first.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BENCH, exec, log, ok, PACKAGE, ROOT, versionOf } from './util.js';

export interface Workspace {
  /** The temp folder; removed by `dispose`. */
  dir: string;
  tarball: string;
  /** The app with everything installed. */
  app: string;
  versions: Record<string, string>;
  /** Installs `deps` into a fresh project under the workspace and returns its folder. */
  install(name: string, deps: Record<string, string>): Promise<string>;
  dispose(): void;
}

export async function prepareWorkspace(): Promise<Workspace> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hsmc-bench-'));
  log('npm pack (builds dist/ through prepack)');
  ok(await exec('npm', ['pack', '--pack-destination', dir, '--loglevel=error'], { cwd: ROOT }), 'npm pack');
  const name = fs.readdirSync(dir).find((f) => f.endsWith('.tgz'));
  if (name === undefined) throw new Error('npm pack wrote no tarball');
  const tarball = path.join(dir, name);

  const versions: Record<string, string> = {
    [PACKAGE]: (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string })
      .version,
    'openapi-fetch': versionOf('openapi-fetch'),
    '@hubspot/api-client': versionOf('@hubspot/api-client'),
    '@types/node': versionOf('@types/node'),
  };

  const install = async (project: string, deps: Record<string, string>): Promise<string> => {
    const folder = path.join(dir, project);
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(
      path.join(folder, 'package.json'),
      `${JSON.stringify({ name: `bench-${project}`, private: true, type: 'module', dependencies: deps }, null, 2)}\n`,
    );
    ok(
      await exec(
        'npm',
        ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'],
        { cwd: folder },
      ),
      `npm install in ${project}`,
    );
    return folder;
  };

  log('installing the benchmark app (tarball, @hubspot/api-client, openapi-fetch, @types/node)');
  const app = await install('app', {
    [PACKAGE]: `file:${tarball}`,
    '@hubspot/api-client': versions['@hubspot/api-client'] as string,
    'openapi-fetch': versions['openapi-fetch'] as string,
    '@types/node': versions['@types/node'] as string,
  });
  for (const fixture of fs.readdirSync(path.join(BENCH, 'fixtures'))) {
    fs.copyFileSync(path.join(BENCH, 'fixtures', fixture), path.join(app, fixture));
  }
  return {
    dir,
    tarball,
    app,
    versions,
    install,
    dispose: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
