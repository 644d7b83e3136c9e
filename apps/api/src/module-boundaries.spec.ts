import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';

/** The block eslint.config.mjs applies to apps/api/src (CommonJS, loadable here without ESM). */
const { apiBoundaries } = createRequire(__filename)('../eslint-boundaries.cjs') as { apiBoundaries(files: string[]): Linter.Config };

const FIXTURES = join(__dirname, '../test/fixtures/boundaries');
const FILES = ['alpha/index.ts', 'alpha/alpha.ts', 'beta/index.ts', 'beta/beta.ts', 'gamma/gamma.ts', 'delta/delta.ts', 'delta/suffix.ts'];

async function lint(): Promise<Map<string, string[]>> {
  const eslint = new ESLint({
    cwd: FIXTURES,
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, apiBoundaries(['**/*.ts'])],
  });
  const found = new Map<string, string[]>();
  // lintText, not lintFiles: ESLint's file search imports ESM, which jest's CommonJS runtime cannot.
  for (const file of FILES) {
    const path = join(FIXTURES, file);
    const [result] = await eslint.lintText(readFileSync(path, 'utf8'), { filePath: path });
    found.set(file, result?.messages.map((m) => `${m.ruleId ?? 'fatal'}:${m.line}`) ?? ['no result']);
  }
  return found;
}

describe('the api boundary lint (apps/api/eslint-boundaries.cjs)', () => {
  let found: Map<string, string[]>;
  beforeAll(async () => {
    found = await lint();
  });

  it('reports an import cycle between two contexts, even through their index files', () => {
    expect(found.get('alpha/alpha.ts')).toEqual(['import-x/no-cycle:1']);
    expect(found.get('beta/beta.ts')).toEqual(['import-x/no-cycle:1']);
  });

  it("reports an import of another context's file other than its index", () => {
    expect(found.get('gamma/gamma.ts')).toEqual(['no-restricted-imports:1']);
  });

  it("accepts another context's index and a context's own files", () => {
    expect(found.get('delta/delta.ts')).toEqual([]);
    expect(found.get('delta/suffix.ts')).toEqual([]);
  });
});
