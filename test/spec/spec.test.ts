import fs from 'node:fs';
import path from 'node:path';
import { createConfig, lint } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { checkRules, connectorActions } from '../../generator/check.js';
import { isObject, type Json, loadSpec, walk } from '../../generator/load.js';
import { PROJECT_ROOT } from '../../generator/pipeline.js';

const ROOT_SPEC = path.join(PROJECT_ROOT, 'spec', 'openapi.yaml');
const REFERENCE = path.join(PROJECT_ROOT, '..', 'shared', 'reference');
const hasReference = fs.existsSync(path.join(REFERENCE, 'seed-actions.json'));

describe('the curated spec', () => {
  const spec = loadSpec(ROOT_SPEC);

  it('passes the Redocly linter (recommended rules) with no errors and no warnings', async () => {
    const config = await createConfig({
      extends: ['recommended'],
      rules: {
        'no-invalid-parameter-examples': 'error',
        'no-invalid-media-type-examples': 'error',
        'no-ambiguous-paths': 'off',
        'operation-4xx-response': 'off',
      },
    });
    const problems = await lint({ ref: ROOT_SPEC, config });
    expect(
      problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`),
    ).toEqual([]);
  });

  it('passes every project rule', () => {
    expect(checkRules(spec)).toEqual([]);
  });

  it('is OpenAPI 3.1 with exactly the connector actions', () => {
    expect(spec.document.openapi).toMatch(/^3\.1\./);
    const ops: string[] = [];
    for (const [p, item] of Object.entries(isObject(spec.document.paths) ? spec.document.paths : {})) {
      for (const m of Object.keys(isObject(item) ? item : {})) if (m !== 'parameters') ops.push(`${m} ${p}`);
    }
    expect(ops.sort()).toEqual(
      connectorActions()
        .map((a) => `${a.method} ${a.path}`)
        .sort(),
    );
    expect(ops).toHaveLength(73);
  });

  it.skipIf(!hasReference)('lists the same actions, groups and titles as the seed list', () => {
    const seed = JSON.parse(fs.readFileSync(path.join(REFERENCE, 'seed-actions.json'), 'utf8')) as Array<{
      group: string;
      method: string;
      path: string;
      title: string;
    }>;
    expect(connectorActions()).toEqual(
      seed.map((s) => ({
        group: s.group,
        method: s.method.toLowerCase(),
        path: s.path.replace(/\/$/, ''),
        title: s.title,
      })),
    );
  });

  it.skipIf(!hasReference)("copies no prose from HubSpot's files (facts only)", () => {
    const norm = (s: string) =>
      s
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, ' ')
        .trim();
    const seedRows = JSON.parse(fs.readFileSync(path.join(REFERENCE, 'seed-actions.json'), 'utf8')) as Array<{
      title: string;
      description: string;
      params: Array<{ description: string }>;
    }>;
    const seedText = norm(
      seedRows.flatMap((r) => [r.title, r.description, ...r.params.map((p) => p.description)]).join(' | '),
    );
    const upstream = new Set<string>();
    const dir = path.join(REFERENCE, 'hubspot-upstream');
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.json'))) {
      walk(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Json, [], (node) => {
        for (const k of ['description', 'summary'] as const) {
          const v = node[k];
          if (typeof v === 'string' && norm(v).length >= 40 && !seedText.includes(norm(v)))
            upstream.add(norm(v));
        }
      });
    }
    const copied: string[] = [];
    walk(spec.document, [], (node, tokens) => {
      for (const k of ['description', 'summary'] as const) {
        const v = node[k];
        if (typeof v === 'string' && upstream.has(norm(v))) copied.push(`${tokens.join('/')}/${k}`);
      }
    });
    expect(copied).toEqual([]);
  });
});
