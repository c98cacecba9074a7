/**
 * WORKERS=2 on a SQLite file, as real processes: both workers answer on the
 * one port with the one secret key the primary generated, a burst of votes
 * and comments through the port counts exactly with no 5xx (transactions
 * wait for the write lock), a killed worker is replaced, SIGTERM drains and
 * exits 0, and workers that cannot start make the primary give up.
 */
import { FetchHttpClient, HttpClient, HttpClientRequest } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { concurrencyScenario, exactOutcome } from "@holonet/http-adapter/testing"
import { Duration, Effect, Layer } from "effect"
import { existsSync, mkdtempSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { waitUntil } from "./MultiProcessTools.js"
import { logEntries, request, signUp, type Spawned, spawn, stop } from "./ServerProcesses.js"

const messages = (server: Spawned, message: string) =>
  logEntries(server.output()).filter((entry) => entry.message === message)

const startedPids = (server: Spawned) =>
  messages(server, "Started worker").map((entry) => Number(entry.annotations["worker_pid"]))

/** The workers that answered `path` with `status`, from the access log. */
const servedBy = (server: Spawned, path: string, status = 200) =>
  new Set(
    messages(server, "Sent HTTP response")
      .filter((entry) => entry.annotations["path"] === path && entry.annotations["status"] === status)
      .map((entry) => Number(entry.annotations["worker_pid"]))
  )

const thirtySeconds = Duration.seconds(30)

/** Whether `count` workers have answered `path`, by the access log. */
const workersServing = (server: Spawned, path: string, count: number) =>
  Effect.sync(() => servedBy(server, path).size === count)

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

const httpClientFor = (port: number) =>
  Layer.effect(
    HttpClient.HttpClient,
    Effect.map(HttpClient.HttpClient, HttpClient.mapRequest(HttpClientRequest.prependUrl(`http://127.0.0.1:${port}`)))
  ).pipe(Layer.provide(FetchHttpClient.layer))

describe("WORKERS=2", () => {
  it.live("two workers on one port and one SQLite file: shared key, exact counters, restart, drain", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "holonet-cluster-"))
    const server = spawn({
      WORKERS: "2",
      PORT: "0",
      LOG_FORMAT: "json",
      DATABASE_URL: `sqlite:${join(dataDir, "holonet.db")}`,
      SCRYPT_COST: "1024",
      ACCESS_LOG: "true",
      AGENT_SCHEDULER: "false",
      SHUTDOWN_TIMEOUT_SECONDS: "5"
    })
    return Effect.gen(function*() {
      const port = yield* Effect.promise(() => server.port)
      const pids = startedPids(server)
      expect(new Set(pids).size).toBe(2)
      // The primary generated the key once, before forking.
      expect(existsSync(join(dataDir, "secret_key"))).toBe(true)
      expect(server.output().match(/SECRET_KEY is not set/g)).toHaveLength(1)

      // A token issued by one worker is accepted by the other.
      const { registered, token } = yield* signUp({ register: port, login: port }, "alice")
      expect(registered).toBe(201)
      for (let i = 0; i < 6; i++) {
        const me = yield* request(port, "GET", "/api/users/me", { token })
        expect(me.status).toBe(200)
      }
      yield* waitUntil("both workers in the access log", workersServing(server, "/api/users/me", 2))
      expect(servedBy(server, "/api/users/me")).toEqual(new Set(pids))

      // A burst through the shared port: exact counters, and no 5xx anywhere.
      const counts = yield* concurrencyScenario("cluster").pipe(Effect.provide(httpClientFor(port)))
      expect(counts).toEqual(exactOutcome)
      const statuses = messages(server, "Sent HTTP response").map((entry) => Number(entry.annotations["status"]))
      expect(statuses.filter((status) => status >= 500)).toEqual([])
      expect(server.output()).not.toContain("SQLITE_BUSY")
      expect(servedBy(server, "/api/comments", 201)).toEqual(new Set(pids))

      // A killed worker is replaced, and the port keeps answering meanwhile.
      const [victim = 0, survivor = 0] = pids
      process.kill(victim, "SIGKILL")
      yield* waitUntil("a replacement worker", Effect.sync(() => startedPids(server).length === 3), thirtySeconds)
      const replacement = startedPids(server)[2] ?? 0
      expect([victim, survivor]).not.toContain(replacement)
      yield* waitUntil(
        "the replacement serving",
        Effect.gen(function*() {
          expect((yield* request(port, "GET", "/api/channels")).status).toBe(200)
          return servedBy(server, "/api/channels").has(replacement)
        }),
        Duration.seconds(60)
      )
      expect(messages(server, "Worker died")[0]?.annotations).toMatchObject({ worker_pid: victim, signal: "SIGKILL" })

      // SIGTERM to the primary drains every worker, then it exits 0.
      server.child.kill("SIGTERM")
      expect(yield* Effect.promise(() => server.exited)).toBe(0)
      expect([survivor, replacement].filter(isAlive)).toEqual([])
      expect(messages(server, "All workers stopped")).toHaveLength(1)
    }).pipe(Effect.ensuring(Effect.sync(() => stop(server.child))))
  }, { timeout: 180_000 })

  it.live("workers that die at start-up (port taken) are not restarted forever: the primary exits 1", () => {
    const blocker = createServer()
    const dataDir = mkdtempSync(join(tmpdir(), "holonet-cluster-"))
    return Effect.gen(function*() {
      const port = yield* Effect.async<number>((resume) => {
        blocker.listen(0, "127.0.0.1", () => {
          const address = blocker.address()
          resume(Effect.succeed(typeof address === "object" && address !== null ? address.port : 0))
        })
      })
      const server = spawn({
        WORKERS: "2",
        PORT: String(port),
        LOG_FORMAT: "json",
        DATABASE_URL: `sqlite:${join(dataDir, "holonet.db")}`,
        SECRET_KEY: "an-adequately-long-test-secret-key-0123456789",
        AGENT_SCHEDULER: "false"
      })
      yield* Effect.ensuring(
        Effect.gen(function*() {
          expect(yield* Effect.promise(() => server.exited)).toBe(1)
          expect(messages(server, "Worker died").length).toBeGreaterThanOrEqual(5)
          expect(server.output()).toContain("giving up")
        }),
        Effect.sync(() => stop(server.child))
      )
    }).pipe(Effect.ensuring(Effect.sync(() => blocker.close())))
  }, { timeout: 180_000 })
})
