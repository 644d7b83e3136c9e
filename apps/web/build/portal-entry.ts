/**
 * The build's check of what the public portal loads first (issue 15, item 3): the entry chunk of
 * the web app and every chunk it imports statically — what `/` and `/request` load before Send —
 * must hold no staff console feature and no libsodium (which lives in the crypto worker only).
 * The build fails when they do, and prints their size as sent (gzip and brotli).
 */
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { type Plugin } from 'vite';

/** One chunk of a build, as Rollup/Rolldown hands it to `generateBundle`. */
export interface EntryChunk {
  readonly type: 'chunk';
  readonly fileName: string;
  readonly isEntry: boolean;
  readonly imports: readonly string[];
  readonly moduleIds: readonly string[];
  readonly code: string;
}

/** What the portal's entry must never carry: a module id that matches is named in the error. */
export const FORBIDDEN_IN_PORTAL_ENTRY: readonly { readonly what: string; readonly test: RegExp }[] = [
  { what: 'libsodium (the crypto worker only)', test: /[\\/]node_modules[\\/]libsodium/ },
  { what: 'a staff console feature (loaded with its route)', test: /[\\/]apps[\\/]web[\\/]src[\\/]features[\\/](?!portal[\\/])/ },
  { what: 'passkeys (staff sign-in only)', test: /[\\/]node_modules[\\/]@simplewebauthn[\\/]/ },
];

export interface PortalEntryReport {
  readonly files: readonly string[];
  readonly rawBytes: number;
  readonly gzipBytes: number;
  readonly brotliBytes: number;
  /** `module id — why`, one per forbidden module found; empty when the entry is clean. */
  readonly problems: readonly string[];
}

/** The entry chunks of `bundle` and everything they import statically (not `import()`), measured and checked. */
export function checkPortalEntry(bundle: Readonly<Record<string, { readonly type: string }>>): PortalEntryReport {
  const chunks = new Map<string, EntryChunk>();
  for (const [name, output] of Object.entries(bundle)) if (output.type === 'chunk') chunks.set(name, output as EntryChunk);
  const entries = [...chunks.values()].filter((chunk) => chunk.isEntry);
  if (entries.length === 0) throw new Error('the build has no entry chunk');
  const seen = new Set<string>();
  const queue = entries.map((chunk) => chunk.fileName);
  while (queue.length > 0) {
    const name = queue.pop() as string;
    if (seen.has(name)) continue;
    seen.add(name);
    const chunk = chunks.get(name);
    if (chunk) queue.push(...chunk.imports);
  }
  const files = [...seen].sort();
  let rawBytes = 0;
  let gzipBytes = 0;
  let brotliBytes = 0;
  const problems: string[] = [];
  for (const name of files) {
    const chunk = chunks.get(name);
    if (!chunk) continue;
    const code = Buffer.from(chunk.code);
    rawBytes += code.length;
    gzipBytes += gzipSync(code, { level: 9 }).length;
    brotliBytes += brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    for (const id of chunk.moduleIds) {
      const rule = FORBIDDEN_IN_PORTAL_ENTRY.find((r) => r.test.test(id));
      if (rule) problems.push(`${id} in ${name} — ${rule.what}`);
    }
  }
  return { files, rawBytes, gzipBytes, brotliBytes, problems };
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/** One line for the build's output. */
export function describePortalEntry(report: PortalEntryReport): string {
  return `portal entry (what / and /request load before Send): ${report.files.length} JS files, ${kib(report.gzipBytes)} gzip, ${kib(report.brotliBytes)} brotli, ${kib(report.rawBytes)} uncompressed`;
}

/** Target of issue 15 for the JavaScript before Send, gzipped. Above it the build warns (it does not fail). */
export const PORTAL_ENTRY_GZIP_TARGET = 120 * 1024;

/** The Vite plugin: fails the app's build on a forbidden module in the portal's entry, and prints its size. */
export function portalEntryCheck(): Plugin {
  return {
    name: 'ashar-portal-entry-check',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const report = checkPortalEntry(bundle);
      if (report.problems.length > 0) this.error(`the public portal's entry carries code it must not:\n  ${report.problems.join('\n  ')}`);
      this.info(describePortalEntry(report));
      if (report.gzipBytes > PORTAL_ENTRY_GZIP_TARGET) this.warn(`the portal entry is above the ${kib(PORTAL_ENTRY_GZIP_TARGET)} gzip target`);
    },
  };
}
