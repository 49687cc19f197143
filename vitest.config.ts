import { defineConfig } from 'vitest/config';

// Two projects: everything on SQLite (the embedded default), and the end-to-end suite again on PostgreSQL, each
// test's store being a schema of this run's own database (test/pg-setup.ts, test/helpers/engine.ts). The files
// of the second list check SQLite's own file (its bytes, modes, locks, online backup): PostgreSQL has its own tests
// of those behaviours (test/e2e/postgres.test.ts).
const SQLITE_FILE_TESTS = ['test/e2e/backup.test.ts', 'test/e2e/concurrency.test.ts', 'test/e2e/file-writes.test.ts'];

const pgConfigured = !!process.env.CPRO_TEST_PG_URL;

export default defineConfig({
  test: {
    // Rebuilds dist/ when stale: the end-to-end tests run the compiled CLI. Creates the PostgreSQL run database.
    globalSetup: ['test/global-setup.ts', 'test/pg-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'sqlite', include: ['test/**/*.test.ts'], exclude: ['test/pg-missing.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'postgres',
          // Without a server, one visible skipped test says so (and fails CI, which counts skips as failures).
          include: pgConfigured ? ['test/e2e/**/*.test.ts'] : ['test/pg-missing.test.ts'],
          exclude: SQLITE_FILE_TESTS,
          env: { CPRO_TEST_ENGINE: 'postgres' },
        },
      },
    ],
  },
});
