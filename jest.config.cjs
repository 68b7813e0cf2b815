'use strict';
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json' }];
// oauth4webapi ships only ES modules; jest runs CommonJS, so ts-jest compiles that package too.
const esmPackages = ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', target: 'es2022' } }];
const transform = { '^.+\\.ts$': tsJest, '/node_modules/oauth4webapi/.+\\.js$': esmPackages };
const transformIgnorePatterns = ['/node_modules/(?!oauth4webapi/)'];

/** Two layers: fast unit tests with fakes, and end-to-end tests in real Firefox against servers on 127.0.0.1. */
module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/unit'],
      testMatch: ['**/*.test.ts'],
      transform,
      transformIgnorePatterns,
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/e2e'],
      testMatch: ['**/*.e2e.test.ts'],
      transform,
      transformIgnorePatterns,
    },
  ],
};
