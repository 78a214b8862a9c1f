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

/** Secrets shorter than this are not redacted (they would blank out ordinary words of the output). */
const MIN_SECRET_LENGTH = 6;

/** `io` with every occurrence of the given secrets in its output replaced by `[REDACTED]`. */
export function redactingIo(io: Io, secrets: Array<string | undefined>): Io {
  const list = [...new Set(secrets.filter((s): s is string => !!s && s.length >= MIN_SECRET_LENGTH))].sort(
    (a, b) => b.length - a.length,
  );
  const redact = (text: string) => list.reduce((t, secret) => t.replaceAll(secret, '[REDACTED]'), text);
  return {
    ...io,
    out: (text) => io.out(redact(text)),
    err: (text) => io.err(redact(text)),
  };
}
