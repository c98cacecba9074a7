/**
 * The tour's edge cases, where two stores are most likely to part ways:
 * text the databases treat differently (NUL characters, lone surrogates,
 * accents, non-Latin scripts, very long text), ids that are not ids,
 * usernames in another case, and searches whose ranking depends on how the
 * store scores a match (term frequency against document length).
 */
import { Effect } from "effect"
import type { Accounts } from "./AccountsTour.js"
import { field, type Tour } from "./Transcript.js"

export const odditiesOfText = (t: Tour, who: Accounts) =>
  Effect.gen(function*() {
    const post = (label: string, title: string, content: string) =>
      t.call(label, "POST", "/api/posts", { token: who.bob, json: { title, content, channel_id: "random" } })
    yield* post("a NUL character", "Null\u0000title", "before\u0000after")
    yield* post("a lone surrogate", "Half \ud800 a pair", "emoji 🦀 and \udc00")
    const accented = yield* post("accents and other scripts", "Café Ωmega ŁÓDŹ", "Жизнь прекрасна, straße 東京 🦀")
    yield* t.call("read back from the store", "GET", `/api/posts/${field(accented, "id")}`)
    yield* post("the longest content", "Long", "word ".repeat(8000))
    yield* post("a body past the size cap", "Huge", "x".repeat(1024 * 1024))
    yield* t.call("a NUL in a comment", "POST", "/api/comments", {
      token: who.carol,
      json: { post_id: field(accented, "id"), content: "nul\u0000here" }
    })
    yield* t.call("a NUL in a profile", "PATCH", "/api/users/me", {
      token: who.carol,
      json: { display_name: "Car\u0000ol" }
    })
    yield* t.call("a NUL in a channel", "POST", "/api/channels", {
      token: who.carol,
      json: { name: "nul", title: "Nul\u0000", description: "\u0000" }
    })
    const find = (label: string, query: string) => t.call(label, "GET", `/api/search${query}`)
    yield* find("search without accents", "?q=cafe")
    yield* find("search in capitals with accents", `?q=${encodeURIComponent("CAFÉ ωMEGA")}`)
    yield* find("search another script", `?q=${encodeURIComponent("ЖИЗНЬ")}`)
    yield* find("search a stroke letter", `?q=${encodeURIComponent("łódź")}`)
    yield* find("search a sharp s", `?q=${encodeURIComponent("straße")}`)
    yield* find("search CJK", `?q=${encodeURIComponent("東京")}`)
    yield* find("search after a NUL", "?q=after")
  })

export const oddIds = (t: Tour, who: Accounts) =>
  Effect.gen(function*() {
    yield* t.call("a post id that is not an id", "GET", "/api/posts/not-an-id")
    yield* t.call("a comment id that is not an id", "GET", "/api/comments/not-an-id")
    yield* t.call("voting on a non-id", "POST", "/api/comments/not-an-id/vote", { token: who.bob, json: { value: 1 } })
    yield* t.call("comments of a non-id post", "GET", "/api/comments?post_id=not-an-id")
    yield* t.call("a non-id parent", "POST", "/api/comments", {
      token: who.bob,
      json: { post_id: "not-an-id", parent_id: "x", content: "?" }
    })
    yield* t.call("marking non-ids read", "POST", "/api/notifications/read", {
      token: who.bob,
      json: { ids: ["not-an-id", ""] }
    })
    yield* t.call("a NUL in a username", "GET", "/api/users/al%00ice")
    yield* t.call("a NUL in an agent's name", "GET", "/api/agents/sc%00out")
    yield* t.call("a NUL in a channel name", "GET", "/api/channels/gen%00eral")
    yield* t.call("a NUL in a post id", "GET", "/api/posts/x%00y")
    yield* t.call("a NUL in a comment id", "GET", "/api/comments/x%00y")
    yield* t.call("a NUL in list filters", "GET", "/api/posts?author=al%00ice&channel=gen%00eral")
    yield* t.call("a NUL in a thread's post id", "GET", "/api/comments?post_id=x%00y")
    yield* t.call("a NUL in a login", "POST", "/api/auth/login", {
      json: { username: "al\u0000ice", password: "correct-horse" }
    })
    yield* t.call("a NUL in a follow", "POST", "/api/users/bo%00b/follow", { token: who.scout })
    yield* t.call("a NUL in a subscription", "POST", "/api/channels/gen%00eral/subscription", { token: who.scout })
    yield* t.call("a NUL in a new post's channel", "POST", "/api/posts", {
      token: who.scout,
      json: { title: "t", content: "c", channel_id: "gen\u0000eral" }
    })
    yield* t.call("a NUL in a notification id", "POST", "/api/notifications/read", {
      token: who.bob,
      json: { ids: ["a\u0000b"] }
    })
    yield* t.call("a NUL in a search", "GET", "/api/search?q=after%00before&type=users")
    yield* t.call("a profile in capitals", "GET", "/api/users/ALICE")
    yield* t.call("an agent in capitals", "GET", "/api/agents/SCOUT")
    yield* t.call("login in capitals", "POST", "/api/auth/login", {
      json: { username: "Carol", password: "correct-horse" }
    })
    yield* t.call("posts by an author in capitals", "GET", "/api/posts?author=CAROL")
    yield* t.call("a channel in capitals", "GET", "/api/channels/GENERAL")
    yield* t.call("posts of a channel in capitals", "GET", "/api/posts?channel=RANDOM&limit=1")
    yield* t.call("follow in capitals", "POST", "/api/users/CAROL/follow", { token: who.scout })
    yield* t.call("followers in capitals", "GET", "/api/users/Carol/followers")
    yield* t.call("usernames with _ and -", "POST", "/api/agents", { json: { username: "data_bot-2" } })
    yield* t.call("search a name part", "GET", "/api/search?q=bot&type=users")
    yield* t.call("search the whole name", "GET", "/api/search?q=data_bot-2&type=users")
  })

/**
 * Posts where the scores disagree: a short text naming the word once, a
 * long one naming it three times, and a title match.
 */
/**
 * Anonymous agent registrations until the per-address limit answers 429
 * (the counters live in the store); last, so that the tour's other steps
 * never meet the limit. Bounded, in case no limit is configured.
 */
export const registrationLimit = (t: Tour) =>
  Effect.gen(function*() {
    for (let i = 0; i < 30; i++) {
      const reply = yield* t.call(`registration ${i} from one address`, "POST", "/api/agents", {
        json: { username: `burst-${i}` }
      })
      if (reply.status === 429) return
    }
  })

export const ranking = (t: Tour, who: Accounts) =>
  Effect.gen(function*() {
    const post = (title: string, content: string) =>
      t.call(`a ${title} post`, "POST", "/api/posts", {
        token: who.carol,
        json: { title, content, channel_id: "random" }
      })
    yield* post("short", "a beacon")
    yield* post("long", `beacon ${"filler words about the sea and ships ".repeat(4)} beacon and beacon again`)
    yield* post("Beacon", "in the title only")
    yield* t.call("one word, three kinds of match", "GET", "/api/search?q=beacon")
    yield* t.call("two words", "GET", "/api/search?q=beacon+sea")
    yield* t.call("a prefix", "GET", "/api/search?q=bea&limit=2&offset=1")
  })
