/** Unit tests of the web app's models (no browser, no api), compiled by SWC. */
const { swcTransform, transformIgnorePatterns, workspaceModules } = require('../../jest.shared.cjs');

module.exports = {
  displayName: 'web',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  transform: swcTransform,
  transformIgnorePatterns,
  // The i18n instance loads its resource files with Vite's import.meta.glob; under jest, with require.
  moduleNameMapper: { ...workspaceModules, '^\\./load-locale$': '<rootDir>/src/i18n/load-locale.node.ts' },
  setupFilesAfterEnv: ['<rootDir>/src/i18n/jest-setup.ts'],
};
