/**
 * The home feed: posts of the channels a reader subscribes to and of the
 * users they follow, in any order. Walking the order's global index suits a
 * reader with many sources and reading each source suits one with few, so a
 * bounded walk goes first and an exact per-source read answers when it can't
 * fill the page (README, "The home feed"). Only the cost depends on which
 * step answers, never the page.
 */
import type * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import type { Page, PostFilter, UserId } from "@holonet/domain"
import * as Effect from "effect/Effect"
import { orderBy, orderColumns, postColumns, postConditions, type PostRow } from "./PostRows.js"

/**
 * Posts of the order's index the window walks at most: ten times the rows
 * the page needs, so a reader whose sources hold a tenth of recent posts
 * fills it, and one with few sources gives up after a short walk (each post
 * walked costs two primary-key probes).
 */
export const feedWindow = (page: Page) => Math.max(200, 10 * (page.offset + page.limit))

/**
 * Step 1: the reader's posts among the first `window` posts of the order (a
 * co-routine walking the order's index in order, so the outer ORDER BY needs
 * no sort and stops at the page). Exact when it fills the page: every post
 * of the reader's past the window ranks below every post in it. `since` is
 * checked outside the walk so that the walk's LIMIT bounds the index entries
 * read; inside, a short bound (rising, top of the day) could read them all.
 */
export const feedWindowQuery = (
  sql: SqlClient.SqlClient,
  filter: PostFilter,
  readerId: UserId,
  page: Page,
  window: number = feedWindow(page)
) => {
  const kept = [
    sql`(EXISTS (SELECT 1 FROM subscriptions
        WHERE subscriptions.channel_id = recent.channel_id AND subscriptions.user_id = ${readerId})
      OR EXISTS (SELECT 1 FROM follows
        WHERE follows.follower_id = ${readerId} AND follows.followee_id = recent.author_id))`
  ]
  if (filter.since !== undefined) kept.push(sql`recent.created_at >= ${filter.since}`)
  return sql<PostRow>`SELECT ${postColumns(sql)} FROM (
      SELECT id, channel_id, author_id, created_at, ${sql(orderColumns[filter.order])} AS rank_key
      FROM posts WHERE ${postConditions(sql, filter, false)}
      ORDER BY ${orderBy(sql, filter.order)} LIMIT ${window}
    ) AS recent
    JOIN posts ON posts.id = recent.id
    WHERE ${sql.and(kept)}
    ORDER BY recent.rank_key DESC, recent.id DESC
    LIMIT ${page.limit} OFFSET ${page.offset}`
}

/**
 * A floor for step 2 when the reader has many sources (the threshold
 * algorithm): the 2k-th highest of the sources' best ranks, k = offset +
 * limit. A post is the best of at most two sources (its channel and its
 * author), so at least k distinct posts rank at or above it and nothing
 * below it can reach the page. No row, or a null, when fewer than 2k sources
 * have posts: then step 2 needs no floor. One index probe per source.
 */
export const feedFloorQuery = (sql: SqlClient.SqlClient, filter: PostFilter, readerId: UserId, page: Page) => {
  const conditions = postConditions(sql, filter)
  const order = orderBy(sql, filter.order)
  const rank = sql(orderColumns[filter.order])
  return sql<{ readonly best: number | bigint | string | null }>`SELECT best FROM (
      SELECT (SELECT ${rank} FROM posts WHERE channel_id = subscriptions.channel_id AND ${conditions}
          ORDER BY ${order} LIMIT 1) AS best
        FROM subscriptions WHERE subscriptions.user_id = ${readerId}
      UNION ALL
      SELECT (SELECT ${rank} FROM posts WHERE author_id = follows.followee_id AND ${conditions}
          ORDER BY ${order} LIMIT 1)
        FROM follows WHERE follows.follower_id = ${readerId}
    ) AS sources
    ORDER BY best DESC NULLS LAST LIMIT 1 OFFSET ${2 * (page.offset + page.limit) - 1}`
}

/**
 * Step 2, exact for every reader: the first offset + limit posts of each
 * source (no post further down a source can reach the page; a correlated IN,
 * as SQLite has no LATERAL), at or above `atLeast` when a floor is known, as
 * (id, rank) pairs; the page of their union; then the full rows of that page
 * only. A post both in a subscribed channel and by a followed user is one
 * pair after the UNION, so it is listed once.
 */
export const feedSourcesQuery = (
  sql: SqlClient.SqlClient,
  filter: PostFilter,
  readerId: UserId,
  page: Page,
  atLeast?: number
) => {
  const perSource = page.offset + page.limit
  const rank = sql(orderColumns[filter.order])
  const conditions = atLeast === undefined
    ? postConditions(sql, filter)
    : sql`${postConditions(sql, filter)} AND ${rank} >= ${atLeast}`
  const order = orderBy(sql, filter.order)
  return sql<PostRow>`SELECT ${postColumns(sql)} FROM (
      SELECT candidate.id AS id, candidate.${rank} AS rank_key FROM subscriptions
        JOIN posts AS candidate ON candidate.id IN (
          SELECT id FROM posts WHERE channel_id = subscriptions.channel_id AND ${conditions}
          ORDER BY ${order} LIMIT ${perSource})
        WHERE subscriptions.user_id = ${readerId}
      UNION
      SELECT candidate.id, candidate.${rank} FROM follows
        JOIN posts AS candidate ON candidate.id IN (
          SELECT id FROM posts WHERE author_id = follows.followee_id AND ${conditions}
          ORDER BY ${order} LIMIT ${perSource})
        WHERE follows.follower_id = ${readerId}
      ORDER BY rank_key DESC, id DESC LIMIT ${page.limit} OFFSET ${page.offset}
    ) AS chosen
    JOIN posts ON posts.id = chosen.id
    ORDER BY chosen.rank_key DESC, chosen.id DESC`
}

/** What is remembered of a reader's last feed pages. */
interface FeedHint {
  /** The window answered the last page; if not, step 2 goes first. */
  readonly windowFilled: boolean
  /** The last floor query found too few sources for a floor, so it is skipped. */
  readonly fewSources: boolean
  /** Pages answered since the window was last tried. */
  readonly pages: number
}

/** Readers whose hint is kept; beyond it the longest unseen is forgotten. */
const feedHintCapacity = 10_000

/** A reader the window failed is tried with it again on every this many pages. */
const feedRecheck = 50

/**
 * The feed over `sql`: step 1, then (when the window could not fill the
 * page) step 2 under its floor. A reader with few sources fails the window
 * every time, so a per-reader hint skips step 1 for them (and the floor
 * query, which finds nothing for few sources), except on every
 * `feedRecheck`-th page in case their sources grew.
 */
export const make = (sql: SqlClient.SqlClient) => {
  const hints = new Map<UserId, FeedHint>()
  const remember = (readerId: UserId, hint: FeedHint) => {
    hints.delete(readerId)
    hints.set(readerId, hint)
    // Maps keep insertion order: the first key is the reader seen longest ago.
    if (hints.size > feedHintCapacity) {
      const oldest = hints.keys().next()
      if (oldest.done !== true) hints.delete(oldest.value)
    }
  }

  return (filter: PostFilter, readerId: UserId, page: Page): Effect.Effect<ReadonlyArray<PostRow>, SqlError> =>
    Effect.gen(function*() {
      const hint = hints.get(readerId)
      const recheck = hint === undefined || hint.pages % feedRecheck === 0
      if (recheck || hint.windowFilled) {
        const windowed = yield* feedWindowQuery(sql, filter, readerId, page)
        if (windowed.length === page.limit) {
          remember(readerId, { windowFilled: true, fewSources: false, pages: 1 })
          return windowed
        }
      }
      const pages = (hint?.pages ?? 0) + 1
      // With a creation-time bound each source is read through its short
      // created_at range anyway; a rank floor there would only make SQLite
      // prefer the rank index and wade through older posts above it.
      if (filter.since !== undefined) {
        remember(readerId, { windowFilled: false, fewSources: hint?.fewSources ?? false, pages })
        return yield* feedSourcesQuery(sql, filter, readerId, page)
      }
      // A reader with too few sources for a floor had none last time either.
      if (!recheck && hint.fewSources) {
        remember(readerId, { ...hint, windowFilled: false, pages })
        return yield* feedSourcesQuery(sql, filter, readerId, page)
      }
      const floor = (yield* feedFloorQuery(sql, filter, readerId, page))[0]
      const atLeast = floor === undefined || floor.best === null ? undefined : Number(floor.best)
      remember(readerId, { windowFilled: false, fewSources: atLeast === undefined, pages })
      return yield* feedSourcesQuery(sql, filter, readerId, page, atLeast)
    })
}
