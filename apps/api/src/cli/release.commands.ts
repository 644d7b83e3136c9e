/**
 * `ashar release …`: the signed release manifest of the web build (libs/crypto/SPEC.md §15,
 * docs/release.md). `sign` lists every file of a built web directory with its SHA-256 and signs
 * the list with the root key file (`rkp1`); `verify <url>` fetches what a live deployment
 * publishes and serves, and checks it against a root public key given to it.
 */
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import {
  RELEASE_MANIFEST_MAX_BYTES,
  RELEASE_MANIFEST_PATH,
  RELEASE_MAX_FILES,
  RELEASE_REQUIRED_FILES,
  type VerifiedRelease,
  hashReleaseFile,
  isCryptoError,
  isReleasePath,
  kidFingerprint,
  kidOf,
  parseSignPublicKey,
  ready,
  signReleaseManifest,
  verifyReleaseManifest,
} from '@ashar/crypto';
import { type Command } from 'commander';
import { type CliIo, CliError, printLine } from './cli-io';
import { readRootPassphrase } from './passphrase';
import { openRoot, readRootFile } from './root.commands';

/** The manifest inside the web directory, where the api serves it from. */
const MANIFEST_IN_WEB = RELEASE_MANIFEST_PATH.slice(1).split('/');
/** Largest single file `verify` downloads. */
const MAX_FILE_BYTES = 32 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 30_000;
/** Pages people open (the server answers them with the app shell) that `verify` also checks. */
const ENTRY_PAGES = ['/', '/staff', '/follow-up'];

/**
 * The brotli and gzip copies the web build makes beside its files (`<file>.br`, `<file>.gz`,
 * apps/web/vite.config.ts), which the api sends in place of the file to browsers that accept
 * them. A release lists the files, not the copies: a browser checks the bytes it decodes.
 */
const COPIES = [
  { suffix: '.br', encoding: 'br', decode: (bytes: Buffer) => brotliDecompressSync(bytes) },
  { suffix: '.gz', encoding: 'gzip', decode: (bytes: Buffer) => gunzipSync(bytes) },
] as const;
/** The Accept-Encoding headers `verify` fetches every file with: what browsers get in each case. */
const VERIFY_ENCODINGS = ['br', 'gzip', 'identity'] as const;

/** Exit statuses of `release verify`. */
export const VERIFIED = 0;
export const NOT_VERIFIED = 1;
export const NOT_CHECKED = 2;

function errorCode(error: unknown): string {
  return (error as { code?: string }).code ?? 'error';
}

/** The default web directory: the build next to this CLI (dist/apps/web). */
function defaultWebDir(): string {
  return resolve(__dirname, '../../web'); // dist/apps/api/cli → dist/apps/web
}

/**
 * Every file of a built web directory, as manifest paths. Refuses what a release cannot hold
 * (links, dotfiles, odd names), so that the api serves nothing unlisted; skips an old signed
 * manifest and the compressed copies of listed files, after checking that each decodes to
 * exactly its file's bytes (so that what a browser decodes is what the release lists).
 */
export function listWebFiles(webDir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string): void => {
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch (error) {
      throw new CliError(`cannot read ${dir} (${errorCode(error)})`);
    }
    for (const name of entries) {
      const full = join(dir, name);
      const rel = relative(webDir, full).split(sep);
      if (rel.join('/') === MANIFEST_IN_WEB.join('/')) continue;
      const stat = lstatSync(full);
      if (rel.length === 1 && name === MANIFEST_IN_WEB[0] && stat.isDirectory()) {
        const others = readdirSync(full).filter((entry) => entry !== MANIFEST_IN_WEB[1]);
        if (others.length > 0) throw new CliError(`${full} holds ${others.join(', ')}: a release serves nothing it does not list`);
        continue;
      }
      const path = `/${rel.join('/')}`;
      if (stat.isSymbolicLink()) throw new CliError(`${path} is a symbolic link: a release lists plain files only`);
      if (stat.isDirectory()) {
        walk(full);
        continue;
      }
      if (!stat.isFile()) throw new CliError(`${path} is not a plain file`);
      const copy = COPIES.find((c) => name.endsWith(c.suffix) && entries.includes(name.slice(0, -c.suffix.length)));
      if (copy) {
        const file = full.slice(0, -copy.suffix.length);
        let decoded: Buffer | undefined;
        try {
          decoded = copy.decode(readFileSync(full));
        } catch {
          decoded = undefined;
        }
        if (!decoded?.equals(readFileSync(file))) throw new CliError(`${path} is not the ${copy.encoding} copy of ${path.slice(0, -copy.suffix.length)}: build the web app again`);
        continue;
      }
      if (!isReleasePath(path)) throw new CliError(`${path} cannot be listed in a release (names of letters, digits, ".", "_" and "-", none starting with a dot)`);
      files.set(path, full);
      if (files.size > RELEASE_MAX_FILES) throw new CliError(`${webDir} holds more than ${RELEASE_MAX_FILES} files`);
    }
  };
  walk(webDir);
  for (const required of RELEASE_REQUIRED_FILES) {
    if (!files.has(required)) throw new CliError(`${webDir} is not a web build: ${required} is missing (run npm run build)`);
  }
  return files;
}

/** `release sign --root <file> [--web <dir>] [--out <file>]` */
export async function signRelease(io: CliIo, options: { root: string; web?: string; out?: string }): Promise<void> {
  const webDir = resolve(options.web ?? defaultWebDir());
  const out = resolve(options.out ?? join(webDir, ...MANIFEST_IN_WEB));
  await ready();
  // Everything that can be checked without the passphrase is checked before asking for it.
  const paths = listWebFiles(webDir);
  const files: Record<string, string> = {};
  for (const [path, full] of paths) files[path] = hashReleaseFile(readFileSync(full));
  const text = readRootFile(options.root);
  const passphrase = await readRootPassphrase(io, { confirm: false });
  const root = openRoot(options.root, text, passphrase);
  try {
    const manifest = signReleaseManifest(root, { files, issuedAt: io.now() });
    // What is written must verify as every reader will check it.
    verifyReleaseManifest(JSON.parse(JSON.stringify(manifest)), root.signPk);
    const temporary = `${out}.${process.pid}.tmp`;
    try {
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(temporary, `${JSON.stringify(manifest, null, 1)}\n`, { mode: 0o644 });
      renameSync(temporary, out);
    } catch (error) {
      throw new CliError(`cannot write ${out} (${errorCode(error)})`);
    }
    printLine(io, `Signed release ${manifest.buildId}: ${paths.size} files of ${webDir}, issued ${manifest.issuedAt}, with the root key ${kidFingerprint(kidOf(root.signPk))}.`);
    printLine(io, `Written to ${out}; the api publishes it at ${RELEASE_MANIFEST_PATH}.`);
  } finally {
    root.signSk.fill(0);
  }
}

function parseBaseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CliError('the address must be a URL such as https://ashar.example.org', NOT_CHECKED);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new CliError('the address must start with https:// or http://', NOT_CHECKED);
  if (url.username || url.password) throw new CliError('the address must not carry a user name or password', NOT_CHECKED);
  return new URL(url.origin);
}

/** GETs `path` from `origin` without cookies or redirects, up to `limit` bytes (decoded, when `encoding` is accepted and sent). */
async function download(origin: URL, path: string, limit: number, encoding?: string): Promise<{ status: number; bytes: Uint8Array }> {
  const headers = encoding === undefined ? undefined : { 'accept-encoding': encoding };
  const response = await fetch(new URL(path, origin), { redirect: 'manual', credentials: 'omit', headers, signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > limit) throw new Error(`larger than ${limit} bytes`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length > limit) throw new Error(`larger than ${limit} bytes`);
  return { status: response.status, bytes };
}

function rootKeyFrom(io: CliIo, option: string | undefined): string {
  const value = option ?? io.env['ROOT_PUBLIC_KEY'];
  if (!value) throw new CliError('give the root public key to check against: --root-public-key <b64> or ROOT_PUBLIC_KEY', NOT_CHECKED);
  return value;
}

/**
 * `release verify <url> [--root-public-key <b64>]`: fetches the published manifest, checks its
 * signature under the given root key, then fetches every listed file (and the entry pages, which
 * must be the app shell) and compares hashes. One line per problem, then the verdict; returns
 * the exit status (0 verified, 1 not verified, 2 could not check).
 */
export async function verifyRelease(io: CliIo, address: string, options: { rootPublicKey?: string }): Promise<number> {
  const origin = parseBaseUrl(address);
  await ready();
  let root;
  try {
    root = parseSignPublicKey(rootKeyFrom(io, options.rootPublicKey));
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError('the root public key must be 43 base64url characters (as `ashar root init` prints it)', NOT_CHECKED);
  }
  const fingerprint = kidFingerprint(kidOf(root));
  const where = origin.origin;
  let published: { status: number; bytes: Uint8Array };
  try {
    published = await download(origin, RELEASE_MANIFEST_PATH, RELEASE_MANIFEST_MAX_BYTES);
  } catch (error) {
    throw new CliError(`cannot fetch ${where}${RELEASE_MANIFEST_PATH} (${(error as Error).message ?? 'error'})`, NOT_CHECKED);
  }
  const fail = (reason: string): number => {
    printLine(io, `NOT VERIFIED: ${where} ${reason}`);
    return NOT_VERIFIED;
  };
  if (published.status === 404) return fail(`publishes no signed release (${RELEASE_MANIFEST_PATH} answered 404).`);
  if (published.status !== 200) return fail(`answered ${published.status} for ${RELEASE_MANIFEST_PATH}.`);
  let release: VerifiedRelease;
  try {
    release = verifyReleaseManifest(JSON.parse(new TextDecoder().decode(published.bytes)) as unknown, root);
  } catch (error) {
    if (isCryptoError(error, 'wrong_key')) return fail(`publishes a release signed for another root key than ${fingerprint}.`);
    if (isCryptoError(error, 'bad_signature')) return fail(`publishes a release manifest whose signature does not verify under the root key ${fingerprint}.`);
    return fail(`publishes a release manifest that is not valid (${isCryptoError(error) ? error.code : 'not JSON'}).`);
  }

  const checks: [path: string, listed: string][] = [...release.files.keys()].map((path) => [path, path]);
  for (const page of ENTRY_PAGES) checks.push([page, '/index.html']);
  let unreachable = 0;
  const differing = new Set<string>();
  // Each file as a browser that accepts brotli, one that accepts only gzip, and one that accepts neither gets it.
  for (const [path, listed] of checks) {
    for (const encoding of VERIFY_ENCODINGS) {
      const as = encoding === 'identity' ? 'uncompressed' : `as ${encoding}`;
      let answer: { status: number; bytes: Uint8Array };
      try {
        answer = await download(origin, path, MAX_FILE_BYTES, encoding);
      } catch (error) {
        unreachable += 1;
        io.writeErr(`could not fetch ${path} ${as} (${(error as Error).message ?? 'error'})\n`);
        continue;
      }
      const expected = release.files.get(listed);
      if (answer.status !== 200) {
        differing.add(path);
        printLine(io, `changed  ${path} (${as}): answered ${answer.status}`);
        continue;
      }
      const actual = hashReleaseFile(answer.bytes);
      if (actual !== expected) {
        differing.add(path);
        printLine(io, `changed  ${path} (${as}): sha256 ${actual}, the release lists ${expected ?? 'nothing'}${listed === path ? '' : ` (for ${listed})`}`);
      }
    }
  }
  const problems = differing.size;
  const summary = `release ${release.buildId} issued ${release.issuedAt}, root key ${fingerprint}`;
  if (problems > 0) return fail(`serves ${problems === 1 ? '1 file that differs' : `${problems} files that differ`} from the signed ${summary}.`);
  if (unreachable > 0) {
    printLine(io, `NOT CHECKED: ${unreachable} file${unreachable === 1 ? '' : 's'} of ${where} could not be fetched; the rest match the signed ${summary}.`);
    return NOT_CHECKED;
  }
  printLine(io, `VERIFIED: ${where} serves the signed ${summary}: all ${release.files.size} files and ${ENTRY_PAGES.length} entry pages match, brotli, gzip and uncompressed.`);
  return VERIFIED;
}

/** Registers `release sign` and `release verify`; `setExitCode` carries the verdict to the process. */
export function registerReleaseCommands(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  const release = program.command('release').description('the signed release manifest of the web app (docs/release.md)');
  release
    .command('sign')
    .description('list every file of the web build with its SHA-256 and sign the list with the root key; the api publishes it at /.well-known/ashar-release.json')
    .requiredOption('--root <file>', 'the root key file made by `root init`')
    .option('--web <dir>', 'the built web app (default: the build next to this CLI, dist/apps/web)')
    .option('--out <file>', 'where to write the manifest (default: <web>/.well-known/ashar-release.json)')
    .action((options: { root: string; web?: string; out?: string }) => signRelease(io, options));
  release
    .command('verify')
    .description('check that a live deployment serves a release signed by the root key: exit 0 verified, 1 not verified, 2 could not check')
    .argument('<url>', 'the deployment, e.g. https://ashar.example.org')
    .option('--root-public-key <b64>', 'the root public key to check against (default: $ROOT_PUBLIC_KEY)')
    .action(async (url: string, options: { rootPublicKey?: string }) => setExitCode(await verifyRelease(io, url, options)));
}
