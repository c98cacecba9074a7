/**
 * The big phase's seeding (issue 6): Holonet migrates an empty file and
 * registers the two readers, bench/big.mjs bulk inserts the 100k-post
 * database, then both servers are measured on it.
 */
import { join } from "node:path"
import { BIG_DEFAULTS, checkRankFormulas, seedBig } from "../big.mjs"
import { BIG_DB_REL, BIG_POSTS, ROOT, SERVERS } from "./config.mjs"
import { BenchError } from "./errors.mjs"
import { measurePhase } from "./phases.mjs"
import { assertAlive, startServer, stopServer } from "./processes.mjs"
import { fmtInt, seconds } from "./report.mjs"
import { registerReaders } from "./seed.mjs"

/**
 * The big phase: migrate an empty file with Holonet (and register the
 * readers), stop it, bulk insert (bench/big.mjs), then measure both servers.
 */
export const bigPhase = async (big, scenarios) => {
  const t0 = performance.now()
  let rankFormulas
  try {
    rankFormulas = await checkRankFormulas()
  } catch (error) {
    throw new BenchError(error.message)
  }
  const seeder = SERVERS.find((def) => def.seeds)
  console.log(`bench: big phase: ${seeder.label} migrates ${BIG_DB_REL}; registering the readers`)
  const server = await startServer(seeder, { db: BIG_DB_REL, log: `${seeder.key}-big-migrate` })
  let readers
  try {
    readers = await registerReaders(server.base).catch((error) => {
      assertAlive(server, "while registering the readers")
      throw error
    })
  } finally {
    await stopServer(server)
  }
  const migrateMs = performance.now() - t0
  console.log(
    `bench: big phase: bulk insert of ${fmtInt(BIG_POSTS)} posts, ${
      fmtInt(BIG_POSTS * BIG_DEFAULTS.commentsPerPost)
    } comments ` +
      `(better-sqlite3, one transaction)`
  )
  let seeded
  try {
    seeded = seedBig(join(ROOT, BIG_DB_REL), { readers, posts: BIG_POSTS })
  } catch (error) {
    throw new BenchError(`big seed failed: ${error.message}`)
  }
  const { stats, ctx } = seeded
  big.seed = {
    ...stats,
    migrate_and_readers_ms: Math.round(migrateMs),
    rank_formulas: rankFormulas,
    wall_ms: Math.round(performance.now() - t0)
  }
  // no tokens in the report
  big.readers = Object.fromEntries(
    Object.entries(ctx.readers).map(([key, { token: _token, hotTop: _top, ...rest }]) => [key, rest])
  )
  for (const [i, scenario] of scenarios.entries()) {
    const label = scenario.name.replace(/^big: /, "")
      .replace("BIG", ctx.bigChannel.name).replace("COMMON", ctx.words.common).replace("RARE", ctx.words.rare)
    big.scenarios[i].label = label
  }
  console.log(
    `bench: big seed done in ${seconds(big.seed.wall_ms)} (migrations + readers ${seconds(migrateMs)}, ` +
      `generation ${seconds(stats.generate_ms)}, insert ${seconds(stats.insert_ms)}: posts ${
        seconds(stats.posts_ms)
      }, ` +
      `comments ${seconds(stats.comments_ms)}; ${stats.db_mb} MB)`
  )
  await measurePhase({
    scenarios,
    entries: big.scenarios,
    servers: big.servers,
    db: BIG_DB_REL,
    log: (def) => `${def.key}-big`,
    ctx
  })
}
