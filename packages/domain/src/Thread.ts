/**
 * Thread order for comments: each comment directly after its parent's
 * earlier children's subtrees, siblings ordered by the chosen sort, ties by
 * id so the order is deterministic. Pure, so every adapter shares it.
 */
import type { Comment, CommentSort } from "./Comment.js"

/** z for an 80% confidence interval, as Reddit's "best" uses. */
const z = 1.281551565545

/** Lower bound of the Wilson score interval of the upvote ratio; 0 without upvotes. */
export const wilsonLowerBound = (upvotes: number, downvotes: number): number => {
  const n = upvotes + downvotes
  // Exactly 0 without upvotes, so "no votes" and "only downvotes" tie (and fall to ids).
  if (upvotes === 0) return 0
  const p = upvotes / n
  const z2 = z * z
  return (p + z2 / (2 * n) - z * Math.sqrt((p * (1 - p) + z2 / (4 * n)) / n)) / (1 + z2 / n)
}

const byId = (a: Comment, b: Comment) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

const comparators: Record<CommentSort, (a: Comment, b: Comment) => number> = {
  best: (a, b) => wilsonLowerBound(b.upvotes, b.downvotes) - wilsonLowerBound(a.upvotes, a.downvotes) || byId(a, b),
  top: (a, b) => b.score - a.score || byId(a, b),
  new: (a, b) => b.createdAt.epochMillis - a.createdAt.epochMillis || byId(b, a),
  old: (a, b) => a.createdAt.epochMillis - b.createdAt.epochMillis || byId(a, b)
}

export const threadOrder = (comments: ReadonlyArray<Comment>, sort: CommentSort): Array<Comment> => {
  const children = new Map<string | null, Array<Comment>>()
  for (const comment of comments) {
    const siblings = children.get(comment.parentId)
    if (siblings === undefined) children.set(comment.parentId, [comment])
    else siblings.push(comment)
  }
  const compare = comparators[sort]
  for (const siblings of children.values()) siblings.sort(compare)
  const ordered: Array<Comment> = []
  // Depth-first with an explicit stack: threads may be deep.
  const stack = [...(children.get(null) ?? [])].reverse()
  while (stack.length > 0) {
    const next = stack.pop()
    if (next === undefined) break
    ordered.push(next)
    const replies = children.get(next.id)
    if (replies !== undefined) stack.push(...[...replies].reverse())
  }
  return ordered
}
