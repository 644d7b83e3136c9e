/** The `ashar` command line's commands (cli.ts wires them). */
export { registerAuditCommands } from './audit.commands';
export { CliError, type CliIo, processIo } from './cli-io';
export { registerMigrateCommand } from './migrate.command';
export { registerRootCommands } from './root.commands';
export { registerReleaseCommands } from './release.commands';
