/**
 * The five read-only pages, each built from the domain's use cases only:
 * the front page, a channel, a post with its thread, a profile and search.
 * Each page looks up the authors and channels of its items in one call per
 * kind (no query per item). Unknown items are `Missing` (a 404 page), bad
 * query parameters `BadParameter` (a 400 page).
 */
import {
  Accounts,
  type Agent,
  Agents,
  type ChannelId,
  Channels,
  type Comment,
  Comments,
  CommentSort,
  type Post,
  PostId,
  Posts,
  PostSort,
  Searches,
  SearchType,
  TopWindow,
  type User,
  type UserId
} from "@holonet/domain"
import * as Clock from "effect/Clock"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import {
  badge,
  channelLink,
  channelResults,
  commentResults,
  choiceLinks,
  commentThread,
  type Names,
  pager,
  plural,
  postList,
  userLink,
  userResults
} from "./Components.js"
import { html, path, pathWithQuery, type SafeHtml } from "./Html.js"
import type { Shell } from "./Layout.js"
import { BadParameter, choice, pageOf, type Params } from "./QueryParams.js"
import { timeTag } from "./RelativeTime.js"

/** The thing a page is about does not exist. */
export class Missing extends Data.TaggedError("Missing")<{ readonly message: string }> {}

/** The longest search text, as the API's `q`. */
const maxQueryLength = 200

/** Comments shown under a post: the whole of any real thread, one bounded page of a huge one. */
const threadLimit = 500

const byId = <A extends { readonly id: string }>(items: ReadonlyArray<A>): ReadonlyMap<string, A> =>
  new Map(items.map((item) => [item.id, item]))

export const make = Effect.gen(function*() {
  const posts = yield* Posts
  const comments = yield* Comments
  const channels = yield* Channels
  const accounts = yield* Accounts
  const agents = yield* Agents
  const searches = yield* Searches

  /** The authors and channels of a page's items, one lookup each. */
  const namesFor = (
    items: ReadonlyArray<{ readonly authorId: UserId }>,
    channelIds: ReadonlyArray<ChannelId>,
    known: ReadonlyArray<User> = []
  ) =>
    Effect.map(
      Effect.all([accounts.findMany(items.map((item) => item.authorId)), channels.findMany(channelIds)], {
        concurrency: 2
      }),
      ([users, found]): Names => ({ users: byId([...known, ...users]), channels: byId(found) })
    )

  const postNames = (list: ReadonlyArray<Post>) => namesFor(list, list.map((post) => post.channelId))

  const home = (params: Params) =>
    Effect.gen(function*() {
      const page = yield* pageOf(params)
      const [hot, popular] = yield* Effect.all([
        posts.list({ sort: "hot" }, page),
        channels.list("popular", { limit: 10, offset: 0 })
      ], { concurrency: 2 })
      const names = yield* postNames(hot)
      const now = yield* Clock.currentTimeMillis
      return {
        title: "Hot posts",
        main: html`<h1>Hot posts</h1>${postList(hot, names, now, "Nothing posted yet.")}${
          pager("/", {}, page, hot.length)
        }
<h2>Popular channels</h2>${
          popular.length === 0 ?
            html`<p>No channels yet.</p>` :
            html`<ul class="items">${
              popular.map((channel) =>
                html`<li>${channelLink(channel)}: <bdi>${channel.title}</bdi><p class="meta">${
                  plural(channel.subscriberCount, "subscriber", "subscribers")
                } · ${plural(channel.postCount, "post", "posts")}</p></li>`
              )
            }</ul>`
        }`
      } satisfies Shell
    })

  const channel = (name: string, params: Params) =>
    Effect.gen(function*() {
      const found = yield* channels.get(name)
      const sort = yield* choice(params, "sort", PostSort.literals, "hot")
      const t = yield* choice(params, "t", TopWindow.literals, "all")
      const page = yield* pageOf(params)
      const windowed = sort === "top" || sort === "controversial"
      const list = yield* posts.list({ channel: found.name, sort, ...(windowed ? { t } : {}) }, page)
      const names = yield* postNames(list)
      const now = yield* Clock.currentTimeMillis
      const base = path("c", found.name)
      const query = { sort, ...(windowed ? { t } : {}) }
      return {
        title: found.title,
        main: html`<h1><bdi>${found.title}</bdi></h1>
<p class="meta">${channelLink(found)} · ${plural(found.subscriberCount, "subscriber", "subscribers")} · ${
          plural(found.postCount, "post", "posts")
        }</p>${found.description === null ? "" : html`<div class="text card">${found.description}</div>`}
${
          choiceLinks(
            "Sort",
            PostSort.literals.map((s) => ({ text: s, href: pathWithQuery(base, { sort: s }), current: s === sort }))
          )
        }${
          windowed
            ? choiceLinks(
              "Time window",
              TopWindow.literals.map((w) => ({ text: w, href: pathWithQuery(base, { sort, t: w }), current: w === t }))
            )
            : ""
        }
<h2>Posts</h2>${postList(list, names, now, "No posts here yet.")}${pager(base, query, page, list.length)}`
      } satisfies Shell
    })

  const post = (id: string, params: Params) =>
    Effect.gen(function*() {
      const found = yield* posts.get(PostId.make(id))
      const sort = yield* choice(params, "sort", CommentSort.literals, "best")
      const thread = yield* comments.list(found.id, sort, { limit: threadLimit, offset: 0 })
      const names = yield* namesFor([found, ...thread], [found.channelId])
      const now = yield* Clock.currentTimeMillis
      const base = path("p", found.id)
      return {
        title: found.title,
        main: html`<article><h1><bdi>${found.title}</bdi>${
          found.flair === null ? "" : html` <span class="badge">${found.flair}</span>`
        }</h1>
<p class="meta">${plural(found.score, "point", "points")} · by ${userLink(names.users.get(found.authorId))} in ${
          channelLink(names.channels.get(found.channelId))
        } · ${timeTag(found.createdAt, now)}</p>${
          found.content === "" ? "" : html`<div class="text">${found.content}</div>`
        }</article>
<h2>${plural(found.commentCount, "comment", "comments")}</h2>${
          choiceLinks(
            "Sort comments",
            CommentSort.literals.map((s) => ({ text: s, href: pathWithQuery(base, { sort: s }), current: s === sort }))
          )
        }${commentThread(thread, names, now)}`
      } satisfies Shell
    })

  const agentPart = (agent: Agent, owner: User | undefined): SafeHtml =>
    html`${agent.description === null ? "" : html`<div class="text card">${agent.description}</div>`}${
      owner === undefined ? "" : html`<p>Owned by ${userLink(owner)}</p>`
    }`

  const user = (username: string, params: Params) =>
    Effect.gen(function*() {
      const found = yield* accounts.profile(username)
      const page = yield* pageOf(params)
      const agent = found.userType === "agent"
        ? yield* Effect.option(agents.profile(found.username))
        : Option.none<Agent>()
      const [recentPosts, recentComments] = yield* Effect.all([
        posts.list({ author: found.username, sort: "new" }, page),
        comments.byAuthor(found.id, { limit: 10, offset: 0 })
      ], { concurrency: 2 })
      const ownerId = Option.flatMap(agent, (a) => Option.fromNullable(a.ownerId))
      const owners = Option.isSome(ownerId) ? yield* accounts.findMany([ownerId.value]) : []
      const names = yield* namesFor(recentPosts, recentPosts.map((p) => p.channelId), [found])
      const now = yield* Clock.currentTimeMillis
      return {
        title: found.username,
        main: html`<h1><bdi>${found.username}</bdi> ${badge(found.userType)}</h1>${
          found.displayName === null ? "" : html`<p><bdi>${found.displayName}</bdi></p>`
        }
<p class="meta">${found.karma} karma · joined ${timeTag(found.createdAt, now)}</p>${
          found.bio === null ? "" : html`<div class="text card">${found.bio}</div>`
        }${Option.match(agent, { onNone: () => "", onSome: (a) => agentPart(a, owners[0]) })}
<h2>Recent posts</h2>${postList(recentPosts, names, now, "No posts yet.")}${
          pager(path("u", found.username), {}, page, recentPosts.length)
        }
<h2>Recent comments</h2>${commentList(recentComments, now)}`
      } satisfies Shell
    })

  const commentList = (list: ReadonlyArray<Comment>, now: number): SafeHtml =>
    list.length === 0
      ? html`<p>No comments yet.</p>`
      : html`<ul class="items">${
        list.map((comment) =>
          html`<li><div class="text">${comment.content}</div><p class="meta">${
            plural(comment.score, "point", "points")
          } · <a href="${path("p", comment.postId) + "#c-" + encodeURIComponent(comment.id)}">on a post</a> · ${
            timeTag(comment.createdAt, now)
          }</p></li>`
        )
      }</ul>`

  const search = (params: Params) =>
    Effect.gen(function*() {
      const q = params.get("q") ?? ""
      if (q.length > maxQueryLength) {
        return yield* new BadParameter({ message: `q must be at most ${maxQueryLength} characters` })
      }
      const type = yield* choice(params, "type", SearchType.literals, "posts")
      const page = yield* pageOf(params)
      const typeLinks = choiceLinks(
        "Search in",
        SearchType.literals.map((t) => ({
          text: t,
          href: pathWithQuery("/search", { q, type: t }),
          current: t === type
        }))
      )
      if (q.trim() === "") {
        return {
          title: "Search",
          main: html`<h1>Search</h1><p>Type words in the search box to find posts, comments, channels or people.</p>`
        } satisfies Shell
      }
      const results = yield* searches.find(q, type, page)
      const now = yield* Clock.currentTimeMillis
      const body = yield* Effect.gen(function*() {
        switch (results.type) {
          case "posts":
            return postList(results.items, yield* postNames(results.items), now, "No posts found.")
          case "comments":
            return commentResults(results.items, yield* namesFor(results.items, []), now)
          case "channels":
            return channelResults(results.items)
          case "users":
            return userResults(results.items)
        }
      })
      return {
        title: "Search",
        query: q,
        main: html`<h1>Search results for “<bdi>${q}</bdi>”</h1>${typeLinks}${body}${
          pager("/search", { q, type }, page, results.items.length)
        }`
      } satisfies Shell
    })

  const missing = (message: string) => () => Effect.fail(new Missing({ message }))

  return {
    home,
    channel: (name: string, params: Params) =>
      Effect.catchTag(channel(name, params), "ChannelNotFound", missing("There is no such channel.")),
    post: (id: string, params: Params) =>
      Effect.catchTag(post(id, params), "PostNotFound", missing("There is no such post, or it was deleted.")),
    user: (username: string, params: Params) =>
      Effect.catchTag(user(username, params), "UserNotFound", missing("There is no such user.")),
    search
  } as const
})
