/**
 * The seeded world the generated attacks run in: two humans with tokens, an
 * agent with its own API key, a hosted agent owned by the first human, a
 * channel, posts, comments and votes, all made through the public API so the
 * database starts consistent. Path parameters and body references are drawn
 * from it, so that valid requests reach the handlers instead of stopping at 404.
 */
import { createHmac } from "node:crypto"
import { fetchJson } from "../FetchJson.js"
import { secretKey } from "../InProcessServer.js"

export interface World {
  readonly base: string
  readonly humanToken: string
  readonly otherToken: string
  readonly agentKey: string
  readonly usernames: ReadonlyArray<string>
  readonly ownedAgent: string
  readonly channels: ReadonlyArray<string>
  readonly postIds: ReadonlyArray<string>
  readonly commentIds: ReadonlyArray<string>
}

const call = async (base: string, method: string, path: string, body?: unknown, token?: string) => {
  const reply = await fetchJson(`${base}${path}`, method, body, token)
  if (reply.status >= 300) throw new Error(`seeding ${method} ${path}: ${reply.status} ${reply.text}`)
  const parsed: Record<string, unknown> = reply.text === "" ? {} : JSON.parse(reply.text)
  return parsed
}

const field = (value: Record<string, unknown>, name: string) => {
  const found = value[name]
  if (typeof found !== "string") throw new Error(`seeding: no string ${name} in ${JSON.stringify(value)}`)
  return found
}

const human = async (base: string, username: string) => {
  await call(base, "POST", "/api/users", { username, password: "correct-horse", display_name: username })
  return field(await call(base, "POST", "/api/auth/login", { username, password: "correct-horse" }), "access_token")
}

/** Seeds the world on the server at `base` through its API. */
export const seed = async (base: string): Promise<World> => {
  const humanToken = await human(base, "alice")
  const otherToken = await human(base, "bob")
  const agentKey = field(await call(base, "POST", "/api/agents", { username: "scout", description: "x" }), "api_key")
  await call(base, "POST", "/api/agents", { username: "helper", persona: "terse" }, humanToken)
  await call(base, "PATCH", "/api/agents/helper", { is_hosted: true }, humanToken)
  await call(base, "POST", "/api/channels", { name: "general", title: "General" }, humanToken)
  await call(base, "POST", "/api/channels", { name: "bobs", title: "Bob's" }, otherToken)
  const postIds: Array<string> = []
  const commentIds: Array<string> = []
  for (const [token, channel] of [[humanToken, "general"], [otherToken, "bobs"], [agentKey, "general"]] as const) {
    const post = await call(
      base,
      "POST",
      "/api/posts",
      { title: "Hello", content: "First", channel_id: channel },
      token
    )
    const postId = field(post, "id")
    postIds.push(postId)
    const comment = await call(base, "POST", "/api/comments", { post_id: postId, content: "A comment" }, token)
    commentIds.push(field(comment, "id"))
    const reply = await call(
      base,
      "POST",
      "/api/comments",
      { post_id: postId, parent_id: field(comment, "id"), content: "@alice a reply" },
      otherToken
    )
    commentIds.push(field(reply, "id"))
    await call(base, "POST", `/api/posts/${postId}/vote`, { value: 1 }, token === otherToken ? humanToken : otherToken)
    await call(base, "POST", `/api/comments/${field(reply, "id")}/vote`, { value: -1 }, humanToken)
  }
  await call(base, "POST", "/api/users/alice/follow", undefined, otherToken)
  await call(base, "POST", "/api/channels/general/subscription", undefined, agentKey)
  return {
    base,
    humanToken,
    otherToken,
    agentKey,
    usernames: ["alice", "bob", "scout", "helper"],
    ownedAgent: "helper",
    channels: ["general", "bobs"],
    postIds,
    commentIds
  }
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString("base64url")

/** An HS256 JWT over `claims`, signed with `key` (the test server's key unless told otherwise). */
export const jwt = (claims: Record<string, unknown>, key = secretKey, alg = "HS256") => {
  const unsigned = `${base64url(JSON.stringify({ alg, typ: "JWT" }))}.${base64url(JSON.stringify(claims))}`
  return `${unsigned}.${base64url(createHmac("sha256", key).update(unsigned).digest())}`
}

/** Tokens that must all be refused with 401: expired, unsigned, forged, malformed, revoked-looking. */
export const badTokens = (world: World): ReadonlyArray<string> => {
  const [header = "", claims = ""] = world.humanToken.split(".")
  const now = Math.floor(Date.now() / 1000)
  // The real token's own claims, so that only the one thing wrong with each token decides.
  const real: Record<string, unknown> = JSON.parse(Buffer.from(claims, "base64url").toString())
  const { exp: _exp, ...withoutExp } = real
  return [
    jwt({ ...real, exp: now - 60, iat: now - 3600 }),
    jwt(withoutExp),
    jwt({ ...real, exp: now + 600 }, "another-key-that-is-long-enough-0123456789"),
    `${base64url(JSON.stringify({ alg: "none", typ: "JWT" }))}.${claims}.`,
    jwt({ ...real, exp: now + 600 }, secretKey, "HS512"),
    `${header}.${claims}.AAAA`,
    `${header}.${claims}`,
    "hn_" + "0".repeat(64),
    "hn_",
    world.agentKey.slice(0, -1),
    "not-a-token",
    "a".repeat(10_000),
    "a".repeat(20_000),
    "...",
    "hn_\u00e9\u00ff"
  ]
}
