import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importRootKeys, protectRootKeys, ready } from '@ashar/crypto';

const ROOT = join(__dirname, '../..');
const CLI = join(ROOT, 'dist/apps/api/cli.js');
const PASSPHRASE = 'test custodians sign the test build';
/** Low Argon2id parameters: the file lives for one signing, in a temporary directory. */
const FAST_ARGON2 = { opsLimit: 1, memLimitBytes: 8 * 1024 * 1024 } as const;

/**
 * Signs a built web app (`webDir`) with a test root key (`rk1.…`) the way custodians do: the
 * key goes into a passphrase-protected root key file and the built CLI runs `ashar release sign`
 * on it (docs/release.md). The system then publishes the manifest and the pinned console
 * accepts the build. Throws with the CLI's output when signing fails.
 */
export async function signWebBuild(webDir: string, rootKey: string): Promise<string> {
  await ready();
  const dir = mkdtempSync(join(tmpdir(), 'ashar-release-root-'));
  try {
    const rootFile = join(dir, 'root.key');
    writeFileSync(rootFile, `${protectRootKeys(importRootKeys(rootKey), PASSPHRASE, FAST_ARGON2)}\n`, { mode: 0o600 });
    const run = spawnSync(process.execPath, [CLI, 'release', 'sign', '--root', rootFile, '--web', webDir], {
      env: { PATH: process.env['PATH'] ?? '', ASHAR_ROOT_PASSPHRASE: PASSPHRASE },
      encoding: 'utf8',
      input: '',
      timeout: 60_000,
    });
    if (run.status !== 0) throw new Error(`ashar release sign failed (${run.status ?? run.signal}): ${run.stderr}${run.stdout}`);
    return run.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
