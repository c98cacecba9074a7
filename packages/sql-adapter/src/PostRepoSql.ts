/**
 * PostRepo on @effect/sql. Soft-deleted rows keep their place in the table
 * (`deleted_at` set) but no read returns them. The channel's `post_count`,
 * the author's `last_active_at` and the `post_created` outbox event are
 * written in the same transaction as the post row. The post's ranks are
 * stored with it (and moved by VoteRepoSql), so every order is an index walk.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import {
  type ChannelId,
  controversyRank,
  hotRank,
  type Page,
  Post,
  type PostFilter,
  type PostId,
  type PostOrder,
  type PostPatch,
  PostRepo,
  type UserId
} from "@holonet/domain"
import { type DateTime, Effect, Layer, Option } from "effect"
import { recordEvent } from "./NotificationRepoSql.js"
import { type EpochMillis, toDateTime, toEpochMillis } from "./Rows.js"

export interface PostRow {
  readonly id: PostId
  readonly title: string
  readonly content: string
  readonly channel_id: ChannelId
  readonly flair: string | null
  readonly author_id: UserId
  readonly upvotes: number
  readonly downvotes: number
  readonly score: number
  readonly comment_count: number
  readonly created_at: EpochMillis
  readonly updated_at: EpochMillis
}

export const toPost = (row: PostRow): Post =>
  new Post(
    {
      id: row.id,
      title: row.title,
      content: row.content,
      channelId: row.channel_id,
      flair: row.flair,
      authorId: row.author_id,
      upvotes: row.upvotes,
      downvotes: row.downvotes,
      score: row.score,
      commentCount: row.comment_count,
      createdAt: toDateTime(row.created_at),
      updatedAt: toDateTime(row.updated_at)
    },
    true
  )

/**
 * The columns of a PostRow, qualified with the `posts` table. Reads name
 * them instead of `posts.*`: the driver builds one object property per
 * column, and the rank and bookkeeping columns would be built only to be
 * dropped (about a fifth of a 20-post page's row cost).
 */
export const postColumns = (sql: SqlClient.SqlClient) =>
  sql.literal(`posts.id, posts.title, posts.content, posts.channel_id, posts.flair, posts.author_id,
    posts.upvotes, posts.downvotes, posts.score, posts.comment_count, posts.created_at, posts.updated_at`)

const firstPost = (rows: ReadonlyArray<PostRow>) => Option.map(Option.fromNullable(rows[0]), toPost)

/** The stored column each order walks; Migrations.ts indexes it alone and after every equality filter. */
const orderColumns: Record<PostOrder, string> = {
  new: "created_at",
  hot: "hot_rank",
  top: "score",
  controversial: "controversy_rank"
}

/**
 * Highest first, ties by id descending. Unqualified, like `postConditions`:
 * in every query below the names resolve to the innermost `posts`.
 */
const orderBy = (sql: SqlClient.SqlClient, order: PostOrder) => sql`${sql(orderColumns[order])} DESC, id DESC`

/**
 * Every filter but the feed's. `deleted_at IS NULL` must be in the WHERE
 * clause for SQLite to use the partial indexes; with it, the order's index
 * for the equality filter present (posts_hot, posts_channel_hot,
 * posts_author_hot, posts_author_type_hot, and so on for each order) yields
 * rows already in order. `since` is a range on created_at checked while
 * walking that index.
 */
const postConditions = (sql: SqlClient.SqlClient, filter: PostFilter, withSince = true) => {
  const conditions = [sql`deleted_at IS NULL`]
  if (filter.channelId !== undefined) conditions.push(sql`channel_id = ${filter.channelId}`)
  if (filter.authorId !== undefined) conditions.push(sql`author_id = ${filter.authorId}`)
  if (filter.authorType !== undefined) conditions.push(sql`author_type = ${filter.authorType}`)
  if (withSince && filter.since !== undefined) conditions.push(sql`created_at >= ${filter.since}`)
  return sql.and(conditions)
}

/**
 * One page of posts in `filter.order`. For a feed (`feedOf`) this is the
 * exact `feedSourcesQuery`; the repository tries `feedWindowQuery` first.
 */
export const listPostsQuery = (sql: SqlClient.SqlClient, filter: PostFilter, page: Page) =>
  filter.feedOf === undefined
    ? sql<PostRow>`SELECT ${postColumns(sql)} FROM posts WHERE ${postConditions(sql, filter)}
      ORDER BY ${orderBy(sql, filter.order)} LIMIT ${page.limit} OFFSET ${page.offset}`
    : feedSourcesQuery(sql, filter, filter.feedOf, page)

/*
 * The home feed: posts of the channels a reader subscribes to and of the
 * users they follow, in each of the orders, fast at 100,000 posts and more.
 * Neither obvious query is fast for every reader:
 * - walking the order's index and keeping the reader's posts costs
 *   page / (the reader's share of all posts) rows: cheap for a reader with
 *   many sources, a walk of the whole table for one with few;
 * - gathering the posts of the reader's sources and sorting them
 *   (`channel_id IN (...) OR author_id IN (...)`) costs the size of those
 *   sources: cheap for few sources, large for many.
 * So the feed is answered in two steps, each used where it is cheap:
 * 1. `feedWindowQuery` walks at most `feedWindow(page)` posts of the order's global
 *    index and keeps the reader's (two primary-key probes each). If that
 *    fills the page it is exact: every post of the reader's past the window
 *    ranks below every post in it. A reader whose sources hold a few percent
 *    of recent posts fills a page within a few hundred rows.
 * 2. Otherwise the reader's share of the window was small, and
 *    `feedSourcesQuery` answers exactly from the sources: for each
 *    subscribed channel and followed user it takes only that source's first
 *    offset + limit posts (from posts_channel_<order> / posts_author_<order>),
 *    since no post further down a source can reach the page, then sorts
 *    that union. That is at most sources × (offset + limit) rows however
 *    many posts the sources hold; for a reader with many sources
 *    `feedFloorQuery` (one index probe per source) first finds a rank below
 *    which nothing can reach the page, which cuts each source's read to its
 *    few posts above it.
 * The window is bounded so that a reader with few sources pays a fixed,
 * small walk (about 0.15 ms for the 200 posts of a first page) before step 2.
 * Measured on 100,000 posts (SQLite in memory, through the repository, on a
 * busy two-core machine): a page for readers of 5 or 50 channels, of one
 * user, or of 300 users, in every order, with rising / top-of-the-day /
 * top-of-the-month bounds and at offset 80, takes 0.2 to 1.6 ms (median).
 */

/**
 * Posts of the order's index the window walks at most: ten times the rows
 * the page needs, so a reader whose sources hold a tenth of recent posts
 * fills it, and a reader with few sources gives up after a short walk (each
 * post walked costs two primary-key probes; at 100,000 posts a walk of
 * 1,000 that finds nothing took ~0.8 ms, the whole budget of a request).
 */
export const feedWindow = (page: Page) => Math.max(200, 10 * (page.offset + page.limit))

/**
 * Step 1 of the feed: the reader's posts among the first `window` posts of
 * the order (a co-routine walking the order's index, which SQLite reads in
 * order, so the outer ORDER BY needs no sort and stops at the page). Only
 * id, sources, creation time and rank are carried through the walk; full
 * rows are read for the page alone. `since` is checked outside the walk, so
 * that the walk visits at most `window` index entries: inside it, the LIMIT
 * would count only posts passing the bound, and a walk for a short bound
 * (rising, top of the day) could read the whole index to find them.
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

/** What the repository remembers of a reader's last feed pages (see `feed` below). */
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
 * A floor for step 2 when the reader has many sources (the threshold
 * algorithm): the 2k-th highest of the sources' best ranks, k = offset +
 * limit. At least 2k source maxima reach it, and a post is the maximum of at
 * most two sources (its channel and its author), so at least k distinct posts
 * rank at or above it: nothing below it can reach the page. No row, or a
 * null (a source without posts has no best rank, and those sort last), when
 * fewer than 2k sources have posts; then step 2 needs no floor, having few
 * sources. Each source costs one probe of its order index.
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
 * Step 2 of the feed, exact for every reader: the first offset + limit posts
 * of each source (joined through a correlated IN, as SQLite has no LATERAL),
 * at or above `atLeast` when a floor is known, as (id, rank) pairs; the page
 * of their union; then the full rows of that page only, so the sort handles
 * small pairs rather than whole posts. A post both in a subscribed channel
 * and by a followed user is one pair after the UNION, so it is listed once.
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

export const PostRepoSql: Layer.Layer<PostRepo, never, SqlClient.SqlClient> = Layer.effect(
  PostRepo,
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient

    const insert = (post: Post) =>
      Effect.gen(function*() {
        // author_type is copied from the author row by the same statement, so
        // it can't disagree with the user table.
        const createdAt = toEpochMillis(post.createdAt)
        const inserted = yield* sql`INSERT INTO posts (id, channel_id, author_id, author_type, title, content, flair,
            upvotes, downvotes, score, comment_count, created_at, updated_at, hot_rank, controversy_rank)
          SELECT ${post.id}, ${post.channelId}, users.id, users.user_type, ${post.title}, ${post.content},
            ${post.flair}, ${post.upvotes}, ${post.downvotes}, ${post.score}, ${post.commentCount},
            ${createdAt}, ${toEpochMillis(post.updatedAt)},
            ${hotRank(post.upvotes, post.downvotes, createdAt)}, ${controversyRank(post.upvotes, post.downvotes)}
          FROM users WHERE users.id = ${post.authorId}
          RETURNING id`
        if (inserted.length === 0) {
          return yield* Effect.dieMessage(`PostRepoSql.insert: author ${post.authorId} does not exist`)
        }
        yield* sql`UPDATE channels SET post_count = post_count + 1 WHERE id = ${post.channelId}`
        // The agent directory's `active` sort reads this; for humans it is unused.
        yield* sql`UPDATE users SET last_active_at = ${createdAt} WHERE id = ${post.authorId}`
        // Mentions are notified from this event.
        yield* recordEvent(sql, { kind: "post_created", postId: post.id }, createdAt)
      }).pipe(sql.withTransaction, Effect.orDie)

    const findById = (id: PostId) =>
      sql<PostRow>`SELECT ${postColumns(sql)} FROM posts WHERE id = ${id} AND deleted_at IS NULL`.pipe(
        Effect.map(firstPost),
        Effect.orDie
      )

    // Which steps answered each reader's last feed: a reader with few
    // sources fails the window every time, so step 1 is skipped for them (and
    // the floor query, which finds nothing for few sources), except on every
    // `feedRecheck`-th page in case their sources grew. Only the cost
    // depends on this hint, never the answer.
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

    // Step 1, then (when the window could not fill the page) step 2 under
    // its floor; see "The home feed" above.
    const feed = (filter: PostFilter, readerId: UserId, page: Page) =>
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

    const list = (filter: PostFilter, page: Page) =>
      (filter.feedOf === undefined ? listPostsQuery(sql, filter, page) : feed(filter, filter.feedOf, page)).pipe(
        Effect.map((rows) => rows.map(toPost)),
        Effect.orDie
      )

    const update = (id: PostId, patch: PostPatch, at: DateTime.Utc) => {
      const changes = {
        ...(patch.title !== undefined ? { title: patch.title } : {}),
        ...(patch.content !== undefined ? { content: patch.content } : {}),
        ...(patch.flair !== undefined ? { flair: patch.flair } : {}),
        updated_at: toEpochMillis(at)
      }
      return sql<PostRow>`UPDATE posts SET ${sql.update(changes)}
        WHERE id = ${id} AND deleted_at IS NULL
        RETURNING *`.pipe(Effect.map(firstPost), Effect.orDie)
    }

    const softDelete = (id: PostId, at: DateTime.Utc) =>
      Effect.gen(function*() {
        const deleted = yield* sql<Pick<PostRow, "channel_id">>`UPDATE posts SET deleted_at = ${toEpochMillis(at)}
          WHERE id = ${id} AND deleted_at IS NULL
          RETURNING channel_id`
        const row = deleted[0]
        // Only a post that was visible until now leaves the count.
        if (row === undefined) return false
        yield* sql`UPDATE channels SET post_count = post_count - 1 WHERE id = ${row.channel_id}`
        return true
      }).pipe(sql.withTransaction, Effect.orDie)

    return PostRepo.of({ insert, findById, list, update, softDelete })
  })
)
