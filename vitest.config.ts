import { defineConfig } from 'vitest/config';

// Unit tests (next to the code) and medium tests (services on PGlite and, when
// KLYNGE_TEST_DATABASE_URL is set, on the PostgreSQL server). Browser journeys: vitest.e2e.config.ts.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'bin/**/*.test.ts', 'scripts/**/*.test.ts'],
    exclude: ['e2e/**', 'node_modules/**'],
    // Embedded PGlite on disk takes seconds to start, much longer on a busy 2-core CI machine.
    testTimeout: 180_000,
    hookTimeout: 300_000,
    pool: 'forks',
  },
});
