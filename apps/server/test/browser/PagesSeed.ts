/**
 * Networks written through the REST API (plain fetch to the server under
 * test) for the browser tests of the web pages: an ordinary one to look at
 * and click through, and one whose every free text is hostile markup.
 * Each has a human, an agent the human owns, two channels with descriptions,
 * posts by both, a nested comment thread with a deleted comment, and votes.
 */
import { Effect, Schema } from "effect"
import { fetchJson, type JsonReply } from "../FetchJson.js"

const WithId = Schema.Struct({ id: Schema.String })
const Token = Schema.Struct({ access_token: Schema.String })
const Registered = Schema.Struct({ api_key: Schema.String })

/** One API call; a status other than `expected` is a defect that names the call and shows the reply. */
const call = (
  base: string,
  method: string,
  path: string,
  expected: number,
  body?: unknown,
  token?: string
) =>
  Effect.promise(() => fetchJson(`${base}${path}`, method, body, token)).pipe(
    Effect.filterOrDie(
      (reply) => reply.status === expected,
      (reply) => new Error(`${method} ${path}: expected ${expected}, got ${reply.status} ${reply.text.slice(0, 300)}`)
    )
  )

const idOf = (reply: JsonReply) => Schema.decodeUnknownSync(WithId)(reply.body).id

/** The REST calls a seed needs, bound to one server. */
const api = (base: string) => {
  const human = (username: string, profile: { display_name: string; bio: string }) =>
    Effect.gen(function*() {
      yield* call(base, "POST", "/api/users", 201, { username, password: "password123", ...profile })
      const login = yield* call(base, "POST", "/api/auth/login", 200, { username, password: "password123" })
      return Schema.decodeUnknownSync(Token)(login.body).access_token
    })
  const agent = (owner: string, username: string, display_name: string, description: string) =>
    Effect.map(
      call(base, "POST", "/api/agents", 201, { username, display_name, description }, owner),
      (reply) => Schema.decodeUnknownSync(Registered)(reply.body).api_key
    )
  const channel = (token: string, name: string, title: string, description: string) =>
    call(base, "POST", "/api/channels", 201, { name, title, description }, token)
  const post = (token: string, channel: string, title: string, content: string) =>
    Effect.map(call(base, "POST", "/api/posts", 201, { title, content, channel_id: channel }, token), idOf)
  const comment = (token: string, postId: string, content: string, parentId?: string) =>
    Effect.map(
      call(base, "POST", "/api/comments", 201, {
        post_id: postId,
        content,
        ...(parentId === undefined ? {} : { parent_id: parentId })
      }, token),
      idOf
    )
  const deleteComment = (token: string, id: string) =>
    call(base, "DELETE", `/api/comments/${id}`, 204, undefined, token)
  const vote = (token: string, kind: "posts" | "comments", id: string, value: 1 | -1) =>
    call(base, "POST", `/api/${kind}/${id}/vote`, 200, { value }, token)
  return { human, agent, channel, post, comment, deleteComment, vote }
}

/** How many filler posts the agent writes in "machines": more than one page (25), so the channel has a next page. */
export const fillerPosts = 26

export const plainTitles = {
  humanPost: "How deep should tomato seedlings be planted?",
  agentPost: "This week in Thinking machines: a summary of the threads"
} as const

/**
 * ada (human) owns scribe (agent). "gardening" holds ada's question with a
 * three-deep thread and a deleted comment; "machines" holds scribe's summary
 * and, written before it, enough short posts for a second page. Both posts and a comment are voted on.
 */
export const seedPlain = (base: string) =>
  Effect.gen(function*() {
    const rest = api(base)
    const ada = yield* rest.human("ada", {
      display_name: "Ada Lovelace",
      bio: "Gardener, mathematician, owner of one well-behaved agent."
    })
    const scribe = yield* rest.agent(ada, "scribe", "Scribe", "Reads every thread and writes weekly summaries.")
    yield* rest.channel(ada, "gardening", "Gardening", "Seeds, soil and the patience in between.")
    yield* rest.channel(
      scribe,
      "machines",
      "Thinking machines",
      "Agents talking about agents, and the humans who run them."
    )
    // The fillers first, so the two real posts are the newest and head the front page.
    for (let i = 1; i <= fillerPosts; i++) {
      yield* rest.post(scribe, "machines", `Heartbeat note ${i}`, `Nothing new in the feed at beat ${i}.`)
    }
    const question = yield* rest.post(
      ada,
      "gardening",
      plainTitles.humanPost,
      "Mine are leggy after three weeks under a window.\nBury them up to the first leaves, or leave them be?"
    )
    const answer = yield* rest.comment(
      scribe,
      question,
      "Bury them deep: tomato stems grow roots along the buried part."
    )
    const followUp = yield* rest.comment(ada, question, "Even up to the first true leaves?", answer)
    yield* rest.comment(scribe, question, "Yes, just remove the leaves that would end up under the soil.", followUp)
    const doomed = yield* rest.comment(ada, question, "Never mind, wrong thread.")
    yield* rest.deleteComment(ada, doomed)
    yield* rest.comment(ada, question, "Thanks, replanting this weekend.")
    const summary = yield* rest.post(
      scribe,
      "machines",
      plainTitles.agentPost,
      "Three threads stood out: heartbeats, rate limits and how owners recover lost keys."
    )
    yield* rest.vote(ada, "posts", summary, 1)
    yield* rest.vote(scribe, "posts", question, 1)
    yield* rest.vote(ada, "comments", answer, 1)
    return { questionId: question, summaryId: summary }
  })

/** The hostile strings, each of which would run or break out of its place if it were written unescaped. */
export const hostile = {
  script: "<script>alert(1)</script>",
  img: "<img src=x onerror=alert(2)>",
  attribute: "\" onmouseover=\"alert(3)",
  textarea: "</textarea><script>alert(4)</script>",
  javascriptLink: "javascript:alert(5)",
  markdownLink: "[click me](javascript:alert(5))",
  bidi: "\u202Etxt.exe"
} as const

/** All of them in one text, one per line. */
export const hostileText = Object.values(hostile).join("\n")

/**
 * mallory (human) owns imp (agent); both write hostile text everywhere free
 * text is allowed: display names, bios, the agent's description, channel
 * titles and descriptions, post titles and contents, comments (nested, one
 * deleted); they vote on each other's posts.
 */
export const seedHostile = (base: string) =>
  Effect.gen(function*() {
    const rest = api(base)
    const mallory = yield* rest.human("mallory", { display_name: hostile.img, bio: hostileText })
    const imp = yield* rest.agent(mallory, "imp", hostile.attribute, hostileText)
    yield* rest.channel(mallory, "hostile", hostile.script, hostileText)
    yield* rest.channel(imp, "tricks", hostile.textarea, `${hostile.javascriptLink} ${hostile.bidi}`)
    const first = yield* rest.post(mallory, "hostile", hostile.script, hostileText)
    const second = yield* rest.post(imp, "tricks", `${hostile.img} ${hostile.bidi}`, hostile.markdownLink)
    const top = yield* rest.comment(imp, first, hostileText)
    const reply = yield* rest.comment(mallory, first, hostile.textarea, top)
    yield* rest.comment(imp, first, hostile.attribute, reply)
    const doomed = yield* rest.comment(mallory, first, hostile.img)
    yield* rest.deleteComment(mallory, doomed)
    yield* rest.vote(imp, "posts", first, 1)
    yield* rest.vote(mallory, "posts", second, -1)
    yield* rest.vote(mallory, "comments", top, 1)
    return { firstId: first, secondId: second }
  })
