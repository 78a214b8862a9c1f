/**
 * Spec edits a maintainer makes, done to a copy of the repository by the release tests: remove an action
 * (its operation in the area file, the path's `$ref` in openapi.yaml when the path has no operation left, and
 * its entry in the connector's action list) and add an optional query parameter to an action. YAML is edited
 * as a document, so the rest of each file keeps its formatting.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isMap, isSeq, parseDocument, type YAMLMap } from 'yaml';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

interface Located {
  file: string;
  apiPath: string;
  method: string;
}

/** Finds the area file, path and method of `operationId` in `root`/spec. */
function locate(root: string, operationId: string): Located {
  const dir = path.join(root, 'spec');
  for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
    const file = path.join(dir, name);
    const doc = parseDocument(fs.readFileSync(file, 'utf8'));
    const paths = doc.get('paths');
    if (!isMap(paths)) continue;
    for (const pair of paths.items) {
      const item = pair.value;
      if (!isMap(item)) continue;
      for (const method of METHODS) {
        const op = item.get(method);
        if (isMap(op) && op.get('operationId') === operationId)
          return { file, apiPath: String((pair.key as { value: unknown }).value ?? pair.key), method };
      }
    }
  }
  throw new Error(`operationId ${operationId} is not in ${dir}`);
}

/** Removes the action `operationId` from the spec and the connector's action list. */
export function removeAction(root: string, operationId: string): void {
  const { file, apiPath, method } = locate(root, operationId);
  const doc = parseDocument(fs.readFileSync(file, 'utf8'));
  const item = doc.getIn(['paths', apiPath]) as YAMLMap;
  item.delete(method);
  const empty = !METHODS.some((m) => item.has(m));
  if (empty) doc.deleteIn(['paths', apiPath]);
  fs.writeFileSync(file, doc.toString({ lineWidth: 0 }));
  if (empty) {
    const rootFile = path.join(root, 'spec', 'openapi.yaml');
    const rootDoc = parseDocument(fs.readFileSync(rootFile, 'utf8'));
    rootDoc.deleteIn(['paths', apiPath]);
    fs.writeFileSync(rootFile, rootDoc.toString({ lineWidth: 0 }));
  }
  const listFile = path.join(root, 'generator', 'connector-actions.json');
  const list = JSON.parse(fs.readFileSync(listFile, 'utf8')) as {
    actions: Array<{ method: string; path: string }>;
  };
  list.actions = list.actions.filter((a) => !(a.method === method && a.path === apiPath));
  fs.writeFileSync(listFile, `${JSON.stringify(list, null, 2)}\n`);
}

/** Adds an optional string query parameter `name` to the action `operationId`. */
export function addOptionalQueryParameter(root: string, operationId: string, name: string): void {
  const { file, apiPath, method } = locate(root, operationId);
  const doc = parseDocument(fs.readFileSync(file, 'utf8'));
  const op = doc.getIn(['paths', apiPath, method]) as YAMLMap;
  const param = doc.createNode({
    name,
    in: 'query',
    description: `Optional ${name}, added by the release test.`,
    schema: { type: 'string' },
    example: 'example',
  });
  const params = op.get('parameters');
  if (isSeq(params)) params.add(param);
  else op.set('parameters', doc.createNode([param]));
  fs.writeFileSync(file, doc.toString({ lineWidth: 0 }));
}
