'use strict';
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json' }];

/** Two layers: fast unit tests with fakes, and end-to-end tests in real Firefox against servers on 127.0.0.1. */
module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/unit'],
      testMatch: ['**/*.test.ts'],
      transform: { '^.+\\.ts$': tsJest },
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/e2e'],
      testMatch: ['**/*.e2e.test.ts'],
      transform: { '^.+\\.ts$': tsJest },
    },
  ],
};
