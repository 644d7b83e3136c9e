/** Pieces shared by the jest configs of the workspace. */
const path = require('node:path');

const swcTransform = {
  '^.+\\.tsx?$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true, tsx: true },
        transform: { legacyDecorator: true, decoratorMetadata: true, react: { runtime: 'automatic' } },
        target: 'es2022',
      },
      module: { type: 'commonjs' },
    },
  ],
  // ES-module-only packages (dinero.js, the noble libraries and temporal-polyfill ship ESM only): compiled to CommonJS for jest like our sources.
  '^.+/node_modules/(dinero\\.js|@noble/(ciphers|curves|hashes)|temporal-polyfill|temporal-utils)/.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
};

/** node_modules are not transformed, except the ES-module-only packages above. */
const transformIgnorePatterns = ['/node_modules/(?!dinero\\.js/|@noble/(ciphers|curves|hashes)/|temporal-polyfill/|temporal-utils/)'];

// Tests run against the libraries' TypeScript sources, not their build output.
const workspaceModules = {
  '^@ashar/(crypto|domain)$': path.join(__dirname, 'libs/$1/src/index.ts'),
  // libs/crypto loads its pure-JavaScript backend with a dynamic import, which names the built `.js` file.
  '^(\\./pure/sodium-pure)\\.js$': '$1',
};

module.exports = { swcTransform, transformIgnorePatterns, workspaceModules };
