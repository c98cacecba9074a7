/**
 * One scenario against one running server: a probe request (its status and
 * answer are checked), then autocannon's warm-up and measured run, with exact
 * per-answer times and the server's CPU time from /proc.
 */
import autocannon from "autocannon"
import { CONNECTIONS, DURATION_S, SEED_REQUEST_TIMEOUT_MS, WARMUP_S } from "./config.mjs"
import { parseJson } from "./http.mjs"
import { serverCpuMs } from "./processes.mjs"

/** One request by fetch first (status check, sample answer), then autocannon. */
export const runScenario = async (server, scenario, ctx) => {
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

  const cpuBefore = serverCpuMs(server)
  const wallBefore = performance.now()
  const instance = autocannon({
    url: server.base,
    connections,
    duration: scenario.duration ?? DURATION_S,
    warmup: warmupS > 0 ? { connections, duration: warmupS } : undefined,
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
  // autocannon's own histogram has 1 ms resolution; keep exact times of the measured run (expected status only)
  const times = []
  instance.on("response", (_client, statusCode, _bytes, ms) => {
    if (statusCode === scenario.status) times.push(ms)
  })
  const result = await instance
  const cpuAfter = serverCpuMs(server)
  const wallSpent = performance.now() - wallBefore
  times.sort((a, b) => a - b)
  const pct = (
    q
  ) => (times.length === 0 ? undefined : times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)])
  const round2 = (x) => (x === undefined ? undefined : Math.round(x * 100) / 100)

  const statusCounts = Object.fromEntries(Object.entries(result.statusCodeStats).map(([k, v]) => [k, v.count]))
  const total = Object.values(statusCounts).reduce((a, b) => a + b, 0)
  const unexpected = total - (statusCounts[scenario.status] ?? 0)
  const warmup = result.warmup
  const warmupBad = warmup === undefined ? 0 : warmup.non2xx + warmup.errors + warmup.timeouts
  const issues = []
  if (probe.status !== scenario.status) {
    issues.push(`probe answered ${probe.status} (expected ${scenario.status}): ${probeText.slice(0, 200)}`)
  } else if (scenario.check !== undefined) {
    issues.push(...scenario.check(probe.body, ctx).map((problem) => `probe: ${problem}`))
  }
  if (result.non2xx > 0) issues.push(`${result.non2xx} non-2xx`)
  if (unexpected > 0) issues.push(`${unexpected} responses not ${scenario.status} (${JSON.stringify(statusCounts)})`)
  if (result.errors > 0) issues.push(`${result.errors} socket errors`)
  if (result.timeouts > 0) issues.push(`${result.timeouts} timeouts`)
  if (warmupBad > 0) {
    issues.push(`warm-up: ${warmup.non2xx} non-2xx, ${warmup.errors} errors, ${warmup.timeouts} timeouts`)
  }
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
    // server CPU over warm-up + measured run: utilisation (100 = one core) and CPU time per request
    server_cpu_pct: cpuBefore === undefined || cpuAfter === undefined ?
      undefined
      : Math.round(((cpuAfter - cpuBefore) / wallSpent) * 100),
    server_cpu_ms_per_req: cpuBefore === undefined || cpuAfter === undefined ?
      undefined
      : Math.round(((cpuAfter - cpuBefore) / Math.max(1, total + (warmup?.requests.total ?? 0))) * 1000) / 1000,
    warmup_requests: warmup?.requests.total ?? 0,
    warmup_non2xx: warmup?.non2xx ?? 0,
    probe,
    issues
  }
}
