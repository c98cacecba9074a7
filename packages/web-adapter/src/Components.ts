/**
 * The pieces pages are made of: links to people and channels (names inside
 * `<bdi>`, so a right-to-left override in a name cannot reorder the line
 * around it), the Human/Agent badge, post summaries and the nested comment
 * thread. User text is always shown as text (`.text` keeps its line breaks);
 * URLs in it stay plain text.
 */
import type { Channel, Comment, Post, User, UserType } from "@holonet/domain"
import { html, path, pathWithQuery, type SafeHtml } from "./Html.js"
import { timeTag } from "./RelativeTime.js"

/** Who wrote what and where: the authors and channels of the items on one page, looked up once. */
export interface Names {
  readonly users: ReadonlyMap<string, User>
  readonly channels: ReadonlyMap<string, Channel>
}

export const badge = (userType: UserType): SafeHtml =>
  userType === "agent" ? html`<span class="badge">Agent</span>` : html`<span class="badge">Human</span>`

/** A link to the profile; agents are marked, humans are not (most bylines are theirs). */
export const userLink = (user: User | undefined): SafeHtml =>
  user === undefined
    ? html`<span class="deleted">[unknown]</span>`
    : html`<a href="${path("u", user.username)}"><bdi>${user.username}</bdi></a>${
      user.userType === "agent" ? html` <span class="badge">Agent</span>` : ""
    }`

export const channelLink = (channel: Channel | undefined): SafeHtml =>
  channel === undefined
    ? html`<span class="deleted">[unknown]</span>`
    : html`<a href="${path("c", channel.name)}">c/<bdi>${channel.name}</bdi></a>`

/** "1 point", "2 points": a count with its noun. */
export const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

export const postSummary = (post: Post, names: Names, now: number): SafeHtml =>
  html`<li><a href="${path("p", post.id)}"><bdi>${post.title}</bdi></a>${
    post.flair === null ? "" : html` <span class="badge">${post.flair}</span>`
  }
<p class="meta">${plural(post.score, "point", "points")} · <a href="${path("p", post.id)}">${
    plural(post.commentCount, "comment", "comments")
  }</a> · by ${userLink(names.users.get(post.authorId))} in ${channelLink(names.channels.get(post.channelId))} · ${
    timeTag(post.createdAt, now)
  }</p></li>`

export const postList = (posts: ReadonlyArray<Post>, names: Names, now: number, empty: string): SafeHtml =>
  posts.length === 0
    ? html`<p>${empty}</p>`
    : html`<ol class="items">${posts.map((post) => postSummary(post, names, now))}</ol>`

const commentBody = (comment: Comment, names: Names, now: number): SafeHtml =>
  comment.isDeleted
    ? html`<article><p class="meta"><span class="deleted">[deleted]</span> · ${
      timeTag(comment.createdAt, now)
    }</p><p class="text deleted">[deleted]</p></article>`
    : html`<article><p class="meta">${userLink(names.users.get(comment.authorId))} · ${
      plural(comment.score, "point", "points")
    } · ${timeTag(comment.createdAt, now)}</p><div class="text">${comment.content}</div></article>`

/**
 * The thread as nested lists. `ordered` is the domain's thread order (each
 * comment right after its parent's earlier replies), so grouping by parent
 * keeps the chosen sort among siblings.
 */
export const commentThread = (ordered: ReadonlyArray<Comment>, names: Names, now: number): SafeHtml => {
  const present = new Set(ordered.map((comment) => comment.id))
  const replies = new Map<string | null, Array<Comment>>()
  for (const comment of ordered) {
    // A reply whose parent is not on the page starts its own branch.
    const parent = comment.parentId !== null && present.has(comment.parentId) ? comment.parentId : null
    const siblings = replies.get(parent)
    if (siblings === undefined) replies.set(parent, [comment])
    else siblings.push(comment)
  }
  // Threads nest at most maxCommentDepth (50) deep: recursion stays shallow.
  const branch = (parent: string | null): SafeHtml => {
    const children = replies.get(parent) ?? []
    return html`${
      children.map((comment) =>
        html`<li id="${`c-${comment.id}`}">${commentBody(comment, names, now)}${
          replies.has(comment.id) ? html`<ul>${branch(comment.id)}</ul>` : ""
        }</li>`
      )
    }`
  }
  return ordered.length === 0 ? html`<p>No comments yet.</p>` : html`<ul class="thread">${branch(null)}</ul>`
}

/** Links to the variants of a list, the current one marked. */
export const choiceLinks = (
  label: string,
  options: ReadonlyArray<{ readonly text: string; readonly href: string; readonly current: boolean }>
): SafeHtml =>
  html`<nav aria-label="${label}"><ul class="links">${
    options.map((option) =>
      option.current
        ? html`<li><a class="current" aria-current="page" href="${option.href}">${option.text}</a></li>`
        : html`<li><a href="${option.href}">${option.text}</a></li>`
    )
  }</ul></nav>`

/** Previous and next links for a paged list; nothing when there is only one page. */
export const pager = (
  base: string,
  query: Record<string, string | undefined>,
  page: { limit: number; offset: number },
  count: number
) => {
  const prev = page.offset > 0
    ? html`<a rel="prev" href="${
      pathWithQuery(base, { ...query, limit: page.limit, offset: Math.max(0, page.offset - page.limit) })
    }">← Previous</a>`
    : ""
  const next = count === page.limit
    ? html`<a rel="next" href="${
      pathWithQuery(base, { ...query, limit: page.limit, offset: page.offset + page.limit })
    }">Next →</a>`
    : ""
  return prev === "" && next === "" ? "" : html`<nav class="pager" aria-label="Pages">${prev}${next}</nav>`
}

/** Search results: comments, each with its author and a link to its post. */
export const commentResults = (list: ReadonlyArray<Comment>, names: Names, now: number): SafeHtml =>
  list.length === 0 ?
    html`<p>No comments found.</p>` :
    html`<ul class="items">${
      list.map((comment) =>
        html`<li><div class="text">${comment.content}</div><p class="meta">by ${
          userLink(names.users.get(comment.authorId))
        } · <a href="${path("p", comment.postId)}">on a post</a> · ${timeTag(comment.createdAt, now)}</p></li>`
      )
    }</ul>`

/** Search results: people, humans badged as such (agents' links carry their own badge). */
export const userResults = (list: ReadonlyArray<User>): SafeHtml =>
  list.length === 0 ?
    html`<p>No people found.</p>` :
    html`<ul class="items">${
      list.map((u) =>
        html`<li>${userLink(u)}${
          u.userType === "human" ? html` ${badge("human")}` : ""
        }<p class="meta">${u.karma} karma</p></li>`
      )
    }</ul>`

/** Search results: channels with their titles and descriptions. */
export const channelResults = (list: ReadonlyArray<Channel>): SafeHtml =>
  list.length === 0 ?
    html`<p>No channels found.</p>` :
    html`<ul class="items">${
      list.map((c) =>
        html`<li>${channelLink(c)}: <bdi>${c.title}</bdi>${
          c.description === null ? "" : html`<div class="text">${c.description}</div>`
        }</li>`
      )
    }</ul>`
