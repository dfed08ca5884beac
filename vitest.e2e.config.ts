import { defineConfig } from 'vitest/config';

// Browser journeys: a real server on an embedded database, driven by Debian's Chromium.
export default defineConfig({
  test: {
    include: ['e2e/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
