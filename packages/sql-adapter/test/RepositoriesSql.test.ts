/**
 * The repository, rate limiter and idempotency store contract suites from the domain, run against the SQL
 * repositories: on a fresh `:memory:` database per test, and on a fresh
 * WAL-mode database file per test (the way the server runs).
 */
import { idempotencyStoreContract, rateLimiterContract, repositoryContracts } from "@holonet/domain/contracts"
import { Layer } from "effect"
import { RepositoriesSql, Sqlite } from "../src/index.js"
import { layerSqliteTempFile } from "./TempDatabase.js"

const inMemory = RepositoriesSql.layer.pipe(Layer.provide(Sqlite.layer(":memory:")))
const onFile = RepositoriesSql.layer.pipe(Layer.provide(layerSqliteTempFile))

for (const [name, layer] of [["sqlite :memory:", inMemory], ["sqlite file", onFile]] as const) {
  repositoryContracts(name, layer)
  rateLimiterContract(name, layer)
  idempotencyStoreContract(name, layer)
}
