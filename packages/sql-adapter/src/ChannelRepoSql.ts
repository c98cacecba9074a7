/**
 * ChannelRepo on @effect/sql: channels, moderators and subscriptions. The
 * `subscriber_count` column moves in the same transaction as the
 * subscription rows it counts.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import {
  Channel,
  type ChannelId,
  type ChannelName,
  ChannelNameTaken,
  ChannelRepo,
  type ChannelSort,
  type Page,
  type UserId
} from "@holonet/domain"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import {
  dieOnSqlError,
  type EpochMillis,
  findAll,
  findAllByKeys,
  findOne,
  hasRows,
  toDateTime,
  toEpochMillis
} from "./Rows.js"

export interface ChannelRow {
  readonly id: ChannelId
  readonly name: ChannelName
  readonly title: string
  readonly description: string | null
  readonly created_by: UserId
  readonly subscriber_count: number
  readonly post_count: number
  readonly created_at: EpochMillis
}

export const toChannel = (row: ChannelRow): Channel =>
  new Channel(
    {
      id: row.id,
      name: row.name,
      title: row.title,
      description: row.description,
      createdBy: row.created_by,
      subscriberCount: row.subscriber_count,
      postCount: row.post_count,
      createdAt: toDateTime(row.created_at)
    },
    true
  )

/**
 * `popular`: served by `channels_popular (subscriber_count DESC, id)`;
 * `new`: served by `channels_new (created_at DESC, id DESC)`.
 */
export const listChannelsQuery = (sql: SqlClient.SqlClient, sort: ChannelSort, page: Page) =>
  sort === "popular"
    ? sql<ChannelRow>`SELECT * FROM channels ORDER BY subscriber_count DESC, id
        LIMIT ${page.limit} OFFSET ${page.offset}`
    : sql<ChannelRow>`SELECT * FROM channels ORDER BY created_at DESC, id DESC
        LIMIT ${page.limit} OFFSET ${page.offset}`

export const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient

  const create = (channel: Channel) => {
    const createdAt = toEpochMillis(channel.createdAt)
    // The creator is the first subscriber, so the row starts at one.
    const stored = new Channel({ ...channel, subscriberCount: 1, postCount: 0 }, true)
    return sql.withTransaction(
      Effect.gen(function*() {
        // ON CONFLICT on the unique name keeps the check and the write atomic.
        const inserted = yield* sql`INSERT INTO channels
            (id, name, title, description, created_by, subscriber_count, post_count, created_at)
          VALUES (${stored.id}, ${stored.name}, ${stored.title}, ${stored.description}, ${stored.createdBy},
            ${stored.subscriberCount}, ${stored.postCount}, ${createdAt})
          ON CONFLICT (name) DO NOTHING
          RETURNING id`
        if (inserted.length === 0) return yield* new ChannelNameTaken({ name: channel.name })
        yield* sql`INSERT INTO channel_moderators (channel_id, user_id, created_at)
          VALUES (${stored.id}, ${stored.createdBy}, ${createdAt})`
        yield* sql`INSERT INTO subscriptions (channel_id, user_id, created_at)
          VALUES (${stored.id}, ${stored.createdBy}, ${createdAt})`
        return stored
      })
    ).pipe(dieOnSqlError)
  }

  const findByName = (name: string) => findOne(sql<ChannelRow>`SELECT * FROM channels WHERE name = ${name}`, toChannel)

  // One query, two key lookups (SQLite's multi-index OR). Ids win over
  // names, as in every adapter.
  const findByRef = (ref: string) =>
    findOne(
      sql<ChannelRow>`SELECT * FROM channels WHERE id = ${ref} OR name = ${ref}
        ORDER BY CASE WHEN id = ${ref} THEN 0 ELSE 1 END LIMIT 1`,
      toChannel
    )

  const findManyById = (ids: ReadonlyArray<ChannelId>) =>
    findAllByKeys(
      ids,
      (chunk) => findAll(sql<ChannelRow>`SELECT * FROM channels WHERE ${sql.in("id", chunk)}`, toChannel)
    )

  const list = (sort: ChannelSort, page: Page) => findAll(listChannelsQuery(sql, sort, page), toChannel)

  const subscribe = (channelId: ChannelId, userId: UserId) =>
    Effect.gen(function*() {
      const now = yield* Clock.currentTimeMillis
      const inserted = yield* sql`INSERT INTO subscriptions (channel_id, user_id, created_at)
        VALUES (${channelId}, ${userId}, ${now})
        ON CONFLICT DO NOTHING
        RETURNING channel_id`
      // Counted only when this call created the row: repeating it counts once.
      if (inserted.length > 0) {
        yield* sql`UPDATE channels SET subscriber_count = subscriber_count + 1 WHERE id = ${channelId}`
      }
    }).pipe(sql.withTransaction, dieOnSqlError)

  const unsubscribe = (channelId: ChannelId, userId: UserId) =>
    Effect.gen(function*() {
      const deleted = yield* sql`DELETE FROM subscriptions
        WHERE channel_id = ${channelId} AND user_id = ${userId}
        RETURNING channel_id`
      if (deleted.length > 0) {
        yield* sql`UPDATE channels SET subscriber_count = subscriber_count - 1 WHERE id = ${channelId}`
      }
    }).pipe(sql.withTransaction, dieOnSqlError)

  const isModerator = (channelId: ChannelId, userId: UserId) =>
    hasRows(sql`SELECT 1 AS found FROM channel_moderators WHERE channel_id = ${channelId} AND user_id = ${userId}`)

  return ChannelRepo.of({ create, findByName, findByRef, findManyById, list, subscribe, unsubscribe, isModerator })
})

export const layer: Layer.Layer<ChannelRepo, never, SqlClient.SqlClient> = Layer.effect(ChannelRepo, make)
