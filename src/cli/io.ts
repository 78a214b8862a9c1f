import { Secrets } from '../runtime/secrets.js';

/** Where the command line writes, and what it reads from its environment; tests pass their own. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
  /** All of standard input, for `--data @-`. */
  readStdin?(): Promise<string>;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
  async readStdin() {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
};

/**
 * `io` with the given secrets (and any `hapikey=` or bearer value) in its output replaced by `[REDACTED]`: the
 * client's own redaction (src/runtime/secrets.ts), so the command and the library hide the same things.
 */
export function redactingIo(io: Io, secrets: Array<string | undefined>): Io {
  const known = new Secrets();
  for (const secret of secrets) known.pin(secret);
  const { redact } = known;
  return {
    ...io,
    out: (text) => io.out(redact(text)),
    err: (text) => io.err(redact(text)),
  };
}
