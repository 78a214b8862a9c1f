/** `hubspot-marketing actions [--area A] [--group G] [--json]`: the 73 actions, by area or connector group. */
import type { Catalog, CatalogAction } from './catalog.js';
import { UsageError } from './errors.js';
import type { Io } from './io.js';

export interface ActionsOptions {
  area?: string;
  group?: string;
  json?: boolean;
}

function pick(catalog: Catalog, o: ActionsOptions): CatalogAction[] {
  let list = catalog.actions;
  if (o.area !== undefined) {
    // `marketing-events` (subpath and spec file), `marketingEvents` (client key), `Marketing Events` (name).
    const wanted = areaWord(o.area);
    const area = catalog.areas.find((a) => [a.key, a.name].some((n) => areaWord(n) === wanted));
    if (!area) {
      throw new UsageError(
        `unknown area '${o.area}'; areas: ${catalog.areas.map((a) => kebab(a.key)).join(', ')}`,
      );
    }
    list = list.filter((a) => a.area === area.key);
  }
  if (o.group !== undefined) {
    const group = catalog.connectorGroups.find((g) => g.name.toLowerCase() === o.group?.toLowerCase());
    if (!group) {
      throw new UsageError(
        `unknown group '${o.group}'; groups: ${catalog.connectorGroups.map((g) => g.name).join(', ')}`,
      );
    }
    list = list.filter((a) => a.connectorGroup === group.name);
  }
  return list;
}

export function actionsCommand(catalog: Catalog, o: ActionsOptions, io: Io): void {
  const list = pick(catalog, o);
  if (o.json) {
    io.out(
      JSON.stringify(
        list.map((a) => ({
          id: a.id,
          area: a.area,
          group: a.connectorGroup,
          method: a.method,
          path: a.path,
          summary: a.summary,
        })),
        null,
        2,
      ),
    );
    return;
  }
  const width = Math.max(...list.map((a) => a.id.length), 2);
  const sections =
    o.group !== undefined || o.area === undefined
      ? groupByArea(catalog, list)
      : [[list[0]?.areaName ?? '', list] as const];
  for (const [title, actions] of sections) {
    io.out(`${title} (${actions.length})`);
    for (const a of actions) io.out(`  ${a.id.padEnd(width)}  ${a.method.padEnd(6)} ${a.path}  ${a.summary}`);
    io.out('');
  }
  io.out(`${list.length} action${list.length === 1 ? '' : 's'}`);
}

/** An area name reduced to lower-case letters and digits, so every spelling of it compares equal. */
function areaWord(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** `marketingEvents` -> `marketing-events`, the spelling of the package subpaths and the spec files. */
function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function groupByArea(catalog: Catalog, list: CatalogAction[]): Array<readonly [string, CatalogAction[]]> {
  return catalog.areas
    .map((area) => [area.name, list.filter((a) => a.area === area.key)] as const)
    .filter(([, actions]) => actions.length > 0);
}
