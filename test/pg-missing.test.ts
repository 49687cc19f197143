// Shown when no PostgreSQL server is configured: the end-to-end suite did not run on PostgreSQL.
import { it } from 'vitest';

it.skip('suite de bout en bout sur PostgreSQL : CPRO_TEST_PG_URL non défini (ex. postgres://postgres@127.0.0.1:5432/postgres)', () => {});
