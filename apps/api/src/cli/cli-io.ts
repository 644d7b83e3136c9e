/**
 * What CLI commands may touch of the outside world, passed in so that tests can run them in
 * process, and the error a command raises to stop with one readable line.
 */

/** The terminal side of stdin, for reading a passphrase without echo. */
export interface CliInput {
  readonly isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
  setEncoding(encoding: BufferEncoding): unknown;
  on(event: 'data', listener: (chunk: string | Buffer) => void): unknown;
  removeListener(event: 'data', listener: (chunk: string | Buffer) => void): unknown;
  resume(): unknown;
  pause(): unknown;
}

export interface CliIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdin: CliInput;
  /** Writes text to stdout as is. */
  writeOut(text: string): void;
  /** Writes text to stderr as is (prompts, errors). */
  writeErr(text: string): void;
  now(): Date;
}

/** Writes one line to stdout. */
export function printLine(io: CliIo, line: string): void {
  io.writeOut(`${line}\n`);
}

/** Stops a command: runCli prints `ashar: <message>` on one line and exits with `exitCode`. Never put a secret in the message. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** The process's own stdio and environment. */
export function processIo(): CliIo {
  return {
    env: process.env,
    stdin: process.stdin,
    writeOut: (text) => process.stdout.write(text),
    writeErr: (text) => process.stderr.write(text),
    now: () => new Date(),
  };
}
