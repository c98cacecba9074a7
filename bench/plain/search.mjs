/** plain.mjs's GET /api/search: posts only, with Holonet's FTS5 query. */
import { db, postColumns, stmt } from "./db.mjs"
import { invalid, send } from "./http.mjs"
import { postJson } from "./json.mjs"
import { pageParams } from "./params.mjs"

/**
 * GET /api/search?q=&type=posts: Holonet's FTS5 query (SearchRepoSql):
 * every term a quoted prefix, bm25 with title 3 / content 1 over the 1,000
 * most recent matches, ties by id descending. Only type=posts is served here.
 */
const searchTerms = (text) => {
  const words = text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []
  return [...new Set(words)].slice(0, 16)
}
const searchPostsStatement = () => (stmt.searchPosts ??= db.prepare(
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

export const search = (res, params) => {
  const q = params.get("q")
  if (q === null || q.length < 1 || q.length > 200) return invalid(res, ["query", "q"], "q must be 1 to 200 characters")
  const type = params.get("type") ?? "posts"
  if (type !== "posts") return invalid(res, ["query", "type"], "the plain baseline searches posts only")
  const page = pageParams(res, params, 20, 100)
  if (page === undefined) return
  const { limit, offset } = page
  const terms = searchTerms(q)
  if (terms.length === 0) return send(res, 200, [])
  const match = terms.map((term) => `"${term.replaceAll("\"", "\"\"")}"*`).join(" ")
  send(res, 200, searchPostsStatement().all(match, match, limit, offset).map(postJson))
}
