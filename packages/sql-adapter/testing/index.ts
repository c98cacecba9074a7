/**
 * `@holonet/sql-adapter/testing`: a migrated PostgreSQL database of its own
 * per test (`TempDatabasePg.layer`), on the server named by `PG_URL` or
 * `DATABASE_TEST_URL`, for the adapter's suites and the server's.
 */
export * as TempDatabasePg from "./TempDatabasePg.js"
