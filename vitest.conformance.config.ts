import { defineConfig } from 'vitest/config';

/**
 * Conformance with Dazzle's own files: `DAZZLE_CORPUS=path npm run test:conformance`. Kept out of
 * `npm test` (vitest.config.ts), which reads nothing outside the repository.
 */
export default defineConfig({
  test: {
    include: ['test/conformance/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
