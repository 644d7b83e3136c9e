/** The passphrase comes from the environment or a terminal without echo, and never from a pipe. */
import { EventEmitter } from 'node:events';
import { type CliInput, type CliIo, CliError } from './cli-io';
import { PASSPHRASE_ENV, promptHidden, readRootPassphrase } from './passphrase';

/** A stand-in terminal: records raw mode, delivers typed chunks on demand. */
class FakeTerminal extends EventEmitter implements CliInput {
  readonly isTTY = true;
  readonly rawModes: boolean[] = [];
  setRawMode(mode: boolean): this {
    this.rawModes.push(mode);
    return this;
  }
  setEncoding(): this {
    return this;
  }
  resume(): this {
    return this;
  }
  pause(): this {
    return this;
  }
  type(...chunks: string[]): void {
    for (const chunk of chunks) this.emit('data', chunk);
  }
}

function ioWith(stdin: CliInput, env: Record<string, string> = {}): CliIo & { err: string; out: string } {
  const io = { env, stdin, err: '', out: '', writeOut: (t: string) => (io.out += t), writeErr: (t: string) => (io.err += t), now: () => new Date(0) };
  return io;
}

describe('promptHidden', () => {
  it('reads a line in raw mode without echoing it, with backspace and escape sequences', async () => {
    const terminal = new FakeTerminal();
    let shown = '';
    const typed = promptHidden(terminal, (t) => (shown += t), 'Passphrase: ');
    terminal.type('corr', 'ecx\u007ft h\u001b[Dorse', '\r', 'ignored after enter');
    await expect(typed).resolves.toBe('correct horse');
    expect(shown).toBe('Passphrase: \n');
    expect(terminal.rawModes).toEqual([true, false]);
    expect(terminal.listenerCount('data')).toBe(0);
  });

  it('is cancelled by Ctrl-C', async () => {
    const terminal = new FakeTerminal();
    const typed = promptHidden(terminal, () => undefined, 'Passphrase: ');
    terminal.type('secret\u0003');
    await expect(typed).rejects.toThrow(new CliError('cancelled'));
    expect(terminal.rawModes).toEqual([true, false]);
  });
});

describe('readRootPassphrase', () => {
  it('takes ASHAR_ROOT_PASSPHRASE first', async () => {
    await expect(readRootPassphrase(ioWith(new FakeTerminal(), { [PASSPHRASE_ENV]: 'from the environment' }), { confirm: true })).resolves.toBe('from the environment');
  });

  it('asks twice on a terminal and refuses two different entries', async () => {
    const terminal = new FakeTerminal();
    const io = ioWith(terminal);
    const same = readRootPassphrase(io, { confirm: true });
    terminal.type('a long passphrase\r');
    await new Promise((r) => setImmediate(r));
    terminal.type('a long passphrase\r');
    await expect(same).resolves.toBe('a long passphrase');
    expect(io.err).toBe('Root key passphrase: \nType it again: \n');

    const differ = readRootPassphrase(io, { confirm: true });
    terminal.type('one passphrase here\r');
    await new Promise((r) => setImmediate(r));
    terminal.type('another passphrase\r');
    await expect(differ).rejects.toThrow('the two passphrases differ');
  });

  it('refuses to read a passphrase from a pipe', async () => {
    const pipe: CliInput = { isTTY: false, setEncoding: () => undefined, on: () => undefined, removeListener: () => undefined, resume: () => undefined, pause: () => undefined };
    await expect(readRootPassphrase(ioWith(pipe), { confirm: false })).rejects.toThrow(`set ${PASSPHRASE_ENV} or run the command in a terminal`);
  });
});
