/**
 * One scenario against one running server: a probe request (its status and
 * answer are checked), then autocannon's warm-up and `runs` measured runs
 * (BENCH_RUNS for the original phase), with exact per-answer times and the
 * server's CPU time from /proc per measured run; the median run is reported.
 */
import autocannon from "autocannon"
import { CONNECTIONS, DURATION_S, SEED_REQUEST_TIMEOUT_MS, WARMUP_S } from "./config.mjs"
import { parseJson } from "./http.mjs"
import { serverCpuMs } from "./processes.mjs"

const round2 = (x) => (x === undefined ? undefined : Math.round(x * 100) / 100)

/**
 * One autocannon run of `seconds` (the warm-up or a measured run): its
 * result, the exact times of the answers with the expected status, and the
 * server CPU ms and wall ms it took.
 */
const load = async (server, scenario, req, connections, seconds) => {
  const cpuBefore = serverCpuMs(server)
  const wallBefore = performance.now()
  const instance = autocannon({
    url: server.base,
    connections,
    duration: seconds,
    requests: [{
      method: req.method,
      path: req.path,
      headers: req.headers,
      ...(req.perRequest !== undefined
        ? { setupRequest: (r) => ({ ...r, ...req.perRequest() }) }
        : typeof req.body === "function"
        ? { setupRequest: (r) => ({ ...r, body: req.body() }) }
        : req.body === undefined
        ? {}
        : { body: req.body })
    }]
  })
  // autocannon's own histogram has 1 ms resolution; keep exact times (expected status only)
  const times = []
  instance.on("response", (_client, statusCode, _bytes, ms) => {
    if (statusCode === scenario.status) times.push(ms)
  })
  const result = await instance
  const cpuAfter = serverCpuMs(server)
  const cpuMs = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore
  times.sort((a, b) => a - b)
  return { result, times, cpuMs, wallMs: performance.now() - wallBefore }
}

const statusCountsOf = (result) =>
  Object.fromEntries(Object.entries(result.statusCodeStats).map(([k, v]) => [k, v.count]))

/** A measured run's figures and problems. */
const summarize = (scenario, { result, times, cpuMs, wallMs }) => {
  const pct = (
    q
  ) => (times.length === 0 ? undefined : times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)])
  const statusCounts = statusCountsOf(result)
  const total = Object.values(statusCounts).reduce((a, b) => a + b, 0)
  const unexpected = total - (statusCounts[scenario.status] ?? 0)
  const issues = []
  if (result.non2xx > 0) issues.push(`${result.non2xx} non-2xx`)
  if (unexpected > 0) issues.push(`${unexpected} responses not ${scenario.status} (${JSON.stringify(statusCounts)})`)
  if (result.errors > 0) issues.push(`${result.errors} socket errors`)
  if (result.timeouts > 0) issues.push(`${result.timeouts} timeouts`)
  if (result.requests.total === 0 || total === 0) issues.push("no completed requests")
  return {
    req_per_s: Math.round(result.requests.average),
    p50_ms: round2(pct(0.5)),
    p90_ms: round2(pct(0.9)),
    p99_ms: round2(pct(0.99)),
    max_ms: round2(times.at(-1)),
    mean_ms: round2(times.reduce((a, b) => a + b, 0) / Math.max(1, times.length)),
    autocannon_latency_ms: { p50: result.latency.p50, p99: result.latency.p99, mean: result.latency.average },
    requests: result.requests.total,
    non2xx: result.non2xx,
    unexpected_status: unexpected,
    errors: result.errors,
    timeouts: result.timeouts,
    status_codes: statusCounts,
    // server CPU over the measured run: utilisation (100 = one core) and CPU time per answered request
    server_cpu_pct: cpuMs === undefined ? undefined : Math.round((cpuMs / wallMs) * 100),
    server_cpu_ms_per_req: cpuMs === undefined ? undefined : Math.round((cpuMs / Math.max(1, total)) * 1000) / 1000,
    issues
  }
}

/**
 * A probe request by fetch first (status check, sample answer), then
 * autocannon: one warm-up (discarded but for its errors) and `runs` measured
 * runs. The figures are the median run's (by req/s; for an even count the
 * lower of the two middle runs, a run that happened); `runs_req_per_s` keeps
 * every run's rate in run order, and any run's problems flag the scenario.
 */
export const runScenario = async (server, scenario, ctx, { runs = 1 } = {}) => {
  const req = scenario.request(ctx)
  const bodyOf = typeof req.body === "function" ? req.body : () => req.body
  const probeReq = req.perRequest === undefined ? { headers: req.headers, body: bodyOf() } : req.perRequest()
  const probeRes = await fetch(`${server.base}${req.path}`, {
    method: req.method,
    headers: probeReq.headers,
    body: probeReq.body,
    signal: AbortSignal.timeout(SEED_REQUEST_TIMEOUT_MS)
  })
  const probeText = await probeRes.text()
  const probe = { status: probeRes.status, body: parseJson(probeText) }
  const connections = scenario.connections ?? CONNECTIONS
  const warmupS = scenario.warmup ?? WARMUP_S

  const warmup = warmupS > 0 ? (await load(server, scenario, req, connections, warmupS)).result : undefined
  const measured = []
  for (let i = 0; i < runs; i++) {
    measured.push(summarize(scenario, await load(server, scenario, req, connections, scenario.duration ?? DURATION_S)))
  }
  const median = [...measured].sort((a, b) => a.req_per_s - b.req_per_s)[Math.floor((measured.length - 1) / 2)]

  const issues = []
  if (probe.status !== scenario.status) {
    issues.push(`probe answered ${probe.status} (expected ${scenario.status}): ${probeText.slice(0, 200)}`)
  } else if (scenario.check !== undefined) {
    issues.push(...scenario.check(probe.body, ctx).map((problem) => `probe: ${problem}`))
  }
  for (const [i, run] of measured.entries()) {
    issues.push(...run.issues.map((issue) => (runs > 1 ? `run ${i + 1}: ${issue}` : issue)))
  }
  const warmupBad = warmup === undefined ? 0 : warmup.non2xx + warmup.errors + warmup.timeouts
  if (warmupBad > 0) {
    issues.push(`warm-up: ${warmup.non2xx} non-2xx, ${warmup.errors} errors, ${warmup.timeouts} timeouts`)
  }

  const { issues: _medianIssues, ...figures } = median
  return {
    ...figures,
    runs: measured.length,
    runs_req_per_s: measured.map((run) => run.req_per_s),
    median_run: measured.indexOf(median) + 1,
    warmup_requests: warmup?.requests.total ?? 0,
    warmup_non2xx: warmup?.non2xx ?? 0,
    probe,
    issues
  }
}
