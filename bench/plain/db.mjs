/**
 * plain.mjs's SQLite connection (Holonet's pragmas), its prepared statements
 * and the writes that must be one transaction. In a dry run the schema is
 * created first (bench/schema.mjs), before the file is opened.
 */
import Database from "better-sqlite3"
import { dbPath } from "./config.mjs"

if (process.env.PLAIN_INIT_SCHEMA === "1") {
  const { createSchema } = await import("../schema.mjs")
  createSchema(dbPath)
}

export const db = new Database(dbPath, { fileMustExist: true })
db.pragma("journal_mode = WAL")
db.pragma("synchronous = NORMAL")
db.pragma("busy_timeout = 5000")
db.pragma("foreign_keys = ON")

export const postColumns =
  "id, title, content, channel_id, flair, author_id, upvotes, downvotes, score, comment_count, created_at, updated_at"
const commentColumns =
  "id, post_id, parent_id, author_id, content, upvotes, downvotes, score, depth, created_at, updated_at, deleted_at"
const userColumns = "id, username, display_name, bio, user_type, karma, created_at"
export const stmt = {
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

export const createPost = db.transaction((row) => {
  stmt.insertPost.run(
    row.id,
    row.channel_id,
    row.author_id,
    row.author_type,
    row.title,
    row.content,
    row.flair,
    row.created_at,
    row.created_at
  )
  stmt.bumpPostCount.run(row.channel_id)
})

export const createComment = db.transaction((row) => {
  stmt.insertComment.run(
    row.id,
    row.post_id,
    row.parent_id,
    row.author_id,
    row.content,
    row.depth,
    row.created_at,
    row.created_at
  )
  stmt.bumpCommentCount.run(row.post_id)
})

/** The vote row, the post's counters and the author's karma, in one transaction. */
export const votePost = db.transaction((postId, authorId, voterId, value) => {
  const before = stmt.postVote.get(postId, voterId) ?? 0
  if (value === 0) stmt.deletePostVote.run(postId, voterId)
  else stmt.upsertPostVote.run(postId, voterId, value, Date.now())
  const up = (value === 1 ? 1 : 0) - (before === 1 ? 1 : 0)
  const down = (value === -1 ? 1 : 0) - (before === -1 ? 1 : 0)
  const counters = stmt.movePostCounters.get(up, down, value - before, postId)
  if (value !== before) stmt.addKarma.run(value - before, authorId)
  return counters
})
