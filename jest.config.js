// ESM + ts-jest: tests import the TypeScript sources directly; `isolatedModules` keeps transpilation per file (fast on
// 2 cores); type checking of tests runs separately (`npm run typecheck`).
export default {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.test.json' }],
  },
  // Records every AWS operation each action issues, for the least-privilege IAM check run after the whole suite.
  setupFilesAfterEnv: ['<rootDir>/test/support/aws-operation-recorder.setup.ts'],
  reporters: ['default', '<rootDir>/test/support/aws-operation-recorder.reporter.cjs', '<rootDir>/test/support/summary-reporter.cjs'],
  testTimeout: 60000,
  // Kept out of the temporary folder, which scripts/test.sh gives each run fresh (and checks is empty afterwards).
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
};
