/**
 * bench/big.mjs's social graph: channel subscriptions and follows, then the
 * two bench readers' own (a typical and a sparse one), with what their feeds
 * must answer.
 */
import { DAY, SPARSE_CHANNELS, SPARSE_FOLLOWS, TYPICAL_CHANNELS, TYPICAL_FOLLOWS } from "./config.mjs"
import { topIds } from "./posts.mjs"
import { sampler } from "./random.mjs"

/** Each channel's creator and every user subscribe to 1..5 channels; users follow 0..12 authors. */
export const makeGraph = (rand, now, { span, users, channels, channelWeights, nextAuthor }) => {
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
  return { subscriptions, follows, subscribe, follow }
}

/** Subscribes and follows for the readers; their ctx (sources, expected first hot page). */
export const placeReaders = (rand, now, { readers, users, channels, posts, subscribe, follow }) => {
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
  for (
    const [key, chans, followees] of [
      ["typical", TYPICAL_CHANNELS, typicalFollows],
      ["sparse", SPARSE_CHANNELS, sparseFollows]
    ]
  ) {
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
  return readerCtx
}
