/**
 * Regenerates the pinned vectors:
 *   npx tsx libs/crypto/test/vectors/generate.ts > libs/crypto/test/vectors/v1.json
 * The output is deterministic: running it again gives the same bytes unless the format changed.
 */
import { buildVectorFile } from './build-vectors';

buildVectorFile()
  .then((file) => process.stdout.write(`${JSON.stringify(file, null, 1)}\n`))
  .catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
