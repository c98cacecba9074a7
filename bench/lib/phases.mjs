/**
 * A phase of the bench: every server in turn on one database (seeded through
 * the first one when asked), every scenario it serves measured into the
 * report's entries, then plain's probe answers compared with Holonet's.
 */
import { relative } from "node:path"
import { isDeepStrictEqual } from "node:util"
import { ROOT, SERVERS } from "./config.mjs"
import { runScenario } from "./measure.mjs"
import { assertAlive, startServer, stopServer } from "./processes.mjs"
import { fmtMb } from "./report.mjs"

/**
 * def.as: the server a variant stands for in scenario.servers (Holonet with workers or on PostgreSQL: "holonet");
 * def.optIn: a server that only serves the scenarios flagged so (the floor: `floor: true`).
 */
export const serves = (scenario, def) =>
  def.optIn !== undefined ?
    scenario[def.optIn] === true
    : scenario.servers === undefined || scenario.servers.includes(def.as ?? def.key)
export const entriesOf = (scenarios) =>
  scenarios.map((s) => ({
    name: s.name,
    expected_status: s.status,
    target: s.target === true,
    results: {},
    issues: {},
    flagged: false
  }))

/**
 * Every server of `defs` in turn (by default Holonet, then plain) on the
 * database `db` (or `databaseUrl`): start it, let `seedWith(server)` seed
 * through it (the server with `seeds`, when given), run the scenarios it
 * serves (`runs` measured runs each, the median reported), stop it. Fills
 * `entries` and `servers`; returns the seed context.
 */
export const measurePhase = async (
  { scenarios, entries, servers, defs = SERVERS, db, databaseUrl, log = (def) => def.key, seedWith, ctx, runs = 1 }
) => {
  for (const def of defs) {
    const seeding = def.seeds && seedWith !== undefined
    if (!seeding && !scenarios.some((s) => serves(s, def))) continue
    console.log(`bench: starting ${def.label} (${relative(ROOT, def.script)}) on ${db}`)
    const server = await startServer(def, { db, ...(databaseUrl === undefined ? {} : { databaseUrl }), log: log(def) })
    console.log(
      `bench: ${def.label} healthy on ${server.base} after ${Math.round(server.startMs)} ms` +
        (def.workers > 1 ? `, ${server.processes} processes (primary + ${def.workers} workers wanted)` : "")
    )
    try {
      if (seeding) ctx = await seedWith(server)
      if (ctx === undefined) throw new Error(`no seed context before ${def.label}`)
      for (const [i, scenario] of scenarios.entries()) {
        if (!serves(scenario, def)) continue
        assertAlive(server, `before ${scenario.name}`)
        const r = await runScenario(server, scenario, ctx, { runs })
        assertAlive(server, `during ${scenario.name}`)
        const entry = entries[i]
        entry.results[def.key] = r
        if (r.issues.length > 0) {
          entry.issues[def.key] = r.issues
          entry.flagged = true
        }
        console.log(
          `bench: ${def.label.padEnd(8)} ${scenario.name.padEnd(44)} ${String(r.req_per_s).padStart(7)} req/s ` +
            `mean ${r.mean_ms} ms p50 ${r.p50_ms} ms p99 ${r.p99_ms} ms cpu ${r.server_cpu_pct}%` +
            `${r.runs > 1 ? ` (median of ${r.runs}: ${r.runs_req_per_s.join(", ")} req/s)` : ""}` +
            `${r.issues.length > 0 ? `  ⚠ ${r.issues.join("; ")}` : ""}`
        )
      }
    } finally {
      const exit = await stopServer(server)
      servers[def.key] = {
        label: def.label,
        start_ms: Math.round(server.startMs),
        processes: server.processes,
        rss: server.rss,
        exit: {
          code: exit.code,
          signal: exit.signal,
          killed: exit.killed === true,
          orphans_killed: exit.orphans_killed ?? 0
        },
        log: relative(ROOT, server.logFile)
      }
      console.log(
        `bench: ${def.label} stopped (code ${exit.code}, signal ${exit.signal}${exit.killed ? ", SIGKILLed" : ""}` +
          `${exit.orphans_killed ? `, ${exit.orphans_killed} workers left behind SIGKILLed` : ""}), ` +
          `peak RSS ${fmtMb(server.rss.vmHWMKb)}`
      )
    }
  }
  return ctx
}

const shapeOf = (value) => {
  const one = Array.isArray(value) ? value[0] : value
  return one !== null && typeof one === "object" ? Object.keys(one).join(",") : typeof one
}

/**
 * Server `b`'s probe answers must have server `a`'s shapes (and be identical
 * where the data cannot have moved, unless `mode` forces "shape"): plain's
 * against Holonet's by default.
 */
export const compareProbes = (scenarios, entries, { a = "holonet", b = "plain", mode } = {}) => {
  for (const [i, scenario] of scenarios.entries()) {
    const entry = entries[i]
    const h = entry.results[a]?.probe
    const p = entry.results[b]?.probe
    if (h === undefined || p === undefined) continue
    const how = mode ?? scenario.compare
    const same = how === "exact" ? isDeepStrictEqual(h.body, p.body) : shapeOf(h.body) === shapeOf(p.body)
    if (!same) {
      entry.flagged = true
      entry.issues[`compare ${b}`] = [
        `${b}'s answer differs from ${a}'s (${how}): ${a} ${JSON.stringify(h.body).slice(0, 300)} ` +
        `vs ${b} ${JSON.stringify(p.body).slice(0, 300)}`
      ]
    }
  }
}
