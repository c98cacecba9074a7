/**
 * SearchRepo over channels, part of `searchRepoContract`: found by name,
 * title or description, every term required, equal matches by id descending.
 */
import { expect, it } from "@effect/vitest"
import { type Channel, ChannelRepo, SearchRepo, searchTerms } from "@holonet/domain"
import * as Effect from "effect/Effect"
import { everything, ids, makeChannel, type RunFresh } from "./Fixtures.js"
import { alice, general, seedBase } from "./SearchRepoFixtures.js"

const seedChannels = (...channels: ReadonlyArray<Channel>) =>
  Effect.flatMap(ChannelRepo, (repo) => Effect.forEach(channels, repo.create, { discard: true })).pipe(Effect.orDie)

const channelIds = (text: string) =>
  Effect.flatMap(SearchRepo, (repo) => repo.channels(searchTerms(text), everything)).pipe(Effect.map(ids))

/** Registers the tests in the enclosing `describe`; `run` gives each a fresh store. */
export const searchRepoChannelsContract = <E>(run: RunFresh<E>): void => {
  it.effect("channels: found by name, title or description; ties by id descending", () =>
    run(Effect.gen(function*() {
      yield* seedBase
      const astro = makeChannel("astro", alice, { title: "Astronomy Club", description: "Telescopes and nebulae" })
      const garden = makeChannel("garden", alice, { title: "Gardening", description: "Roses and compost" })
      yield* seedChannels(astro, garden)

      expect(yield* Effect.flatMap(SearchRepo, (repo) => repo.channels(["telescopes"], everything))).toEqual([astro])
      expect(yield* channelIds("telesc")).toEqual([astro.id])
      expect(yield* channelIds("ASTRONOMY club")).toEqual([astro.id])
      expect(yield* channelIds("compost roses")).toEqual([garden.id])
      expect(yield* channelIds("nebula compost")).toEqual([])
      expect(yield* channelIds("volcano")).toEqual([])
      // "chan" starts every name (chan-astro, chan-garden, chan-general) equally.
      expect(yield* channelIds("chan")).toEqual([general.id, garden.id, astro.id])
      expect(yield* channelIds("chan garden")).toEqual([garden.id])
    })))
}
