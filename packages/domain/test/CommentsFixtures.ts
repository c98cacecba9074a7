/**
 * Helpers shared by the Comments use-case tests: a channel with one post to
 * comment on, comments written as the API would, and reads of the thread and
 * of the post's comment_count.
 */
import { Effect, Schema, TestClock } from "effect"
import { type Comment, type CommentSort, NewComment } from "../src/Comment.js"
import { Comments } from "../src/Comments.js"
import type { PostId } from "../src/Ids.js"
import type { Page } from "../src/Page.js"
import { Posts } from "../src/Posts.js"
import type { User } from "../src/User.js"
import { as, openChannel, signUp, writePost } from "./UseCaseFixtures.js"

const everything: Page = { limit: 500, offset: 0 }

/** Comments as the API would: decoded from the wire shape, one minute after the previous action. */
export const reply = (author: User, postId: PostId, content: string, parent?: Comment) =>
  Effect.gen(function*() {
    yield* TestClock.adjust("1 minute")
    const input = yield* Schema.decodeUnknown(NewComment)({
      post_id: postId,
      content,
      ...(parent === undefined ? {} : { parent_id: parent.id })
    }).pipe(Effect.orDie)
    return yield* (yield* Comments).create(input).pipe(as(author))
  })

export const listed = (postId: PostId, sort: CommentSort, page: Page = everything) =>
  Effect.flatMap(Comments, (comments) => comments.list(postId, sort, page))

export const contents = (comments: ReadonlyArray<Comment>) => comments.map((comment) => comment.content)

export const commentCount = (postId: PostId) =>
  Effect.flatMap(Posts, (posts) => posts.get(postId)).pipe(Effect.map((post) => post.commentCount))

/** A channel (moderated by `mod`) with one post by `alice`. */
export const setUp = Effect.gen(function*() {
  const mod = yield* signUp("mod")
  const alice = yield* signUp("alice")
  const bob = yield* signUp("bob")
  const carol = yield* signUp("carol")
  yield* openChannel(mod, "general")
  const post = yield* writePost(alice, "general", "Discuss")
  return { mod, alice, bob, carol, post }
})
