/**
 * The physical-limit baseline for `pnpm bench`: plain `node:http` +
 * better-sqlite3, one process, no framework, serving Holonet's post routes
 * on the same SQLite file, with the same schema and the same JSON shapes:
 *
 *   GET  /health                      {"status":"healthy"}
 *   GET  /api/posts?channel=&sort=&t=&limit=&offset=   sort new (default: newest first), hot, top,
 *                                     rising, controversial: the stored ranks, ties by id desc
 *   GET  /api/posts/:id               404 {"detail","code"} if missing/deleted
 *   POST /api/posts                   Bearer credentials; 201 Post
 *   GET  /api/users/:username         User, 404 if unknown
 *   GET  /api/users/me                Bearer credentials; User
 *   POST /api/comments                Bearer; 201 Comment; comment row + posts.comment_count in one transaction
 *   GET  /api/comments?post_id=&sort=&limit=&offset=   thread order, computed in JS as Holonet does
 *   POST /api/posts/:id/vote          Bearer; {value: 1|-1|0}; vote row + post counters + author karma
 *                                     in one transaction; 200 {upvotes, downvotes, score, my_vote}
 *   GET  /api/feed?sort=&t=&limit=&offset=   Bearer; subscribed channels + followed users, per-source
 *                                     index walks merged (sort hot by default, new, top, rising)
 *   GET  /api/search?q=&limit=&offset=   posts only; Holonet's FTS5 query (bm25 title 3, content 1)
 *
 * Bearer credentials are an HS256 JWT (SECRET_KEY) or an agent API key
 * (`hn_...`). It does what Holonet must do for those routes (parse and
 * validate the query/body; verify the JWT and its exp and look the user up by
 * `sub`, or hash the API key with SHA-256, look the digest up through its
 * index among active agents and compare digests in constant time; insert the
 * post and bump channels.post_count in one transaction) and nothing else, so
 * the ratio Holonet/plain is the price of everything Holonet adds.
 *
 * Seed-only routes (POST /api/users, /api/auth/login, /api/channels,
 * /api/agents) exist solely so `node bench/run.mjs --dry-run` can run the
 * whole pipeline against this server without Holonet; they are never
 * benchmarked.
 *
 * Env: PORT (8000), HOST (127.0.0.1), DATABASE_URL (sqlite:PATH, required),
 * SECRET_KEY (>= 32 bytes, required), ACCESS_TOKEN_EXPIRE_MINUTES (30),
 * PLAIN_INIT_SCHEMA=1 (dry run: create the schema if missing).
 */
import Database from "better-sqlite3"
import { createHash, createHmac, randomBytes, scrypt, timingSafeEqual } from "node:crypto"
import { createServer } from "node:http"
import { promisify } from "node:util"

const scryptAsync = promisify(scrypt)

// ---------------------------------------------------------------- config
const fail = (message) => {
  console.error(`plain: ${message}`)
  process.exit(1)
}
const port = Number(process.env.PORT ?? 8000)
const host = process.env.HOST ?? "127.0.0.1"
const databaseUrl = process.env.DATABASE_URL ?? fail("DATABASE_URL (sqlite:PATH) is required")
if (!databaseUrl.startsWith("sqlite:")) fail(`unsupported DATABASE_URL ${databaseUrl}`)
const dbPath = databaseUrl.slice("sqlite:".length)
const secretKey = Buffer.from(process.env.SECRET_KEY ?? "", "utf8")
if (secretKey.length < 32) fail("SECRET_KEY must be at least 32 bytes")
const tokenTtlSeconds = Math.round(Number(process.env.ACCESS_TOKEN_EXPIRE_MINUTES ?? 30) * 60)
const maxBodyBytes = 1024 * 1024

if (process.env.PLAIN_INIT_SCHEMA === "1") {
  const { createSchema } = await import("./schema.mjs")
  createSchema(dbPath)
}

// ---------------------------------------------------------------- database
const db = new Database(dbPath, { fileMustExist: true })
db.pragma("journal_mode = WAL")
db.pragma("synchronous = NORMAL")
db.pragma("busy_timeout = 5000")
db.pragma("foreign_keys = ON")

const postColumns =
  "id, title, content, channel_id, flair, author_id, upvotes, downvotes, score, comment_count, created_at, updated_at"
const commentColumns =
  "id, post_id, parent_id, author_id, content, upvotes, downvotes, score, depth, created_at, updated_at, deleted_at"
const userColumns = "id, username, display_name, bio, user_type, karma, created_at"
const stmt = {
  listAll: db.prepare(
    `SELECT ${postColumns} FROM posts WHERE deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`
  ),
  listChannel: db.prepare(
    `SELECT ${postColumns} FROM posts WHERE channel_id = ? AND deleted_at IS NULL
     ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`
  ),
  postById: db.prepare(`SELECT ${postColumns} FROM posts WHERE id = ? AND deleted_at IS NULL`),
  channelById: db.prepare("SELECT id FROM channels WHERE id = ?").pluck(),
  channelByName: db.prepare("SELECT id FROM channels WHERE name = ?").pluck(),
  userById: db.prepare("SELECT id, user_type FROM users WHERE id = ?"),
  userProfileById: db.prepare(`SELECT ${userColumns} FROM users WHERE id = ?`),
  userByUsername: db.prepare(`SELECT ${userColumns} FROM users WHERE username_key = ?`),
  agentByKeyDigest: db.prepare(
    `SELECT ${userColumns}, api_key_digest FROM users WHERE api_key_digest = ? AND is_active = 1`
  ),
  insertPost: db.prepare(
    `INSERT INTO posts (id, channel_id, author_id, author_type, title, content, flair,
       upvotes, downvotes, score, comment_count, created_at, updated_at, deleted_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, ?, ?, NULL)`
  ),
  bumpPostCount: db.prepare("UPDATE channels SET post_count = post_count + 1 WHERE id = ?"),
  visiblePost: db.prepare("SELECT id, author_id FROM posts WHERE id = ? AND deleted_at IS NULL"),
  commentById: db.prepare("SELECT id, post_id, depth, deleted_at FROM comments WHERE id = ?"),
  commentsByPost: db.prepare(`SELECT ${commentColumns} FROM comments WHERE post_id = ?`),
  insertComment: db.prepare(
    `INSERT INTO comments (id, post_id, parent_id, author_id, content, upvotes, downvotes, score, depth,
       created_at, updated_at, deleted_at)
     VALUES (?, ?, ?, ?, ?, 0, 0, 0, ?, ?, ?, NULL)`
  ),
  bumpCommentCount: db.prepare("UPDATE posts SET comment_count = comment_count + 1 WHERE id = ?"),
  postVote: db.prepare("SELECT value FROM post_votes WHERE post_id = ? AND user_id = ?").pluck(),
  upsertPostVote: db.prepare(
    `INSERT INTO post_votes (post_id, user_id, value, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (post_id, user_id) DO UPDATE SET value = excluded.value`
  ),
  deletePostVote: db.prepare("DELETE FROM post_votes WHERE post_id = ? AND user_id = ?"),
  movePostCounters: db.prepare(
    `UPDATE posts SET upvotes = upvotes + ?, downvotes = downvotes + ?, score = score + ? WHERE id = ?
     RETURNING upvotes, downvotes, score`
  ),
  addKarma: db.prepare("UPDATE users SET karma = karma + ? WHERE id = ?"),
  // seed-only
  userByKey: db.prepare("SELECT id, password_hash FROM users WHERE username_key = ?"),
  insertUser: db.prepare(
    `INSERT INTO users (id, username, username_key, display_name, bio, user_type, password_hash, karma, created_at)
     VALUES (?, ?, ?, ?, NULL, 'human', ?, 0, ?)`
  ),
  insertAgent: db.prepare(
    `INSERT INTO users (id, username, username_key, display_name, bio, user_type, password_hash, karma, created_at,
       description, persona, owner_id, is_hosted, api_key_digest, is_active)
     VALUES (?, ?, ?, ?, NULL, 'agent', NULL, 0, ?, ?, NULL, ?, 0, ?, 1)`
  ),
  insertChannel: db.prepare(
    `INSERT INTO channels (id, name, title, description, created_by, subscriber_count, post_count, created_at)
     VALUES (?, ?, ?, ?, ?, 1, 0, ?)`
  ),
  insertModerator: db.prepare("INSERT INTO channel_moderators (channel_id, user_id, created_at) VALUES (?, ?, ?)"),
  insertSubscription: db.prepare("INSERT INTO subscriptions (channel_id, user_id, created_at) VALUES (?, ?, ?)")
}

const createPost = db.transaction((row) => {
  stmt.insertPost.run(
    row.id, row.channel_id, row.author_id, row.author_type, row.title, row.content, row.flair,
    row.created_at, row.created_at
  )
  stmt.bumpPostCount.run(row.channel_id)
})

const createComment = db.transaction((row) => {
  stmt.insertComment.run(
    row.id, row.post_id, row.parent_id, row.author_id, row.content, row.depth, row.created_at, row.created_at
  )
  stmt.bumpCommentCount.run(row.post_id)
})

/** The vote row, the post's counters and the author's karma, in one transaction. */
const votePost = db.transaction((postId, authorId, voterId, value) => {
  const before = stmt.postVote.get(postId, voterId) ?? 0
  if (value === 0) stmt.deletePostVote.run(postId, voterId)
  else stmt.upsertPostVote.run(postId, voterId, value, Date.now())
  const up = (value === 1 ? 1 : 0) - (before === 1 ? 1 : 0)
  const down = (value === -1 ? 1 : 0) - (before === -1 ? 1 : 0)
  const counters = stmt.movePostCounters.get(up, down, value - before, postId)
  if (value !== before) stmt.addKarma.run(value - before, authorId)
  return counters
})

// ---------------------------------------------------------------- helpers
/** Time-ordered UUID (version 7), like Holonet's ids. */
const uuidV7 = () => {
  const b = randomBytes(16)
  const ms = Date.now()
  b.writeUIntBE(ms, 0, 6)
  b[6] = (b[6] & 0x0f) | 0x70
  b[8] = (b[8] & 0x3f) | 0x80
  const h = b.toString("hex")
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

const iso = (ms) => new Date(Number(ms)).toISOString()

/** A posts row as the Post JSON of API.md (same keys, same order as Holonet). */
const postJson = (r) => ({
  id: r.id,
  title: r.title,
  content: r.content,
  channel_id: r.channel_id,
  flair: r.flair,
  author_id: r.author_id,
  upvotes: r.upvotes,
  downvotes: r.downvotes,
  score: r.score,
  comment_count: r.comment_count,
  created_at: iso(r.created_at),
  updated_at: iso(r.updated_at)
})

/** A comments row as the Comment JSON of API.md (same keys, same order as Holonet). */
const commentJson = (r) => ({
  id: r.id,
  post_id: r.post_id,
  parent_id: r.parent_id,
  author_id: r.author_id,
  content: r.deleted_at === null ? r.content : "",
  upvotes: r.upvotes,
  downvotes: r.downvotes,
  score: r.score,
  depth: r.depth,
  created_at: iso(r.created_at),
  updated_at: iso(r.updated_at),
  is_deleted: r.deleted_at !== null
})

const wilson = (up, down) => {
  const n = up + down
  if (n === 0) return 0
  const z = 1.281551565545
  const p = up / n
  const z2 = z * z
  return (p + z2 / (2 * n) - z * Math.sqrt((p * (1 - p) + z2 / (4 * n)) / n)) / (1 + z2 / n)
}
const byId = (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
const commentSorts = {
  best: (a, b) => wilson(b.upvotes, b.downvotes) - wilson(a.upvotes, a.downvotes) || byId(a, b),
  top: (a, b) => b.score - a.score || byId(a, b),
  new: (a, b) => Number(b.created_at) - Number(a.created_at) || byId(b, a),
  old: (a, b) => Number(a.created_at) - Number(b.created_at) || byId(a, b)
}

/** Each comment after its parent, siblings by the sort: depth-first, as Holonet's threadOrder. */
const threadOrder = (rows, compare) => {
  const children = new Map()
  for (const row of rows) {
    const siblings = children.get(row.parent_id)
    if (siblings === undefined) children.set(row.parent_id, [row])
    else siblings.push(row)
  }
  for (const siblings of children.values()) siblings.sort(compare)
  const ordered = []
  const stack = [...(children.get(null) ?? [])].reverse()
  while (stack.length > 0) {
    const next = stack.pop()
    ordered.push(next)
    const replies = children.get(next.id)
    if (replies !== undefined) for (let i = replies.length - 1; i >= 0; i--) stack.push(replies[i])
  }
  return ordered
}

const send = (res, status, body, headers) => {
  const payload = JSON.stringify(body)
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(payload),
    ...headers
  })
  res.end(payload)
}
const detail = (res, status, message, code, headers) =>
  send(res, status, code === undefined ? { detail: message } : { detail: message, code }, headers)
const unauthorized = (res) =>
  detail(res, 401, "Could not validate credentials", "unauthorized", { "www-authenticate": "Bearer" })
const invalid = (res, loc, msg, type = "value_error") => send(res, 422, { detail: [{ loc, msg, type }] })

const base64url = (buf) => buf.toString("base64url")

const signJwt = (sub) => {
  const now = Math.floor(Date.now() / 1000)
  const header = base64url(Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })))
  const payload = base64url(Buffer.from(JSON.stringify({ sub, iat: now, exp: now + tokenTtlSeconds })))
  const signature = base64url(createHmac("sha256", secretKey).update(`${header}.${payload}`).digest())
  return `${header}.${payload}.${signature}`
}

/** HS256 only, signature checked in constant time, `exp` and `sub` required. Returns sub or undefined. */
const verifyJwt = (token) => {
  const parts = token.split(".")
  if (parts.length !== 3) return undefined
  try {
    const header = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8"))
    if (header?.alg !== "HS256") return undefined
    const expected = createHmac("sha256", secretKey).update(`${parts[0]}.${parts[1]}`).digest()
    const given = Buffer.from(parts[2], "base64url")
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined
    const payload = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"))
    if (typeof payload?.exp !== "number" || payload.exp <= Date.now() / 1000) return undefined
    if (typeof payload.nbf === "number" && payload.nbf > Date.now() / 1000) return undefined
    return typeof payload.sub === "string" ? payload.sub : undefined
  } catch {
    return undefined
  }
}

/** A users row as the User JSON of API.md (same keys, same order as Holonet). */
const userJson = (r) => ({
  id: r.id,
  username: r.username,
  display_name: r.display_name,
  bio: r.bio,
  user_type: r.user_type,
  karma: r.karma,
  created_at: iso(r.created_at)
})

const apiKeyPrefix = "hn_"
const keyDigest = (key) => createHash("sha256").update(key, "utf8").digest("hex")

/** The active agent holding this API key (its users row), or undefined. */
const agentByKey = (key) => {
  const digest = keyDigest(key)
  const row = stmt.agentByKeyDigest.get(digest)
  if (row === undefined) return undefined
  const stored = Buffer.from(row.api_key_digest, "hex")
  const given = Buffer.from(digest, "hex")
  return stored.length === given.length && timingSafeEqual(stored, given) ? row : undefined
}

/**
 * The current user from `Authorization: Bearer <jwt or API key>`, or
 * undefined: {id, user_type} for a JWT (`full` false), the whole users row
 * otherwise.
 */
const authenticate = (req, full = false) => {
  const header = req.headers.authorization
  if (header === undefined || !header.startsWith("Bearer ")) return undefined
  const token = header.slice(7).trim()
  if (token.startsWith(apiKeyPrefix)) return agentByKey(token)
  const sub = verifyJwt(token)
  if (sub === undefined) return undefined
  return full ? stmt.userProfileById.get(sub) : stmt.userById.get(sub)
}

/** Reads the body (<= 1 MiB). Resolves to a string, or undefined after answering 413. */
const readBody = (req, res) =>
  new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? 0)
    if (declared > maxBodyBytes) {
      detail(res, 413, "Request body too large", "payload_too_large", { connection: "close" })
      req.resume()
      return resolve(undefined)
    }
    const chunks = []
    let size = 0
    let tooLarge = false
    req.on("data", (chunk) => {
      size += chunk.length
      if (size > maxBodyBytes) tooLarge = true
      else chunks.push(chunk)
    })
    req.on("end", () => {
      if (tooLarge) {
        detail(res, 413, "Request body too large", "payload_too_large")
        return resolve(undefined)
      }
      resolve(Buffer.concat(chunks).toString("utf8"))
    })
    req.on("error", reject)
  })

const isJson = (req) => (req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase() === "application/json"

/** JSON object body, or undefined after answering 415/422/413. */
const readJsonObject = async (req, res) => {
  if (!isJson(req)) {
    detail(res, 415, "Content-Type must be application/json", "unsupported_media_type")
    req.resume()
    return undefined
  }
  const text = await readBody(req, res)
  if (text === undefined) return undefined
  let body
  try {
    body = JSON.parse(text)
  } catch {
    invalid(res, ["body"], "Invalid JSON", "json_invalid")
    return undefined
  }
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    invalid(res, ["body"], "Expected a JSON object", "type_error")
    return undefined
  }
  return body
}

const channelIdOf = (ref) => stmt.channelById.get(ref) ?? stmt.channelByName.get(ref)

const intParam = (params, name, fallback) => {
  const raw = params.get(name)
  if (raw === null) return fallback
  return /^-?\d+$/.test(raw) ? Number(raw) : NaN
}

/** Optional text: null/absent → null; trimmed; max length. Returns [ok, value]. */
const optionalText = (value, max) => {
  if (value === undefined || value === null) return [true, null]
  if (typeof value !== "string") return [false]
  const trimmed = value.trim()
  return trimmed.length <= max ? [true, trimmed] : [false]
}

// ---------------------------------------------------------------- post orders
/**
 * The ranked sorts read the stored ranks (posts.hot_rank, controversy_rank:
 * migration 0006) through their indexes, ties by id descending, as Holonet
 * does; `rising` is hot within the last 12 hours, `top` takes a window `t`.
 * Their statements are prepared on first use, so this server still runs on a
 * database without those columns (until a ranked sort is asked for).
 */
const postOrders = {
  new: "created_at DESC, id DESC",
  hot: "hot_rank DESC, id DESC",
  top: "score DESC, id DESC",
  controversial: "controversy_rank DESC, id DESC"
}
const hourMs = 3_600_000
const topWindows = { hour: hourMs, day: 24 * hourMs, week: 168 * hourMs, month: 720 * hourMs, year: 8760 * hourMs, all: null }
const listStatements = new Map()
/** SELECT of one order, with or without a channel filter and a creation-time bound. */
const listStatement = (order, byChannel, since) => {
  const key = `${order}/${byChannel}/${since}`
  let statement = listStatements.get(key)
  if (statement === undefined) {
    const where = [byChannel ? "channel_id = ?" : undefined, "deleted_at IS NULL", since ? "created_at >= ?" : undefined]
    statement = db.prepare(
      `SELECT ${postColumns} FROM posts WHERE ${where.filter(Boolean).join(" AND ")}
       ORDER BY ${postOrders[order]} LIMIT ? OFFSET ?`
    )
    listStatements.set(key, statement)
  }
  return statement
}

// ---------------------------------------------------------------- routes
const listPosts = (res, params) => {
  const limit = intParam(params, "limit", 20)
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    return invalid(res, ["query", "limit"], "limit must be an integer between 1 and 100")
  }
  const offset = intParam(params, "offset", 0)
  if (!Number.isInteger(offset) || offset < 0) return invalid(res, ["query", "offset"], "offset must be >= 0")
  const sort = params.get("sort") ?? "new"
  if (sort !== "rising" && !Object.hasOwn(postOrders, sort)) {
    return invalid(res, ["query", "sort"], "sort must be new, hot, top, rising or controversial")
  }
  const t = params.get("t") ?? "all"
  if (!Object.hasOwn(topWindows, t)) return invalid(res, ["query", "t"], "t must be hour, day, week, month, year or all")
  const order = sort === "rising" ? "hot" : sort
  const span = sort === "rising" ? 12 * hourMs : sort === "top" ? topWindows[t] : null
  const channel = params.get("channel")
  const args = []
  if (channel !== null) {
    const channelId = channelIdOf(channel)
    if (channelId === undefined) return detail(res, 404, `Channel '${channel}' not found`, "channel_not_found")
    args.push(channelId)
  }
  if (span !== null) args.push(Date.now() - span)
  args.push(limit, offset)
  const rows = order === "new" && span === null
    ? (channel !== null ? stmt.listChannel : stmt.listAll).all(...args)
    : listStatement(order, channel !== null, span !== null).all(...args)
  send(res, 200, rows.map(postJson))
}

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
  followees: () => (feedSources.followStatement ??= db.prepare("SELECT followee_id FROM follows WHERE follower_id = ?").pluck())
}

const feed = (req, res, params) => {
  const user = authenticate(req)
  if (user === undefined) return unauthorized(res)
  const limit = intParam(params, "limit", 20)
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    return invalid(res, ["query", "limit"], "limit must be an integer between 1 and 100")
  }
  const offset = intParam(params, "offset", 0)
  if (!Number.isInteger(offset) || offset < 0) return invalid(res, ["query", "offset"], "offset must be >= 0")
  const sort = params.get("sort") ?? "hot"
  if (!Object.hasOwn(feedOrders, sort)) return invalid(res, ["query", "sort"], "sort must be hot, new, top or rising")
  const t = params.get("t") ?? "all"
  if (!Object.hasOwn(topWindows, t)) return invalid(res, ["query", "t"], "t must be hour, day, week, month, year or all")
  const span = sort === "rising" ? 12 * hourMs : sort === "top" ? topWindows[t] : null
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

/**
 * GET /api/search?q=&type=posts: Holonet's FTS5 query (SearchRepoSql):
 * every term a quoted prefix, bm25 with title 3 / content 1 over the 1,000
 * most recent matches, ties by id descending. Only type=posts is served here.
 */
const searchTerms = (text) => {
  const words = text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []
  return [...new Set(words)].slice(0, 16)
}
const searchPostsStatement = () =>
  (stmt.searchPosts ??= db.prepare(
    `SELECT ${postColumns.split(", ").map((c) => `posts.${c}`).join(", ")} FROM (
       SELECT posts.rowid AS doc, found.score AS score, posts.id AS id FROM (
         SELECT rowid AS doc, bm25(posts_search, 3.0, 1.0) AS score FROM posts_search
         WHERE posts_search MATCH ? AND rowid >= coalesce((SELECT rowid FROM posts_search
           WHERE posts_search MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET 999), 0)
       ) AS found JOIN posts ON posts.rowid = found.doc
       WHERE posts.deleted_at IS NULL
       ORDER BY found.score, posts.id DESC LIMIT ? OFFSET ?
     ) AS best JOIN posts ON posts.rowid = best.doc
     ORDER BY best.score, best.id DESC`
  ))

const search = (res, params) => {
  const q = params.get("q")
  if (q === null || q.length < 1 || q.length > 200) return invalid(res, ["query", "q"], "q must be 1 to 200 characters")
  const type = params.get("type") ?? "posts"
  if (type !== "posts") return invalid(res, ["query", "type"], "the plain baseline searches posts only")
  const limit = intParam(params, "limit", 20)
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    return invalid(res, ["query", "limit"], "limit must be an integer between 1 and 100")
  }
  const offset = intParam(params, "offset", 0)
  if (!Number.isInteger(offset) || offset < 0) return invalid(res, ["query", "offset"], "offset must be >= 0")
  const terms = searchTerms(q)
  if (terms.length === 0) return send(res, 200, [])
  const match = terms.map((term) => `"${term.replaceAll('"', '""')}"*`).join(" ")
  send(res, 200, searchPostsStatement().all(match, match, limit, offset).map(postJson))
}

const getUser = (res, username) => {
  const row = stmt.userByUsername.get(username.toLowerCase())
  if (row === undefined) return detail(res, 404, `User '${username}' not found`, "user_not_found")
  send(res, 200, userJson(row))
}

const me = (req, res) => {
  const user = authenticate(req, true)
  if (user === undefined) return unauthorized(res)
  send(res, 200, userJson(user))
}

/** The caller and the JSON object body of an authenticated write; undefined once an error was answered. */
const authenticatedJson = async (req, res) => {
  const user = authenticate(req)
  if (user === undefined) {
    req.resume()
    unauthorized(res)
    return undefined
  }
  const body = await readJsonObject(req, res)
  return body === undefined ? undefined : { user, body }
}

const getPost = (res, id) => {
  const row = stmt.postById.get(id)
  if (row === undefined) return detail(res, 404, `Post '${id}' not found`, "post_not_found")
  send(res, 200, postJson(row))
}

const createPostRoute = async (req, res) => {
  const request = await authenticatedJson(req, res)
  if (request === undefined) return
  const { user, body } = request
  const title = typeof body.title === "string" ? body.title.trim() : undefined
  if (title === undefined || title.length < 1 || title.length > 300) {
    return invalid(res, ["body", "title"], "title must be 1 to 300 characters")
  }
  if (typeof body.content !== "string" || body.content.length > 40_000) {
    return invalid(res, ["body", "content"], "content must be a string of at most 40000 characters")
  }
  const ref = body.channel_id
  if (typeof ref !== "string" || ref.length < 1 || ref.length > 64) {
    return invalid(res, ["body", "channel_id"], "channel_id must be a channel id or name")
  }
  const [flairOk, flair] = optionalText(body.flair, 64)
  if (!flairOk) return invalid(res, ["body", "flair"], "flair must be at most 64 characters")
  const channelId = channelIdOf(ref)
  if (channelId === undefined) return detail(res, 404, `Channel '${ref}' not found`, "channel_not_found")
  const now = Date.now()
  const row = {
    id: uuidV7(),
    title,
    content: body.content,
    channel_id: channelId,
    flair,
    author_id: user.id,
    author_type: user.user_type,
    upvotes: 0,
    downvotes: 0,
    score: 0,
    comment_count: 0,
    created_at: now,
    updated_at: now
  }
  createPost(row)
  send(res, 201, postJson(row))
}

const listComments = (res, params) => {
  const postId = params.get("post_id")
  if (postId === null || postId.length < 1 || postId.length > 64) {
    return invalid(res, ["query", "post_id"], "is missing", "missing")
  }
  const sort = params.get("sort") ?? "best"
  const compare = commentSorts[sort]
  if (!Object.hasOwn(commentSorts, sort)) return invalid(res, ["query", "sort"], "sort must be best, top, new or old")
  const limit = intParam(params, "limit", 200)
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
    return invalid(res, ["query", "limit"], "limit must be an integer between 1 and 500")
  }
  const offset = intParam(params, "offset", 0)
  if (!Number.isInteger(offset) || offset < 0) return invalid(res, ["query", "offset"], "offset must be >= 0")
  if (stmt.visiblePost.get(postId) === undefined) {
    return detail(res, 404, `Post '${postId}' not found`, "post_not_found")
  }
  const ordered = threadOrder(stmt.commentsByPost.all(postId), compare)
  send(res, 200, ordered.slice(offset, offset + limit).map(commentJson))
}

const createCommentRoute = async (req, res) => {
  const request = await authenticatedJson(req, res)
  if (request === undefined) return
  const { user, body } = request
  const postId = body.post_id
  if (typeof postId !== "string" || postId.length < 1 || postId.length > 64) {
    return invalid(res, ["body", "post_id"], "post_id must be a post id")
  }
  if (typeof body.content !== "string" || body.content.length < 1 || body.content.length > 10_000) {
    return invalid(res, ["body", "content"], "content must be 1 to 10000 characters")
  }
  const parentId = body.parent_id ?? null
  if (parentId !== null && (typeof parentId !== "string" || parentId.length < 1 || parentId.length > 64)) {
    return invalid(res, ["body", "parent_id"], "parent_id must be a comment id")
  }
  if (stmt.visiblePost.get(postId) === undefined) {
    return detail(res, 404, `Post '${postId}' not found`, "post_not_found")
  }
  let depth = 0
  if (parentId !== null) {
    const parent = stmt.commentById.get(parentId)
    if (parent === undefined || parent.deleted_at !== null) {
      return detail(res, 404, `Comment '${parentId}' not found`, "comment_not_found")
    }
    if (parent.post_id !== postId) {
      return detail(res, 422, `Parent comment '${parentId}' does not belong to post '${postId}'`, "parent_not_in_post")
    }
    depth = parent.depth + 1
    if (depth > 50) return detail(res, 422, "Replies may nest at most 50 levels deep", "thread_too_deep")
  }
  const now = Date.now()
  const row = {
    id: uuidV7(),
    post_id: postId,
    parent_id: parentId,
    author_id: user.id,
    content: body.content,
    upvotes: 0,
    downvotes: 0,
    score: 0,
    depth,
    created_at: now,
    updated_at: now,
    deleted_at: null
  }
  createComment(row)
  send(res, 201, commentJson(row))
}

const votePostRoute = async (req, res, postId) => {
  const request = await authenticatedJson(req, res)
  if (request === undefined) return
  const { user, body } = request
  const value = body.value
  if (value !== 1 && value !== -1 && value !== 0) return invalid(res, ["body", "value"], "value must be 1, -1 or 0")
  const post = stmt.visiblePost.get(postId)
  if (post === undefined) return detail(res, 404, `Post '${postId}' not found`, "post_not_found")
  if (post.author_id === user.id) return detail(res, 403, "You cannot vote on your own post", "permission_denied")
  const counters = votePost(postId, post.author_id, user.id, value)
  send(res, 200, { upvotes: counters.upvotes, downvotes: counters.downvotes, score: counters.score, my_vote: value })
}

// seed-only routes (dry run) ------------------------------------------------
const register = async (req, res) => {
  const body = await readJsonObject(req, res)
  if (body === undefined) return
  const { username, password } = body
  if (typeof username !== "string" || !/^[A-Za-z0-9_-]{3,32}$/.test(username)) {
    return invalid(res, ["body", "username"], "invalid username")
  }
  if (typeof password !== "string" || password.length < 8 || password.length > 128) {
    return invalid(res, ["body", "password"], "invalid password")
  }
  if (stmt.userByKey.get(username.toLowerCase()) !== undefined) {
    return detail(res, 409, "Username already taken", "username_taken")
  }
  const salt = randomBytes(16)
  const hash = `${salt.toString("base64")}$${(await scryptAsync(password, salt, 32)).toString("base64")}`
  const id = uuidV7()
  const now = Date.now()
  const displayName = typeof body.display_name === "string" ? body.display_name : null
  stmt.insertUser.run(id, username, username.toLowerCase(), displayName, hash, now)
  send(res, 201, {
    id, username, display_name: displayName, bio: null, user_type: "human", karma: 0, created_at: iso(now)
  })
}

const login = async (req, res) => {
  let username
  let password
  if (isJson(req)) {
    const body = await readJsonObject(req, res)
    if (body === undefined) return
    ;({ username, password } = body)
  } else {
    const text = await readBody(req, res)
    if (text === undefined) return
    const form = new URLSearchParams(text)
    username = form.get("username")
    password = form.get("password")
  }
  const user = typeof username === "string" ? stmt.userByKey.get(username.toLowerCase()) : undefined
  if (user === undefined || typeof password !== "string") {
    return detail(res, 401, "Incorrect username or password", "invalid_credentials", { "www-authenticate": "Bearer" })
  }
  const [salt, hash] = user.password_hash.split("$")
  const actual = await scryptAsync(password, Buffer.from(salt, "base64"), 32)
  if (!timingSafeEqual(actual, Buffer.from(hash, "base64"))) {
    return detail(res, 401, "Incorrect username or password", "invalid_credentials", { "www-authenticate": "Bearer" })
  }
  send(res, 200, { access_token: signJwt(user.id), token_type: "bearer", expires_in: tokenTtlSeconds })
}

const registerAgent = async (req, res) => {
  let owner = null
  if (req.headers.authorization !== undefined) {
    const caller = authenticate(req)
    if (caller === undefined) {
      req.resume()
      return unauthorized(res)
    }
    if (caller.user_type === "human") owner = caller.id
  }
  const body = await readJsonObject(req, res)
  if (body === undefined) return
  const { username } = body
  if (typeof username !== "string" || !/^[A-Za-z0-9_-]{3,32}$/.test(username)) {
    return invalid(res, ["body", "username"], "invalid username")
  }
  if (stmt.userByKey.get(username.toLowerCase()) !== undefined) {
    return detail(res, 409, `Username '${username}' is already taken`, "username_taken")
  }
  const key = `${apiKeyPrefix}${randomBytes(32).toString("base64url")}`
  const id = uuidV7()
  const now = Date.now()
  const displayName = typeof body.display_name === "string" ? body.display_name.trim() : null
  const description = typeof body.description === "string" ? body.description.trim() : null
  stmt.insertAgent.run(id, username, username.toLowerCase(), displayName, now, description, owner, keyDigest(key))
  send(res, 201, {
    agent: {
      id,
      username,
      display_name: displayName,
      bio: null,
      user_type: "agent",
      karma: 0,
      created_at: iso(now),
      description,
      persona: null,
      owner_id: owner,
      is_hosted: false
    },
    api_key: key
  })
}

const createChannel = async (req, res) => {
  const request = await authenticatedJson(req, res)
  if (request === undefined) return
  const { user, body } = request
  if (typeof body.name !== "string" || !/^[a-z0-9][a-z0-9_-]{1,29}$/.test(body.name)) {
    return invalid(res, ["body", "name"], "invalid channel name")
  }
  if (typeof body.title !== "string" || body.title.trim().length < 1) {
    return invalid(res, ["body", "title"], "invalid title")
  }
  if (stmt.channelByName.get(body.name) !== undefined) {
    return detail(res, 409, "Channel name already taken", "channel_name_taken")
  }
  const id = uuidV7()
  const now = Date.now()
  const description = typeof body.description === "string" ? body.description : null
  db.transaction(() => {
    stmt.insertChannel.run(id, body.name, body.title.trim(), description, user.id, now)
    stmt.insertModerator.run(id, user.id, now)
    stmt.insertSubscription.run(id, user.id, now)
  })()
  send(res, 201, {
    id,
    name: body.name,
    title: body.title.trim(),
    description,
    created_by: user.id,
    subscriber_count: 1,
    post_count: 0,
    created_at: iso(now)
  })
}

// ---------------------------------------------------------------- server
const handle = async (req, res) => {
  const q = req.url.indexOf("?")
  let path = q === -1 ? req.url : req.url.slice(0, q)
  if (path.length > 1 && path.endsWith("/")) path = path.slice(0, -1)
  const method = req.method

  if (path === "/api/posts") {
    if (method === "GET") return listPosts(res, new URLSearchParams(q === -1 ? "" : req.url.slice(q + 1)))
    if (method === "POST") return createPostRoute(req, res)
  } else if (path.startsWith("/api/posts/") && path.indexOf("/", 11) === -1) {
    if (method === "GET") return getPost(res, decodeURIComponent(path.slice(11)))
  } else if (path.startsWith("/api/posts/") && path.endsWith("/vote") && path.indexOf("/", 11) === path.length - 5) {
    if (method === "POST") return votePostRoute(req, res, decodeURIComponent(path.slice(11, -5)))
  } else if (path === "/api/comments") {
    if (method === "GET") return listComments(res, new URLSearchParams(q === -1 ? "" : req.url.slice(q + 1)))
    if (method === "POST") return createCommentRoute(req, res)
  } else if (path === "/api/feed") {
    if (method === "GET") return feed(req, res, new URLSearchParams(q === -1 ? "" : req.url.slice(q + 1)))
  } else if (path === "/api/search") {
    if (method === "GET") return search(res, new URLSearchParams(q === -1 ? "" : req.url.slice(q + 1)))
  } else if (path === "/api/users/me") {
    if (method === "GET") return me(req, res)
  } else if (path.startsWith("/api/users/") && path.indexOf("/", 11) === -1) {
    if (method === "GET") return getUser(res, decodeURIComponent(path.slice(11)))
  } else if (path === "/health") {
    if (method === "GET") return send(res, 200, { status: "healthy" })
  } else if (path === "/api/users" && method === "POST") {
    return register(req, res)
  } else if (path === "/api/auth/login" && method === "POST") {
    return login(req, res)
  } else if (path === "/api/agents" && method === "POST") {
    return registerAgent(req, res)
  } else if (path === "/api/channels" && method === "POST") {
    return createChannel(req, res)
  } else {
    req.resume()
    return detail(res, 404, "Not found", "not_found")
  }
  req.resume()
  detail(res, 405, "Method not allowed", "method_not_allowed")
}

const server = createServer((req, res) => {
  handle(req, res).catch((error) => {
    console.error("plain: request failed", error)
    if (!res.headersSent) detail(res, 500, "Internal server error", "internal")
    else res.destroy()
  })
})
server.keepAliveTimeout = 65_000

const shutdown = () => {
  server.close(() => {
    db.close()
    process.exit(0)
  })
  server.closeIdleConnections()
  setTimeout(() => process.exit(0), 5000).unref()
}
process.on("SIGTERM", shutdown)
process.on("SIGINT", shutdown)

server.listen(port, host, () => console.log(`plain: listening on http://${host}:${port} (${dbPath})`))
