/**
 * The database invariants the attacks must not break, checked on the SQLite
 * file by the same checker as `pnpm check-db` (sql-adapter `Invariants`):
 * every stored counter, rank and karma equals what its rows give, the search
 * index matches the rows and no outbox entry is stuck. Answers one line per
 * mismatch.
 */
import { SqliteClient } from "@effect/sql-sqlite-node"
import { Invariants } from "@holonet/sql-adapter"
import { Effect } from "effect"

/** Every mismatch in the database at `file`, one line each (none when it is consistent). */
export const inconsistencies = (file: string): Promise<ReadonlyArray<string>> =>
  Effect.runPromise(
    Invariants.check().pipe(
      Effect.map((mismatches) => mismatches.map(Invariants.describe)),
      Effect.provide(SqliteClient.layer({ filename: file, readonly: true })),
      Effect.scoped
    )
  )
