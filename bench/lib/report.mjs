/**
 * The markdown report printed at the end of a run and stored in
 * results.json: the original phase's table with its notes and the
 * anonymous/keyed pairs, the scale phases' table (report-scale.mjs), the big
 * phase's table, and the flagged scenarios.
 */
import {
  BIG_CONNECTIONS,
  BIG_DURATION_S,
  BIG_WARMUP_S,
  CONNECTIONS,
  DURATION_S,
  HOST,
  P99_TARGET_MS,
  WARMUP_S
} from "./config.mjs"
import { scaleMarkdown } from "./report-scale.mjs"
import { PAIRS } from "./scenarios.mjs"

export const fmtInt = (n) => (n === undefined ? "n/a" : Math.round(n).toLocaleString("en-US"))
const fmtMs = (n) => (n === undefined ? "n/a" : `${n < 10 ? n.toFixed(2) : n.toFixed(1)} ms`)
export const fmtMb = (kb) => (kb === undefined ? "n/a" : `${(kb / 1024).toFixed(1)} MB`)

/** The anonymous and API-key reads of PAIRS next to each other, per server. */
const pairsTable = (report) => {
  const lines = []
  const byName = new Map(report.scenarios.map((s) => [s.name, s]))
  const pairs = PAIRS.filter((pair) => byName.has(pair.anonymous) && byName.has(pair.keyed))
  if (pairs.length > 0) {
    const rate = (name, key) => byName.get(name).results[key]?.req_per_s
    const cost = (name, key) => byName.get(name).results[key]?.server_cpu_ms_per_req
    const share = (keyed, anonymous) =>
      keyed !== undefined && anonymous !== undefined && anonymous > 0 ? (keyed / anonymous).toFixed(2) : "n/a"
    lines.push(
      `| anonymous vs API key | Holonet anon req/s | Holonet key req/s | key ÷ anon | plain anon req/s | plain key req/s | key ÷ anon |`
    )
    lines.push(`|---|---:|---:|---:|---:|---:|---:|`)
    for (const pair of pairs) {
      const cells = ["holonet", "plain"].map((key) => {
        const anon = rate(pair.anonymous, key)
        const keyed = rate(pair.keyed, key)
        return `${fmtInt(anon)} | ${fmtInt(keyed)} | ${share(keyed, anon)}`
      })
      lines.push(`| ${pair.label} | ${cells.join(" | ")} |`)
    }
    const cpuPairs = pairs.map((pair) =>
      `${pair.anonymous} → ${pair.keyed}: Holonet ${cost(pair.anonymous, "holonet") ?? "n/a"} → ${
        cost(pair.keyed, "holonet") ?? "n/a"
      } ms, ` +
      `plain ${cost(pair.anonymous, "plain") ?? "n/a"} → ${cost(pair.keyed, "plain") ?? "n/a"} ms`
    )
    lines.push(`Server CPU per request, anonymous → API key: ${cpuPairs.join("; ")}.`)
  }
  return lines
}

/** CPU ms per request as whole µs. */
const fmtUs = (ms) => (ms === undefined ? "n/a" : Math.round(ms * 1000).toLocaleString("en-US"))

export const FLOOR_NOTE =
  "floor = a bare Effect 3 HttpApi endpoint answering a constant (no middleware, no database): " +
  "the accepted framework floor; no Holonet route can beat floor ÷ plain"

/** The original phase's table and notes (empty when none of its scenarios ran). */
const smallMarkdown = (report) => {
  if (report.scenarios.length === 0 || (report.servers.holonet ?? report.servers.plain) === undefined) return []
  const lines = [
    `| route | Holonet req/s | p50 | p99 | Holonet CPU µs/req | plain req/s | p50 | p99 | plain CPU µs/req | ratio | ` +
    `floor req/s | floor ÷ plain |`,
    `|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|`
  ]
  for (const s of report.scenarios) {
    const h = s.results.holonet
    const p = s.results.plain
    const f = s.results.floor
    lines.push(
      `| ${s.name}${s.flagged ? " ⚠" : ""} | ${fmtInt(h?.req_per_s)} | ${fmtMs(h?.p50_ms)} | ${fmtMs(h?.p99_ms)} | ` +
        `${fmtUs(h?.server_cpu_ms_per_req)} | ` +
        `${fmtInt(p?.req_per_s)} | ${fmtMs(p?.p50_ms)} | ${fmtMs(p?.p99_ms)} | ${fmtUs(p?.server_cpu_ms_per_req)} | ` +
        `${ratioOf(h, p)} | ${f === undefined ? "" : fmtInt(f.req_per_s)} | ${f === undefined ? "" : ratioOf(f, p)} |`
    )
  }
  const h = report.servers.holonet?.rss ?? {}
  const p = report.servers.plain?.rss ?? {}
  const f = report.servers.floor?.rss
  lines.push(
    `| peak RSS (VmHWM, under load) | ${fmtMb(h.vmHWMKb)} | | | | ${fmtMb(p.vmHWMKb)} | | | | | ${
      f === undefined ? "" : fmtMb(f.vmHWMKb)
    } | |`
  )
  lines.push("")
  lines.push(FLOOR_NOTE)
  lines.push("")
  const runs = report.config?.runs ?? 1
  lines.push(
    `ratio = Holonet req/s ÷ plain req/s. ${CONNECTIONS} connections, ${WARMUP_S} s warm-up + ` +
      (runs > 1 ?
        `${runs} measured runs of ${DURATION_S} s per route, the median run shown (by req/s; every run's rate in ` +
        `results.json)` :
        `${DURATION_S} s measured per route`) +
      `, autocannon in the runner process, servers on ${HOST}.`
  )
  const floorCpu = report.scenarios.filter((s) => s.results.floor !== undefined)
    .map((s) => `${s.name} ${fmtUs(s.results.floor.server_cpu_ms_per_req)}`)
  lines.push(
    `CPU µs/req = the server's CPU time (user + system, /proc) over the measured run ÷ the answers it gave` +
      (floorCpu.length > 0 ? `; floor: ${floorCpu.join(", ")}.` : ".")
  )
  lines.push(
    `RSS: Holonet peak ${fmtMb(h.vmHWMKb)} under load${
      h.hwmResetAfterSeed ? "" : " (VmHWM reset failed: includes seeding)"
    } ` +
      `(max sampled VmRSS ${fmtMb(h.maxSampledKb)}, at stop ${fmtMb(h.finalKb)}; peak while seeding ${
        fmtMb(h.seedPeakKb)
      }); ` +
      `plain peak ${fmtMb(p.vmHWMKb)} (max sampled ${fmtMb(p.maxSampledKb)}, at stop ${fmtMb(p.finalKb)}).`
  )
  const sd = report.seed
  if (sd !== undefined) {
    lines.push(
      `Seed via Holonet API: ${sd.users} users + 1 agent + ${sd.channels} channels + ${fmtInt(sd.posts)} posts in ${
        (sd.total_ms / 1000).toFixed(1)
      } s ` +
        `(posts: ${(sd.posts_ms / 1000).toFixed(1)} s, ${
          fmtInt(sd.posts_per_s)
        } posts/s at ${sd.concurrency} in flight).`
    )
  }
  const pairLines = pairsTable(report)
  if (pairLines.length > 0) lines.push("", ...pairLines)
  return lines
}

const ratioOf = (
  h,
  p
) => (h !== undefined && p !== undefined && p.req_per_s > 0 ? (h.req_per_s / p.req_per_s).toFixed(2) : "n/a")
export const seconds = (ms) => (ms === undefined ? "n/a" : `${(ms / 1000).toFixed(1)} s`)

/** The big phase's table: req/s, mean and p99 per server, the p99 target, and how the database was made. */
const bigMarkdown = (big) => {
  if (big === undefined) return []
  const sd = big.seed ?? {}
  const lines = [
    `| big DB (${
      fmtInt(sd.posts)
    } posts), ${BIG_CONNECTIONS} connections | Holonet req/s | mean | p99 | p99 < ${P99_TARGET_MS} ms | ` +
    `plain req/s | mean | p99 | ratio |`,
    `|---|---:|---:|---:|:---:|---:|---:|---:|---:|`
  ]
  for (const s of big.scenarios) {
    const h = s.results.holonet
    const p = s.results.plain
    const target = !s.target ? "" : h?.p99_ms === undefined ? "n/a" : h.p99_ms < P99_TARGET_MS ? "yes" : "**NO**"
    lines.push(
      `| ${s.label ?? s.name}${s.flagged ? " ⚠" : ""} | ${fmtInt(h?.req_per_s)} | ${fmtMs(h?.mean_ms)} | ${
        fmtMs(h?.p99_ms)
      } | ${target} | ` +
        `${fmtInt(p?.req_per_s)} | ${fmtMs(p?.mean_ms)} | ${fmtMs(p?.p99_ms)} | ${ratioOf(h, p)} |`
    )
  }
  const h = big.servers.holonet?.rss ?? {}
  const p = big.servers.plain?.rss ?? {}
  lines.push(`| peak RSS (VmHWM) | ${fmtMb(h.vmHWMKb)} | | | | ${fmtMb(p.vmHWMKb)} | | | |`)
  lines.push("")
  lines.push(
    `${BIG_WARMUP_S} s warm-up + ${BIG_DURATION_S} s measured per route; p99 and mean from every answer's own time ` +
      `(autocannon's latency.p99, 1 ms resolution, is in results.json). The target applies to the hot pages and the feeds.`
  )
  if (sd.posts !== undefined) {
    const sizes = sd.channel_sizes ?? []
    lines.push(
      `Big DB: ${fmtInt(sd.posts)} posts, ${fmtInt(sd.comments)} comments, ${fmtInt(sd.users)} users (${
        fmtInt(sd.agents)
      } agents), ` +
        `${sd.channels} channels of ${fmtInt(sizes[0])} down to ${fmtInt(sizes.at(-1))} posts, ${
          fmtInt(sd.subscriptions)
        } subscriptions, ` +
        `${fmtInt(sd.follows)} follows, ${fmtInt(sd.vote_rows)} vote rows on ${
          fmtInt(sd.voted_posts_with_rows)
        } posts ` +
        `(${fmtInt(sd.votes_counted)} votes counted in all), ${fmtInt(sd.db_mb)} MB.`
    )
    lines.push(
      `Seeding: ${seconds(sd.wall_ms)} in all: migrations + 2 readers through Holonet's API ${
        seconds(sd.migrate_and_readers_ms)
      }, ` +
        `generation ${seconds(sd.generate_ms)}, bulk insert ${seconds(sd.insert_ms)} (users/graph ${
          seconds(sd.users_ms)
        }, ` +
        `posts ${seconds(sd.posts_ms)}, votes ${seconds(sd.votes_ms)}, comments ${
          seconds(sd.comments_ms)
        }; FTS triggers included), ` +
        `WAL switch ${seconds(sd.finish_ms)}, checks ${
          seconds(sd.checks_ms)
        }. Rank formulas vs packages/domain: ${sd.rank_formulas}.`
    )
    const r = big.readers ?? {}
    const who = (x) =>
      x === undefined ?
        "n/a"
        : `${x.channels.length} channels (${x.channels.map((c) => `${c.name} ${fmtInt(c.posts)}`).join(", ")}) + ` +
          `${x.follows.length} followed authors (${x.follows.map((f) => fmtInt(f.posts)).join(", ")} posts) = ${
            fmtInt(x.source_posts)
          } posts`
    lines.push(`Typical reader: ${who(r.typical)}. Sparse reader: ${who(r.sparse)}.`)
    lines.push(
      `Search: "${sd.words?.common.word}" is in ${fmtInt(sd.words?.common.posts)} posts, "${sd.words?.rare.word}" in ${
        fmtInt(sd.words?.rare.posts)
      }.`
    )
  }
  return lines
}

export const markdown = (report) => {
  const sections = [smallMarkdown(report), scaleMarkdown(report), bigMarkdown(report.big)].filter((x) => x.length > 0)
  const lines = sections.flatMap((section, i) => (i === 0 ? section : ["", ...section]))
  lines.push("")
  lines.push(
    `Machine: ${report.machine.cpus} CPUs; 1-min load average ${
      report.machine.loadavg_at_start[0]
    } just before the run ` +
      `(anything else busy on the machine skews both columns).`
  )
  const all = [...report.scenarios, ...(report.big?.scenarios ?? [])]
  for (const s of all.filter((x) => x.flagged)) {
    for (const [server, issues] of Object.entries(s.issues)) {
      for (const issue of issues) lines.push(`⚠ ${s.label ?? s.name} [${server}]: ${issue}`)
    }
  }
  return lines.join("\n")
}
