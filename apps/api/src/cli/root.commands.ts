/**
 * `ashar root …`: the organisation root signing key, kept offline in a passphrase-protected
 * file (`rkp1.`, libs/crypto/SPEC.md §8.1). `init` makes it; `certify-admin` signs an admin's
 * public keys with it. Neither prints or logs the passphrase or the private key.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import {
  ROOT_PASSPHRASE_MIN_LENGTH,
  encodePublicKey,
  generateRootKeys,
  isCryptoError,
  issueCertificate,
  kidFingerprint,
  kidOf,
  openProtectedRootKeys,
  parseEncPublicKey,
  parseSignPublicKey,
  protectRootKeys,
  protectedRootPublicKey,
  ready,
  type RootKeys,
} from '@ashar/crypto';
import { type Command } from 'commander';
import { type CliIo, CliError, printLine } from './cli-io';
import { readRootPassphrase } from './passphrase';

const STAFF_ID = /^[A-Za-z0-9_.@-]{1,2048}$/;
const MAX_DAYS = 3650;
const MAX_ROOT_FILE_BYTES = 4096;
const DAY_MS = 24 * 60 * 60 * 1000;

interface CertifyAdminOptions {
  root: string;
  admin: string;
  encPk: string;
  signPk: string;
  days: string;
}

function errorCode(error: unknown): string {
  return (error as { code?: string }).code ?? 'error';
}

function fingerprintOf(root: { signPk: RootKeys['signPk'] }): string {
  return kidFingerprint(kidOf(root.signPk));
}

/** `root init --out <file>` */
export async function initRoot(io: CliIo, out: string): Promise<void> {
  if (exists(out)) throw new CliError(`${out} already exists; refusing to overwrite it`);
  const passphrase = await readRootPassphrase(io, { confirm: true });
  if ([...passphrase.normalize('NFC')].length < ROOT_PASSPHRASE_MIN_LENGTH) {
    throw new CliError(`the passphrase must be at least ${ROOT_PASSPHRASE_MIN_LENGTH} characters`);
  }
  await ready();
  const root = generateRootKeys();
  try {
    const text = protectRootKeys(root, passphrase);
    try {
      writeFileSync(out, `${text}\n`, { flag: 'wx', mode: 0o600 }); // wx: never replace a file that appeared meanwhile
    } catch (error) {
      if (errorCode(error) === 'EEXIST') throw new CliError(`${out} already exists; refusing to overwrite it`);
      throw new CliError(`cannot write ${out} (${errorCode(error)})`);
    }
    printLine(io, `Root key written to ${out}. Keep the file and its passphrase offline, with the custodians.`);
    printLine(io, `ROOT_PUBLIC_KEY=${encodePublicKey(root.signPk)}`);
    printLine(io, `Fingerprint: ${fingerprintOf(root)}`);
  } finally {
    root.signSk.fill(0);
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return false;
    throw new CliError(`cannot check ${path} (${errorCode(error)})`);
  }
}

/** The text of a root key file (`rkp1.`), checked for shape before any passphrase is asked. */
export function readRootFile(path: string): string {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (error) {
    throw new CliError(`cannot read ${path} (${errorCode(error)})`);
  }
  if (size > MAX_ROOT_FILE_BYTES) throw new CliError(`${path} is not a root key file (too large)`);
  const text = readFileSync(path, 'utf8').replace(/\r?\n$/, '');
  try {
    protectedRootPublicKey(text);
  } catch {
    throw new CliError(`${path} is not a root key file (expected one rkp1. line)`);
  }
  return text;
}

function parseDays(text: string): number {
  const days = /^[1-9][0-9]{0,3}$/.test(text) ? Number(text) : NaN;
  if (!(days <= MAX_DAYS)) throw new CliError(`--days must be a whole number from 1 to ${MAX_DAYS}`);
  return days;
}

function parseKey<T>(parse: () => T, option: string, what: string): T {
  try {
    return parse();
  } catch {
    throw new CliError(`${option} must be a base64url ${what} public key (43 characters, no padding)`);
  }
}

/** Opens a root key file's text with its passphrase; every failure is one readable CliError. */
export function openRoot(path: string, text: string, passphrase: string): RootKeys {
  try {
    return openProtectedRootKeys(text, passphrase);
  } catch (error) {
    if (isCryptoError(error, 'wrong_key')) throw new CliError(`wrong passphrase for ${path}`);
    if (isCryptoError(error, 'invalid_input')) throw new CliError('the passphrase is empty');
    if (isCryptoError(error)) throw new CliError(`${path} is damaged or has been altered (${error.code})`);
    throw error;
  }
}

/** `root certify-admin …`: prints the certificate as JSON on stdout, a summary on stderr. */
export async function certifyAdmin(io: CliIo, options: CertifyAdminOptions): Promise<void> {
  // Everything that can be checked without the passphrase is checked before asking for it.
  if (!STAFF_ID.test(options.admin)) throw new CliError('--admin must be a staff id (letters, digits, "_", ".", "@", "-")');
  const days = parseDays(options.days);
  await ready();
  const encPk = parseKey(() => parseEncPublicKey(options.encPk), '--enc-pk', 'X25519');
  const signPk = parseKey(() => parseSignPublicKey(options.signPk), '--sign-pk', 'Ed25519');
  const text = readRootFile(options.root);
  const passphrase = await readRootPassphrase(io, { confirm: false });
  const root = openRoot(options.root, text, passphrase);
  try {
    const notAfter = new Date(io.now().getTime() + days * DAY_MS);
    const certificate = issueCertificate(root, { kind: 'admin', subjectId: options.admin, encPk, signPk, notAfter });
    printLine(io, JSON.stringify(certificate, null, 2));
    io.writeErr(`Admin certificate for ${options.admin}, valid until ${certificate.notAfter}, signed by the root key ${fingerprintOf(root)}.\n`);
  } finally {
    root.signSk.fill(0);
  }
}

/** Registers `root init` and `root certify-admin`. */
export function registerRootCommands(program: Command, io: CliIo): void {
  const root = program.command('root').description('the organisation root signing key, kept offline');
  root
    .command('init')
    .description(`generate the root key into a new passphrase-protected file (passphrase from $ASHAR_ROOT_PASSPHRASE or typed twice; at least ${ROOT_PASSPHRASE_MIN_LENGTH} characters)`)
    .requiredOption('--out <file>', 'the file to create; an existing file is never overwritten')
    .action((options: { out: string }) => initRoot(io, options.out));
  root
    .command('certify-admin')
    .description("certify an admin's public keys with the root key; prints the certificate as JSON")
    .requiredOption('--root <file>', 'the root key file made by `root init`')
    .requiredOption('--admin <staffId>', "the admin's staff id")
    .requiredOption('--enc-pk <b64>', "the admin's X25519 public key, base64url")
    .requiredOption('--sign-pk <b64>', "the admin's Ed25519 public key, base64url")
    .option('--days <n>', 'validity in days', '365')
    .action((options: CertifyAdminOptions) => certifyAdmin(io, options));
}
