/**
 * The build's check of what the public portal's landing page loads (issue 15, item 3): the entry
 * chunk of the web app and every chunk it imports statically — what `/` loads before anything is
 * on screen — must hold no staff console feature, no libsodium (which lives in the crypto worker
 * only), none of the portal's request and follow-up pages (loaded with their routes), no zod and
 * no TanStack Query, and must stay within PORTAL_ENTRY_BUDGET compressed with brotli, each file
 * compressed on its own as the api sends it. The build fails when it does not. It prints the
 * entry's size (gzip and brotli) and, beside it, what the request page adds before Send.
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
  { what: 'the request and follow-up pages (loaded with their routes)', test: /[\\/]apps[\\/]web[\\/]src[\\/]features[\\/]portal[\\/]/ },
  { what: 'zod and the api contracts (loaded with the pages that call the api)', test: /[\\/]node_modules[\\/]zod[\\/]/ },
  { what: 'TanStack Query (loaded with the pages that use it)', test: /[\\/]node_modules[\\/]@tanstack[\\/]/ },
];

export interface PortalEntryReport {
  readonly files: readonly string[];
  readonly rawBytes: number;
  readonly gzipBytes: number;
  readonly brotliBytes: number;
  /** `module id — why`, one per forbidden module found; empty when the entry is clean. */
  readonly problems: readonly string[];
  /** The landing page's files and the request page's (its route's chunk and what that imports statically): what loads before Send. */
  readonly beforeSend: { readonly files: readonly string[]; readonly gzipBytes: number; readonly brotliBytes: number };
}

/** What the request page's route loads: the chunk holding the portal feature's index.ts (router.tsx imports it with `import()`). */
const REQUEST_ROUTE_MODULE = /[\\/]apps[\\/]web[\\/]src[\\/]features[\\/]portal[\\/]index\.tsx?$/;

/** `starts` and every chunk they import statically. */
function staticClosure(chunks: ReadonlyMap<string, EntryChunk>, starts: readonly string[]): string[] {
  const seen = new Set<string>();
  const queue = [...starts];
  while (queue.length > 0) {
    const name = queue.pop() as string;
    if (seen.has(name)) continue;
    seen.add(name);
    const chunk = chunks.get(name);
    if (chunk) queue.push(...chunk.imports);
  }
  return [...seen].sort();
}

/** Sizes as sent: each file compressed on its own (gzip level 9, brotli quality 11, as the build's copies). */
function compressedSizes(chunks: ReadonlyMap<string, EntryChunk>, files: readonly string[]): { rawBytes: number; gzipBytes: number; brotliBytes: number } {
  let rawBytes = 0;
  let gzipBytes = 0;
  let brotliBytes = 0;
  for (const name of files) {
    const chunk = chunks.get(name);
    if (!chunk) continue;
    const code = Buffer.from(chunk.code);
    rawBytes += code.length;
    gzipBytes += gzipSync(code, { level: 9 }).length;
    brotliBytes += brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return { rawBytes, gzipBytes, brotliBytes };
}

/** The entry chunks of `bundle` and everything they import statically (not `import()`), measured and checked. */
export function checkPortalEntry(bundle: Readonly<Record<string, { readonly type: string }>>): PortalEntryReport {
  const chunks = new Map<string, EntryChunk>();
  for (const [name, output] of Object.entries(bundle)) if (output.type === 'chunk') chunks.set(name, output as EntryChunk);
  const entries = [...chunks.values()].filter((chunk) => chunk.isEntry);
  if (entries.length === 0) throw new Error('the build has no entry chunk');
  const files = staticClosure(
    chunks,
    entries.map((chunk) => chunk.fileName),
  );
  const problems: string[] = [];
  for (const name of files) {
    for (const id of chunks.get(name)?.moduleIds ?? []) {
      const rule = FORBIDDEN_IN_PORTAL_ENTRY.find((r) => r.test.test(id));
      if (rule) problems.push(`${id} in ${name} — ${rule.what}`);
    }
  }
  const requestRoute = [...chunks.values()].filter((chunk) => chunk.moduleIds.some((id) => REQUEST_ROUTE_MODULE.test(id))).map((chunk) => chunk.fileName);
  const beforeSendFiles = staticClosure(chunks, [...files, ...requestRoute]);
  const { gzipBytes: beforeSendGzip, brotliBytes: beforeSendBrotli } = compressedSizes(chunks, beforeSendFiles);
  return { files, ...compressedSizes(chunks, files), problems, beforeSend: { files: beforeSendFiles, gzipBytes: beforeSendGzip, brotliBytes: beforeSendBrotli } };
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/** One line for the build's output. */
export function describePortalEntry(report: PortalEntryReport): string {
  return (
    `portal landing page (what / loads): ${report.files.length} JS files, ${kib(report.brotliBytes)} brotli, ${kib(report.gzipBytes)} gzip, ${kib(report.rawBytes)} uncompressed; ` +
    `with the request page (before Send): ${report.beforeSend.files.length} JS files, ${kib(report.beforeSend.brotliBytes)} brotli, ${kib(report.beforeSend.gzipBytes)} gzip`
  );
}

/**
 * Budget of issue 15 for the landing page's JavaScript, compressed as browsers get it (brotli, each
 * file on its own). Above it the build fails.
 */
export const PORTAL_ENTRY_BUDGET = 120 * 1024;

/** The reason the build must fail, or null when the landing page is within its budget and clean. */
export function portalEntryFailure(report: PortalEntryReport): string | null {
  if (report.problems.length > 0) return `the public portal's entry carries code it must not:\n  ${report.problems.join('\n  ')}`;
  if (report.brotliBytes > PORTAL_ENTRY_BUDGET) return `the portal's landing page loads ${kib(report.brotliBytes)} of JavaScript (brotli), above its ${kib(PORTAL_ENTRY_BUDGET)} budget: ${report.files.join(', ')}`;
  return null;
}

/** The Vite plugin: fails the app's build on a forbidden module in the portal's entry or an entry above budget, and prints its size. */
export function portalEntryCheck(): Plugin {
  return {
    name: 'ashar-portal-entry-check',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const report = checkPortalEntry(bundle);
      const failure = portalEntryFailure(report);
      if (failure) this.error(failure);
      this.info(describePortalEntry(report));
    },
  };
}
