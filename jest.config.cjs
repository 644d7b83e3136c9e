/** Every unit-test project of the workspace (no database, no Redis, no browser). */
module.exports = {
  // Jest's default on a 2-core machine is one worker; the suites are independent (no database, no network).
  maxWorkers: 2,
  projects: ['<rootDir>/libs/crypto/jest.config.cjs', '<rootDir>/libs/domain/jest.config.cjs', '<rootDir>/apps/api/jest.config.cjs', '<rootDir>/apps/web/jest.config.cjs', '<rootDir>/deploy/jest.config.cjs', '<rootDir>/scripts/jest.config.cjs'],
};
