/**
 * The `spec:diff` command: its three report formats (the JSON one checked against its JSON Schema), exit
 * codes 0/1/2, `--fail-on`, the ignore file, git revisions read without touching the work tree, and bad
 * input (malformed YAML, dangling or cyclic `$ref`, not OpenAPI, unknown revision) giving a clear message,
 * exit 2 and never a stack trace or a false "no changes".
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import { main, USAGE } from '../../generator/diff/cli.js';
import { diffSpecs } from '../../generator/diff/diff.js';
import { COMMENT_MARKER } from '../../generator/diff/report-markdown.js';
import { cleanTemp, makeTempDir, P, PROJECT_ROOT, SPEC_DIR, STACK_TRACE, specVariant } from './helpers.js';

afterAll(cleanTemp);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(...args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(
    args,
    (s) => {
      stdout += s;
    },
    (s) => {
      stderr += s;
    },
  );
  return { code, stdout, stderr };
}

/** The spec without `deleteCampaign`, made once. */
let removedDir: string | undefined;
const removed = () => {
  removedDir ??= specVariant({ 'campaigns.yaml': (d) => d.deleteIn(['paths', P.campaign, 'delete']) });
  return removedDir;
};

function writeFile(name: string, text: string): string {
  const file = path.join(makeTempDir('spec-diff-file-'), name);
  fs.writeFileSync(file, text);
  return file;
}

describe('spec:diff reports', { timeout: 30_000 }, () => {
  it('prints a text report and exits 1 on a breaking change', async () => {
    const r = await cli(SPEC_DIR, removed());
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(
      'ERR  api-removed-without-deprecation  deleteCampaign DELETE /marketing/v3/campaigns/{campaignGuid}',
    );
    expect(r.stdout).toContain(`[${path.join(SPEC_DIR, 'campaigns.yaml')}:`);
    expect(r.stdout).toContain('major function `deleteCampaign` removed');
    expect(r.stdout).toContain('suggested version bump: major');
    expect(r.stdout).toContain('FAIL: findings at ERR or above (exit 1)');
  });

  it('prints a markdown report for a pull request comment', async () => {
    const r = await cli(SPEC_DIR, removed(), '--format', 'markdown');
    expect(r.code).toBe(1);
    const md = r.stdout;
    expect(md.startsWith(`${COMMENT_MARKER}\n## Spec diff: \``)).toBe(true);
    expect(md).toContain('❌ **1 breaking change** — suggested version bump: **major**');
    expect(md).toContain('| 🔴 ERR | breaking | 1 |');
    expect(md).toContain('### 🔴 Breaking changes (ERR)');
    expect(md).toContain('**`deleteCampaign` · `DELETE /marketing/v3/campaigns/{campaignGuid}`**');
    expect(md).toContain('- `api-removed-without-deprecation` action `deleteCampaign`');
    expect(md).toContain('### TypeScript surface of the generated client');
    expect(md).toContain('- ❌ function `deleteCampaign` removed');
    expect(md.indexOf('Breaking changes')).toBeLessThan(md.indexOf('TypeScript surface'));
    // No bare `#123`-like text outside code spans: every name is in backticks.
    expect(md.replace(/`[^`]*`/g, '').replace(/<!--.*?-->/g, '')).not.toMatch(/#\d/);
  });

  it('prints JSON that its JSON Schema accepts', async () => {
    const r = await cli(SPEC_DIR, removed(), '--format', 'json');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as {
      findings: Array<Record<string, unknown>>;
      summary: { ERR: number; failed: boolean };
      semver: string;
    };
    const schema = JSON.parse(
      fs.readFileSync(path.join(PROJECT_ROOT, 'generator', 'diff', 'report.schema.json'), 'utf8'),
    );
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.findings[0]).toMatchObject({
      id: 'api-removed-without-deprecation',
      level: 'ERR',
      operationId: 'deleteCampaign',
      method: 'DELETE',
      path: P.campaign,
      head: null,
      accepted: null,
    });
    // Absolute, whatever folder the command ran from.
    expect(report.findings[0]?.base).toMatchObject({
      pointer: '/paths/~1marketing~1v3~1campaigns~1{campaignGuid}/delete',
      file: path.join(SPEC_DIR, 'campaigns.yaml'),
    });
    expect(report.summary).toMatchObject({ ERR: 1, failed: true });
    expect(report.semver).toBe('major');
    const same = JSON.parse((await cli(SPEC_DIR, SPEC_DIR, '--format', 'json')).stdout);
    expect(validate(same), JSON.stringify(validate.errors)).toBe(true);
    expect(same).toMatchObject({ identical: true, findings: [], surface: [], semver: 'none' });
  });

  it('writes the report to --output', async () => {
    const out = path.join(makeTempDir('spec-diff-out-'), 'report.md');
    const r = await cli(SPEC_DIR, removed(), '--format', 'markdown', '--output', out);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(fs.readFileSync(out, 'utf8')).toContain(COMMENT_MARKER);
  });

  it('fails at the level given by --fail-on', async () => {
    const deprecated = specVariant({
      'campaigns.yaml': (d) => d.setIn(['paths', P.campaign, 'delete', 'deprecated'], true),
    });
    expect((await cli(SPEC_DIR, deprecated, '--no-surface')).code).toBe(0);
    expect((await cli(SPEC_DIR, deprecated, '--no-surface', '--fail-on', 'WARN')).code).toBe(0);
    expect((await cli(SPEC_DIR, deprecated, '--no-surface', '--fail-on', 'INFO')).code).toBe(1);
  });

  it('accepts the breaks listed in the ignore file, and warns about entries that match nothing', async () => {
    const ignore = writeFile(
      'ignore.yaml',
      [
        'accepted:',
        '  - id: api-removed-without-deprecation',
        '    operationId: deleteCampaign',
        '    reason: HubSpot retired the endpoint',
        '  - id: request-body-removed',
        '    reason: stale entry',
      ].join('\n'),
    );
    const r = await cli(SPEC_DIR, removed(), '--ignore', ignore, '--format', 'markdown');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✅ **No unaccepted breaking changes** (1 accepted)');
    expect(r.stdout).toContain('✅ accepted: HubSpot retired the endpoint');
    expect(r.stdout).toContain('`request-body-removed`');
    const text = await cli(SPEC_DIR, removed(), '--ignore', ignore, '--no-surface');
    expect(text.stdout).toContain('accepted: HubSpot retired the endpoint');
    expect(text.stdout).toContain('warning: ignore entry for request-body-removed matched nothing');
  });

  it('refuses a malformed ignore file with exit 2', async () => {
    const bad = writeFile('ignore.yaml', 'accepted:\n  - id: not-a-rule\n    reason: x\n');
    const r = await cli(SPEC_DIR, removed(), '--ignore', bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('`not-a-rule` is not a rule id');
    const noReason = writeFile('ignore.yaml', 'accepted:\n  - id: request-body-removed\n');
    expect((await cli(SPEC_DIR, removed(), '--ignore', noReason)).stderr).toContain('`reason` is required');
    expect((await cli(SPEC_DIR, removed(), '--ignore', '/no/such/ignore.yaml')).code).toBe(2);
  });

  it('reads the committed ignore file, which accepts nothing yet', async () => {
    const r = await cli(SPEC_DIR, SPEC_DIR, '--ignore', path.join(PROJECT_ROOT, '.spec-diff-ignore.yaml'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('no changes');
  });
});

describe('spec:diff bad input', { timeout: 30_000 }, () => {
  const expectBadInput = (r: Run, message: RegExp) => {
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stdout).toBe('');
  };

  it('malformed YAML', async () => {
    const dir = specVariant({});
    fs.appendFileSync(path.join(dir, 'campaigns.yaml'), '\n  bad: [unclosed\n');
    expectBadInput(await cli(SPEC_DIR, dir), /campaigns\.yaml:\d+ #: YAML syntax error/);
  });

  it('names the side (base or head) and the file by its absolute path', async () => {
    const dir = specVariant({});
    fs.appendFileSync(path.join(dir, 'campaigns.yaml'), '\n  bad: [unclosed\n');
    const relative = path.relative(process.cwd(), dir);
    const asHead = await cli(SPEC_DIR, relative);
    expectBadInput(asHead, /^spec-diff: head \S+: the spec cannot be read:\n/);
    expect(asHead.stderr).toContain(`head ${relative}: `);
    expect(asHead.stderr).toContain(`  ${path.join(dir, 'campaigns.yaml')}:`);
    const asBase = await cli(relative, SPEC_DIR);
    expectBadInput(asBase, /^spec-diff: base \S+: the spec cannot be read:\n/);
    expectBadInput(
      await cli(SPEC_DIR, 'no-such-revision-7f3a'),
      /^spec-diff: head no-such-revision-7f3a: no such/,
    );
  });

  it('a dangling $ref', async () => {
    const dir = specVariant({
      'campaigns.yaml': (d) =>
        d.setIn(
          ['paths', P.campaign, 'get', 'responses', '200', 'content', 'application/json', 'schema', '$ref'],
          '#/components/schemas/Nope',
        ),
    });
    expectBadInput(
      await cli(SPEC_DIR, dir),
      /campaigns\.yaml:\d+ .*\$ref '#\/components\/schemas\/Nope' does not resolve \[unresolved-ref\]/,
    );
  });

  it('a cyclic $ref', async () => {
    const dir = specVariant({
      'campaigns.yaml': (d) => {
        d.setIn(['components', 'schemas', 'LoopA'], d.createNode({ $ref: '#/components/schemas/LoopB' }));
        d.setIn(['components', 'schemas', 'LoopB'], d.createNode({ $ref: '#/components/schemas/LoopA' }));
      },
    });
    expectBadInput(await cli(dir, SPEC_DIR), /\$ref cycle: .*\[ref-cycle\]/);
  });

  it('a file that is not OpenAPI', async () => {
    expectBadInput(
      await cli(writeFile('x.yaml', 'name: not a spec\n'), SPEC_DIR),
      /not an OpenAPI 3\.0 or 3\.1 document \(`openapi:` is missing\)/,
    );
    expectBadInput(
      await cli(writeFile('x.yaml', 'swagger: "2.0"\npaths: {}\n'), SPEC_DIR),
      /Swagger 2\.0 is not supported/,
    );
    expectBadInput(await cli(writeFile('x.yaml', ''), SPEC_DIR), /the file is empty/);
    expectBadInput(await cli(makeTempDir('spec-diff-empty-'), SPEC_DIR), /the folder holds no openapi\.yaml/);
  });

  it('a revision that does not exist', async () => {
    expectBadInput(
      await cli('no-such-revision-7f3a', SPEC_DIR),
      /no-such-revision-7f3a: no such file, folder or git revision/,
    );
  });

  it('bad options', async () => {
    expectBadInput(await cli(SPEC_DIR), /expected two arguments/);
    expectBadInput(
      await cli(SPEC_DIR, SPEC_DIR, '--format', 'xml'),
      /--format must be one of text, markdown, json/,
    );
    expectBadInput(
      await cli(SPEC_DIR, SPEC_DIR, '--fail-on', 'LOW'),
      /--fail-on must be one of ERR, WARN, INFO/,
    );
    expectBadInput(await cli(SPEC_DIR, SPEC_DIR, '--bogus'), /Unknown option '--bogus'/);
  });
});

describe('spec:diff on git revisions', { timeout: 30_000 }, () => {
  it('every revision form that README and --help show works as typed', async () => {
    const repo = makeTempDir('spec-diff-forms-');
    fs.cpSync(SPEC_DIR, path.join(repo, 'spec'), { recursive: true });
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: repo });
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'one');
    git('commit', '-q', '--allow-empty', '-m', 'two');
    const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Spec diffing'), readme.indexOf('## Layout'));
    const shown = `${section}\n${USAGE}`;
    expect(shown).not.toMatch(/rev:path/);
    const forms = [
      ...new Set([...shown.matchAll(/\b(HEAD(?:~\d+)?:[\w./-]*openapi\.ya?ml)\b/g)].map((m) => m[1])),
    ];
    expect(forms.length).toBeGreaterThanOrEqual(2);
    for (const form of forms) {
      const r = await diffSpecs(form as string, 'HEAD', { cwd: repo, surface: false });
      expect(r.identical, form).toBe(true);
    }
  });

  it('reads a revision with git show, following $refs, without touching the work tree', async () => {
    const repo = makeTempDir('spec-diff-repo-');
    fs.cpSync(SPEC_DIR, path.join(repo, 'spec'), { recursive: true });
    const git = (...args: string[]) =>
      execFileSync(
        'git',
        ['-c', 'user.name=test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args],
        {
          cwd: repo,
          stdio: 'pipe',
        },
      );
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'spec');
    // The work tree loses an action; HEAD keeps it.
    const file = path.join(repo, 'spec', 'campaigns.yaml');
    const text = fs.readFileSync(file, 'utf8');
    const cut = text.replace(
      /\n {4}delete:\n {6}operationId: deleteCampaign\n[\s\S]*?(?=\n {4}\w+:\n| {2}\/)/,
      '\n',
    );
    expect(cut).not.toBe(text);
    fs.writeFileSync(file, cut);
    const before = fs.readFileSync(file, 'utf8');

    const r = await diffSpecs('HEAD', 'spec', { cwd: repo, surface: false });
    expect(r.findings.map((f) => `${f.id} ${f.operationId}`)).toEqual([
      'api-removed-without-deprecation deleteCampaign',
    ]);
    expect(r.findings[0]?.base?.file).toBe('HEAD:spec/campaigns.yaml');
    expect(fs.readFileSync(file, 'utf8')).toBe(before);

    const same = await diffSpecs('HEAD', 'HEAD:spec/openapi.yaml', { cwd: repo, surface: false });
    expect(same.identical).toBe(true);
    await expect(diffSpecs('HEAD:spec/nope.yaml', 'spec', { cwd: repo })).rejects.toThrow(
      /revision HEAD has no spec\/nope\.yaml/,
    );
    await expect(diffSpecs('HEAD~3', 'spec', { cwd: repo })).rejects.toThrow(
      /HEAD~3: no such file, folder or git revision/,
    );
  });
});

describe('spec:diff as a process', { timeout: 60_000 }, () => {
  const run = (args: string[]): Promise<Run> =>
    new Promise((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', path.join('generator', 'diff', 'cli.ts'), ...args],
        {
          cwd: PROJECT_ROOT,
          env: { ...process.env, NO_COLOR: '1' },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (s: string) => {
        stdout += s;
      });
      child.stderr.setEncoding('utf8').on('data', (s: string) => {
        stderr += s;
      });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });

  it('exits 0 with "no changes" for a revision against itself, and 2 without a stack trace on bad input', async () => {
    const [same, bad] = await Promise.all([run(['HEAD', 'HEAD']), run(['spec', 'no-such-revision-7f3a'])]);
    expect(same.stderr).toBe('');
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('no changes');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      'spec-diff: head no-such-revision-7f3a: no such file, folder or git revision',
    );
    expect(bad.stderr).not.toMatch(STACK_TRACE);
  });
});
