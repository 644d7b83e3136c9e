/**
 * The operator's command line: `npm run ashar -- <command>` (node dist/apps/api/cli.js).
 * Importable: tests call runCli with their own CliIo, or the command functions directly.
 */
import { isCryptoError } from '@ashar/crypto';
import { Command, CommanderError } from 'commander';
import { registerAuditCommands, type CliIo, CliError, processIo, registerMigrateCommand, registerReleaseCommands, registerRootCommands } from './cli/index';
import { ConfigError, ServiceUnavailableError } from './config';

/** The program with every command, writing through `io`. */
export function buildProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command('ashar')
    .description('Ashar operator commands')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.writeOut(text), writeErr: (text) => io.writeErr(text) });
  registerAuditCommands(program, io, setExitCode);
  registerRootCommands(program, io);
  registerMigrateCommand(program, io);
  registerReleaseCommands(program, io, setExitCode);
  return program;
}

/** Runs one command line (without `node cli.js`); resolves to the exit status. Never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    // Commander has already printed its own message (usage errors, --help).
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof CliError) {
      io.writeErr(`ashar: ${error.message}\n`);
      return error.exitCode;
    }
    // These messages are written to be shown and carry no secret.
    if (error instanceof ConfigError || error instanceof ServiceUnavailableError || isCryptoError(error)) {
      io.writeErr(`ashar: ${error.message}\n`);
      return 1;
    }
    io.writeErr(`ashar: unexpected error: ${String((error as Error)?.message ?? error).split('\n')[0]}\n`);
    return 1;
  }
}

if (require.main === module) {
  void runCli(process.argv.slice(2), processIo()).then((code) => {
    process.exitCode = code;
  });
}
