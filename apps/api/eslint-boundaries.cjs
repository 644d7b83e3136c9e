/**
 * The api's context boundaries (docs/modules.md): no import cycle, and another context's files
 * are reached only through its index.ts. eslint.config.mjs applies this to apps/api/src;
 * apps/api/src/module-boundaries.spec.ts proves both rules on fixtures (CommonJS, so that the
 * spec can load it without ESM in jest).
 */
const importX = require('eslint-plugin-import-x');

/** `./x/y` or `../x/y` where x is a folder and y is not its index: a file inside another context. */
const DEEP_IMPORT = '^\\.\\.?/[^./][^/]*/(?!index$)';

/** The flat-config block for the api's sources in `files`. */
function apiBoundaries(files) {
  return {
    name: 'ashar/api-boundaries',
    files,
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [importX.createNodeResolver({ extensions: ['.ts', '.js'] })],
    },
    rules: {
      'import-x/no-cycle': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: DEEP_IMPORT,
              message: "Import another context only through its index.ts (e.g. '../staff'); export what it needs there.",
            },
          ],
        },
      ],
    },
  };
}

module.exports = { apiBoundaries };
