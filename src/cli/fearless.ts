#!/usr/bin/env node
/**
 * The `fearless` command shipped with eslint-plugin-fearless:
 * `fearless <command> [options]`. One command so far: `lock-graph`.
 */
import moduleApi from 'node:module';
import { runLockGraph, type CommandIO } from './lock-graph';
import { ownVersion } from './version';

export const help = `Usage: fearless <command> [options]

Commands:
  lock-graph [paths...]   the acquired-before graph of the locks of a whole project,
                          its cycles across files, and a suggested lockOrder

Options:
  -h, --help              show this help (\`fearless <command> --help\` for a command's)
  -v, --version           show the version of eslint-plugin-fearless
`;

const commands: Readonly<Record<string, (argv: readonly string[], io: CommandIO) => Promise<number>>> = {
  'lock-graph': runLockGraph,
};

/** Runs the command line; resolves to the exit code. */
export async function main(argv: readonly string[], io: CommandIO): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '-h' || command === '--help' || command === 'help') {
    io.stdout(help);
    return 0;
  }
  if (command === '-v' || command === '--version') {
    io.stdout(`${ownVersion()}\n`);
    return 0;
  }
  const run = command === undefined ? undefined : commands[command];
  if (!run) {
    io.stderr(`${command === undefined ? 'fearless: no command given' : `fearless: unknown command '${command}'`}\n\n${help}`);
    return 2;
  }
  return run(rest, io);
}

if (require.main === module) {
  // Node 22+: keep V8's compiled code of ESLint, TypeScript and ours between runs (ESLint's own bin does the same).
  (moduleApi as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  // `fearless lock-graph | head`: a reader that stops early is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
  const io: CommandIO = {
    cwd: process.cwd(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stderrIsTTY: process.stderr.isTTY === true,
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`fearless: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
