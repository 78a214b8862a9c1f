/**
 * `npm run release -- [--dry-run] [--version X] [--allow-smaller-bump] [--reason TEXT]`, and
 * `npm run release -- --notes VERSION`.
 *
 * Cuts a release from what the spec diff knows: checks the tree (clean, `generated/` up to date), plans the
 * version and the changelog section (plan.ts), writes CHANGELOG.md, package.json and package-lock.json,
 * generates generated/ again (the client's User-Agent carries the version), commits `Release: vX.Y.Z` and tags `vX.Y.Z` (annotated, the section as its message). `--dry-run` prints the
 * plan and the section and writes nothing. Exit codes: 0 done, 1 refused (the reason is printed), 2 bad input.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CHANGELOG_FILE, extractSection, insertSection, renderSection } from './changelog.js';
import { dirtyFiles, git, ReleaseError, repositoryRoot } from './git.js';
import { planRelease, type ReleasePlan } from './plan.js';

export const USAGE = `usage: npm run release -- [options]

  Plans the next version from the spec diff and the surface diff since the last v<semver> tag, writes its
  section at the top of ${CHANGELOG_FILE}, sets the version in package.json and package-lock.json, generates
  generated/ again (it carries the version), commits "Release: vX.Y.Z" and tags vX.Y.Z. Pushing the tag publishes (.github/workflows/release.yml).

  --dry-run               print the plan and the changelog section; write nothing
  --version V             release V (x.y.z) or bump by major, minor or patch instead of the rules' choice;
                          refused when below what the changes demand, unless --allow-smaller-bump
  --allow-smaller-bump    with --version: allow a version below what the changes demand (the changelog says so)
  --reason TEXT           with --version: why, written into the changelog
  --notes VERSION         print the ${CHANGELOG_FILE} section of VERSION (the release notes) and exit
  -h, --help              this text

exit codes: 0 done, 1 refused (dirty tree, stale generated/, nothing to release, version too low), 2 bad input`;

interface Options {
  dryRun: boolean;
  version?: string;
  allowSmallerBump: boolean;
  reason?: string;
  notes?: string;
}

class UsageError extends Error {}

function parse(argv: string[]): Options | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      'dry-run': { type: 'boolean', default: false },
      version: { type: 'string' },
      'allow-smaller-bump': { type: 'boolean', default: false },
      reason: { type: 'string' },
      notes: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: true,
  });
  if (values.help) return 'help';
  if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  if (values['allow-smaller-bump'] && !values.version)
    throw new UsageError('--allow-smaller-bump needs --version: say which version to release');
  if (values.reason !== undefined && !values.version) throw new UsageError('--reason goes with --version');
  return {
    dryRun: values['dry-run'],
    allowSmallerBump: values['allow-smaller-bump'],
    ...(values.version !== undefined ? { version: values.version } : {}),
    ...(values.reason !== undefined ? { reason: values.reason } : {}),
    ...(values.notes !== undefined ? { notes: values.notes } : {}),
  };
}

/** `npm run generate` in `cwd` (with `--check`: writes nothing): null when it succeeds, else what it said. */
function runGenerate(cwd: string, check = false): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['run', '--silent', 'generate', ...(check ? ['--', '--check'] : [])],
      { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error === null) return resolve(null);
        resolve(`${stdout}${stderr}`.trim() || error.message);
      },
    );
  });
}

/**
 * Why the tree cannot be released as it is: uncommitted files, or a `generated/` that is not what spec/ and
 * templates/ give. The generated/ check runs in a child process, alongside the plan.
 */
export async function treeProblems(cwd: string): Promise<string[]> {
  const problems: string[] = [];
  const dirty = dirtyFiles(cwd);
  const stale = runGenerate(cwd, true);
  if (dirty.length) {
    const shown = dirty.slice(0, 10).map((l) => `    ${l}`);
    if (dirty.length > 10) shown.push(`    ... and ${dirty.length - 10} more`);
    problems.push(
      `the work tree is not clean (commit or stash first; a release is cut from HEAD):\n${shown.join('\n')}`,
    );
  }
  const said = await stale;
  if (said !== null)
    problems.push(
      `generated/ is stale: \`npm run generate -- --check\` failed; run \`npm run generate\` and commit:\n${said
        .split('\n')
        .slice(0, 15)
        .map((l) => `    ${l}`)
        .join('\n')}`,
    );
  return problems;
}

/** Sets `version` in package.json and in package-lock.json (its top and its root package), keeping the indentation. */
export function setPackageVersion(cwd: string, version: string): string[] {
  const written: string[] = [];
  const edit = (name: string, change: (data: Record<string, unknown>) => void) => {
    const file = path.join(cwd, name);
    if (!fs.existsSync(file)) return;
    const text = fs.readFileSync(file, 'utf8');
    const indent = /^[ \t]+/m.exec(text)?.[0] ?? '  ';
    const data = JSON.parse(text) as Record<string, unknown>;
    change(data);
    fs.writeFileSync(file, `${JSON.stringify(data, null, indent)}\n`);
    written.push(name);
  };
  edit('package.json', (d) => {
    d.version = version;
  });
  edit('package-lock.json', (d) => {
    d.version = version;
    const packages = d.packages as Record<string, Record<string, unknown>> | undefined;
    if (packages?.['']) packages[''].version = version;
  });
  return written;
}

function describePlan(plan: ReleasePlan): string {
  const from = plan.previous ? plan.previous.tag : '(no release yet)';
  const lines = [`release: ${from} -> ${plan.tag}`];
  if (plan.previous === null) lines.push('  first release: the version in package.json');
  else {
    lines.push(`  the changes demand: ${plan.required ?? 'nothing'} -> ${plan.ruleVersion}`);
    for (const r of plan.reasons) lines.push(`    - ${r}`);
    if (plan.required === 'major' && plan.ruleVersion.startsWith('0.'))
      lines.push('    (while the major version is 0, a breaking change raises the minor version)');
    lines.push(
      `  commits since ${plan.previous.tag}: ${plan.commitCount}, ${plan.commits.length} listed in the changelog`,
    );
  }
  if (plan.forced)
    lines.push(
      `  version forced: --version ${plan.forced.requested}${plan.forced.belowRequired ? ' --allow-smaller-bump (below the rules; written into the changelog)' : ''}`,
    );
  for (const n of plan.notes) lines.push(`  note: ${n}`);
  return lines.join('\n');
}

/** Runs the command; returns the exit code. */
export async function main(
  argv: string[],
  cwd: string = process.cwd(),
  out: (s: string) => void = (s) => process.stdout.write(s),
  err: (s: string) => void = (s) => process.stderr.write(s),
): Promise<number> {
  let o: Options | 'help';
  try {
    o = parse(argv);
  } catch (e) {
    err(`release: ${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (o === 'help') {
    out(`${USAGE}\n`);
    return 0;
  }
  try {
    const root = repositoryRoot(cwd);
    if (o.notes !== undefined) {
      const file = path.join(root, CHANGELOG_FILE);
      const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
      const section = extractSection(text, o.notes);
      if (section === null) throw new ReleaseError(`${CHANGELOG_FILE} has no section for ${o.notes}`);
      out(section);
      return 0;
    }
    // A dirty tree is refused at once; otherwise the generated/ check and the plan (the spec diff) run side by
    // side, and a refused tree wins over the plan.
    if (!o.dryRun && dirtyFiles(root).length) throw new ReleaseError((await treeProblems(root)).join('\n'));
    const checking = treeProblems(root);
    const planning = planRelease({
      cwd: root,
      allowSmallerBump: o.allowSmallerBump,
      ...(o.version ? { version: o.version } : {}),
      ...(o.reason ? { reason: o.reason } : {}),
    }).then(
      (plan) => ({ plan, error: null }),
      (error: unknown) => ({ plan: null, error }),
    );
    const problems = await checking;
    if (problems.length && !o.dryRun) throw new ReleaseError(problems.join('\n'));
    const planned = await planning;
    if (planned.plan === null) throw planned.error;
    const plan = planned.plan;
    const section = renderSection(plan);
    out(`${describePlan(plan)}\n\n${CHANGELOG_FILE} section:\n\n${section}\n`);
    if (o.dryRun) {
      if (problems.length) {
        err(`release: a release would be refused now:\n${problems.map((p) => `  ${p}`).join('\n')}\n`);
        return 1;
      }
      out('dry run: nothing was written.\n');
      return 0;
    }

    const changelogFile = path.join(root, CHANGELOG_FILE);
    const existing = fs.existsSync(changelogFile) ? fs.readFileSync(changelogFile, 'utf8') : null;
    const next = insertSection(existing, section, plan.version);
    const files = [CHANGELOG_FILE, ...setPackageVersion(root, plan.version)];
    fs.writeFileSync(changelogFile, next);
    try {
      // The generated client carries the package's version (its User-Agent): generate again with the new one.
      const generated = await runGenerate(root);
      if (generated !== null)
        throw new ReleaseError(`npm run generate failed after setting the version:\n${generated}`);
      const changed = dirtyFiles(root).some((l) => / generated\//.test(l));
      if (changed) files.push('generated');
      git(['add', '--all', '--', ...files], root);
      git(
        [
          'commit',
          '--quiet',
          '--no-verify',
          '-m',
          `Release: ${plan.tag}`,
          '-m',
          plan.reasons.join('\n'),
          '--',
          ...files,
        ],
        root,
      );
    } catch (e) {
      // Leave the tree as it was: nothing half-done.
      const paths = [...new Set([...files, 'generated'])];
      git(['reset', '--quiet', '--', ...paths], root);
      git(['checkout', '--', ...paths.filter((f) => existing !== null || f !== CHANGELOG_FILE)], root);
      git(['clean', '--quiet', '--force', '--', 'generated'], root);
      if (existing === null) fs.rmSync(changelogFile, { force: true });
      throw e;
    }
    try {
      git(['tag', '--annotate', plan.tag, '--cleanup=verbatim', '-m', `${plan.tag}\n\n${section}`], root);
    } catch (e) {
      throw new ReleaseError(
        `the release is committed, but tagging failed (${(e as Error).message}); tag it with \`git tag -a ${plan.tag}\``,
      );
    }
    const sha = git(['rev-parse', '--short', 'HEAD'], root).trim();
    out(
      `wrote ${files.join(', ')}; committed ${sha} "Release: ${plan.tag}"; tagged ${plan.tag}.\n` +
        `publish: git push origin HEAD ${plan.tag}   (the release workflow runs CI, publishes to npm and writes the GitHub release)\n`,
    );
    return 0;
  } catch (e) {
    if (e instanceof ReleaseError) {
      err(`release: refused: ${e.message}\n`);
      return 1;
    }
    err(`release: ${(e as Error).message ?? String(e)}\n`);
    return 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
