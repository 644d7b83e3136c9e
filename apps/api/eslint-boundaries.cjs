/**
 * Context boundaries (docs/modules.md): no import cycle, and another context's files are reached
 * only through its index.ts. The api's contexts are the folders of apps/api/src, the web's are
 * the folders of apps/web/src/features. eslint.config.mjs applies these blocks;
 * apps/api/src/module-boundaries.spec.ts proves them on fixtures (CommonJS, so that the spec can
 * load it without ESM in jest).
 */
const importX = require('eslint-plugin-import-x');

/** `./x/y` or `../x/y` where x is a folder and y is not its index: a file inside another context. */
const DEEP_IMPORT = '^\\.\\.?/[^./][^/]*/(?!index$)';

/** `…/features/x/y` where y is not x's index: a file inside a web feature, seen from outside the features. */
const DEEP_FEATURE_IMPORT = '(^|/)features/[^/]+/(?!index$)';

/** One flat-config block: no import cycle among `files`, and no import matching `deepImport`. */
function boundaries({ name, files, ignores = [], extensions, deepImport, message }) {
  return {
    name,
    files,
    ignores,
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [importX.createNodeResolver({ extensions })],
    },
    rules: {
      'import-x/no-cycle': 'error',
      'no-restricted-imports': ['error', { patterns: [{ regex: deepImport, message }] }],
    },
  };
}

/** The block for the api's sources in `files`: each folder is a context. */
function apiBoundaries(files) {
  return boundaries({
    name: 'ashar/api-boundaries',
    files,
    extensions: ['.ts', '.js'],
    deepImport: DEEP_IMPORT,
    message: "Import another context only through its index.ts (e.g. '../staff'); export what it needs there.",
  });
}

/** The block for the web's feature folders in `files` (apps/web/src/features/**): each folder is a feature. */
function webFeatureBoundaries(files) {
  return boundaries({
    name: 'ashar/web-feature-boundaries',
    files,
    extensions: ['.ts', '.tsx', '.js'],
    deepImport: DEEP_IMPORT,
    message: "Import another feature only through its index.ts (e.g. '../desks'); export what it needs there.",
  });
}

/** The block for the web's other sources in `files` (router, routes, shared parts): features only through their index. */
function webOutsideFeatureBoundaries(files, ignores) {
  return boundaries({
    name: 'ashar/web-outside-feature-boundaries',
    files,
    ignores,
    extensions: ['.ts', '.tsx', '.js'],
    deepImport: DEEP_FEATURE_IMPORT,
    message: "Import a feature only through its index.ts (e.g. './features/cases'); export what it needs there.",
  });
}

module.exports = { apiBoundaries, webFeatureBoundaries, webOutsideFeatureBoundaries };
