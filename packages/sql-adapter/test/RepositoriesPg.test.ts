/**
 * The repository, rate limiter and idempotency store contract suites from the domain, run against the SQL
 * repositories on PostgreSQL, on a database of its own per test (see
 * @holonet/sql-adapter/testing's TempDatabasePg).
 */
import { idempotencyStoreContract, rateLimiterContract, repositoryContracts } from "@holonet/domain/contracts"
import { Layer } from "effect"
import { RepositoriesSql } from "../src/index.js"
import { TempDatabasePg } from "@holonet/sql-adapter/testing"

const onPg = RepositoriesSql.layer.pipe(Layer.provide(TempDatabasePg.layer))

repositoryContracts("postgres", onPg)
rateLimiterContract("postgres", onPg)
idempotencyStoreContract("postgres", onPg)
