/**
 * bench/big.mjs's bulk insert: every generated row in one transaction of
 * prepared statements (the schema's triggers fill the search index), with
 * the text made on the way; per-table times go into `stats`.
 */
import { DAY, VOTE_ROWS_EVERY, VOTE_ROWS_RECENT_DAYS } from "./config.mjs"
import { hex } from "./random.mjs"
import { followColumns, inserter, tableColumns } from "./tables.mjs"

/**
 * Inserts the generated data into the migrated `db`, the readers' rows being
 * already there; counts the posts holding each search word in `postWords`.
 * Returns which rank columns and follows columns the schema has.
 */
export const bulkInsert = (db, rand, now, data, stats, postWords) => {
  const { readers, users, humans, channels, subscriptions, follows, posts, comments, sentence } = data
  const { cPost, cParent, cDepth, cTime, cAuthor, cUp, cDown, cId, commentOrder } = comments
  db.pragma("foreign_keys = ON")
  // bulk load: rollback journal, no fsync, a large page cache; WAL again afterwards (Holonet's mode)
  db.pragma("journal_mode = DELETE")
  db.pragma("synchronous = OFF")
  if (!process.env.NOCACHE) db.pragma("cache_size = -262144")
  const postCols = new Set(tableColumns(db, "posts").map((c) => c.name))
  const ranks = { hot: postCols.has("hot_rank"), controversy: postCols.has("controversy_rank") }
  const followCols = followColumns(db)
  const readerRow = db.prepare("SELECT * FROM users WHERE id = ?").get(readers.typical.id)
  if (readerRow === undefined) throw new Error("big seed: the typical reader is not in the database")
  const humanHash = readerRow.password_hash ?? null

  const insUser = inserter(db, "users", [
    "id",
    "username",
    "username_key",
    "display_name",
    "bio",
    "user_type",
    "password_hash",
    "karma",
    "created_at",
    "description",
    "persona",
    "owner_id",
    "is_hosted",
    "api_key_digest",
    "is_active",
    "last_active_at"
  ], { required: ["id", "username", "username_key", "user_type", "karma", "created_at"] })
  const insChannel = inserter(db, "channels", [
    "id",
    "name",
    "title",
    "description",
    "created_by",
    "subscriber_count",
    "post_count",
    "created_at"
  ])
  const insModerator = inserter(db, "channel_moderators", ["channel_id", "user_id", "created_at"])
  const insSubscription = inserter(db, "subscriptions", ["channel_id", "user_id", "created_at"])
  const postKeys = [
    "id",
    "channel_id",
    "author_id",
    "author_type",
    "title",
    "content",
    "flair",
    "upvotes",
    "downvotes",
    "score",
    "comment_count",
    "created_at",
    "updated_at",
    "deleted_at",
    "hot_rank",
    "controversy_rank"
  ]
  const insPost = inserter(db, "posts", postKeys, { required: postKeys.slice(0, 14) })
  const insVote = inserter(db, "post_votes", ["post_id", "user_id", "value", "created_at"])
  const insComment = inserter(db, "comments", [
    "id",
    "post_id",
    "parent_id",
    "author_id",
    "content",
    "upvotes",
    "downvotes",
    "score",
    "depth",
    "created_at",
    "updated_at",
    "deleted_at"
  ])
  const insFollow = followCols === undefined ? undefined : inserter(db, "follows", [
    followCols.follower,
    followCols.followee,
    "created_at"
  ])

  const hexDigest = () => hex(rand, 64)

  const load = db.transaction(() => {
    let t = performance.now()
    for (const u of [...humans, ...users.filter((x) => x.agent)]) { // owners before their agents
      const human = !u.agent
      insUser.run({
        id: u.id,
        username: u.username,
        username_key: u.username.toLowerCase(),
        display_name: sentence(2),
        bio: rand() < 0.5 ? sentence(8 + Math.floor(rand() * 20)) : null,
        user_type: human ? "human" : "agent",
        password_hash: human ? humanHash : null,
        karma: u.karma,
        created_at: Math.floor(now - (61 + rand() * 300) * DAY),
        description: human ? null : sentence(5 + Math.floor(rand() * 15)),
        persona: null,
        owner_id: human || rand() < 0.3 ? null : humans[Math.floor(rand() * humans.length)].id,
        is_hosted: 0,
        api_key_digest: human ? null : hexDigest(),
        is_active: 1,
        last_active_at: human ? null : u.lastActive
      })
    }
    for (const [i, ch] of channels.entries()) {
      const created = now - (62 + i) * DAY
      insChannel.run({
        id: ch.id,
        name: ch.name,
        title: ch.name.split("-").map((w) => w[0].toUpperCase() + w.slice(1)).join(" "),
        description: sentence(10 + Math.floor(rand() * 20)),
        created_by: ch.creator.id,
        subscriber_count: ch.subscribers.size,
        post_count: ch.posts,
        created_at: created
      })
      insModerator.run({ channel_id: ch.id, user_id: ch.creator.id, created_at: created })
    }
    for (const [ch, userId, at] of subscriptions) {
      insSubscription.run({ channel_id: channels[ch].id, user_id: userId, created_at: Math.floor(at) })
    }
    if (insFollow !== undefined) {
      for (const [a, b, at] of follows) {
        insFollow.run({ [followCols.follower]: a, [followCols.followee]: b, created_at: Math.floor(at) })
      }
    }
    // readers' own rows may have been updated by the API; their karma stays 0 (they write nothing)
    stats.users_ms = Math.round(performance.now() - t)

    t = performance.now()
    for (const p of posts) {
      const u = users[p.author]
      const titleTokens = 3 + Math.floor(rand() * 10)
      const contentTokens = 12 + Math.floor(Math.pow(rand(), 2) * 260)
      const counts = { common: 0, rare: 0 }
      const title = sentence(titleTokens, counts)
      const content = sentence(contentTokens, counts)
      if (counts.common > 0) postWords.common++
      if (counts.rare > 0) postWords.rare++
      insPost.run({
        id: p.id,
        channel_id: channels[p.channel].id,
        author_id: u.id,
        author_type: u.agent ? "agent" : "human",
        title: title[0].toUpperCase() + title.slice(1),
        content,
        flair: p.flair,
        upvotes: p.upvotes,
        downvotes: p.downvotes,
        score: p.upvotes - p.downvotes,
        comment_count: p.comments,
        created_at: p.created,
        updated_at: p.created,
        deleted_at: null,
        hot_rank: p.hot,
        controversy_rank: p.controversy
      })
    }
    stats.posts_ms = Math.round(performance.now() - t)

    t = performance.now()
    // real vote rows for a sample; counters of those posts equal their rows
    const voters = Int32Array.from(users.keys())
    let voteRows = 0
    let votedPosts = 0
    const recent = now - VOTE_ROWS_RECENT_DAYS * DAY
    for (const [i, p] of posts.entries()) {
      const n = p.upvotes + p.downvotes
      if (n === 0 || (i % VOTE_ROWS_EVERY !== 0 && p.created < recent)) continue
      votedPosts++
      // partial Fisher-Yates: n + 1 distinct users, the author skipped
      let written = 0
      for (let k = 0; written < n; k++) {
        const j = k + Math.floor(rand() * (voters.length - k))
        ;[voters[k], voters[j]] = [voters[j], voters[k]]
        if (voters[k] === p.author) continue
        insVote.run({
          post_id: p.id,
          user_id: users[voters[k]].id,
          value: written < p.upvotes ? 1 : -1,
          created_at: Math.floor(Math.min(now - 1_000, p.created + 1_000 + rand() * 2 * DAY))
        })
        written++
      }
      voteRows += n
    }
    stats.vote_rows = voteRows
    stats.voted_posts_with_rows = votedPosts
    stats.votes_ms = Math.round(performance.now() - t)

    t = performance.now()
    for (const c of commentOrder) {
      const content = sentence(5 + Math.floor(Math.pow(rand(), 2) * 90))
      insComment.run({
        id: cId[c],
        post_id: posts[cPost[c]].id,
        parent_id: cParent[c] === -1 ? null : cId[cParent[c]],
        author_id: users[cAuthor[c]].id,
        content,
        upvotes: cUp[c],
        downvotes: cDown[c],
        score: cUp[c] - cDown[c],
        depth: cDepth[c],
        created_at: cTime[c],
        updated_at: cTime[c],
        deleted_at: null
      })
    }
    stats.comments_ms = Math.round(performance.now() - t)
  })
  const tInsert = performance.now()
  load()
  stats.insert_ms = Math.round(performance.now() - tInsert)
  return { ranks, followCols }
}
