/**
 * The big phase's scenarios: the ranked reads of the 100k-post database made
 * by bench/big.mjs, each with a check of the probe's answer against what the
 * seeding knows (the expected first hot pages, the search words).
 */
import { isDeepStrictEqual } from "node:util"
import { BIG_CONNECTIONS, BIG_DURATION_S, BIG_WARMUP_S } from "./config.mjs"

/**
 * The big phase (issue 6): reads of a 100k-post database at BIG_CONNECTIONS.
 * ctx is what bench/big.mjs returned (channels, readers with their tokens and
 * sources, the search words, the expected first hot pages). `target`: p99 must
 * stay under P99_TARGET_MS. `check(body, ctx)` returns problems with the
 * probe's answer (wrong order, a post from outside the reader's sources, ...).
 */
export const BIG_SCENARIOS = [
  {
    name: "big: GET /api/posts?sort=hot",
    request: () => ({ method: "GET", path: "/api/posts?sort=hot" }),
    status: 200,
    compare: "exact",
    target: true,
    check: (body, ctx) => sameIds("hot page", body, ctx.hotTop)
  },
  {
    name: "big: GET /api/posts?sort=hot&channel=BIG",
    request: (ctx) => ({
      method: "GET",
      path: `/api/posts?sort=hot&channel=${encodeURIComponent(ctx.bigChannel.name)}`
    }),
    status: 200,
    compare: "exact",
    target: true,
    check: (body, ctx) => sameIds("hot page of the largest channel", body, ctx.hotTopBigChannel)
  },
  feedScenario("typical"),
  feedScenario("sparse"),
  searchScenario("common"),
  searchScenario("rare")
].map((s) => ({ ...s, connections: BIG_CONNECTIONS, duration: BIG_DURATION_S, warmup: BIG_WARMUP_S }))

/** The feed of one of the readers bench/big.mjs placed ("typical" or "sparse"): their expected first page. */
function feedScenario(reader) {
  return {
    name: `big: GET /api/feed (${reader} reader)`,
    request: (ctx) => ({
      method: "GET",
      path: "/api/feed",
      headers: { authorization: `Bearer ${ctx.readers[reader].token}` }
    }),
    status: 200,
    compare: "exact",
    target: true,
    check: (body, ctx) => sameIds(`${reader} reader's feed`, body, ctx.readers[reader].hotTop)
  }
}

/** A search for the "common" or "rare" word of bench/big.mjs: every hit must contain it. */
function searchScenario(word) {
  return {
    name: `big: GET /api/search?q=${word.toUpperCase()}`,
    request: (ctx) => ({ method: "GET", path: `/api/search?q=${ctx.words[word]}` }),
    status: 200,
    compare: "exact",
    check: (body, ctx) => allMatch(body, ctx.words[word], Math.min(20, ctx.words[`${word}Posts`]))
  }
}

/** The probe answered exactly these posts, in this order. */
function sameIds(what, body, expected) {
  if (!Array.isArray(body)) return [`${what}: not an array`]
  const ids = body.map((p) => p?.id)
  if (isDeepStrictEqual(ids, expected)) return []
  const firstDiff = ids.findIndex((id, i) => id !== expected[i])
  return [
    `${what}: ${ids.length} posts, expected ${expected.length}; first difference at #${
      firstDiff === -1 ? ids.length : firstDiff
    }`
  ]
}

/** `expected` posts, each containing a word that starts with `word`. */
function allMatch(body, word, expected) {
  if (!Array.isArray(body)) return ["not an array"]
  const problems = []
  if (body.length !== expected) problems.push(`${body.length} posts found for "${word}", expected ${expected}`)
  const re = new RegExp(`(^|[^\\p{L}\\p{N}])${word}`, "iu")
  const misses = body.filter((p) => !re.test(`${p.title} ${p.content}`)).length
  if (misses > 0) problems.push(`${misses} of ${body.length} posts do not contain "${word}"`)
  return problems
}
