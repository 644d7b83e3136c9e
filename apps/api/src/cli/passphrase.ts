/**
 * The root key passphrase: from ASHAR_ROOT_PASSPHRASE, or typed on a terminal without echo.
 * It is never printed, logged, or put in an error message.
 */
import { type CliInput, type CliIo, CliError } from './cli-io';

export const PASSPHRASE_ENV = 'ASHAR_ROOT_PASSPHRASE';

// Terminal escape sequences (arrow keys and the like) are not part of a passphrase.
const ESCAPE_SEQUENCE = new RegExp(`${String.fromCharCode(0x1b)}\\[[0-9;]*[A-Za-z~]`, 'g');

/**
 * Reads one line from a terminal in raw mode, echoing nothing. Enter or Ctrl-D ends it,
 * Backspace deletes, Ctrl-C rejects with CliError('cancelled').
 */
export function promptHidden(input: CliInput, writeErr: (text: string) => void, question: string): Promise<string> {
  if (typeof input.setRawMode !== 'function') return Promise.reject(new CliError('cannot read a passphrase: stdin is not a terminal'));
  const setRawMode = input.setRawMode.bind(input);
  writeErr(question);
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error?: Error) => {
      input.removeListener('data', onData);
      setRawMode(false);
      input.pause();
      writeErr('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string | Buffer) => {
      for (const ch of String(chunk).replace(ESCAPE_SEQUENCE, '')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish();
        if (ch === '\u0003') return finish(new CliError('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else if (ch >= ' ') value += ch;
      }
    };
    setRawMode(true);
    input.setEncoding('utf8');
    input.on('data', onData);
    input.resume();
  });
}

/**
 * The root key passphrase, from the environment or, on a terminal, typed (twice when
 * `confirm`). Throws CliError when neither is possible or the two entries differ.
 */
export async function readRootPassphrase(io: CliIo, options: { confirm: boolean }): Promise<string> {
  const fromEnv = io.env[PASSPHRASE_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!io.stdin.isTTY) throw new CliError(`no passphrase: set ${PASSPHRASE_ENV} or run the command in a terminal to type it`);
  const first = await promptHidden(io.stdin, (t) => io.writeErr(t), 'Root key passphrase: ');
  if (!options.confirm) return first;
  const second = await promptHidden(io.stdin, (t) => io.writeErr(t), 'Type it again: ');
  if (first !== second) throw new CliError('the two passphrases differ');
  return first;
}
