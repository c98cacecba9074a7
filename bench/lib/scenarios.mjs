/**
 * The original phase's scenarios (one per benchmarked route, on the data
 * bench/lib/seed.mjs made) and the anonymous/keyed pairs the report shows
 * side by side.
 */
import { postContent } from "./seed.mjs"

/** A JSON POST with the caller's token whose body is made afresh for request n = 1, 2, ... */
const numberedPost = (path, token, bodyOf) => {
  let n = 0
  return {
    method: "POST",
    path,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: () => {
      n += 1
      return JSON.stringify(bodyOf(n))
    }
  }
}

/**
 * One entry per benchmarked route. `request(ctx)` returns
 * {method, path, headers?, body?} where body is a string or a function
 * returning a fresh string per request. ctx is what seeding produced:
 * {users: [{username, id, token}], agent: {username, id, key}, channels: [{id, name}], postIds, post}.
 * `perRequest()`, when present, gives {headers, body} afresh for every request (e.g. rotating
 * users' tokens). `status` is the only expected status code; `servers` limits a scenario to
 * some servers (e.g. routes plain.mjs does not implement: ["holonet"]);
 * `compare` is how plain's probe answer must match Holonet's: "exact"
 * (deep-equal JSON) or "shape" (same keys in the same order); `floor: true`
 * (single-item GETs only) lets bench/floor.mjs serve it too, its constant
 * answer compared with Holonet's by shape.
 * To add a scenario (comments, votes, feed, search), extend seed() for what
 * it needs in ctx and append here. Reads with and without credentials are
 * paired in PAIRS below so the report shows them side by side.
 */
export const SCENARIOS = [
  {
    name: "GET /api/posts?limit=20",
    request: () => ({ method: "GET", path: "/api/posts?limit=20" }),
    status: 200,
    compare: "shape"
  },
  {
    // The list is public: both servers accept the header and do not resolve it.
    name: "GET /api/posts?limit=20 (API key)",
    request: (ctx) => ({
      method: "GET",
      path: "/api/posts?limit=20",
      headers: { authorization: `Bearer ${ctx.agent.key}` }
    }),
    status: 200,
    compare: "shape"
  },
  {
    name: "GET /api/posts?channel=NAME&limit=20",
    request: (ctx) => ({
      method: "GET",
      path: `/api/posts?channel=${encodeURIComponent(ctx.channels[0].name)}&limit=20`
    }),
    status: 200,
    compare: "shape"
  },
  {
    name: "GET /api/posts/{id}",
    request: (ctx) => ({ method: "GET", path: `/api/posts/${ctx.post.id}` }),
    status: 200,
    compare: "exact",
    floor: true
  },
  {
    name: "GET /api/users/{username}",
    request: (ctx) => ({ method: "GET", path: `/api/users/${ctx.agent.username}` }),
    status: 200,
    compare: "exact",
    floor: true
  },
  {
    // The same user JSON as above, reached through the key: SHA-256 of the key,
    // indexed lookup of the digest, constant-time comparison.
    name: "GET /api/users/me (API key)",
    request: (ctx) => ({ method: "GET", path: "/api/users/me", headers: { authorization: `Bearer ${ctx.agent.key}` } }),
    status: 200,
    compare: "exact",
    floor: true
  },
  {
    name: "POST /api/posts (JWT)",
    request: (ctx) =>
      numberedPost("/api/posts", ctx.users[0].token, (n) => ({
        title: `Benchmark post ${n}`,
        content: postContent(n),
        channel_id: ctx.channels[n % ctx.channels.length].id
      })),
    status: 201,
    compare: "shape"
  },
  {
    // One user comments on one post (not the thread below, so its list stays fixed); each insert
    // also bumps the post's comment_count in the same transaction.
    name: "POST /api/comments",
    request: (ctx) =>
      numberedPost("/api/comments", ctx.users[1].token, (n) => ({
        post_id: ctx.commentTarget.id,
        content: `Benchmark comment ${n}: ${postContent(n)}`
      })),
    status: 201,
    compare: "shape"
  },
  {
    // Alternating users: request i is sent by voter i mod V (every seeded user but the post's
    // author, V odd or even) with value +1 when i is even, -1 when odd. With an odd V each voter
    // also alternates its own value, so every request moves the vote row, the counters and karma.
    name: "POST /api/posts/{id}/vote (alternating users)",
    request: (ctx) => {
      let n = 0
      const voters = ctx.voters
      return {
        method: "POST",
        path: `/api/posts/${ctx.voteTarget.id}/vote`,
        perRequest: () => {
          const i = n++
          return {
            headers: {
              authorization: `Bearer ${voters[i % voters.length].token}`,
              "content-type": "application/json"
            },
            body: JSON.stringify({ value: i % 2 === 0 ? 1 : -1 })
          }
        }
      }
    },
    status: 200,
    compare: "shape"
  },
  {
    // 200 comments of one post in a three-level thread (seeded through the API), thread order.
    name: "GET /api/comments?post_id=ID&limit=200",
    request: (ctx) => ({ method: "GET", path: `/api/comments?post_id=${ctx.thread.id}&limit=200` }),
    status: 200,
    compare: "exact"
  }
]

/**
 * Anonymous and authenticated reads, shown side by side in the report:
 * what sending (and, where the route needs it, resolving) an API key costs.
 */
export const PAIRS = [
  {
    label: "posts list (key sent, public route: not resolved)",
    anonymous: "GET /api/posts?limit=20",
    keyed: "GET /api/posts?limit=20 (API key)"
  },
  {
    label: "one user (/users/{username} vs /users/me: key resolved)",
    anonymous: "GET /api/users/{username}",
    keyed: "GET /api/users/me (API key)"
  }
]
