/**
 * bench/big.mjs's posts (times, channels, authors, heavy-tailed votes, ranks)
 * and threaded comments, generated before anything is inserted; the text is
 * made while inserting.
 */
import { FLAIRS, HOUR, MAX_DEPTH, MINUTE } from "./config.mjs"
import { sampler, uuidV7 } from "./random.mjs"
import { controversyRank, hotRank } from "./ranks.mjs"

/** `postCount` posts over the last `span` ms, oldest first; counts them on their channel and author. */
export const makePosts = (rand, now, { postCount, span, channels, users, nextChannel, nextAuthor }) => {
  const times = new Float64Array(postCount)
  for (let i = 0; i < postCount; i++) {
    const age = span * (1 - Math.pow(rand(), 0.75)) // more posts on recent days
    times[i] = Math.floor(now - MINUTE - age)
  }
  times.sort()
  const posts = new Array(postCount)
  let voteTotal = 0
  for (let i = 0; i < postCount; i++) {
    const created = times[i]
    const channel = nextChannel()
    const author = nextAuthor()
    // heavy-tailed votes: Pareto(alpha 1.1), capped below the number of possible voters
    const votes = Math.min(1_500, Math.floor(2 * Math.pow(1 - rand(), -1 / 1.1)) - 2)
    const controversial = rand() < 0.15
    const share = controversial ? 0.4 + rand() * 0.25 : 0.7 + rand() * 0.29
    const upvotes = Math.round(votes * share)
    const downvotes = votes - upvotes
    voteTotal += votes
    posts[i] = {
      id: uuidV7(created, rand),
      created,
      channel,
      author,
      upvotes,
      downvotes,
      hot: hotRank(upvotes, downvotes, created),
      controversy: controversyRank(upvotes, downvotes),
      flair: rand() < 0.2 ? FLAIRS[Math.floor(rand() * FLAIRS.length)] : null,
      comments: 0
    }
    channels[channel].posts++
    const u = users[author]
    u.posts++
    u.karma += upvotes - downvotes
    u.lastActive = created
  }
  return { posts, voteTotal }
}

/**
 * `commentCount` comments as parallel arrays (c* by comment index), more on
 * popular posts, and `commentOrder`, the order to insert them in.
 */
export const makeComments = (rand, now, { commentCount, posts, users, nextAuthor }) => {
  const postCount = posts.length
  const nextCommented = sampler(posts.map((p) => Math.pow(1 + p.upvotes + p.downvotes, 0.9) * (0.5 + rand())), rand)
  for (let c = 0; c < commentCount; c++) posts[nextCommented()].comments++
  const cPost = new Int32Array(commentCount)
  const cParent = new Int32Array(commentCount)
  const cDepth = new Int8Array(commentCount)
  const cTime = new Float64Array(commentCount)
  const cAuthor = new Int32Array(commentCount)
  const cUp = new Int32Array(commentCount)
  const cDown = new Int32Array(commentCount)
  const cId = new Array(commentCount)
  let next = 0
  for (let p = 0; p < postCount; p++) {
    const post = posts[p]
    const k = post.comments
    if (k === 0) continue
    const first = next
    const own = new Float64Array(k)
    for (let j = 0; j < k; j++) {
      const delay = -Math.log(1 - rand()) * 8 * HOUR // exponential, mean 8 h
      own[j] = Math.floor(Math.min(now - 1_000, post.created + 1_000 + delay))
    }
    own.sort()
    for (let j = 0; j < k; j++) {
      const c = next++
      cPost[c] = p
      cTime[c] = own[j]
      let parent = -1
      if (j > 0 && rand() < 0.6) {
        parent = first + Math.floor(rand() * j)
        if (cDepth[parent] + 1 > MAX_DEPTH) parent = -1
      }
      cParent[c] = parent
      cDepth[c] = parent === -1 ? 0 : cDepth[parent] + 1
      cAuthor[c] = nextAuthor()
      cUp[c] = Math.floor(-Math.log(1 - rand()) * (parent === -1 ? 3 : 1.5))
      cDown[c] = Math.floor(-Math.log(1 - rand()) * 0.4)
      cId[c] = uuidV7(own[j], rand)
      const u = users[cAuthor[c]]
      u.karma += cUp[c] - cDown[c]
      if (u.lastActive === null || own[j] > u.lastActive) u.lastActive = own[j]
    }
  }
  // insert in time order (parents are never later than their replies; ties keep generation order)
  const commentOrder = Array.from({ length: commentCount }, (_, i) => i)
  commentOrder.sort((a, b) => cTime[a] - cTime[b] || a - b)
  return { cPost, cParent, cDepth, cTime, cAuthor, cUp, cDown, cId, commentOrder }
}

/** Ids of the first `n` posts by hot rank, ties by id descending (the API's order). */
export function topIds(list, n) {
  return [...list]
    .sort((a, b) => b.hot - a.hot || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .slice(0, n)
    .map((p) => p.id)
}
