/**
 * Seeding through Holonet's public API: the users, agent, channels, posts and
 * comment thread of the original phase, and the two readers of the big phase
 * (whose data bench/big.mjs then bulk inserts).
 */
import { SEED_CHANNELS, SEED_CONCURRENCY, SEED_POSTS, SEED_USERS, THREAD_COMMENTS, THREAD_TOP } from "./config.mjs"
import { BenchError } from "./errors.mjs"
import { call, expectStatus, pool } from "./http.mjs"

const WORDS = ("agent network post channel vote comment karma model token latency prompt reasoning context " +
  "memory tool human persona schedule feed search thread reply moderator signal benchmark").split(" ")
/** Deterministic text of 100..1000 characters. */
export function postContent(n) {
  const length = 100 + ((n * 7919) % 900)
  let text = ""
  for (let i = 0; text.length < length; i++) text += `${WORDS[(n + i * 31) % WORDS.length]} `
  return text.slice(0, length).trim()
}

/** Registers a human and logs them in: their id and JWT. */
const registerUser = async (base, username, password, displayName) => {
  const user = await expectStatus(
    `register ${username}`,
    201,
    call(base, "POST", "/api/users", {
      json: { username, password, display_name: displayName }
    })
  )
  const login = await expectStatus(
    `login ${username}`,
    200,
    call(base, "POST", "/api/auth/login", {
      form: { username, password }
    })
  )
  if (typeof login.access_token !== "string") throw new BenchError(`seed: login ${username}: no access_token`)
  return { id: user.id, token: login.access_token }
}

/** The two feed readers of the big phase, registered and logged in through the API (humans, JWTs). */
export const registerReaders = async (base) => {
  const readers = {}
  for (const [key, username] of [["typical", "bench_reader"], ["sparse", "bench_sparse_reader"]]) {
    const { id, token } = await registerUser(base, username, `bench-password-${key}`, `Bench ${key} reader`)
    readers[key] = { id, username, token }
  }
  return readers
}

/** Seeds through the public API; returns the ctx the scenarios use. */
export const seed = async (base) => {
  const t0 = performance.now()
  const users = []
  await pool(SEED_USERS, SEED_CONCURRENCY, async (i) => {
    const username = `bench_user_${i}`
    const { id, token } = await registerUser(base, username, `bench-password-${i}`, `Bench User ${i}`)
    users[i] = { username, id, token }
  })
  const usersMs = performance.now() - t0

  // One agent, owned by the first user; its API key is shown only in this answer.
  const agentName = "bench_agent_0"
  const registered = await expectStatus(
    "register agent",
    201,
    call(base, "POST", "/api/agents", {
      token: users[0].token,
      json: { username: agentName, display_name: "Bench Agent", description: "Reads the benchmark" }
    })
  )
  if (typeof registered.api_key !== "string" || !registered.api_key.startsWith("hn_")) {
    throw new BenchError("seed: register agent: no hn_ api_key in the answer")
  }
  const agent = { username: agentName, id: registered.agent.id, key: registered.api_key }
  await expectStatus("the agent's key authenticates", 200, call(base, "GET", "/api/users/me", { token: agent.key }))

  const channels = []
  await pool(SEED_CHANNELS, SEED_CONCURRENCY, async (i) => {
    const name = `bench-${i}`
    const channel = await expectStatus(
      `channel ${name}`,
      201,
      call(base, "POST", "/api/channels", {
        token: users[i % users.length].token,
        json: { name, title: `Bench channel ${i}`, description: `Benchmark channel number ${i}` }
      })
    )
    channels[i] = { id: channel.id, name }
  })

  const t1 = performance.now()
  const postIds = new Array(SEED_POSTS)
  await pool(SEED_POSTS, SEED_CONCURRENCY, async (i) => {
    const post = await expectStatus(
      `post ${i}`,
      201,
      call(base, "POST", "/api/posts", {
        token: users[i % users.length].token,
        json: {
          title: `Seed post ${i}`,
          content: postContent(i),
          channel_id: channels[i % channels.length].id,
          ...(i % 5 === 0 ? { flair: "discussion" } : {})
        }
      })
    )
    postIds[i] = post.id
  })
  const postsMs = performance.now() - t1
  const totalMs = performance.now() - t0

  const post = await expectStatus(
    "read back a seeded post",
    200,
    call(base, "GET", `/api/posts/${postIds[SEED_POSTS >> 1]}`)
  )

  // Comments and votes: three posts of their own, so no other scenario's answer changes.
  const t2 = performance.now()
  const ownPost = async (what, author) =>
    expectStatus(
      what,
      201,
      call(base, "POST", "/api/posts", {
        token: author.token,
        json: { title: `Bench ${what}`, content: postContent(7), channel_id: channels[0].id }
      })
    )
  const commentTarget = await ownPost("comment target", users[0])
  const voteTarget = await ownPost("vote target", users[0])
  const voters = users.filter((u) => u.id !== voteTarget.author_id)
  const thread = await ownPost("thread", users[0])
  // A three-level thread of THREAD_COMMENTS: 40 top-level comments, 2 replies each, 1 reply to each reply.
  const comment = (i, parentId) =>
    expectStatus(
      `thread comment ${i}`,
      201,
      call(base, "POST", "/api/comments", {
        token: users[i % users.length].token,
        json: {
          post_id: thread.id,
          content: postContent(i),
          ...(parentId === undefined ? {} : { parent_id: parentId })
        }
      })
    ).then((c) => c.id)
  let made = 0
  const tops = []
  await pool(THREAD_TOP, SEED_CONCURRENCY, async (i) => {
    tops[i] = await comment(made++)
  })
  const replies = []
  await pool(THREAD_TOP * 2, SEED_CONCURRENCY, async (i) => {
    replies[i] = await comment(made++, tops[i >> 1])
  })
  await pool(THREAD_TOP * 2, SEED_CONCURRENCY, async (i) => {
    await comment(made++, replies[i])
  })
  const threadRead = await expectStatus("read back the thread", 200, call(base, "GET", `/api/posts/${thread.id}`))
  if (threadRead.comment_count !== THREAD_COMMENTS) {
    throw new BenchError(`seed: thread has comment_count ${threadRead.comment_count}, expected ${THREAD_COMMENTS}`)
  }
  const commentsMs = performance.now() - t2
  return {
    ctx: { users, agent, channels, postIds, post, commentTarget, voteTarget, voters, thread },
    stats: {
      users: SEED_USERS,
      channels: SEED_CHANNELS,
      posts: SEED_POSTS,
      concurrency: SEED_CONCURRENCY,
      users_ms: Math.round(usersMs),
      posts_ms: Math.round(postsMs),
      posts_per_s: Math.round(SEED_POSTS / (postsMs / 1000)),
      thread_comments: THREAD_COMMENTS,
      comments_ms: Math.round(commentsMs),
      total_ms: Math.round(totalMs)
    }
  }
}
