#!/usr/bin/env node
/** The `hubspot-marketing` executable. */
import { main } from './index.js';
import { processIo, redactingIo } from './io.js';

// `hubspot-marketing actions | head -1`: the reader went away; stop quietly instead of crashing on EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  // main() reports every expected failure itself. One line and no stack trace, redacted like all output.
  const io = redactingIo(processIo, [
    process.env.HUBSPOT_ACCESS_TOKEN,
    process.env.HUBSPOT_DEVELOPER_API_KEY,
  ]);
  io.err(`error: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
}
