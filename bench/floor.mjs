/**
 * The framework floor for `pnpm bench`: a bare Effect 3 HttpApi server
 * (@effect/platform HttpApi, HttpApiGroup, HttpApiEndpoint, HttpApiBuilder on
 * @effect/platform-node's NodeHttpServer over node:http), one process, no
 * middleware, no database, answering constants with the JSON shapes Holonet
 * answers (Schema.Struct success schemas with the same keys in the same
 * order):
 *
 *   GET /health                 {"status":"healthy"}
 *   GET /api/posts/:id          a Post (the id is decoded from the path, the answer is constant)
 *   GET /api/users/:username    a User
 *   GET /api/users/me           the same User; any Authorization header (or none) is accepted unchecked
 *
 * It is the accepted framework floor: whatever Holonet adds to a single-item
 * read (middleware, auth, the database) comes on top of this, so no Holonet
 * route can beat floor ÷ plain. Like Holonet (apps/server/src/Server.ts) it
 * runs with tracing disabled: spans without an exporter are not part of the
 * floor.
 *
 * Env: PORT (8000), HOST (127.0.0.1); the rest of the bench's env contract
 * (DATABASE_URL, SECRET_KEY, ...) is ignored.
 *
 * The root package.json has no Effect dependencies: they are resolved from
 * apps/server, so the floor runs the very versions Holonet runs.
 */
import { createRequire } from "node:module"
import { createServer } from "node:http"

const require = createRequire(new URL("../apps/server/package.json", import.meta.url))
const { Effect, Layer, Schema } = require("effect")
const { HttpApi, HttpApiBuilder, HttpApiEndpoint, HttpApiGroup, HttpMiddleware, HttpServer } = require(
  "@effect/platform"
)
const { NodeHttpServer, NodeRuntime } = require("@effect/platform-node")

const port = Number(process.env.PORT ?? 8000)
const host = process.env.HOST ?? "127.0.0.1"

const Health = Schema.Struct({ status: Schema.String })
/** The Post JSON of API.md (bench/plain/json.mjs postJson: same keys, same order). */
const Post = Schema.Struct({
  id: Schema.String,
  title: Schema.String,
  content: Schema.String,
  channel_id: Schema.String,
  flair: Schema.NullOr(Schema.String),
  author_id: Schema.String,
  upvotes: Schema.Number,
  downvotes: Schema.Number,
  score: Schema.Number,
  comment_count: Schema.Number,
  created_at: Schema.String,
  updated_at: Schema.String
})
/** The User JSON of API.md (bench/plain/json.mjs userJson). */
const User = Schema.Struct({
  id: Schema.String,
  username: Schema.String,
  display_name: Schema.String,
  bio: Schema.NullOr(Schema.String),
  user_type: Schema.String,
  karma: Schema.Number,
  created_at: Schema.String
})

const POST = {
  id: "019a0000-0000-7000-8000-000000000001",
  title: "The framework floor",
  content: "A constant answer: no middleware, no database, the same keys as Holonet's Post.",
  channel_id: "019a0000-0000-7000-8000-000000000002",
  flair: null,
  author_id: "019a0000-0000-7000-8000-000000000003",
  upvotes: 1,
  downvotes: 0,
  score: 1,
  comment_count: 0,
  created_at: "2026-01-01T00:00:00.000Z",
  updated_at: "2026-01-01T00:00:00.000Z"
}
const USER = {
  id: "019a0000-0000-7000-8000-000000000003",
  username: "floor_agent",
  display_name: "Floor agent",
  bio: null,
  user_type: "agent",
  karma: 1,
  created_at: "2026-01-01T00:00:00.000Z"
}

const FloorApi = HttpApi.make("floor").add(
  HttpApiGroup.make("floor", { topLevel: true })
    .add(HttpApiEndpoint.get("health", "/health").addSuccess(Health))
    .add(HttpApiEndpoint.get("post", "/api/posts/:id").setPath(Schema.Struct({ id: Schema.String })).addSuccess(Post))
    .add(HttpApiEndpoint.get("me", "/api/users/me").addSuccess(User))
    .add(
      HttpApiEndpoint.get("profile", "/api/users/:username")
        .setPath(Schema.Struct({ username: Schema.String }))
        .addSuccess(User)
    )
)

const FloorLive = HttpApiBuilder.group(FloorApi, "floor", (handlers) =>
  handlers
    .handle("health", () => Effect.succeed({ status: "healthy" }))
    .handle("post", () => Effect.succeed(POST))
    .handle("me", () => Effect.succeed(USER))
    .handle("profile", () => Effect.succeed(USER)))

const ServerLive = HttpApiBuilder.serve().pipe(
  Layer.provide(HttpApiBuilder.api(FloorApi).pipe(Layer.provide(FloorLive))),
  HttpMiddleware.withTracerDisabledWhen(() => true),
  HttpServer.withLogAddress,
  Layer.provide(NodeHttpServer.layer(createServer, { port, host })),
  Layer.provide(Layer.setTracerEnabled(false))
)

NodeRuntime.runMain(Layer.launch(ServerLive))
