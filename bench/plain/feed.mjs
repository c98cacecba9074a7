/** plain.mjs's GET /api/feed: the caller's subscribed channels and followed users, merged in JS. */
import { authenticate } from "./auth.mjs"
import { db, stmt } from "./db.mjs"
import { invalid, send, unauthorized } from "./http.mjs"
import { postJson } from "./json.mjs"
import { pageParams, spanParam } from "./params.mjs"

/**
 * GET /api/feed: posts of the channels the caller subscribes to and of the
 * users they follow. The fastest plan we know for SQLite: each source's first
 * offset + limit (rank, id) pairs straight from its (channel_id | author_id,
 * rank DESC, id DESC) index (covering: no table row is read), merged in JS (a
 * post in a subscribed channel by a followed author once), then the page's
 * rows by primary key. Work is bounded by sources × page, whatever the
 * sources' sizes.
 */
const feedOrders = { new: "created_at", hot: "hot_rank", top: "score", rising: "hot_rank" }
const feedStatements = new Map()
const feedStatement = (order, column, since) => {
  const key = `${order}/${column}/${since}`
  let statement = feedStatements.get(key)
  if (statement === undefined) {
    statement = db.prepare(
      `SELECT id, ${feedOrders[order]} AS sort_key FROM posts
       WHERE ${column} = ? AND deleted_at IS NULL${since ? " AND created_at >= ?" : ""}
       ORDER BY ${feedOrders[order]} DESC, id DESC LIMIT ?`
    )
    feedStatements.set(key, statement)
  }
  return statement
}
const feedSources = {
  channels: db.prepare("SELECT channel_id FROM subscriptions WHERE user_id = ?").pluck(),
  followees:
    () => (feedSources.followStatement ??= db.prepare("SELECT followee_id FROM follows WHERE follower_id = ?").pluck())
}

export const feed = (req, res, params) => {
  const user = authenticate(req)
  if (user === undefined) return unauthorized(res)
  const page = pageParams(res, params, 20, 100)
  if (page === undefined) return
  const { limit, offset } = page
  const sort = params.get("sort") ?? "hot"
  if (!Object.hasOwn(feedOrders, sort)) return invalid(res, ["query", "sort"], "sort must be hot, new, top or rising")
  const span = spanParam(res, params, sort)
  if (span === undefined) return
  const since = span === null ? undefined : Date.now() - span
  const want = offset + limit
  const seen = new Set()
  const rows = []
  const collect = (column, ids) => {
    const statement = feedStatement(sort, column, since !== undefined)
    for (const id of ids) {
      const found = since === undefined ? statement.all(id, want) : statement.all(id, since, want)
      for (const row of found) {
        if (seen.has(row.id)) continue
        seen.add(row.id)
        rows.push(row)
      }
    }
  }
  collect("channel_id", feedSources.channels.all(user.id))
  collect("author_id", feedSources.followees().all(user.id))
  rows.sort((a, b) => b.sort_key - a.sort_key || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
  send(res, 200, rows.slice(offset, want).map((row) => postJson(stmt.postById.get(row.id))))
}
