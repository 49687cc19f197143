// Before the tests: this run's own PostgreSQL database on the server at CPRO_TEST_PG_URL, dropped afterwards, so
// that two runs on one server never see each other's data. Without CPRO_TEST_PG_URL the PostgreSQL tests are
// skipped with a message; on CI (CI=true) that is a failure, as is a server that cannot be reached.
import pg from 'pg';

export default async function setup(): Promise<(() => Promise<void>) | void> {
  const server = process.env.CPRO_TEST_PG_URL;
  if (!server) {
    if (process.env.CI) throw new Error('CPRO_TEST_PG_URL is not set: the PostgreSQL tests cannot run on CI');
    console.warn('\n⚠ CPRO_TEST_PG_URL non défini : les tests sur PostgreSQL sont sautés (ex. CPRO_TEST_PG_URL=postgres://postgres@127.0.0.1:5432/postgres).\n');
    return;
  }
  const name = `cpro_test_${Date.now().toString(36)}_${process.pid}`;
  const admin = new pg.Client({ connectionString: server });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
  } catch (e) {
    throw new Error(`PostgreSQL at CPRO_TEST_PG_URL cannot be used: ${(e as Error).message}`);
  } finally {
    await admin.end().catch(() => {});
  }
  const run = new URL(server);
  run.pathname = `/${name}`;
  process.env.CPRO_TEST_PG_RUN_URL = run.toString();
  return async () => {
    const c = new pg.Client({ connectionString: server });
    await c.connect();
    try {
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await c.end();
    }
  };
}
