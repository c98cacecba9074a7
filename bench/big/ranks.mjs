/**
 * The rank formulas of packages/domain/src/Ranking.ts, copied (the seeding
 * writes hot_rank and controversy_rank itself), and the check that the copies
 * still agree with the built domain module.
 */
import { existsSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { DAY } from "./config.mjs"

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..")

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
      throw new Error(
        `bench/big.mjs controversyRank(${up}, ${down}) differs from packages/domain Ranking.controversyRank`
      )
    }
  }
  return "checked"
}
