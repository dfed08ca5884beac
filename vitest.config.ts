import { defineConfig } from 'vitest/config';

// Unit tests (next to the code) and medium tests (services on PGlite and, when
// KLYNGE_TEST_DATABASE_URL is set, on the PostgreSQL server). Browser journeys: vitest.e2e.config.ts.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'bin/**/*.test.ts'],
    exclude: ['e2e/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
