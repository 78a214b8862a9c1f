// Copied from templates/cli/io.ts by `npm run generate`. Edit the template, not this file.
/** Where the command line writes, and what it reads from its environment; tests pass their own. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
};
