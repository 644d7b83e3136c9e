/**
 * Integration tests: the real api against the real PostgreSQL and Redis.
 * global-setup creates a fresh database and Redis key prefix for the run and
 * global-teardown removes them, so runs never see each other's data; every app a
 * test file starts (startTestApp) has a database and prefix of its own besides,
 * so two files run side by side (the cluster-wide app role is made race-safe by
 * its migrations).
 */
const { swcTransform, transformIgnorePatterns, workspaceModules } = require('../../jest.shared.cjs');

module.exports = {
  displayName: 'api-integration',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.int-spec.ts'],
  transform: swcTransform,
  transformIgnorePatterns,
  moduleNameMapper: workspaceModules,
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  maxWorkers: 2,
  testTimeout: 60000,
};
