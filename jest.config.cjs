/** Every unit-test project of the workspace (no database, no Redis, no browser). */
module.exports = {
  projects: ['<rootDir>/libs/crypto/jest.config.cjs', '<rootDir>/libs/domain/jest.config.cjs', '<rootDir>/apps/api/jest.config.cjs', '<rootDir>/apps/web/jest.config.cjs', '<rootDir>/deploy/jest.config.cjs', '<rootDir>/scripts/jest.config.cjs'],
};
