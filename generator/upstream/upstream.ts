/**
 * Upstream drift, the entry point: `compareWithUpstream(folder, options)` loads the curated spec (a file,
 * a folder or a git revision, as the spec diff reads it), finds the upstream files its operations name,
 * compares every operation, lists the upstream operations the spec does not cover and the recorded
 * deviations that explain nothing, and returns the whole result.
 */
import path from 'node:path';
import { loadSide } from '../diff/sources.js';
import { type FileReport, findUncovered, UpstreamComparison, type UpstreamResult } from './compare.js';
import { UpstreamFolder } from './files.js';

export interface UpstreamOptions {
  /** The curated spec: a file, a folder holding openapi.yaml, or a git revision. Default `spec`. */
  spec?: string;
  /** Where relative paths resolve; defaults to the current directory. */
  cwd?: string;
}

export function compareWithUpstream(folder: string, options: UpstreamOptions = {}): UpstreamResult {
  const cwd = options.cwd ?? process.cwd();
  const upstream = new UpstreamFolder(folder, cwd);
  const loaded = loadSide(options.spec ?? 'spec', { cwd });
  // The spec diff names the files of a folder side by absolute path; this report names them as a maintainer
  // opens them, from the working directory (`spec/campaigns.yaml`). Revision sides keep `rev:path`.
  const side = {
    ...loaded,
    displayFile: (file: string) => {
      const shown = loaded.displayFile(file);
      if (!path.isAbsolute(shown)) return shown;
      const rel = path.relative(cwd, shown);
      return rel === '' || rel.startsWith('..') ? shown : rel.split(path.sep).join('/');
    },
  };
  const cmp = new UpstreamComparison(side, upstream);
  const { files, covered, compared, operations } = cmp.run();
  const { uncovered, stale: staleUncovered } = findUncovered(side.spec.document, files, covered, (p) =>
    cmp.locate(p),
  );
  const stale = [...cmp.staleDeviations(), ...staleUncovered];
  const fileReports: FileReport[] = [...files.values()]
    .map((f) => ({
      file: f.file,
      status: f.status,
      foundAt: f.foundAt,
      candidates: f.candidates,
      operations: [...(covered.get(f.file) ?? [])].length,
    }))
    .sort((a, b) => a.file.localeCompare(b.file));
  const differences = cmp.differences;
  const unexplained = differences.filter((d) => !d.explained).length;
  const uncoveredUnexplained = uncovered.filter((u) => !u.explained).length;
  const filesNeedingAttention = fileReports.filter(
    (f) => f.status === 'moved' || f.status === 'missing',
  ).length;
  return {
    spec: { label: side.label, operations },
    upstream: { folder, files: fileReports },
    differences,
    uncovered,
    stale,
    summary: {
      compared,
      differences: differences.length,
      explained: differences.length - unexplained,
      unexplained,
      uncovered: uncovered.length,
      uncoveredExplained: uncovered.length - uncoveredUnexplained,
      stale: stale.length,
      filesNeedingAttention,
      failed: unexplained > 0 || uncoveredUnexplained > 0 || stale.length > 0 || filesNeedingAttention > 0,
    },
  };
}

/** The command's exit code for a result: 1 when anything needs a maintainer. */
export function exitCodeOf(result: UpstreamResult): 0 | 1 {
  return result.summary.failed ? 1 : 0;
}
