/**
 * The scale phases' table (issue 11): Holonet with WORKERS and Holonet on
 * PostgreSQL next to the one-process SQLite run of the same bench run, as
 * req/s ratios with p50/p99 side by side, and the notes needed to read it
 * (process count, CPU, where PostgreSQL's own CPU went, seeding).
 */
import { availableParallelism } from "node:os"
import { WORKERS as CONFIGURED_WORKERS } from "./config.mjs"

const fmtInt = (n) => (n === undefined ? "n/a" : Math.round(n).toLocaleString("en-US"))
const fmtMs = (n) => (n === undefined ? "n/a" : `${n < 10 ? n.toFixed(2) : n.toFixed(1)} ms`)
const fmtMb = (kb) => (kb === undefined ? "n/a" : `${(kb / 1024).toFixed(1)} MB`)
const ratio = (x, base) =>
  x?.req_per_s !== undefined && base?.req_per_s > 0 ? (x.req_per_s / base.req_per_s).toFixed(2) : "n/a"

/** The markdown lines of the scale phases (none when neither ran nor was skipped). */
export const scaleMarkdown = (report) => {
  const WORKERS = report.config?.workers ?? CONFIGURED_WORKERS
  const columns = [
    { key: "workers", title: `WORKERS=${WORKERS}`, ran: report.servers.workers !== undefined },
    { key: "pg", title: "PostgreSQL", ran: report.servers.pg !== undefined }
  ].filter((c) => c.ran)
  const skipped = report.pg?.skipped
  if (columns.length === 0) return skipped === undefined ? [] : [`PostgreSQL phase skipped: ${skipped}.`]

  const head = columns.map((c) => `${c.title} req/s | p50 | p99 | ÷ 1 process`).join(" | ")
  const lines = [
    `| scale: route | SQLite, 1 process req/s | p50 | p99 | ${head} |`,
    `|---|---:|---:|---:|${columns.map(() => "---:|---:|---:|---:|").join("")}`
  ]
  const flaggedBy = (s, key) => Object.keys(s.issues).some((k) => k === key || k === `compare ${key}`) ? " ⚠" : ""
  for (const s of report.scenarios) {
    const base = s.results.holonet
    const cells = columns.map((c) => {
      const r = s.results[c.key]
      return `${fmtInt(r?.req_per_s)}${flaggedBy(s, c.key)} | ${fmtMs(r?.p50_ms)} | ${fmtMs(r?.p99_ms)} | ${
        ratio(r, base)
      }`
    })
    lines.push(
      `| ${s.name}${flaggedBy(s, "holonet")} | ${fmtInt(base?.req_per_s)} | ${fmtMs(base?.p50_ms)} | ${
        fmtMs(base?.p99_ms)
      } | ${cells.join(" | ")} |`
    )
  }
  const rss = (key) => fmtMb(report.servers[key]?.rss?.vmHWMKb)
  lines.push(
    `| peak RSS (VmHWM, under load) | ${rss("holonet")} | | | ${
      columns.map((c) => `${rss(c.key)} | | |`).join(" | ")
    } |`
  )
  lines.push("")
  lines.push(
    `÷ 1 process = req/s ÷ the one-process SQLite run of this bench run (the first columns, also in the table above). ` +
      `Same routes, connections and durations.`
  )
  const workers = report.servers.workers
  if (workers !== undefined) {
    const wanted = WORKERS > 1 ? WORKERS + 1 : 1
    lines.push(
      WORKERS <= 1 ?
        `WORKERS=${WORKERS}: one process, on a copy of the SQLite file taken right after seeding.`
        : workers.processes >= wanted ?
        `WORKERS=${WORKERS}: ${workers.processes} processes (primary + workers), on a copy of the SQLite file taken ` +
        `right after seeding; CPU and RSS are summed over them (RSS: sum of each process's peak).`
        : `WORKERS=${WORKERS}: **the server ran ${workers.processes} process(es), not ${wanted}**: this build does not ` +
          `fork workers, so the column measures one process again.`
    )
  }
  const cores = report.machine?.cpus ?? availableParallelism()
  lines.push(
    `CPU: ${cores} cores shared by the server(s) and autocannon (in the runner process)` +
      (workers === undefined || WORKERS <= 1 ?
        "." :
        `: ${WORKERS} workers only get what autocannon leaves, so the ratio understates ` +
        `what they give when the load comes from elsewhere.`)
  )
  const cpu = (key) => report.scenarios.map((s) => s.results[key]?.server_cpu_ms_per_req ?? "n/a").join(" / ")
  lines.push(
    `Server CPU ms per request (routes in table order): 1 process ${cpu("holonet")}; ` +
      columns.map((c) => `${c.title} ${cpu(c.key)}`).join("; ") +
      (report.servers.pg === undefined ? "." : " (Holonet's process only: PostgreSQL's own CPU is not counted).")
  )
  const pg = report.pg
  if (pg?.seed !== undefined) {
    lines.push(
      `PostgreSQL: database ${pg.database} on ${pg.server} (dropped after the phase), seeded through the API: ` +
        `${fmtInt(pg.seed.posts)} posts in ${(pg.seed.total_ms / 1000).toFixed(1)} s ` +
        `(${fmtInt(pg.seed.posts_per_s)} posts/s at ${pg.seed.concurrency} in flight` +
        `${report.seed === undefined ? "" : `; SQLite: ${fmtInt(report.seed.posts_per_s)} posts/s`}).`
    )
  }
  if (skipped !== undefined) lines.push(`PostgreSQL phase skipped: ${skipped}.`)
  return lines
}
