/**
 * `hubspot-marketing`: the command line over the 73 actions, built on commander.
 *
 *   actions [--area A] [--group G] [--json]     list the actions
 *   describe <actionId> [--json]                 parameters, body, response, scopes, example
 *   call <actionId> [--path k=v] [--query k=v] [--data JSON|@file|@-] [--all] [--timeout ms]
 *   mock [--port 4010] [--host 127.0.0.1]        the offline mock server
 *   --version, --help
 *
 * Exit codes: 0 success, 1 an API error (HubSpot's category, message and correlationId are printed), 2 bad input.
 * The access token and the developer API key are never printed: every line of output is redacted.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { actionsCommand } from './actions-command.js';
import { callCommand } from './call-command.js';
import { loadCatalog } from './catalog.js';
import { describeCommand, describeJson } from './describe-command.js';
import { EXIT_API_ERROR, EXIT_OK, EXIT_USAGE, UsageError } from './errors.js';
import { type Io, processIo, redactingIo } from './io.js';
import { mockCommand } from './mock-command.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The package's version: package.json two folders up (from src/cli/ and from dist/node/ alike). */
export function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      name?: unknown;
      version?: unknown;
    };
    if (pkg.name === 'hubspot-marketing-connector' && typeof pkg.version === 'string') return pkg.version;
  } catch {
    // fall through
  }
  return 'unknown';
}

/** The values of the secrets this run may hold, for redaction: the token (from any --token-env) and the key. */
function secretsOf(argv: string[], env: Io['env']): Array<string | undefined> {
  const names = new Set(['HUBSPOT_ACCESS_TOKEN', 'HUBSPOT_DEVELOPER_API_KEY']);
  argv.forEach((arg, i) => {
    if (arg === '--token-env' && argv[i + 1]) names.add(argv[i + 1] as string);
    else if (arg.startsWith('--token-env=')) names.add(arg.slice('--token-env='.length));
  });
  return [...names].map((name) => env[name]);
}

/** Runs the command line; resolves with the exit code (the `mock` command keeps running until stopped). */
export async function main(argv: string[], rawIo: Io = processIo): Promise<number> {
  const io = redactingIo(rawIo, secretsOf(argv, rawIo.env));
  let catalog: ReturnType<typeof loadCatalog>;
  try {
    catalog = loadCatalog();
  } catch (e) {
    io.err(`error: cannot read the action catalog: ${(e as Error).message}`);
    return EXIT_API_ERROR;
  }
  let code = EXIT_OK;
  const program = new Command('hubspot-marketing')
    .description(
      `Call the ${catalog.actionCount} HubSpot Marketing actions from the command line, or run an offline mock.`,
    )
    .version(packageVersion(), '-V, --version', 'print the version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .showHelpAfterError('(run with --help for usage)');

  program
    .command('actions')
    .description('list the actions (id, method, path, summary), by API area or by connector group')
    .option('--area <area>', 'only this API area (e.g. campaigns, marketing-events)')
    .option('--group <group>', 'only this connector group (e.g. Batch, Basic)')
    .option('--json', 'print JSON')
    .action((o: { area?: string; group?: string; json?: boolean }) => actionsCommand(catalog, o, io));

  program
    .command('describe')
    .description(
      'show parameters, body fields, response shape, scopes, pagination and batch notes, and an example',
    )
    .argument('<actionId>', 'the action id, e.g. getCampaign')
    .option('--json', 'print the action as JSON (its catalog entry and the example command)')
    .action((id: string, o: { json?: boolean }) =>
      o.json ? describeJson(catalog, id, io) : describeCommand(catalog, id, io),
    );

  program
    .command('call')
    .description('call an action with the token in $HUBSPOT_ACCESS_TOKEN and print the JSON answer')
    .argument('<actionId>', 'the action id, e.g. getCampaign')
    .option('--path <key=value>', 'a path parameter (repeatable)', collect)
    .option('--query <key=value>', 'a query parameter (repeatable; repeat a key for a list)', collect)
    .option('--data <json|@file|@->', 'the request body as JSON, @file.json, or @- for standard input')
    .option('--all', 'follow pagination and print one item per line (NDJSON)')
    .option('--max-items <n>', 'with --all, stop after n items')
    .option('--token-env <name>', 'the environment variable holding the access token', 'HUBSPOT_ACCESS_TOKEN')
    .option('--base-url <url>', 'another server, e.g. the mock (default https://api.hubapi.com)')
    .option(
      '--timeout <ms>',
      'give up after this many milliseconds (the whole call, retries and pages included)',
    )
    .action(
      async (
        id: string,
        o: {
          path?: string[];
          query?: string[];
          data?: string;
          all?: boolean;
          maxItems?: string;
          tokenEnv?: string;
          baseUrl?: string;
          timeout?: string;
        },
      ) => {
        code = await callCommand(catalog, id, o, io);
      },
    );

  program
    .command('mock')
    .description('start the offline mock server (state in memory; Ctrl-C to stop)')
    .option('--port <port>', 'port to listen on', '4010')
    .option('--host <host>', 'address to bind (127.0.0.1 keeps it on this machine)', '127.0.0.1')
    .option('--quiet', 'do not log requests')
    .action(async (o: { port?: string; host?: string; quiet?: boolean }) => {
      const server = await mockCommand(o, io);
      await new Promise<void>((resolve) => {
        const stop = () => void server.close().then(resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    if (e instanceof UsageError) {
      io.err(`error: ${e.message}`);
      return EXIT_USAGE;
    }
    io.err(`error: ${(e as Error).message}`);
    return EXIT_API_ERROR;
  }
}
