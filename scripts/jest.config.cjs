/** Tests of the workspace scripts (what npm test sets up first). */
const { swcTransform, transformIgnorePatterns, workspaceModules } = require('../jest.shared.cjs');

module.exports = {
  displayName: 'scripts',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/**/*.spec.ts'],
  transform: swcTransform,
  transformIgnorePatterns,
  moduleNameMapper: workspaceModules,
};
