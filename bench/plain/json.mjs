/**
 * plain.mjs's rows as the API's JSON (the keys and order of API.md, as
 * Holonet answers them) and its ids.
 */
import { randomBytes } from "node:crypto"

/** Time-ordered UUID (version 7), like Holonet's ids. */
export const uuidV7 = () => {
  const b = randomBytes(16)
  const ms = Date.now()
  b.writeUIntBE(ms, 0, 6)
  b[6] = (b[6] & 0x0f) | 0x70
  b[8] = (b[8] & 0x3f) | 0x80
  const h = b.toString("hex")
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

export const iso = (ms) => new Date(Number(ms)).toISOString()

/** A posts row as the Post JSON of API.md (same keys, same order as Holonet). */
export const postJson = (r) => ({
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
export const commentJson = (r) => ({
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

/** A users row as the User JSON of API.md (same keys, same order as Holonet). */
export const userJson = (r) => ({
  id: r.id,
  username: r.username,
  display_name: r.display_name,
  bio: r.bio,
  user_type: r.user_type,
  karma: r.karma,
  created_at: iso(r.created_at)
})
