/** Unit tests of @ashar/crypto, compiled by SWC. */
const { swcTransform, workspaceModules } = require('../../jest.shared.cjs');

module.exports = {
  displayName: 'crypto',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  transform: swcTransform,
  moduleNameMapper: workspaceModules,
};
