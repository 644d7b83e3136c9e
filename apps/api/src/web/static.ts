import { type Stats, existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve, sep } from 'node:path';
import { RELEASE_MANIFEST_PATH, hashReleaseFile, isCryptoError, parseSignPublicKey, verifyReleaseManifest } from '@ashar/crypto';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';

/** Where `ashar release sign` writes the signed manifest inside the web build. */
function manifestFile(webDist: string): string {
  return join(webDist, ...RELEASE_MANIFEST_PATH.slice(1).split('/'));
}

/** The copies the build makes beside each compressible file (apps/web/vite.config.ts), best first. */
const PRECOMPRESSED = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
] as const;

/**
 * The quality (0 to 1) an Accept-Encoding header gives `encoding` (RFC 9110 §12.5.3): its own
 * entry, else `*`'s; identity is acceptable unless refused. Malformed entries are ignored.
 */
export function acceptedQuality(header: string | undefined, encoding: string): number {
  let own: number | undefined;
  let star: number | undefined;
  for (const entry of (header ?? '').split(',')) {
    const [name = '', ...params] = entry.trim().toLowerCase().split(';');
    let q = 1;
    for (const param of params) {
      const [key, value] = param.trim().split('=');
      if (key === 'q') q = /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(value ?? '') ? Number(value) : 0;
    }
    if (name.trim() === encoding) own = q;
    else if (name.trim() === '*') star = q;
  }
  return own ?? star ?? (encoding === 'identity' ? 1 : 0);
}
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Hashed assets (Vite names them by their content) never change; everything else is asked for again. */
function cacheControlFor(path: string): string {
  return path.startsWith('/assets/') ? IMMUTABLE : 'no-cache';
}

function fileStat(file: string): Stats | undefined {
  try {
    const stat = statSync(file);
    return stat.isFile() ? stat : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The file of the web build at a request path, or undefined for a path that cannot be one (a
 * dotfile, a traversal, a NUL): express.static answers those as it always does.
 */
function buildFile(webDist: string, path: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.split('/').some((segment) => segment.startsWith('.'))) return undefined;
  const file = join(webDist, decoded);
  return file.startsWith(webDist + sep) ? file : undefined;
}

/**
 * The brotli and gzip copies the build made of each file (`<file>.br`, `<file>.gz`). `send` sends
 * the copy a client accepts (by its Accept-Encoding, brotli first at equal preference) with the
 * file's own Content-Type, the copy's length and ETag, `Vary: Accept-Encoding` and the file's
 * caching, and returns false when the file must go out as it is. A copy older than its file (the
 * file was changed after the build) is never sent, so every client gets the same bytes.
 */
function precompressedCopies(root: string, enabled: boolean) {
  // express.static (serve-static) sends a copy with its own length, Last-Modified and ETag, conditional requests and ranges.
  const serveCopy = express.static(root, { index: false, etag: true, lastModified: true, cacheControl: false, dotfiles: 'deny', redirect: false });
  return {
    send(req: Request, res: Response, next: NextFunction, file: string, urlPath: string, cacheControl: string): boolean {
      const original = fileStat(file);
      if (!original) return false;
      const available = PRECOMPRESSED.map((p) => ({ ...p, stat: fileStat(file + p.suffix) })).filter((p) => p.stat !== undefined && p.stat.mtimeMs >= original.mtimeMs);
      if (available.length === 0) return false;
      // Whatever this client gets, a cache must not hand it to a client that accepts other encodings.
      res.vary('Accept-Encoding');
      if (!enabled) return false;
      // The copy the client likes most; the file itself only when the client says it likes that better.
      const header = req.headers['accept-encoding'];
      const identity = /(^|,)\s*identity\s*(;|,|$)/i.test(header ?? '') ? acceptedQuality(header, 'identity') : 0;
      let chosen: (typeof available)[number] | undefined;
      let best = 0;
      for (const p of available) {
        const q = acceptedQuality(header, p.encoding);
        if (q > best && q >= identity) [chosen, best] = [p, q];
      }
      if (!chosen) return false;
      res.setHeader('Content-Encoding', chosen.encoding);
      res.setHeader('Cache-Control', cacheControl);
      res.type(basename(file));
      const url = req.url;
      const query = url.indexOf('?');
      req.url = `${urlPath}${chosen.suffix}${query < 0 ? '' : url.slice(query)}`;
      serveCopy(req, res, (error?: unknown) => {
        req.url = url;
        if (!res.headersSent) {
          res.removeHeader('Content-Encoding');
          res.removeHeader('Content-Type');
        }
        next(error);
      });
      return true;
    },
  };
}

/** Marks a request for a build's compressed copy by its own name: answered 404 like any path the app does not have. */
const NOT_A_PATH = 'asharNotAPath';

/**
 * Serves the built web app from the same origin as the api: hashed assets are
 * cached for a year, index.html never, and any other GET outside /api gets the
 * app shell so client-side routes work on reload; a missing file under /assets/ is
 * a 404, never the shell. Each file goes out as the brotli or gzip copy the build made
 * of it when the browser accepts one and `precompressed` is on (STATIC_PRECOMPRESSED,
 * default on); the caching and security headers are the same either way.
 * The signed release manifest is
 * published at /.well-known/ashar-release.json (docs/release.md); other
 * /.well-known paths, and the manifest before the build is signed, are 404.
 * With `onionUrl` (ONION_URL) each page of the app tells Tor Browser where the same page is on
 * the onion service (Onion-Location: onion origin + path); api answers and assets do not.
 */
export function mountWebApp(server: Express, webDist: string, onionUrl?: string, options: { precompressed?: boolean } = {}): boolean {
  const index = join(webDist, 'index.html');
  if (!existsSync(index)) return false;
  const root = resolve(webDist);
  const manifest = manifestFile(webDist);
  const onion = onionUrl === undefined ? undefined : new URL(onionUrl);
  // Anyone may fetch it (an auditor's page on another origin too): it is public and holds no secret.
  server.get(RELEASE_MANIFEST_PATH, (_req: Request, res: Response, next: NextFunction) => {
    if (!existsSync(manifest)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.type('application/json');
    res.sendFile(manifest, { dotfiles: 'allow' });
  });
  const copies = precompressedCopies(root, options.precompressed ?? true);
  const assets = express.static(webDist, {
    index: false,
    setHeaders: (res, path) => {
      res.setHeader('Cache-Control', path.startsWith(join(root, 'assets') + sep) ? IMMUTABLE : 'no-cache');
    },
  });
  // API paths never touch the disk: no stat of a file that cannot exist on every api call.
  server.use((req: Request, res: Response, next: NextFunction) => {
    if (req.path.startsWith('/api/')) return next();
    const file = req.method === 'GET' || req.method === 'HEAD' ? buildFile(root, req.path) : undefined;
    if (file !== undefined) {
      // A copy asked for by its own name is not a file of the app (a release does not list it): 404.
      const copy = PRECOMPRESSED.find((p) => file.endsWith(p.suffix));
      if (copy && fileStat(file.slice(0, -copy.suffix.length))) {
        res.locals[NOT_A_PATH] = true;
        return next();
      }
      if (copies.send(req, res, next, file, req.url.split('?')[0] ?? req.path, cacheControlFor(req.path))) return;
    }
    void assets(req, res, next);
  });
  server.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path.startsWith('/api') || req.path.startsWith('/.well-known/') || req.path.startsWith('/assets/')) return next();
    if (res.locals[NOT_A_PATH] === true) return next();
    if (onion && req.hostname !== onion.hostname) res.setHeader('Onion-Location', onion.origin + req.originalUrl);
    if (copies.send(req, res, next, join(root, 'index.html'), '/index.html', 'no-cache')) return;
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return true;
}

/**
 * Null when the web build holds a release manifest that `rootPublicKey` signed and that lists
 * exactly its files; else one line for the operator's log. A pinned console refuses anything
 * else, so this says so at start instead of at the first sign-in. Call after crypto's ready().
 */
export function releaseProblem(webDist: string, rootPublicKey: string): string | null {
  const file = manifestFile(webDist);
  if (!existsSync(file)) return `the web app at ${webDist} has no signed release manifest: staff consoles will refuse to unlock keys. Sign it with \`ashar release sign --root <root key file> --web ${webDist}\``;
  try {
    const release = verifyReleaseManifest(JSON.parse(readFileSync(file, 'utf8')) as unknown, parseSignPublicKey(rootPublicKey));
    for (const [path, hash] of release.files) {
      const served = join(webDist, ...path.slice(1).split('/'));
      if (!existsSync(served) || hashReleaseFile(readFileSync(served)) !== hash) {
        return `the web app at ${webDist} differs from its signed release ${release.buildId} (${path}): staff consoles will refuse it. Sign the build again with \`ashar release sign\``;
      }
    }
    return null;
  } catch (error) {
    const reason = isCryptoError(error) ? error.code : 'not JSON';
    return `the release manifest of ${webDist} does not verify under ROOT_PUBLIC_KEY (${reason}): staff consoles will refuse to unlock keys. Sign the build with the root key of ROOT_PUBLIC_KEY`;
  }
}
