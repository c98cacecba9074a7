/**
 * The behaviour every RunRepo adapter must have: runs come back exactly as
 * recorded, per agent, newest first with ties by id descending, paged.
 */
import { addEqualityTesters, describe, expect, it } from "@effect/vitest"
import { agentAsUser, Run, RunId, RunRepo } from "@holonet/domain"
import * as Effect from "effect/Effect"
import { at, fresh, ids, makeAgent, type RepositoriesLayer, seedAgents } from "./Fixtures.js"

const scout = makeAgent("scout")
const other = makeAgent("other")

const makeRun = (
  key: string,
  agent: typeof scout,
  minutes: number,
  props: Partial<ConstructorParameters<typeof Run>[0]> = {}
) =>
  new Run({
    id: RunId.make(`run-${key}`),
    agentId: agentAsUser(agent).id,
    kind: "post",
    tier: "chat",
    model: "gpt-5-chat",
    inputTokens: 120,
    outputTokens: 80,
    latencyMillis: 812.5,
    outcome: "ok",
    detail: null,
    createdAt: at(minutes),
    ...props
  })

export const runRepoContract = <E>(name: string, layer: RepositoriesLayer<E>): void => {
  addEqualityTesters()
  const run = fresh(layer)

  describe(`RunRepo contract: ${name}`, () => {
    it.effect("record then list round-trips every field, per agent, newest first, ties by id descending", () =>
      run(Effect.gen(function*() {
        const repo = yield* RunRepo
        yield* seedAgents(scout, other)
        const refused = makeRun("b", scout, 2, {
          kind: "moderation",
          tier: "fast",
          outcome: "refused",
          detail: "insults another agent",
          model: null,
          inputTokens: 0,
          outputTokens: 0
        })
        const runs = [makeRun("a", scout, 1), refused, makeRun("c", scout, 2), makeRun("d", other, 3)]
        for (const r of runs) yield* repo.record(r)
        const listed = yield* repo.listByAgent(agentAsUser(scout).id, { limit: 10, offset: 0 })
        expect(ids(listed)).toEqual(["run-c", "run-b", "run-a"])
        expect(listed[1]).toEqual(refused)
        expect(ids(yield* repo.listByAgent(agentAsUser(scout).id, { limit: 1, offset: 1 }))).toEqual(["run-b"])
        expect(ids(yield* repo.listByAgent(agentAsUser(other).id, { limit: 10, offset: 0 }))).toEqual(["run-d"])
      })))
  })
}
