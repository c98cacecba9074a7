import { Effect, Layer } from "effect"
import { UseCases, Posts, CurrentUser, UserRepo, AgentLimits, IdGeneratorUuidV7, LanguageModelUnconfigured, RateLimiterMemory, ReadinessAlways } from "@holonet/domain"
import { PasswordHasherFake, TokenIssuerFake, ApiKeysFake } from "@holonet/domain/testing"
import { layerSqlite, RepositoriesSql } from "@holonet/sql-adapter"
const ports = Layer.mergeAll(RepositoriesSql.pipe(Layer.provide(layerSqlite("/work/main/bench/.data/big.db"))), PasswordHasherFake, TokenIssuerFake, ApiKeysFake, AgentLimits.Default, RateLimiterMemory, IdGeneratorUuidV7, LanguageModelUnconfigured, ReadinessAlways)
const prog = Effect.gen(function*() {
  const posts = yield* Posts
  const users = yield* UserRepo
  const reader = (yield* users.findByUsername("bench_reader")).pipe ? (yield* users.findByUsername("bench_reader")) : null
  const me = reader.value
  const t = (label, eff, n = 2000) => Effect.gen(function*() {
    for (let i = 0; i < 200; i++) yield* eff
    const s = performance.now(); for (let i = 0; i < n; i++) yield* eff
    console.log(label.padEnd(24), ((performance.now() - s) / n * 1000).toFixed(0), "µs")
  })
  for (const limit of [1, 20]) {
    yield* t(`hot limit ${limit}`, posts.list({ sort: "hot" }, { limit, offset: 0 }))
    yield* t(`feed limit ${limit}`, Effect.provideService(posts.feed("hot", undefined, { limit, offset: 0 }), CurrentUser, me))
  }
})
Effect.runPromise(prog.pipe(Effect.provide(UseCases.pipe(Layer.provideMerge(ports))))).catch(console.error)
