/** Unit tests of @ashar/domain, compiled by SWC. */
const { swcTransform, workspaceModules } = require('../../jest.shared.cjs');

module.exports = {
  displayName: 'domain',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  transform: swcTransform,
  moduleNameMapper: workspaceModules,
};
