/** Checks of the deployment files (deploy/): parsed, and where a tool can judge them, judged by it. */
const { swcTransform, transformIgnorePatterns, workspaceModules } = require('../jest.shared.cjs');

module.exports = {
  displayName: 'deploy',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/**/*.spec.ts'],
  transform: swcTransform,
  transformIgnorePatterns,
  moduleNameMapper: workspaceModules,
};
