import { defineConfig } from 'vitest/config';

/** `npm run test:package`: the packed package installed into a fresh project (minutes, not in `npm test`). */
export default defineConfig({
  test: {
    include: ['test/package/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 900_000,
    pool: 'forks',
  },
});
