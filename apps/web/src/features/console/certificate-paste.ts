/**
 * What a root key custodian pastes back is rarely the bare JSON: `npm run` prints its banner
 * (`> ashar@0.1.0 ashar` and the command line) first, the CLI its summary after, and a terminal
 * adds blank lines and the prompt. This finds the certificate in whatever was pasted: every
 * balanced `{…}` in the text is read as JSON, and the one object shaped like a certificate
 * (`v`, `kind`, `subjectId`, `encPk`, `signature`) is taken. Nothing here trusts it: the worker
 * verifies its signature against the built-in root and the person's own keys before it is sent.
 */

/** The certificate found, or why none could be taken. */
export type PastedCertificate =
  | { readonly ok: true; readonly certificate: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly reason: 'empty' | 'none' | 'several' };

/** Longest text the paste box takes: a certificate is about 400 characters, npm's banner and the summary a few hundred more. */
export const MAX_PASTE_CHARS = 8192;

const CERTIFICATE_FIELDS = ['v', 'kind', 'subjectId', 'encPk', 'signature'] as const;

/** The index of the `}` that closes the `{` at `open` (quotes and escapes respected), or -1. */
function closingBrace(text: string, open: number): number {
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

/**
 * Every JSON object of the text: from each `{`, its balanced span is parsed; when it does not
 * parse (a stray brace or quote in a banner), the search goes on from the next `{`.
 */
function jsonObjects(text: string): unknown[] {
  const found: unknown[] = [];
  let from = 0;
  for (;;) {
    const open = text.indexOf('{', from);
    if (open < 0) return found;
    const close = closingBrace(text, open);
    let value: unknown = undefined;
    if (close >= 0) {
      try {
        value = JSON.parse(text.slice(open, close + 1));
      } catch {
        value = undefined;
      }
    }
    if (value === undefined) {
      from = open + 1;
    } else {
      found.push(value);
      from = close + 1;
    }
  }
}

function looksLikeCertificate(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return CERTIFICATE_FIELDS.every((field) => field in value);
}

/** Finds the one certificate in pasted text (npm banners, summaries, blank lines and all). */
export function extractCertificate(text: string): PastedCertificate {
  if (text.trim() === '') return { ok: false, reason: 'empty' };
  const found = new Map<string, Record<string, unknown>>();
  for (const value of jsonObjects(text.slice(0, MAX_PASTE_CHARS))) {
    // The same certificate pasted twice is still one certificate.
    if (looksLikeCertificate(value)) found.set(JSON.stringify(value), value);
  }
  if (found.size === 0) return { ok: false, reason: 'none' };
  if (found.size > 1) return { ok: false, reason: 'several' };
  const [certificate] = found.values();
  return { ok: true, certificate: certificate as Record<string, unknown> };
}
