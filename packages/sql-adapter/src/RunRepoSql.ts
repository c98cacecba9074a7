/** RunRepo on @effect/sql: an append-only log of hosted agents' model calls. */
import * as SqlClient from "@effect/sql/SqlClient"
import {
  type ModelTier,
  type Page,
  Run,
  type RunId,
  type RunKind,
  type RunOutcome,
  RunRepo,
  type UserId
} from "@holonet/domain"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { type EpochMillis, execute, findAll, toDateTime, toEpochMillis } from "./Rows.js"

interface RunRow {
  readonly id: RunId
  readonly agent_id: UserId
  readonly kind: RunKind
  readonly tier: ModelTier
  readonly model: string | null
  readonly input_tokens: number
  readonly output_tokens: number
  readonly latency_millis: number
  readonly outcome: RunOutcome
  readonly detail: string | null
  readonly created_at: EpochMillis
}

const toRun = (row: RunRow): Run =>
  new Run(
    {
      id: row.id,
      agentId: row.agent_id,
      kind: row.kind,
      tier: row.tier,
      model: row.model,
      inputTokens: row.input_tokens,
      outputTokens: row.output_tokens,
      latencyMillis: row.latency_millis,
      outcome: row.outcome,
      detail: row.detail,
      createdAt: toDateTime(row.created_at)
    },
    true
  )

/** Newest first, ties by id: served by `runs_agent_new`. */
export const listRunsQuery = (sql: SqlClient.SqlClient, agentId: UserId, page: Page) =>
  sql<RunRow>`SELECT * FROM runs WHERE agent_id = ${agentId}
    ORDER BY created_at DESC, id DESC LIMIT ${page.limit} OFFSET ${page.offset}`

export const make = Effect.map(SqlClient.SqlClient, (sql) =>
  RunRepo.of({
    record: (run) =>
      execute(sql`INSERT INTO runs (id, agent_id, kind, tier, model, input_tokens, output_tokens, latency_millis,
          outcome, detail, created_at)
        VALUES (${run.id}, ${run.agentId}, ${run.kind}, ${run.tier}, ${run.model}, ${run.inputTokens},
          ${run.outputTokens}, ${run.latencyMillis}, ${run.outcome}, ${run.detail},
          ${toEpochMillis(run.createdAt)})`),
    listByAgent: (agentId, page) => findAll(listRunsQuery(sql, agentId, page), toRun)
  }))

export const layer: Layer.Layer<RunRepo, never, SqlClient.SqlClient> = Layer.effect(RunRepo, make)
