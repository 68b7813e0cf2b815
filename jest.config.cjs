'use strict';
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json' }];
// oauth4webapi and ISRG's DAP packages ship only ES modules; jest runs CommonJS, so ts-jest compiles them too.
const esmPackages = ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', target: 'es2022' } }];
const transform = { '^.+\\.ts$': tsJest, '/node_modules/(oauth4webapi|@divviup/[^/]+)/.+\\.js$': esmPackages };
const transformIgnorePatterns = ['/node_modules/(?!oauth4webapi/|@divviup/)'];
// @divviup/dap exports its entry point for `import` only, which jest's CommonJS resolver does not match.
const moduleNameMapper = { '^@divviup/dap$': '<rootDir>/node_modules/@divviup/dap/dist/index.js' };

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
      moduleNameMapper,
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/e2e'],
      testMatch: ['**/*.e2e.test.ts'],
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
    },
  ],
};
