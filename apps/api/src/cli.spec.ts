/** The command line in process: usage errors are one line and a non-zero status; help is zero. */
import { type CliIo } from './cli/index';
import { runCli } from './cli';

function io(env: Record<string, string> = {}): CliIo & { out: string; err: string } {
  const pipe = { isTTY: false, setEncoding: () => undefined, on: () => undefined, removeListener: () => undefined, resume: () => undefined, pause: () => undefined };
  const value = { env, stdin: pipe, out: '', err: '', writeOut: (t: string) => (value.out += t), writeErr: (t: string) => (value.err += t), now: () => new Date(0) };
  return value;
}

describe('runCli', () => {
  it('lists the commands on --help with status 0', async () => {
    const cli = io();
    expect(await runCli(['--help'], cli)).toBe(0);
    expect(cli.out).toContain('audit');
    expect(cli.out).toContain('root');
    expect(cli.out).toContain('migrate');
    expect(cli.out).toContain('release');
  });

  it.each([
    [['bogus'], /^error: unknown command 'bogus'$/],
    [['root', 'init'], /^error: required option '--out <file>' not specified$/],
    [['root', 'certify-admin', '--root', 'r', '--admin', 'a', '--enc-pk', 'e'], /^error: required option '--sign-pk <b64>' not specified$/],
    [['audit', 'verify', '--batch-size', '0'], /^ashar: --batch-size must be a whole number from 1 to 999999$/],
    [['audit', 'verify', '--unknown'], /^error: unknown option '--unknown'$/],
    [['audit', 'verify', '--checkpoint-key', 'Uxrf7J-jsAmbLlm6AtoVYfge5h4a--Vab51QPB9Ub4Y'], /^ashar: --checkpoint-key is only used with --checkpoint$/],
    [['audit', 'verify', '--checkpoint'], /^error: option '--checkpoint <file-dir-or-url>' argument missing$/],
    [['release', 'sign'], /^error: required option '--root <file>' not specified$/],
    [['release', 'verify'], /^error: missing required argument 'url'$/],
  ])('%j fails in one line with status 1', async (argv, message) => {
    const cli = io();
    expect(await runCli(argv, cli)).toBe(1);
    expect(cli.out).toBe('');
    expect(cli.err.trim().split('\n')).toHaveLength(1);
    expect(cli.err.trim()).toMatch(message);
  });

  it('reports bad configuration without echoing the value', async () => {
    const cli = io({ DATABASE_URL: 'mysql://user:hunter2@db/ashar' });
    expect(await runCli(['audit', 'verify'], cli)).toBe(1);
    expect(cli.err).toContain('DATABASE_URL: must be a URL starting with postgres://');
    expect(cli.err).not.toContain('hunter2');
  });

  it('lists the checkpoint commands, and refuses checkpoints it cannot check with status 2 before touching the database', async () => {
    const help = io();
    expect(await runCli(['audit', '--help'], help)).toBe(0);
    for (const command of ['verify', 'checkpoint', 'checkpoint-key']) expect(help.out).toContain(command);
    const verifyHelp = io();
    await runCli(['audit', 'verify', '--help'], verifyHelp);
    expect(verifyHelp.out).toContain('--checkpoint <file-dir-or-url>');
    expect(verifyHelp.out).toContain('--checkpoint-key <base64url>');

    const database = { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' };
    for (const [argv, message] of [
      [['--checkpoint', 'checkpoints/'], '--checkpoint needs the checkpoint public key you pinned'],
      [['--checkpoint', 'checkpoints/', '--checkpoint-key', 'not-a-key'], '--checkpoint-key must be a 43-character base64url Ed25519 public key'],
      [['--checkpoint', '/no/such/place', '--checkpoint-key', 'Uxrf7J-jsAmbLlm6AtoVYfge5h4a--Vab51QPB9Ub4Y'], 'cannot read checkpoint source /no/such/place (ENOENT)'],
    ] as const) {
      const cli = io(database);
      expect(await runCli(['audit', 'verify', ...argv], cli)).toBe(2);
      expect(cli.out).toBe('');
      expect(cli.err.trim().split('\n')).toHaveLength(1);
      expect(cli.err).toContain(message);
    }
  });
});
