/**
 * Release: CHANGELOG.md in the Keep a Changelog format (https://keepachangelog.com/en/1.1.0/) — one
 * `## [version] - date` section per release, newest first, with Breaking, Added, Changed and Fixed lists.
 * Renders a plan's section, puts it at the top, and reads one section back (the release notes).
 */
import type { ReleasePlan, Section } from './plan.js';

export const CHANGELOG_FILE = 'CHANGELOG.md';

const HEADER = `# Changelog

All notable changes to \`hubspot-marketing-connector\` are written here, newest first. The format follows
[Keep a Changelog](https://keepachangelog.com/en/1.1.0/) and the versions follow
[Semantic Versioning](https://semver.org/spec/v2.0.0.html): \`npm run release\` computes each version from the spec
diff and the surface diff of the generated client since the last release, and writes its section (README,
"Releases").
`;

const TITLES: Record<Section, string> = {
  breaking: 'Breaking',
  added: 'Added',
  changed: 'Changed',
  fixed: 'Fixed',
};

/** One line of Markdown list text: no line breaks. */
const oneLine = (s: string) => s.replace(/\s*\n\s*/g, ' ').trim();

/** The section of a release: heading, summary, forced-version note, then the lists that have entries. */
export function renderSection(plan: ReleasePlan): string {
  const out = [`## [${plan.version}] - ${plan.date}`, ''];
  if (plan.previous === null) out.push('The first release.');
  else {
    const pre1 =
      plan.required === 'major' && plan.ruleVersion.startsWith('0.')
        ? ' (while the major version is 0, a major bump raises the minor version)'
        : '';
    const why = plan.reasons.length ? `: ${plan.reasons.join('; ')}` : '';
    out.push(
      plan.required === null
        ? `Since ${plan.previous.tag}, nothing that ships changed.`
        : `Since ${plan.previous.tag}, a **${plan.required}** bump${pre1}${why}.`,
    );
  }
  if (plan.forced) {
    const f = plan.forced;
    const because = f.reason ? ` Reason: ${oneLine(f.reason)}` : '';
    if (f.belowRequired)
      out.push(
        '',
        `**Version forced below the rules:** ${plan.version} was released with \`--version ${f.requested} --allow-smaller-bump\`, although the changes since ${plan.previous?.tag} call for ${plan.ruleVersion}.${because}`,
      );
    else if (plan.version !== plan.ruleVersion)
      out.push(
        '',
        `Version chosen with \`--version ${f.requested}\` (the rules give ${plan.ruleVersion}).${because}`,
      );
  }
  for (const s of ['breaking', 'added', 'changed', 'fixed'] as Section[]) {
    const lines = plan.entries[s];
    if (lines.length === 0) continue;
    out.push('', `### ${TITLES[s]}`, '');
    for (const l of lines) out.push(`- ${oneLine(l)}`);
  }
  return `${out.join('\n')}\n`;
}

const SECTION_HEADING = /^## \[([^\]]+)\]/;

/** `existing` (or a new file) with `section` put above the newest release. Refuses a version already there. */
export function insertSection(existing: string | null, section: string, version: string): string {
  const text = existing ?? HEADER;
  const lines = text.split('\n');
  if (lines.some((l) => SECTION_HEADING.exec(l)?.[1] === version))
    throw new Error(`${CHANGELOG_FILE} already has a section for ${version}`);
  // Keep an "Unreleased" section on top if the file has one; the release goes right after it.
  let at = lines.findIndex((l) => SECTION_HEADING.test(l) && !/^## \[unreleased\]/i.test(l));
  if (at === -1) {
    const body = text.replace(/\n*$/, '\n');
    return `${body}\n${section}`;
  }
  while (at > 0 && lines[at - 1]?.trim() === '') at--;
  const before = lines.slice(0, at).join('\n');
  const after = lines.slice(at).join('\n').replace(/^\n+/, '');
  return `${before}\n\n${section}\n${after}`;
}

/** The section of `version` (without its heading), or null when the changelog has none. */
export function extractSection(changelog: string, version: string): string | null {
  const lines = changelog.split('\n');
  const start = lines.findIndex((l) => SECTION_HEADING.exec(l)?.[1] === version.replace(/^v/, ''));
  if (start === -1) return null;
  let end = lines.findIndex((l, i) => i > start && (SECTION_HEADING.test(l) || /^\[[^\]]+\]:\s/.test(l)));
  if (end === -1) end = lines.length;
  return `${lines
    .slice(start + 1, end)
    .join('\n')
    .trim()}\n`;
}
