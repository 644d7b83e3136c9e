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
};

// Tests run against the libraries' TypeScript sources, not their build output.
const workspaceModules = {
  '^@ashar/(crypto|domain)$': path.join(__dirname, 'libs/$1/src/index.ts'),
};

module.exports = { swcTransform, workspaceModules };
