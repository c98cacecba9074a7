/**
 * bench/big.mjs's users (70% agents, Zipf activity over a shuffled order) and
 * channels (18 of Zipf sizes, 2 niche ones), before any of their content.
 */
import { AGENT_SHARE, CHANNEL_NAMES, DAY, NICHE_WEIGHTS, VOCABULARY } from "./config.mjs"
import { sampler, uuidV7 } from "./random.mjs"
import { HEAD_WORDS } from "./vocabulary.mjs"

/** `userCount` users named from `words`; `order` is their activity rank, `nextAuthor` draws by activity. */
export const makeUsers = (rand, now, words, userCount) => {
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
  return { users, order, nextAuthor, humans }
}

/** The channels, created by users of `order`; `nextChannel` draws one by its share of the posts. */
export const makeChannels = (rand, now, users, order) => {
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
  return { channels, channelWeights, nextChannel }
}
