/** Unit tests of the web app's models (no browser, no api), compiled by SWC. */
const { swcTransform, transformIgnorePatterns, workspaceModules } = require('../../jest.shared.cjs');

module.exports = {
  displayName: 'web',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/build/**/*.spec.ts'],
  transform: swcTransform,
  transformIgnorePatterns,
  moduleNameMapper: workspaceModules,
};
