import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';

/** The blocks eslint.config.mjs applies to apps/api/src and apps/web/src (CommonJS, loadable here without ESM). */
const boundaries = createRequire(__filename)('../eslint-boundaries.cjs') as {
  apiBoundaries(files: string[]): Linter.Config;
  webFeatureBoundaries(files: string[]): Linter.Config;
  webOutsideFeatureBoundaries(files: string[], ignores: string[]): Linter.Config;
};

const FIXTURES = join(__dirname, '../test/fixtures/boundaries');
const FILES = ['alpha/index.ts', 'alpha/alpha.ts', 'beta/index.ts', 'beta/beta.ts', 'gamma/gamma.ts', 'delta/delta.ts', 'delta/suffix.ts'];

/** A web app in miniature: feature folders under features/, a router and a route beside them. */
const WEB_FIXTURES = join(__dirname, '../test/fixtures/web-boundaries');
const WEB_FILES = [
  'features/north/north.ts',
  'features/south/south.ts',
  'features/east/east.ts',
  'features/west/west.ts',
  'features/west/index.ts',
  'router.ts',
  'routes/home.ts',
];

/** Each file's messages as `rule:line`, linted under `blocks` in `cwd`. */
async function lint(cwd: string, blocks: Linter.Config[], files: string[]): Promise<Map<string, string[]>> {
  const eslint = new ESLint({
    cwd,
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, ...blocks],
  });
  const found = new Map<string, string[]>();
  // lintText, not lintFiles: ESLint's file search imports ESM, which jest's CommonJS runtime cannot.
  for (const file of files) {
    const path = join(cwd, file);
    const [result] = await eslint.lintText(readFileSync(path, 'utf8'), { filePath: path });
    found.set(file, result?.messages.map((m) => `${m.ruleId ?? 'fatal'}:${m.line}`) ?? ['no result']);
  }
  return found;
}

describe('the api boundary lint (apps/api/eslint-boundaries.cjs)', () => {
  let found: Map<string, string[]>;
  beforeAll(async () => {
    found = await lint(FIXTURES, [boundaries.apiBoundaries(['**/*.ts'])], FILES);
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

describe('the web boundary lint (the same file, for apps/web/src)', () => {
  let found: Map<string, string[]>;
  beforeAll(async () => {
    const blocks = [boundaries.webFeatureBoundaries(['features/**/*.ts']), boundaries.webOutsideFeatureBoundaries(['**/*.ts'], ['features/**'])];
    found = await lint(WEB_FIXTURES, blocks, WEB_FILES);
  });

  it('reports an import cycle between two feature folders, even through their index files', () => {
    expect(found.get('features/north/north.ts')).toEqual(['import-x/no-cycle:1']);
    expect(found.get('features/south/south.ts')).toEqual(['import-x/no-cycle:1']);
  });

  it("reports a feature importing another feature's file other than its index", () => {
    expect(found.get('features/east/east.ts')).toEqual(['no-restricted-imports:1']);
  });

  it('reports a route importing a feature past its index', () => {
    expect(found.get('routes/home.ts')).toEqual(['no-restricted-imports:1']);
  });

  it("accepts another feature's index, a feature's own files, and the router importing a feature's index", () => {
    expect(found.get('features/west/west.ts')).toEqual([]);
    expect(found.get('features/west/index.ts')).toEqual([]);
    expect(found.get('router.ts')).toEqual([]);
  });
});
