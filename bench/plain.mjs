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
 *
 * The parts live in bench/plain/: config, db (statements, transactions),
 * http and params (answers, bodies, query checks), auth, json (rows as the
 * API's JSON), one module per resource, seed-routes, router.
 */
import { createServer } from "node:http"
import { dbPath, host, port } from "./plain/config.mjs"
import { db } from "./plain/db.mjs"
import { detail } from "./plain/http.mjs"
import { handle } from "./plain/router.mjs"

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
