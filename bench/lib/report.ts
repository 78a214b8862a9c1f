/** What a benchmark section hands back: its detailed markdown and its lines of the headline table. */
export interface Headline {
  metric: string;
  goal: string;
  result: string;
  pass: boolean | undefined;
  comparison: string;
}

export interface Section {
  title: string;
  /** Markdown body: tables and notes, without the title. */
  body: string;
  headlines: Headline[];
  /** Raw numbers, kept in the report's data block. */
  data: unknown;
}

export interface Options {
  /** Fewer repetitions, for a quick look; the report says so. */
  quick: boolean;
}

/** A markdown table. */
export function table(header: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>) => `| ${cells.map((c) => String(c)).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
