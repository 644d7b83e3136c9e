import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RELEASE_MANIFEST_PATH, hashReleaseFile, isCryptoError, parseSignPublicKey, verifyReleaseManifest } from '@ashar/crypto';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';

/** Where `ashar release sign` writes the signed manifest inside the web build. */
function manifestFile(webDist: string): string {
  return join(webDist, ...RELEASE_MANIFEST_PATH.slice(1).split('/'));
}

/**
 * Serves the built web app from the same origin as the api: hashed assets are
 * cached for a year, index.html never, and any other GET outside /api gets the
 * app shell so client-side routes work on reload. The signed release manifest is
 * published at /.well-known/ashar-release.json (docs/release.md); other
 * /.well-known paths, and the manifest before the build is signed, are 404.
 * With `onionUrl` (ONION_URL) each page of the app tells Tor Browser where the same page is on
 * the onion service (Onion-Location: onion origin + path); api answers and assets do not.
 */
export function mountWebApp(server: Express, webDist: string, onionUrl?: string): boolean {
  const index = join(webDist, 'index.html');
  if (!existsSync(index)) return false;
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
  const assets = express.static(webDist, {
    index: false,
    setHeaders: (res, path) => {
      res.setHeader('Cache-Control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  // API paths never touch the disk: no stat of a file that cannot exist on every api call.
  server.use((req: Request, res: Response, next: NextFunction) => (req.path.startsWith('/api/') ? next() : assets(req, res, next)));
  server.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path.startsWith('/api') || req.path.startsWith('/.well-known/')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    if (onion && req.hostname !== onion.hostname) res.setHeader('Onion-Location', onion.origin + req.originalUrl);
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
