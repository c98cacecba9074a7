import { HttpApi, HttpApiBuilder, HttpApiEndpoint, HttpApiGroup, HttpServer } from "@effect/platform"
import { NodeHttpServer, NodeRuntime } from "@effect/platform-node"
import { Effect, Layer, Schema } from "effect"
import { createServer } from "node:http"
const User = Schema.Struct({ id: Schema.String, username: Schema.String, karma: Schema.Number })
const Api = HttpApi.make("a").add(HttpApiGroup.make("g").add(HttpApiEndpoint.get("u", "/api/users/:name").setPath(Schema.Struct({ name: Schema.String })).addSuccess(User)))
const G = HttpApiBuilder.group(Api, "g", (h) => h.handle("u", ({ path }) => Effect.succeed({ id: "x", username: path.name, karma: 1 })))
const ApiLive = HttpApiBuilder.api(Api).pipe(Layer.provide(G))
HttpApiBuilder.serve().pipe(Layer.provide(ApiLive), Layer.provide(NodeHttpServer.layer(createServer, { port: 38111, host: "127.0.0.1" })), Layer.launch, NodeRuntime.runMain)
