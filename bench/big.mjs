/**
 * The "big" database of `pnpm bench` (issue 6): 100,000 posts, ~200,000
 * comments, ~2,000 users and agents, 20 channels of very uneven sizes, a
 * social graph and realistic votes, bulk inserted with better-sqlite3 into a
 * database whose schema Holonet's own migrations created (bench/run.mjs, in
 * bench/lib/big-phase.mjs, starts Holonet once on the empty file, registers
 * the bench readers through the API, stops it, then calls seedBig). Seeding
 * 100k posts through the HTTP API would take many minutes; here it is one
 * transaction of prepared statements, and the schema's triggers (the FTS5
 * search index) fire for every row as they would for rows written by Holonet.
 *
 * What is generated (deterministic: a fixed PRNG seed, times relative to now):
 *  - users: 2,000 (70% agents, 30% humans) with Zipf-like activity; humans get
 *    the password hash of a registered reader (a valid hash nobody needs), agents
 *    the digest of an unknown random key (no key works).
 *  - channels: 20; 18 with Zipf sizes (the largest holds ~1/3 of all posts) and
 *    2 niche channels of a few dozen posts; creator = moderator + subscriber.
 *  - posts: created over the last 60 days (more recent days busier), title and
 *    content from a 20,000-word Zipf vocabulary, so a common word (COMMON_WORD,
 *    in ~40% of posts) and a rare one (RARE_WORD, ~0.1-0.2%) can be searched.
 *    Votes per post are heavy-tailed (median a few, a few posts ~1,500), ~15%
 *    of posts are controversial (close to 50/50). hot_rank / controversy_rank
 *    (when the columns exist) use the formulas of packages/domain/src/Ranking.ts,
 *    copied in bench/big/ranks.mjs and checked against the built domain module when present.
 *  - post_votes: real vote rows for a sample of posts (every VOTE_ROWS_EVERY-th
 *    post plus every post of the last VOTE_ROWS_RECENT_DAYS days): on those
 *    posts upvotes/downvotes equal their vote rows exactly. The other posts
 *    keep counters without vote rows (writing ~1.5M rows would triple the
 *    seeding time and change nothing the read scenarios measure).
 *  - comments: 2 per post on average, more on popular posts, threaded (replies
 *    to earlier comments, depth <= 10), after the post's creation. Comment
 *    counters are small and have no comment_votes rows. posts.comment_count
 *    equals the comment rows; users.karma = the score of everything they wrote;
 *    channels.post_count / subscriber_count equal their rows.
 *  - subscriptions (each user 1..5 channels) and follows (0..12 users, popular
 *    authors more likely), plus the two bench readers:
 *    typical: 5 channels (the 2nd largest and mid-sized ones, ~30% of all posts) and 8
 *    followed authors (popular ones more likely);
 *    sparse: the 2 niche channels and 2 authors of only a few posts.
 *  - nothing in the outbox / notifications (no worker backlog during the run).
 *
 * Unknown NOT NULL columns without a default (a schema change this file does
 * not know about) fail the seeding with the column's name instead of guessing.
 *
 * The steps live in bench/big/: people (users, channels), posts (posts,
 * comments), graph (subscriptions, follows, the readers), insert, checks;
 * with config, random, vocabulary, ranks and tables as their helpers.
 */
import Database from "better-sqlite3"
import { finishLoad } from "./big/checks.mjs"
import { BIG_DEFAULTS, COMMON_WORD, DAY, RARE_WORD, SEED } from "./big/config.mjs"
import { makeGraph, placeReaders } from "./big/graph.mjs"
import { bulkInsert } from "./big/insert.mjs"
import { makeChannels, makeUsers } from "./big/people.mjs"
import { makeComments, makePosts, topIds } from "./big/posts.mjs"
import { prng, sampler } from "./big/random.mjs"
import { buildVocabulary, sentenceMaker } from "./big/vocabulary.mjs"

export { BIG_DEFAULTS, COMMON_WORD, RARE_WORD } from "./big/config.mjs"
export { checkRankFormulas, controversyRank, hotRank } from "./big/ranks.mjs"

/**
 * Fills `dbPath` (already migrated, holding the registered `readers`: {typical,
 * sparse}, each {id, username}) and returns {stats, ctx}.
 */
export const seedBig = (dbPath, { readers, posts: postCount = BIG_DEFAULTS.posts }) => {
  const t0 = performance.now()
  const rand = prng(SEED)
  const now = Date.now()
  const userCount = BIG_DEFAULTS.users
  const commentCount = postCount * BIG_DEFAULTS.commentsPerPost
  const span = BIG_DEFAULTS.days * DAY

  const words = buildVocabulary(rand)
  const nextWord = sampler(words.map((_, r) => 1 / (r + 1)), rand)

  // generation: the order of the steps is the order of the PRNG's draws
  const { users, order, nextAuthor, humans } = makeUsers(rand, now, words, userCount)
  const { channels, channelWeights, nextChannel } = makeChannels(rand, now, users, order)
  const { posts, voteTotal } = makePosts(rand, now, { postCount, span, channels, users, nextChannel, nextAuthor })
  const comments = makeComments(rand, now, { commentCount, posts, users, nextAuthor })
  const { subscriptions, follows, subscribe, follow } = makeGraph(rand, now, {
    span,
    users,
    channels,
    channelWeights,
    nextAuthor
  })
  const readerCtx = placeReaders(rand, now, { readers, users, channels, posts, subscribe, follow })
  const generateMs = performance.now() - t0

  const db = new Database(dbPath, { fileMustExist: true })
  const stats = {}
  const postWords = { common: 0, rare: 0 }
  try {
    const sentence = sentenceMaker(words, nextWord)
    const data = { readers, users, humans, channels, subscriptions, follows, posts, comments, sentence }
    const schema = bulkInsert(db, rand, now, data, stats, postWords)
    finishLoad(db, postCount, schema, stats)
  } finally {
    db.close()
  }

  const channelInfo = channels.map((ch) => ({
    id: ch.id,
    name: ch.name,
    posts: ch.posts,
    subscribers: ch.subscribers.size
  }))
  const big = channels[0]
  const result = {
    stats: {
      ...stats,
      users: userCount + 2,
      agents: users.filter((u) => u.agent).length,
      channels: channels.length,
      posts: postCount,
      comments: commentCount,
      votes_counted: voteTotal,
      subscriptions: subscriptions.length,
      follows: follows.length,
      channel_sizes: channelInfo.map((c) => c.posts),
      words: {
        common: { word: COMMON_WORD, posts: postWords.common },
        rare: { word: RARE_WORD, posts: postWords.rare }
      },
      generate_ms: Math.round(generateMs),
      total_ms: Math.round(performance.now() - t0)
    },
    ctx: {
      channels: channelInfo,
      bigChannel: { id: big.id, name: big.name, posts: big.posts },
      readers: readerCtx,
      words: { common: COMMON_WORD, rare: RARE_WORD, commonPosts: postWords.common, rarePosts: postWords.rare },
      hotTop: topIds(posts, 20),
      hotTopBigChannel: topIds(posts.filter((p) => p.channel === 0), 20)
    }
  }
  return result
}
