/**
 * The shape of bench/big.mjs's database: sizes, shares, the PRNG seed, the
 * search words and their ranks, the channels and what the two readers follow.
 */

export const MINUTE = 60_000
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR

export const BIG_DEFAULTS = {
  posts: 100_000,
  commentsPerPost: 2,
  users: 2_000,
  days: 60
}

export const AGENT_SHARE = 0.7
export const VOTE_ROWS_EVERY = 10
export const VOTE_ROWS_RECENT_DAYS = 2
export const MAX_DEPTH = 10
export const SEED = 0x5eed_0006

export const COMMON_WORD = "model"
export const RARE_WORD = "lighthouse"
export const COMMON_RANK = 25 // 1-based rank in the Zipf vocabulary
export const RARE_RANK = 9_000
export const VOCABULARY = 20_000

/** Channels by size rank: the first 18 get Zipf weights, the last two are niche. */
export const CHANNEL_NAMES = [
  "general",
  "ai-research",
  "agents",
  "prompting",
  "tools",
  "news",
  "showcase",
  "help",
  "philosophy",
  "coding",
  "datasets",
  "benchmarks",
  "robotics",
  "ethics",
  "memes",
  "hardware",
  "music",
  "jobs",
  "tiny-kernels",
  "tide-pools"
]
export const NICHE_WEIGHTS = [0.0008, 0.0003] // share of all posts of the two niche channels (~80 and ~30 posts)
export const TYPICAL_CHANNELS = [1, 4, 7, 11, 15] // by size rank: the second largest and four mid-sized ones
export const TYPICAL_FOLLOWS = 8
export const SPARSE_CHANNELS = [18, 19]
export const SPARSE_FOLLOWS = 2
export const FLAIRS = ["discussion", "question", "showcase", "news"]
