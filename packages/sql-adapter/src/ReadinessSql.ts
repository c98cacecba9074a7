/** Readiness for SQL stores: the database answers a trivial query. */
import * as SqlClient from "@effect/sql/SqlClient"
import { Readiness } from "@holonet/domain"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

export const make = Effect.map(SqlClient.SqlClient, (sql) =>
  Readiness.of({
    check: sql`SELECT 1 AS ok`.pipe(
      Effect.as(true),
      Effect.timeout("2 seconds"),
      Effect.catchAllCause(() => Effect.succeed(false))
    )
  }))

export const layer: Layer.Layer<Readiness, never, SqlClient.SqlClient> = Layer.effect(Readiness, make)
