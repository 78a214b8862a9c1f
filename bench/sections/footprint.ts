/**
 * Install footprint: the tarball, and what `npm install` puts on disk for the runtime (the package and its
 * dependency tree), each anchor installed alone into its own empty project.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type Section, table } from '../lib/report.js';
import { exec, installedPackages, kb, log, mb, ok, PACKAGE, treeSize } from '../lib/util.js';
import type { Workspace } from '../lib/workspace.js';

interface Footprint {
  label: string;
  packages: string[];
  bytes: number;
  files: number;
  /** `du -sk`: what the files take on this file system, blocks included. */
  diskBytes: number;
}

async function measure(ws: Workspace, project: string, label: string, deps: Record<string, string>) {
  const dir = await ws.install(project, deps);
  const nodeModules = path.join(dir, 'node_modules');
  const size = treeSize(nodeModules);
  const du = ok(await exec('du', ['-sk', nodeModules], { cwd: dir }), 'du');
  const diskBytes = Number(du.stdout.trim().split(/\s+/)[0]) * 1024;
  return { label, packages: installedPackages(nodeModules), ...size, diskBytes } satisfies Footprint;
}

export async function footprint(ws: Workspace): Promise<Section> {
  log('footprint: installing each package alone');
  const tarballBytes = fs.statSync(ws.tarball).size;
  const list = ok(await exec('tar', ['-tvzf', ws.tarball], { cwd: ws.dir }), 'tar')
    .stdout.trim()
    .split('\n');
  const unpacked = list.reduce((n, l) => n + Number(l.trim().split(/\s+/)[2] ?? 0), 0);
  const byKind = new Map<string, number>();
  for (const l of list) {
    const cols = l.trim().split(/\s+/);
    const file = cols[cols.length - 1] ?? '';
    const size = Number(cols[2] ?? 0);
    // The package is ESM only (one copy of code and types for import and require); dist/node/ holds the
    // command line and the mock server, which a client-only app never loads.
    const kind = file.endsWith('.d.ts')
      ? 'types (.d.ts)'
      : file.endsWith('.js') && file.includes('/dist/node/')
        ? 'Node tools code (dist/node: command line, mock)'
        : file.endsWith('.js')
          ? 'client code (.js)'
          : file.endsWith('.json') && file.includes('/dist/')
            ? 'catalogs (actions.json, openapi.json)'
            : 'README, LICENSE, package.json, notices';
    byKind.set(kind, (byKind.get(kind) ?? 0) + size);
  }

  const ours = await measure(ws, 'footprint-ours', PACKAGE, { [PACKAGE]: `file:${ws.tarball}` });
  const openapiFetch = await measure(ws, 'footprint-openapi-fetch', 'openapi-fetch alone', {
    'openapi-fetch': ws.versions['openapi-fetch'] as string,
  });
  const hubspot = await measure(ws, 'footprint-hubspot', '@hubspot/api-client', {
    '@hubspot/api-client': ws.versions['@hubspot/api-client'] as string,
  });
  const dependencies = ours.packages.filter((p) => !p.startsWith(`${PACKAGE}@`));

  const rows = [ours, openapiFetch, hubspot].map((f) => [
    f.label,
    f.packages.length,
    f.files,
    mb(f.bytes),
    mb(f.diskBytes),
    ratio(f.bytes, ours.bytes),
  ]);
  const body = [
    `The tarball: **${kb(tarballBytes)}** packed, ${kb(unpacked)} unpacked in ${list.length} files.`,
    '',
    table(
      ['tarball content', 'unpacked'],
      [...byKind.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, kb(v)]),
    ),
    '',
    `\`npm install\` of each into an empty project (size: the sum of the installed files; disk: \`du -sk\`, file-system blocks included):`,
    '',
    table(['installed', 'packages', 'files', 'size', 'disk (du)', 'size vs this package'], rows),
    '',
    `This package's dependency tree: ${dependencies.map((p) => `\`${p}\``).join(', ')}.`,
    `@hubspot/api-client's: ${hubspot.packages.length} packages.`,
  ].join('\n');

  const runtimeBytes = ours.bytes;
  return {
    title: 'Install footprint',
    body,
    headlines: [
      {
        metric: 'install footprint: tarball',
        goal: '≤ 1 MB',
        result: kb(tarballBytes),
        pass: tarballBytes <= 1024 * 1024,
        comparison: '',
      },
      {
        metric: 'install footprint: installed runtime (package + dependencies)',
        goal: '≤ 1 MB',
        result: `${mb(runtimeBytes)} (this package ${mb(unpacked)}); ${mb(ours.diskBytes)} on disk (du)`,
        pass: runtimeBytes <= 1024 * 1024,
        comparison: `@hubspot/api-client: ${mb(hubspot.bytes)} (${ratio(hubspot.bytes, runtimeBytes)}), ${mb(hubspot.diskBytes)} on disk (du)`,
      },
      {
        metric: 'install footprint: dependency packages',
        goal: '≤ 3',
        result: `${dependencies.length} (${dependencies.map((d) => d.replace(/@[^@]+$/, '')).join(', ')})`,
        pass: dependencies.length <= 3,
        comparison: `@hubspot/api-client: ${hubspot.packages.length - 1}`,
      },
    ],
    data: {
      tarballBytes,
      unpacked,
      files: list.length,
      byKind: Object.fromEntries(byKind),
      ours,
      openapiFetch,
      hubspot,
    },
  };
}

function ratio(value: number, base: number): string {
  return `${(value / base).toFixed(1)}×`;
}
