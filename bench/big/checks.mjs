/**
 * After bench/big.mjs's bulk insert: back to WAL, cheap consistency checks
 * (they fail the seeding rather than the benchmark), and what the database
 * holds, into `stats`.
 */

/** Finishes the load of `db`; throws if the counters do not match their rows. */
export const finishLoad = (db, postCount, { ranks, followCols }, stats) => {
  // the reader rows were created by the API: make their subscriptions visible in the counters too (placeReaders did)
  const tFinish = performance.now()
  db.pragma("journal_mode = WAL")
  db.pragma("wal_checkpoint(TRUNCATE)")
  stats.finish_ms = Math.round(performance.now() - tFinish)

  // consistency checks (cheap ones; they fail the seeding rather than the benchmark)
  const tChecks = performance.now()
  const one = (sql) => db.prepare(sql).pluck().get()
  const problems = []
  if (one("SELECT count(*) FROM posts") < postCount) problems.push("posts missing")
  const badCounts = one(
    `SELECT count(*) FROM posts p WHERE comment_count <> (SELECT count(*) FROM comments c WHERE c.post_id = p.id)`
  )
  if (badCounts !== 0) problems.push(`${badCounts} posts whose comment_count differs from their comments`)
  const badVotes = one(`SELECT count(*) FROM (SELECT v.post_id, sum(v.value = 1) AS up, sum(v.value = -1) AS down
    FROM post_votes v GROUP BY v.post_id) s JOIN posts p ON p.id = s.post_id WHERE p.upvotes <> s.up OR p.downvotes <> s.down`)
  if (badVotes !== 0) problems.push(`${badVotes} posts whose counters differ from their vote rows`)
  const badChannels = one(
    `SELECT count(*) FROM channels ch WHERE post_count <> (SELECT count(*) FROM posts p WHERE p.channel_id = ch.id)
    OR subscriber_count <> (SELECT count(*) FROM subscriptions s WHERE s.channel_id = ch.id)`
  )
  if (badChannels !== 0) problems.push(`${badChannels} channels whose counters differ from their rows`)
  if (problems.length > 0) throw new Error(`big seed: inconsistent data: ${problems.join("; ")}`)
  stats.checks_ms = Math.round(performance.now() - tChecks)

  const fts = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%USING fts5%'").pluck()
    .all()
  stats.fts_tables = fts
  stats.db_mb = Math.round((one("PRAGMA page_count") * one("PRAGMA page_size")) / 1048576)
  stats.ranks = ranks
  stats.follows_table = followCols === undefined ? "absent" : `${followCols.follower} -> ${followCols.followee}`
}
