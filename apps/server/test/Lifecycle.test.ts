// The real process: start-up on a fresh data directory, and a graceful stop on SIGTERM.
import { describe, expect, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { request } from "node:http"
import { createHash } from "node:crypto"
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { LogLine, spawn, stop } from "./ServerProcesses.js"

const Registered = Schema.Struct({ api_key: Schema.String })
const Rotated = Schema.Struct({ api_key: Schema.String })

describe("server process", () => {
  it.live("SIGTERM lets an in-flight request finish, then exits 0", () =>
    Effect.promise(async () => {
      const dataDir = mkdtempSync(join(tmpdir(), "holonet-lifecycle-"))
      const server = spawn({
        PORT: "0",
        DATABASE_URL: `sqlite:${join(dataDir, "holonet.db")}`,
        SECRET_KEY: "an-adequately-long-test-secret-key-0123456789",
        SCRYPT_COST: "1024",
        SHUTDOWN_TIMEOUT_SECONDS: "5"
      })
      try {
        const port = await server.port
        const body = JSON.stringify({ username: "late_arrival", password: "correct-horse" })
        // `Expect: 100-continue` makes the server confirm it has started on the
        // request before we signal it; the body is sent only after the signal.
        const response = await new Promise<{ status: number; text: string }>((resolve, reject) => {
          const req = request({
            host: "127.0.0.1",
            port,
            method: "POST",
            path: "/api/users",
            headers: {
              "content-type": "application/json",
              "content-length": Buffer.byteLength(body),
              expect: "100-continue",
              connection: "close"
            }
          }, (res) => {
            let text = ""
            res.on("data", (chunk: Buffer) => (text += chunk.toString()))
            res.on("end", () => resolve({ status: res.statusCode ?? 0, text }))
          })
          req.on("error", reject)
          req.on("continue", () => {
            server.child.kill("SIGTERM")
            req.end(body)
          })
          req.flushHeaders()
        })
        expect(response.status).toBe(201)
        expect(JSON.parse(response.text).username).toBe("late_arrival")
        expect(await server.exited).toBe(0)
      } finally {
        stop(server.child)
      }
    }))

  it.live("outside production a missing SECRET_KEY is generated and warned about", () =>
    Effect.promise(async () => {
      const dataDir = mkdtempSync(join(tmpdir(), "holonet-lifecycle-"))
      const env: Record<string, string> = {
        PORT: "0",
        DATABASE_URL: `sqlite:${join(dataDir, "holonet.db")}`,
        NODE_ENV: "development"
      }
      const server = spawn(env)
      try {
        await server.port
        expect(server.output()).toMatch(/SECRET_KEY is not set/)
        server.child.kill("SIGTERM")
        expect(await server.exited).toBe(0)
      } finally {
        stop(server.child)
      }
    }))

  it.live("with NODE_ENV=production a missing SECRET_KEY stops start-up, naming it", () =>
    Effect.promise(async () => {
      const dataDir = mkdtempSync(join(tmpdir(), "holonet-lifecycle-"))
      const server = spawn({
        PORT: "0",
        DATABASE_URL: `sqlite:${join(dataDir, "holonet.db")}`,
        NODE_ENV: "production"
      })
      try {
        expect(await server.exited).toBe(1)
        expect(server.output()).toContain("SECRET_KEY")
      } finally {
        stop(server.child)
      }
    }))

  it.live("reads an optional .env in the working directory; the environment wins over it", () =>
    Effect.promise(async () => {
      const workDir = mkdtempSync(join(tmpdir(), "holonet-dotenv-"))
      writeFileSync(
        join(workDir, ".env"),
        [
          "# settings for this test",
          "PORT=0",
          "DATABASE_URL=sqlite:./from-dotenv/holonet.db",
          "SECRET_KEY=a-secret-key-that-came-from-the-dotenv-file",
          "NODE_ENV=production",
          "ACCESS_TOKEN_EXPIRE_MINUTES=45"
        ].join("\n")
      )
      const server = spawn({ ACCESS_TOKEN_EXPIRE_MINUTES: "7" }, workDir)
      try {
        const port = await server.port
        expect(existsSync(join(workDir, "from-dotenv", "holonet.db"))).toBe(true)
        const base = `http://127.0.0.1:${port}`
        const created = await fetch(`${base}/api/users`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ username: "dotenv_user", password: "correct-horse" })
        })
        expect(created.status).toBe(201)
        const login = await fetch(`${base}/api/auth/login`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ username: "dotenv_user", password: "correct-horse" })
        })
        expect(await login.json()).toMatchObject({ token_type: "bearer", expires_in: 7 * 60 })
        server.child.kill("SIGTERM")
        expect(await server.exited).toBe(0)
      } finally {
        stop(server.child)
      }
    }))

  it.live("an agent's API key is in neither the database files nor the log", () =>
    Effect.promise(async () => {
      const dataDir = mkdtempSync(join(tmpdir(), "holonet-keys-"))
      const server = spawn({
        PORT: "0",
        DATABASE_URL: `sqlite:${join(dataDir, "holonet.db")}`,
        SECRET_KEY: "an-adequately-long-test-secret-key-0123456789",
        ACCESS_LOG: "true",
        LOG_LEVEL: "debug"
      })
      try {
        const base = `http://127.0.0.1:${await server.port}`
        const keys: Array<string> = []
        const registered = await fetch(`${base}/api/agents`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ username: "secret_keeper", persona: "Keeps secrets" })
        })
        expect(registered.status).toBe(201)
        const body = Schema.decodeUnknownSync(Registered)(await registered.json())
        keys.push(body.api_key)
        const me = await fetch(`${base}/api/agents/me`, { headers: { authorization: `Bearer ${body.api_key}` } })
        expect(me.status).toBe(200)
        const rotated = await fetch(`${base}/api/agents/me/rotate-key`, {
          method: "POST",
          headers: { authorization: `Bearer ${body.api_key}` }
        })
        expect(rotated.status).toBe(200)
        keys.push(Schema.decodeUnknownSync(Rotated)(await rotated.json()).api_key)
        // A wrong key is logged as a 401, never echoed.
        expect((await fetch(`${base}/api/agents/me`, { headers: { authorization: `Bearer ${keys[0]}` } })).status)
          .toBe(401)
        server.child.kill("SIGTERM")
        expect(await server.exited).toBe(0)

        const files = readdirSync(dataDir).filter((name) => name.startsWith("holonet.db"))
        expect(files).toContain("holonet.db")
        const stored = Buffer.concat(files.map((name) => readFileSync(join(dataDir, name))))
        // The log did record the requests, so its silence about keys means something.
        expect(server.output()).toContain("/api/agents/me")
        for (const key of keys) {
          expect(key).toMatch(/^hn_[A-Za-z0-9_-]{43,}$/)
          for (const form of [key, key.slice("hn_".length)]) {
            expect(stored.includes(form)).toBe(false)
            expect(server.output()).not.toContain(form)
          }
        }
        // What is stored is the digest of the current key.
        expect(stored.includes(createHash("sha256").update(keys[1] ?? "").digest("hex"))).toBe(true)
      } finally {
        stop(server.child)
      }
    }))
  it.live("LOG_FORMAT=json: every line of output is one JSON object, the access line has its fields", () =>
    Effect.promise(async () => {
      const dataDir = mkdtempSync(join(tmpdir(), "holonet-logs-"))
      const server = spawn({
        PORT: "0",
        DATABASE_URL: `sqlite:${join(dataDir, "holonet.db")}`,
        SECRET_KEY: "an-adequately-long-test-secret-key-0123456789",
        ACCESS_LOG: "true",
        LOG_FORMAT: "json"
      })
      try {
        const base = `http://127.0.0.1:${await server.port}`
        const reply = await fetch(`${base}/api/search?q=private+words`, { headers: { "x-request-id": "lifecycle-1" } })
        expect(reply.status).toBe(200)
        expect(reply.headers.get("x-request-id")).toBe("lifecycle-1")
        server.child.kill("SIGTERM")
        expect(await server.exited).toBe(0)
        const lines = server.output().split("\n").filter((line) => line.length > 0)
        const entries = lines.map((line) => Schema.decodeUnknownSync(LogLine)(line))
        // Start-up (the domain's and the server's own lines) is logged once, as JSON too.
        expect(entries.filter((e) => String(e.message).startsWith("Listening on"))).toHaveLength(1)
        expect(entries.find((e) => e.annotations["request_id"] === "lifecycle-1")).toMatchObject({
          message: "Sent HTTP response",
          logLevel: "INFO",
          annotations: { method: "GET", path: "/api/search", status: 200, duration_ms: expect.any(Number) }
        })
        expect(server.output()).not.toContain("private")
      } finally {
        stop(server.child)
      }
    }))
})
