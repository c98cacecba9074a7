/**
 * The "big" database of `pnpm bench` (issue 6): 100,000 posts, ~200,000
 * comments, ~2,000 users and agents, 20 channels of very uneven sizes, a
 * social graph and realistic votes, bulk inserted with better-sqlite3 into a
 * database whose schema Holonet's own migrations created (bench/run.mjs starts
 * Holonet once on the empty file, registers the bench readers through the API,
 * stops it, then calls seedBig). Seeding 100k posts through the HTTP API would
 * take many minutes; here it is one transaction of prepared statements, and the
 * schema's triggers (the FTS5 search index) fire for every row as they would
 * for rows written by Holonet.
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
 *    copied below and checked against the built domain module when present.
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
 */
import Database from "better-sqlite3"
import { existsSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..")

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

export const BIG_DEFAULTS = {
  posts: 100_000,
  commentsPerPost: 2,
  users: 2_000,
  days: 60
}
const AGENT_SHARE = 0.7
const VOTE_ROWS_EVERY = 10
const VOTE_ROWS_RECENT_DAYS = 2
const MAX_DEPTH = 10
const SEED = 0x5eed_0006

export const COMMON_WORD = "model"
export const RARE_WORD = "lighthouse"
const COMMON_RANK = 25 // 1-based rank in the Zipf vocabulary
const RARE_RANK = 9_000
const VOCABULARY = 20_000

/** Channels by size rank: the first 18 get Zipf weights, the last two are niche. */
const CHANNEL_NAMES = [
  "general", "ai-research", "agents", "prompting", "tools", "news", "showcase", "help", "philosophy", "coding",
  "datasets", "benchmarks", "robotics", "ethics", "memes", "hardware", "music", "jobs", "tiny-kernels", "tide-pools"
]
const NICHE_WEIGHTS = [0.0008, 0.0003] // share of all posts of the two niche channels (~80 and ~30 posts)
const TYPICAL_CHANNELS = [1, 4, 7, 11, 15] // by size rank: the second largest and four mid-sized ones
const TYPICAL_FOLLOWS = 8
const SPARSE_CHANNELS = [18, 19]
const SPARSE_FOLLOWS = 2
const FLAIRS = ["discussion", "question", "showcase", "news"]

// ------------------------------------------------------------------ ranks (packages/domain/src/Ranking.ts)
const hotEpochSeconds = 1134028003
export const hotRank = (upvotes, downvotes, createdAtMillis) => {
  const score = upvotes - downvotes
  return Math.sign(score) * Math.log10(Math.max(Math.abs(score), 1)) +
    (createdAtMillis / 1000 - hotEpochSeconds) / 45000
}
export const controversyRank = (upvotes, downvotes) => {
  if (upvotes === 0 || downvotes === 0) return 0
  return Math.pow(upvotes + downvotes, Math.min(upvotes, downvotes) / Math.max(upvotes, downvotes))
}

/**
 * The copies above must give the domain's numbers bit for bit: checked against
 * packages/domain/dist/Ranking.js when it is built. Returns "checked",
 * "not built" or throws on a mismatch.
 */
export const checkRankFormulas = async () => {
  const file = join(ROOT, "packages/domain/dist/Ranking.js")
  if (!existsSync(file)) return "not built"
  let domain
  try {
    domain = await import(pathToFileURL(file).href)
  } catch (error) {
    return `not loadable (${error.message.split("\n")[0]})`
  }
  if (typeof domain.hotRank !== "function" || typeof domain.controversyRank !== "function") return "no exports"
  const samples = [[0, 0], [1, 0], [0, 1], [10, 3], [3, 10], [1500, 20], [700, 690], [5, 5], [2, 900]]
  const times = [1_700_000_000_000, Date.now(), Date.now() - 59 * DAY + 123]
  for (const [up, down] of samples) {
    for (const t of times) {
      if (domain.hotRank(up, down, t) !== hotRank(up, down, t)) {
        throw new Error(`bench/big.mjs hotRank(${up}, ${down}, ${t}) differs from packages/domain Ranking.hotRank`)
      }
    }
    if (domain.controversyRank(up, down) !== controversyRank(up, down)) {
      throw new Error(`bench/big.mjs controversyRank(${up}, ${down}) differs from packages/domain Ranking.controversyRank`)
    }
  }
  return "checked"
}

// ------------------------------------------------------------------ randomness
/** mulberry32: small, fast, deterministic. */
const prng = (seed) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

/** Draws an index with probability proportional to weights[i]. */
const sampler = (weights, rand) => {
  const cumulative = new Float64Array(weights.length)
  let sum = 0
  for (let i = 0; i < weights.length; i++) cumulative[i] = sum += weights[i]
  return () => {
    const x = rand() * sum
    let lo = 0
    let hi = cumulative.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (cumulative[mid] > x) hi = mid
      else lo = mid + 1
    }
    return lo
  }
}

const hex = (rand, digits) => {
  let s = ""
  while (s.length < digits) s += Math.floor(rand() * 0x10000).toString(16).padStart(4, "0")
  return s.slice(0, digits)
}

/** Time-ordered UUID v7 for `ms`, random bits from `rand`. */
const uuidV7 = (ms, rand) => {
  const t = Math.floor(ms).toString(16).padStart(12, "0")
  const variant = (8 + Math.floor(rand() * 4)).toString(16)
  return `${t.slice(0, 8)}-${t.slice(8)}-7${hex(rand, 3)}-${variant}${hex(rand, 3)}-${hex(rand, 12)}`
}

// ------------------------------------------------------------------ text
const HEAD_WORDS = (
  "the of and to a in is that for it on with as this agent be are we not have you but can what an " +
  "all they was by model from at or one more about if so there their which how do when will would " +
  "post new like just some time people think other than up out them into also could its only use " +
  "make any thread these work first network way even because good data well very human through most " +
  "prompt reasoning context memory tool persona schedule feed search reply signal channel vote comment " +
  "karma token latency training inference dataset benchmark weights eval alignment robot planning " +
  "language vision code bug fix release paper result experiment question answer idea"
).split(" ")

const SYLLABLES = ("ka lo mi re ta su ne vo pi da zu ri fe go ha ju ke li mo nu pa qui ro sa te ul va we xi yo " +
  "bra cle dri fro glu kra pla sto tre vel mar nor tin sel dor").split(" ")

/** 20,000 distinct words: HEAD_WORDS first (most frequent), then made-up ones; the search words at fixed ranks. */
const buildVocabulary = (rand) => {
  const words = [...HEAD_WORDS]
  const seen = new Set(words)
  seen.add(RARE_WORD)
  while (words.length < VOCABULARY) {
    const n = 2 + Math.floor(rand() * 3)
    let w = ""
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(rand() * SYLLABLES.length)]
    // no made-up word may start with a search word (search terms are prefixes)
    if (seen.has(w) || w.startsWith(COMMON_WORD) || w.startsWith(RARE_WORD)) continue
    seen.add(w)
    words.push(w)
  }
  const at = (word, rank) => {
    const i = words.indexOf(word)
    if (i !== -1) words.splice(i, 1)
    words.splice(rank - 1, 0, word)
    words.length = VOCABULARY
  }
  at(COMMON_WORD, COMMON_RANK)
  at(RARE_WORD, RARE_RANK)
  return words
}

// ------------------------------------------------------------------ schema helpers
const tableColumns = (db, table) => db.prepare(`SELECT name, type, "notnull" AS nn, dflt_value, pk FROM pragma_table_info(?)`).all(table)

/**
 * INSERT for the columns of `row` the table has. Throws if the table lacks a
 * required column of ours or has a NOT NULL column without default we do not fill.
 */
const inserter = (db, table, keys, { required = keys } = {}) => {
  const columns = tableColumns(db, table)
  if (columns.length === 0) throw new Error(`big seed: table ${table} does not exist`)
  const names = new Set(columns.map((c) => c.name))
  for (const k of required) {
    if (!names.has(k)) throw new Error(`big seed: ${table}.${k} does not exist in the migrated schema`)
  }
  const used = keys.filter((k) => names.has(k))
  for (const c of columns) {
    if (c.nn === 1 && c.dflt_value === null && !used.includes(c.name) && !(c.pk === 1 && /INT/i.test(c.type ?? ""))) {
      throw new Error(`big seed: ${table}.${c.name} is NOT NULL without default and bench/big.mjs does not fill it`)
    }
  }
  const stmt = db.prepare(`INSERT INTO ${table} (${used.join(", ")}) VALUES (${used.map(() => "?").join(", ")})`)
  return { used, run: (row) => stmt.run(used.map((k) => row[k])) }
}

const hasTable = (db, name) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined

/** The follows table's follower and followee columns (names vary: followee_id, followed_id, following_id). */
const followColumns = (db) => {
  if (!hasTable(db, "follows")) return undefined
  const names = tableColumns(db, "follows").map((c) => c.name)
  const follower = names.find((n) => /^follower/.test(n))
  const followee = names.find((n) => /^(followee|followed|following|target|user)/.test(n) && n !== follower)
  if (follower === undefined || followee === undefined) {
    throw new Error(`big seed: cannot tell the follows columns apart (${names.join(", ")})`)
  }
  return { follower, followee }
}

// ------------------------------------------------------------------ the seeding
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
  const commonIndex = COMMON_RANK - 1
  const rareIndex = RARE_RANK - 1
  const nextWord = sampler(words.map((_, r) => 1 / (r + 1)), rand)

  // ---- users (Zipf activity over a shuffled order)
  const users = []
  for (let i = 0; i < userCount; i++) {
    const agent = rand() < AGENT_SHARE
    const name = words[HEAD_WORDS.length + Math.floor(rand() * (VOCABULARY - HEAD_WORDS.length))]
    users.push({
      id: uuidV7(now - (61 + rand() * 340) * DAY, rand),
      username: `${agent ? "bot_" : ""}${name}_${i}`.slice(0, 32),
      agent,
      activity: 0,
      posts: 0,
      karma: 0,
      lastActive: null
    })
  }
  const order = users.map((_, i) => i)
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    ;[order[i], order[j]] = [order[j], order[i]]
  }
  order.forEach((u, rank) => (users[u].activity = 1 / Math.pow(rank + 1, 0.9)))
  const nextAuthor = sampler(users.map((u) => u.activity), rand)
  const humans = users.filter((u) => !u.agent)

  // ---- channels
  const zipfChannels = CHANNEL_NAMES.length - NICHE_WEIGHTS.length
  const zipfWeights = Array.from({ length: zipfChannels }, (_, i) => 1 / Math.pow(i + 1, 1.1))
  const zipfSum = zipfWeights.reduce((a, b) => a + b, 0)
  const nicheShare = NICHE_WEIGHTS.reduce((a, b) => a + b, 0)
  const channelWeights = [...zipfWeights.map((w) => (w / zipfSum) * (1 - nicheShare)), ...NICHE_WEIGHTS]
  const channels = CHANNEL_NAMES.map((name, i) => ({
    id: uuidV7(now - (62 + i) * DAY, rand),
    name,
    creator: users[order[i * 7]],
    posts: 0,
    subscribers: new Set()
  }))
  const nextChannel = sampler(channelWeights, rand)

  // ---- posts (metadata; the text is generated while inserting)
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

  // ---- comments: per post, weighted by popularity; threaded, after the post
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

  // ---- social graph
  const subscriptions = [] // [channelIndex, userId, created]
  const subscribe = (ch, userId, at) => {
    if (channels[ch].subscribers.has(userId)) return
    channels[ch].subscribers.add(userId)
    subscriptions.push([ch, userId, at])
  }
  for (const ch of channels.keys()) subscribe(ch, channels[ch].creator.id, now - (62 + ch) * DAY)
  const nextSubscribed = sampler(channelWeights.map((w) => Math.sqrt(w)), rand)
  for (const u of users) {
    const n = 1 + Math.floor(rand() * 5)
    for (let k = 0; k < n; k++) subscribe(nextSubscribed(), u.id, now - Math.floor(rand() * span))
  }
  const follows = [] // [followerId, followeeId, created]
  const followed = new Set()
  const follow = (a, b, at) => {
    const key = `${a}>${b}`
    if (a === b || followed.has(key)) return false
    followed.add(key)
    follows.push([a, b, at])
    return true
  }
  for (const u of users) {
    const n = Math.floor(Math.pow(rand(), 2) * 13)
    for (let k = 0; k < n; k++) follow(u.id, users[nextAuthor()].id, now - Math.floor(rand() * span))
  }

  // ---- the bench readers
  const typicalFollows = new Set()
  const nextFollowed = sampler(users.map((u) => Math.sqrt(u.activity)), rand)
  while (typicalFollows.size < TYPICAL_FOLLOWS) {
    const u = users[nextFollowed()]
    if (u.posts > 0) typicalFollows.add(u)
  }
  const quiet = users.filter((u) => u.posts >= 2 && u.posts <= 6)
  const sparseFollows = new Set()
  while (sparseFollows.size < Math.min(SPARSE_FOLLOWS, quiet.length)) {
    sparseFollows.add(quiet[Math.floor(rand() * quiet.length)])
  }
  const readerCtx = {}
  for (const [key, chans, followees] of [
    ["typical", TYPICAL_CHANNELS, typicalFollows],
    ["sparse", SPARSE_CHANNELS, sparseFollows]
  ]) {
    const reader = readers[key]
    for (const ch of chans) subscribe(ch, reader.id, now - 30 * DAY)
    for (const u of followees) follow(reader.id, u.id, now - 30 * DAY)
    const chanSet = new Set(chans)
    const authorSet = new Set([...followees].map((u) => users.indexOf(u)))
    const sourcePosts = posts.filter((p) => chanSet.has(p.channel) || authorSet.has(p.author))
    readerCtx[key] = {
      ...reader,
      channels: chans.map((ch) => ({ id: channels[ch].id, name: channels[ch].name, posts: channels[ch].posts })),
      follows: [...followees].map((u) => ({ id: u.id, username: u.username, posts: u.posts })),
      source_posts: sourcePosts.length,
      hotTop: topIds(sourcePosts, 20)
    }
  }
  const generateMs = performance.now() - t0

  // ---- insert
  const db = new Database(dbPath, { fileMustExist: true })
  const stats = {}
  const postWords = { common: 0, rare: 0 }
  try {
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
      "id", "username", "username_key", "display_name", "bio", "user_type", "password_hash", "karma", "created_at",
      "description", "persona", "owner_id", "is_hosted", "api_key_digest", "is_active", "last_active_at"
    ], { required: ["id", "username", "username_key", "user_type", "karma", "created_at"] })
    const insChannel = inserter(db, "channels", [
      "id", "name", "title", "description", "created_by", "subscriber_count", "post_count", "created_at"
    ])
    const insModerator = inserter(db, "channel_moderators", ["channel_id", "user_id", "created_at"])
    const insSubscription = inserter(db, "subscriptions", ["channel_id", "user_id", "created_at"])
    const postKeys = [
      "id", "channel_id", "author_id", "author_type", "title", "content", "flair", "upvotes", "downvotes", "score",
      "comment_count", "created_at", "updated_at", "deleted_at", "hot_rank", "controversy_rank"
    ]
    const insPost = inserter(db, "posts", postKeys, { required: postKeys.slice(0, 14) })
    const insVote = inserter(db, "post_votes", ["post_id", "user_id", "value", "created_at"])
    const insComment = inserter(db, "comments", [
      "id", "post_id", "parent_id", "author_id", "content", "upvotes", "downvotes", "score", "depth", "created_at",
      "updated_at", "deleted_at"
    ])
    const insFollow = followCols === undefined ? undefined : inserter(db, "follows", [
      followCols.follower, followCols.followee, "created_at"
    ])

    const sentence = (tokens, counts) => {
      let s = ""
      let flags = 0
      for (let k = 0; k < tokens; k++) {
        const w = nextWord()
        if (w === commonIndex) flags |= 1
        else if (w === rareIndex) flags |= 2
        s += k === 0 ? words[w] : (k % 13 === 12 ? ". " : " ") + words[w]
      }
      if (counts !== undefined) {
        if (flags & 1) counts.common++
        if (flags & 2) counts.rare++
      }
      return s
    }
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

    // the reader rows were created by the API: make their subscriptions visible in the counters too (done above)
    const tFinish = performance.now()
    db.pragma("journal_mode = WAL")
    db.pragma("wal_checkpoint(TRUNCATE)")
    stats.finish_ms = Math.round(performance.now() - tFinish)

    // consistency checks (cheap ones; they fail the seeding rather than the benchmark)
    const tChecks = performance.now()
    const one = (sql) => db.prepare(sql).pluck().get()
    const problems = []
    if (one("SELECT count(*) FROM posts") < postCount) problems.push("posts missing")
    const badCounts = one(`SELECT count(*) FROM posts p WHERE comment_count <> (SELECT count(*) FROM comments c WHERE c.post_id = p.id)`)
    if (badCounts !== 0) problems.push(`${badCounts} posts whose comment_count differs from their comments`)
    const badVotes = one(`SELECT count(*) FROM (SELECT v.post_id, sum(v.value = 1) AS up, sum(v.value = -1) AS down
      FROM post_votes v GROUP BY v.post_id) s JOIN posts p ON p.id = s.post_id WHERE p.upvotes <> s.up OR p.downvotes <> s.down`)
    if (badVotes !== 0) problems.push(`${badVotes} posts whose counters differ from their vote rows`)
    const badChannels = one(`SELECT count(*) FROM channels ch WHERE post_count <> (SELECT count(*) FROM posts p WHERE p.channel_id = ch.id)
      OR subscriber_count <> (SELECT count(*) FROM subscriptions s WHERE s.channel_id = ch.id)`)
    if (badChannels !== 0) problems.push(`${badChannels} channels whose counters differ from their rows`)
    if (problems.length > 0) throw new Error(`big seed: inconsistent data: ${problems.join("; ")}`)
    stats.checks_ms = Math.round(performance.now() - tChecks)

    const fts = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%USING fts5%'").pluck().all()
    stats.fts_tables = fts
    stats.db_mb = Math.round((one("PRAGMA page_count") * one("PRAGMA page_size")) / 1048576)
    stats.ranks = ranks
    stats.follows_table = followCols === undefined ? "absent" : `${followCols.follower} -> ${followCols.followee}`
  } finally {
    db.close()
  }

  const channelInfo = channels.map((ch) => ({ id: ch.id, name: ch.name, posts: ch.posts, subscribers: ch.subscribers.size }))
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
      words: { common: { word: COMMON_WORD, posts: postWords.common }, rare: { word: RARE_WORD, posts: postWords.rare } },
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

/** Ids of the first `n` posts by hot rank, ties by id descending (the API's order). */
function topIds(list, n) {
  return [...list]
    .sort((a, b) => b.hot - a.hot || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .slice(0, n)
    .map((p) => p.id)
}
