'use strict';
/**
 * The real-Firefox benchmarks run under jest, like the e2e suites whose harness they share, but never in `npm test`:
 * `npm run bench:pageload`, `bench:startup` and `bench:memory` name this configuration.
 */
const { join } = require('node:path');
const { projects } = require('../../../jest.config.cjs');

const e2e = projects.find((project) => project.displayName === 'e2e');

module.exports = {
  ...e2e,
  displayName: 'bench',
  rootDir: join(__dirname, '../../..'),
  roots: ['<rootDir>/test/bench/firefox'],
  testMatch: ['**/*.bench.ts'],
};
