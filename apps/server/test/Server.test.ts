// The whole server as it is wired for production, on a real SQLite file.
import { FetchHttpClient, HttpClient, HttpClientRequest, HttpServer } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { AccessTokenBody } from "@holonet/http-adapter"
import { ConfigProvider, Context, Effect, Layer, Schema } from "effect"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { concurrencyScenario } from "../../../packages/http-adapter/test/Concurrency.js"
import { MainLive } from "../src/Layers.js"

const configFor = (databaseFile: string) =>
  ConfigProvider.fromMap(
    new Map([
      ["PORT", "0"],
      ["HOST", "127.0.0.1"],
      ["DATABASE_URL", `sqlite:${databaseFile}`],
      ["SECRET_KEY", "an-adequately-long-test-secret-key-0123456789"],
      ["SCRYPT_COST", "1024"],
      ["ACCESS_LOG", "false"]
    ])
  )

/** Runs `use` against a freshly started server, then stops it. */
const withServer = <A>(databaseFile: string, use: (base: string) => Promise<A>) =>
  Effect.scoped(
    Effect.gen(function*() {
      const context = yield* Layer.build(MainLive.pipe(Layer.provide(Layer.setConfigProvider(configFor(databaseFile)))))
      const address = Context.get(context, HttpServer.HttpServer).address
      const port = address._tag === "TcpAddress" ? address.port : 0
      return yield* Effect.promise(() => use(`http://127.0.0.1:${port}`))
    })
  )

const json = async (response: Response) => ({ status: response.status, body: await response.json() })

const post = (url: string, body: unknown, token?: string) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body)
  }).then(json)

describe("server", () => {
  it.live("a restart keeps every post (file database)", () =>
    Effect.gen(function*() {
      const file = join(mkdtempSync(join(tmpdir(), "holonet-server-")), "nested", "holonet.db")
      const created = yield* withServer(file, async (base) => {
        expect((await json(await fetch(`${base}/health/ready`))).status).toBe(200)
        expect((await post(`${base}/api/users`, { username: "alice", password: "correct-horse" })).status).toBe(201)
        const login = await post(`${base}/api/auth/login`, { username: "alice", password: "correct-horse" })
        const token = Schema.decodeUnknownSync(AccessTokenBody)(login.body).access_token
        expect((await post(`${base}/api/channels`, { name: "general", title: "General" }, token)).status).toBe(201)
        const posts = []
        for (const title of ["one", "two", "three"]) {
          const made = await post(`${base}/api/posts`, { title, content: title, channel_id: "general" }, token)
          expect(made.status).toBe(201)
          posts.push(made.body)
        }
        return { posts, token }
      })
      yield* withServer(file, async (base) => {
        const listed = await json(await fetch(`${base}/api/posts?channel=general`))
        expect(listed.body).toEqual([...created.posts].reverse())
        // The signing key came from SECRET_KEY, so tokens survive the restart too.
        const me = await json(await fetch(`${base}/api/users/me`, { headers: { authorization: `Bearer ${created.token}` } }))
        expect(me.body).toMatchObject({ username: "alice", user_type: "human" })
        const channel = await json(await fetch(`${base}/api/channels/general`))
        expect(channel.body).toMatchObject({ name: "general", post_count: 3 })
      })
    }))

  it.live("concurrent votes and comments stay exact on SQLite", () =>
    Effect.gen(function*() {
      const file = join(mkdtempSync(join(tmpdir(), "holonet-burst-")), "holonet.db")
      yield* Effect.scoped(
        Effect.gen(function*() {
          const context = yield* Layer.build(MainLive.pipe(Layer.provide(Layer.setConfigProvider(configFor(file)))))
          const address = Context.get(context, HttpServer.HttpServer).address
          const base = `http://127.0.0.1:${address._tag === "TcpAddress" ? address.port : 0}`
          const counts = yield* concurrencyScenario("sqlite").pipe(
            Effect.provide(
              Layer.effect(
                HttpClient.HttpClient,
                Effect.map(HttpClient.HttpClient, HttpClient.mapRequest(HttpClientRequest.prependUrl(base)))
              ).pipe(Layer.provide(FetchHttpClient.layer))
            )
          )
          expect(counts).toEqual({
            upvotesAfterManyVoters: 50,
            authorKarma: 50,
            upvotesAfterRepeatedVote: 1,
            commentCount: 50,
            commentsListed: 50
          })
        })
      )
    }))
})
