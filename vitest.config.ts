import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Dazzle-corpus conformance reads files outside the repository (`npm run test:conformance`), and
    // the pack-and-install test takes minutes (`npm run test:package`): both run on their own.
    exclude: ['test/conformance/**', 'test/package/**', '**/node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
