/** Unit tests of @ashar/crypto, compiled by SWC. */
const { swcTransform, transformIgnorePatterns, workspaceModules } = require('../../jest.shared.cjs');

module.exports = {
  displayName: 'crypto',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  transform: swcTransform,
  transformIgnorePatterns,
  moduleNameMapper: workspaceModules,
  // Argon2id and multi-MiB property runs are slow on a loaded 2-core machine; time is never asserted.
  testTimeout: 60000,
};
