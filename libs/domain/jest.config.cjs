/** Unit tests of @ashar/domain, compiled by SWC. */
const { swcTransform, transformIgnorePatterns, workspaceModules } = require('../../jest.shared.cjs');

module.exports = {
  displayName: 'domain',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  transform: swcTransform,
  transformIgnorePatterns,
  moduleNameMapper: workspaceModules,
};
