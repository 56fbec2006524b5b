/** Real containers: one test file at a time, generous timeouts (bounded waits live in the harness). */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  maxWorkers: 1,
  testTimeout: 300000,
  globalSetup: '<rootDir>/test/global-setup.ts',
  setupFilesAfterEnv: ['<rootDir>/harness/jest/scenario-matchers.ts'],
  // In CI, junit for the workflow's test report as well.
  reporters: process.env.CI ? ['default', ['jest-junit', { outputDirectory: 'reports', outputName: 'jest-junit.xml' }]] : ['default'],
};
