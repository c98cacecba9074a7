/**
 * Redis away: at start-up the connection is refused with a message naming
 * the cause (never the password); at run time, behind a loopback proxy that
 * drops every connection, the rate limiter lets hits through at once and
 * says so once, then counts again when Redis is back.
 */
import { describe, expect, it } from "@effect/vitest"
import { RateLimited, RateLimiter } from "@holonet/domain"
import { Context, Duration, Effect, Either, Layer, Logger, Option, Redacted } from "effect"
import { createServer, connect, type Server, type Socket } from "node:net"
import { RateLimiterRedis, Redis } from "../src/index.js"
import { TempRedis } from "../testing/index.js"

const listen = (server: Server, port: number) =>
  Effect.async<number>((resume) => {
    server.listen(port, "127.0.0.1", () => {
      const address = server.address()
      resume(Effect.succeed(typeof address === "object" && address !== null ? address.port : port))
    })
  })

const stop = (server: Server) =>
  Effect.async<void>((resume) => {
    server.close(() => resume(Effect.void))
  })

/** A loopback port on which nothing listens. */
const closedPort = Effect.gen(function*() {
  const server = createServer()
  const port = yield* listen(server, 0)
  yield* stop(server)
  return port
})

/**
 * A TCP proxy on loopback to the test Redis server: `cut` drops every
 * connection and refuses new ones, `restore` accepts again on the same port.
 */
const proxy = Effect.gen(function*() {
  const target = new URL(Redacted.value(TempRedis.url))
  const sockets = new Set<Socket>()
  const server = createServer((client) => {
    const upstream = connect(Number(target.port || "6379"), target.hostname)
    const drop = () => {
      client.destroy()
      upstream.destroy()
      sockets.delete(client)
      sockets.delete(upstream)
    }
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.on("error", drop)
      socket.on("close", drop)
    }
    client.pipe(upstream)
    upstream.pipe(client)
  })
  const port = yield* Effect.acquireRelease(
    listen(server, 0),
    () => Effect.sync(() => server.close())
  )
  const url = new URL(target)
  url.hostname = "127.0.0.1"
  url.port = String(port)
  return {
    url: Redacted.make(url.toString()),
    cut: Effect.suspend(() => {
      const closed = stop(server)
      for (const socket of sockets) socket.destroy()
      return closed
    }),
    restore: Effect.asVoid(listen(server, port))
  }
})

interface Line {
  readonly level: string
  readonly message: string
}

/** A logger that keeps each line's level and first message. */
const capture = (lines: Array<Line>) =>
  Logger.replace(
    Logger.defaultLogger,
    Logger.make(({ logLevel, message }) => {
      lines.push({ level: logLevel.label, message: String(Array.isArray(message) ? message[0] : message) })
    })
  )

describe("Redis away", () => {
  it.live("start-up fails with RedisConnectError naming the cause, never the password", () =>
    Effect.gen(function*() {
      const port = yield* closedPort
      const url = Redacted.make(`redis://:s3cret-password@127.0.0.1:${port}`)
      const error = yield* Effect.flip(Layer.launch(RateLimiterRedis.layer.pipe(Layer.provide(Redis.layer({ url })))))
      expect(error).toBeInstanceOf(Redis.RedisConnectError)
      expect(error.message).toContain("Redis did not answer at start-up")
      expect(error.message).toContain(`ECONNREFUSED 127.0.0.1:${port}`)
      expect(error.message).not.toContain("s3cret")
    }))

  it.live("while Redis is away hits pass at once, logged once; counting resumes when it is back", () => {
    const lines: Array<Line> = []
    return Effect.gen(function*() {
      const relay = yield* proxy
      const keyPrefix = yield* TempRedis.keyPrefix
      const context = yield* Layer.build(
        RateLimiterRedis.layer.pipe(Layer.provide(Redis.layer({ url: relay.url, keyPrefix })))
      )
      const limiter = Context.get(context, RateLimiter)
      const hit = Effect.either(limiter.hit("ip-a", 1, Duration.minutes(1)))

      expect(Either.isRight(yield* hit)).toBe(true)
      expect(Either.getLeft(yield* hit)).toEqual(Option.some(new RateLimited({ retryAfterSeconds: 60, limit: 1 })))

      yield* relay.cut
      const started = Date.now()
      const during = yield* Effect.all([hit, hit, hit])
      expect(during.every(Either.isRight)).toBe(true)
      // No queueing behind the reconnection: failing open costs at most the command timeout.
      expect(Date.now() - started).toBeLessThan(2500)
      const unavailable = lines.filter((line) => line.message.startsWith("Rate limiter store unavailable"))
      expect(unavailable.map((line) => line.level)).toEqual(["ERROR"])

      yield* relay.restore
      // The counter outlived the outage (Redis itself kept it): once the
      // client has reconnected, the key is refused again.
      const deadline = Date.now() + 10_000
      let answer = yield* hit
      while (Either.isRight(answer) && Date.now() < deadline) {
        yield* Effect.sleep(Duration.millis(50))
        answer = yield* hit
      }
      expect(Either.isLeft(answer)).toBe(true)
      expect(lines.map((line) => line.message)).toEqual(expect.arrayContaining([
        "Redis connection lost; reconnecting in the background",
        "Redis connection restored",
        "Rate limiter store answers again: counting hits"
      ]))
      expect(lines.filter((line) => line.message.startsWith("Rate limiter store unavailable")).length).toBe(1)
    }).pipe(Effect.scoped, Effect.provide(capture(lines)))
  })
})
