/**
 * The use case behind `Idempotency-Key`: runs a request once per key and
 * caller, keeps its answer (sealed) for 24 hours, and answers a retry of the
 * same request with the kept answer instead of running it again. Answers the
 * caller chooses not to keep (5xx, 429), failures and interruptions release
 * the key, so a retry runs again. Time is Effect's Clock.
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { BeginOutcome, IdempotencyCrypto, IdempotencyStore } from "./Idempotency.js"

/** The Idempotency-Key header is not 1 to 255 printable ASCII characters. */
export class IdempotencyKeyInvalid extends Schema.TaggedError<IdempotencyKeyInvalid>()("IdempotencyKeyInvalid", {
  reason: Schema.String
}) {
  override get message() {
    return this.reason
  }
}

/** The key was already used by this caller for a different request. */
export class IdempotencyKeyReused extends Schema.TaggedError<IdempotencyKeyReused>()("IdempotencyKeyReused", {}) {
  override get message() {
    return "This Idempotency-Key was already used for a different request"
  }
}

/** The first request with this key is still running. */
export class IdempotencyKeyInUse extends Schema.TaggedError<IdempotencyKeyInUse>()("IdempotencyKeyInUse", {}) {
  override get message() {
    return "A request with this Idempotency-Key is still being processed; retry later"
  }
}

/** How long an answer is kept. */
export const keepAnswersFor = Duration.hours(24)

/**
 * How long a running request blocks its key. Far longer than any request
 * runs; it only matters when a process died mid-request, so that its key is
 * not blocked for the whole day.
 */
export const pendingFor = Duration.minutes(10)

/** Every this many requests with a key a process also deletes expired records. */
const sweepEvery = 256

/** What an Idempotency-Key may be: 1 to 255 printable ASCII characters (API.md). */
export const idempotencyKeyPattern = /^[\x20-\x7e]{1,255}$/

/** The header's value as a key, if it is 1 to 255 printable ASCII characters. */
export const parseIdempotencyKey = (raw: string): Either.Either<Redacted.Redacted<string>, IdempotencyKeyInvalid> =>
  idempotencyKeyPattern.test(raw)
    ? Either.right(Redacted.make(raw))
    : Either.left(
      new IdempotencyKeyInvalid({
        reason: raw.length === 0 || raw.length > 255
          ? `Idempotency-Key must be 1 to 255 characters long (got ${raw.length})`
          : "Idempotency-Key must contain only printable ASCII characters"
      })
    )

export interface IdempotentRequest {
  /** Who asks: the principal, or the client address of an anonymous caller. */
  readonly scope: string
  readonly key: Redacted.Redacted<string>
  /** The request as bytes (method, path, body): what makes a retry "the same request". */
  readonly request: Uint8Array
}

/** The request ran now (`Fresh`), or this is the answer kept from its first run (`Replayed`). */
export type Executed<A> =
  | { readonly _tag: "Fresh"; readonly value: A }
  | { readonly _tag: "Replayed"; readonly answer: string }

export class IdempotentRequests extends Effect.Service<IdempotentRequests>()("@holonet/domain/IdempotentRequests", {
  effect: Effect.gen(function*() {
    const store = yield* IdempotencyStore
    const crypto = yield* IdempotencyCrypto
    let sinceSweep = 0

    const sweepNow = (now: number) => {
      sinceSweep += 1
      if (sinceSweep < sweepEvery) return Effect.void
      sinceSweep = 0
      return Effect.asVoid(store.sweep(now))
    }

    /**
     * Runs `work` under the key, or replays. `keep` says whether (and as
     * what text) an answer is kept; None releases the key.
     */
    const run = <A, E, R>(
      request: IdempotentRequest,
      work: Effect.Effect<A, E, R>,
      keep: (value: A) => Option.Option<string>
    ): Effect.Effect<Executed<A>, E | IdempotencyKeyReused | IdempotencyKeyInUse, R> =>
      Effect.uninterruptibleMask((restore) =>
        Effect.gen(function*() {
          const keyHash = yield* crypto.hashKey(request.scope, request.key)
          const fingerprint = yield* crypto.fingerprint(request.request)
          const now = yield* Clock.currentTimeMillis
          yield* sweepNow(now)
          const outcome = yield* store.begin({
            keyHash,
            fingerprint,
            now,
            pendingUntil: now + Duration.toMillis(pendingFor)
          })
          return yield* BeginOutcome.$match(outcome, {
            Mismatch: () => Effect.fail(new IdempotencyKeyReused()),
            InUse: () => Effect.fail(new IdempotencyKeyInUse()),
            Replay: ({ sealed }) =>
              Effect.flatMap(crypto.open(request.scope, request.key, sealed), (opened) =>
                Option.match(opened, {
                  onNone: () => Effect.dieMessage("A kept idempotent answer could not be opened"),
                  onSome: (answer) => Effect.succeed<Executed<A>>({ _tag: "Replayed", answer })
                })),
            Started: () =>
              restore(work).pipe(
                Effect.onExit((exit) => {
                  if (exit._tag === "Failure") return store.release(keyHash, fingerprint)
                  return Option.match(keep(exit.value), {
                    onNone: () => store.release(keyHash, fingerprint),
                    onSome: (answer) =>
                      Effect.gen(function*() {
                        const sealed = yield* crypto.seal(request.scope, request.key, answer)
                        const done = yield* Clock.currentTimeMillis
                        yield* store.complete(keyHash, fingerprint, sealed, done + Duration.toMillis(keepAnswersFor))
                      })
                  })
                }),
                Effect.map((value): Executed<A> => ({ _tag: "Fresh", value }))
              )
          })
        })
      )

    return { run }
  })
}) {}
