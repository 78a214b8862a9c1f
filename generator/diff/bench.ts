/**
 * Spec diff benchmark: times `diffSpecs` on two versions of our spec — spec/ and a copy where an action is
 * renamed, a query parameter made required and a batch limit lowered — with
 * loading, findings and the generated client's surface all included. The goal is well under a second.
 * `tsx generator/diff/bench.ts [runs]`; `benchDiff()` returns the timings for a bench harness.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { diffSpecs } from './diff.js';

const SPEC_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'spec');

export interface BenchResult {
  /** The first run, in a fresh process: includes compiling and warming up. */
  firstMs: number;
  /** The later runs. */
  runsMs: number[];
  medianMs: number;
  findings: number;
  surfaceChanges: number;
}

/** Writes a changed copy of spec/ and returns its folder. */
function changedSpec(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spec-diff-bench-'));
  fs.cpSync(SPEC_DIR, dir, { recursive: true });
  const file = path.join(dir, 'campaigns.yaml');
  const doc = parseDocument(fs.readFileSync(file, 'utf8'));
  const campaign = ['paths', '/marketing/v3/campaigns/{campaignGuid}'];
  doc.setIn([...campaign, 'get', 'operationId'], 'readCampaign');
  doc.setIn(['paths', '/marketing/v3/campaigns', 'get', 'parameters', 0, 'required'], true);
  doc.setIn(['paths', '/marketing/v3/campaigns/batch/read', 'post', 'x-batch', 'maxItems'], 10);
  doc.setIn(
    ['components', 'schemas', 'BatchInputPublicCampaignReadInput', 'properties', 'inputs', 'maxItems'],
    10,
  );
  fs.writeFileSync(file, doc.toString({ lineWidth: 0 }));
  return dir;
}

export async function benchDiff(runs = 5): Promise<BenchResult> {
  const head = changedSpec();
  try {
    const times: number[] = [];
    let findings = 0;
    let surfaceChanges = 0;
    for (let i = 0; i <= runs; i++) {
      const started = performance.now();
      const r = await diffSpecs(SPEC_DIR, head);
      times.push(performance.now() - started);
      findings = r.findings.length;
      surfaceChanges = r.surface.length;
    }
    const [firstMs = 0, ...runsMs] = times;
    const sorted = [...runsMs].sort((a, b) => a - b);
    return {
      firstMs,
      runsMs,
      medianMs: sorted[Math.floor(sorted.length / 2)] ?? firstMs,
      findings,
      surfaceChanges,
    };
  } finally {
    fs.rmSync(head, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = await benchDiff(Number(process.argv[2] ?? 5));
  console.log(
    `spec diff, our spec against a changed copy (${r.findings} findings, ${r.surfaceChanges} surface changes): first run ${Math.round(r.firstMs)} ms, then median ${Math.round(r.medianMs)} ms over ${r.runsMs.length} runs`,
  );
}
