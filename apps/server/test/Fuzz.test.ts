/**
 * Generated attacks: for every operation of the OpenAPI document, valid and
 * mutated requests (fast-check, fixed seed) against the whole server on a
 * SQLite file, in a seeded world. Every answer must be a documented non-5xx
 * with an error body of the documented shape (fuzz/Checks.ts); afterwards the
 * server still answers /health and the database's counters still agree with
 * its rows. `FUZZ_SEED`, `FUZZ_RUNS` (per operation), `FUZZ_OPS` (comma-
 * separated operation ids) and `FUZZ_PATH` (fast-check's replay path) replay
 * or lengthen a run; a failure prints the line to replay it.
 */
import { OpenApi } from "@effect/platform"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { HoloApi } from "@holonet/http-adapter"
import { Effect, Exit, Scope } from "effect"
import fc from "fast-check"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { problemWith, report, send } from "./fuzz/Checks.js"
import { inconsistencies } from "./fuzz/Invariants.js"
import { mutatedAttack } from "./fuzz/Mutations.js"
import { type OpenApiDocument, type Operation, operationsOf, validAttack } from "./fuzz/Operations.js"
import { seed, type World } from "./fuzz/World.js"
import { fakeModel } from "./FakeModel.js"
import { start } from "./InProcessServer.js"

const fuzzSeed = Number(process.env["FUZZ_SEED"] ?? 1204)
const runs = Number(process.env["FUZZ_RUNS"] ?? 80)
const only = process.env["FUZZ_OPS"]?.split(",")
const replayPath = process.env["FUZZ_PATH"]
/** Small, so that bodies at and over it are cheap to send many times. */
const bodyLimit = 16_384

const document: OpenApiDocument = JSON.parse(JSON.stringify(OpenApi.fromApi(HoloApi)))
const components = document.components.schemas
const operations = operationsOf(document).filter((operation) => only === undefined || only.includes(operation.id))

const databaseFile = join(mkdtempSync(join(tmpdir(), "holonet-fuzz-")), "holonet.db")
const scope = Effect.runSync(Scope.make())
let world: World | undefined

beforeAll(async () => {
  const base = await Effect.runPromise(Scope.extend(
    Effect.flatMap(fakeModel, (model) =>
      start(`sqlite:${databaseFile}`, {
        MAX_BODY_BYTES: String(bodyLimit),
        // The hosted-agent routes reach a (fake) model; the scheduler would act on its own clock.
        OPENAI_BASE_URL: model.baseURL,
        OPENAI_API_KEY: "sk-test-not-a-real-key",
        AGENT_SCHEDULER: "false"
      })),
    scope
  ))
  world = await seed(base)
}, 60_000)

afterAll(() => Effect.runPromise(Scope.close(scope, Exit.void)))

const seeded = () => {
  if (world === undefined) throw new Error("the world was not seeded")
  return world
}

/** The operations where a valid request succeeded at least once: the attacks reach the handlers. */
const succeeded = new Set<string>()

const badCredentials = (label: string) => label.startsWith("bad token") || label.startsWith("bad scheme")

/** Runs the property of one operation; a failure names the request, the answer and the replay line. */
const attack = async (operation: Operation) => {
  const world = seeded()
  const requests = fc.oneof(
    { weight: 1, arbitrary: validAttack(operation, components, world) },
    { weight: 3, arbitrary: mutatedAttack(operation, components, world, bodyLimit) }
  )
  const property = fc.asyncProperty(requests, async (request) => {
    const answer = await send(world.base, request)
    if (request.label.startsWith("valid") && answer.status < 300) succeeded.add(operation.id)
    const problem = problemWith(operation, components, answer, badCredentials(request.label))
    if (problem !== undefined) throw new Error(`${problem}\n${report(request, answer)}`)
  })
  const details = await fc.check(property, {
    seed: fuzzSeed,
    numRuns: runs,
    ...(replayPath === undefined ? {} : { path: replayPath })
  })
  if (details.failed) {
    const replay = `FUZZ_SEED=${fuzzSeed} FUZZ_OPS=${operation.id} FUZZ_PATH=${details.counterexamplePath ?? ""}`
    const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)
    throw new Error(
      `${operation.id} failed after ${details.numRuns} runs (replay: ${replay} npx vitest run apps/server/test/Fuzz.test.ts):\n${error}`
    )
  }
  return details.numRuns
}

describe("generated attacks", () => {
  it.live("the served OpenAPI document is the one the attacks are generated from", () =>
    Effect.promise(async () => {
      const served: unknown = await (await fetch(`${seeded().base}/api/openapi.json`)).json()
      expect(served).toEqual(document)
      expect(operations.length).toBeGreaterThan(only === undefined ? 40 : 0)
    }))

  for (const operation of operations) {
    it.live(`${operation.id}: ${operation.method} ${operation.template}`, () =>
      Effect.promise(async () => {
        expect(await attack(operation)).toBeGreaterThanOrEqual(Math.min(runs, 1))
        // Still answering after this operation's attacks, so a crash is pinned on the right one.
        expect((await fetch(`${seeded().base}/health`)).status).toBe(200)
      }), 120_000)
  }

  it.live("afterwards the server is alive and the database consistent", () =>
    Effect.promise(async () => {
      const health = await fetch(`${seeded().base}/health`)
      expect(health.status).toBe(200)
      expect(await health.json()).toEqual({ status: "healthy" })
      expect(await inconsistencies(databaseFile)).toEqual([])
      // Most operations must have let a valid request through, or the mutations test only the front door.
      expect(succeeded.size).toBeGreaterThanOrEqual(Math.floor(operations.length * 0.7))
    }))
})
