/** Unit tests of the api: no database, no Redis. */
const { swcTransform, transformIgnorePatterns, workspaceModules } = require('../../jest.shared.cjs');

module.exports = {
  displayName: 'api',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  transform: swcTransform,
  transformIgnorePatterns,
  moduleNameMapper: workspaceModules,
};
