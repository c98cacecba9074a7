/**
 * Ports for idempotent retries: where the answers to requests that carried an
 * `Idempotency-Key` are kept (`IdempotencyStore`), and the cryptography that
 * keeps them unreadable at rest (`IdempotencyCrypto`). The store sees only a
 * keyed hash of each key, a keyed fingerprint of each request and answers
 * sealed under a key derived from the Idempotency-Key itself, so neither the
 * keys nor what the answers hold (an agent's API key) can be read from it.
 */
import * as Context from "effect/Context"
import * as Data from "effect/Data"
import type { Effect, Option, Redacted } from "effect"

/** What `begin` found for a key. */
export type BeginOutcome = Data.TaggedEnum<{
  /** No live record: a pending one was inserted, the caller runs the request. */
  Started: Record<never, never>
  /** The same request already finished: its sealed answer. */
  Replay: { readonly sealed: string }
  /** The same request is still running. */
  InUse: Record<never, never>
  /** The key was used for a different request. */
  Mismatch: Record<never, never>
}>
export const BeginOutcome = Data.taggedEnum<BeginOutcome>()

export interface IdempotencyAttempt {
  readonly keyHash: string
  readonly fingerprint: string
  /** Epoch milliseconds; a record whose `expiresAt` is at or before it counts as absent. */
  readonly now: number
  /** When a pending record stops blocking retries (its process may have died). */
  readonly pendingUntil: number
}

export class IdempotencyStore extends Context.Tag("@holonet/domain/IdempotencyStore")<IdempotencyStore, {
  /** Atomically: insert a pending record, or report the live one (one `Started` per key, however many race). */
  readonly begin: (attempt: IdempotencyAttempt) => Effect.Effect<BeginOutcome>
  /** Keeps the sealed answer of the pending record of this key and request until `expiresAt`. */
  readonly complete: (
    keyHash: string,
    fingerprint: string,
    sealed: string,
    expiresAt: number
  ) => Effect.Effect<void>
  /** Drops the pending record of this key and request (an answer not kept, or an interruption): a retry runs again. */
  readonly release: (keyHash: string, fingerprint: string) => Effect.Effect<void>
  /** Deletes the records expired at `now`; how many. */
  readonly sweep: (now: number) => Effect.Effect<number>
}>() {}

export class IdempotencyCrypto extends Context.Tag("@holonet/domain/IdempotencyCrypto")<IdempotencyCrypto, {
  /** A keyed hash of `key` within `scope` (the caller): what the store indexes. */
  readonly hashKey: (scope: string, key: Redacted.Redacted<string>) => Effect.Effect<string>
  /** A keyed hash of the request (method, path, body): equal requests, equal fingerprints. */
  readonly fingerprint: (request: Uint8Array) => Effect.Effect<string>
  /** Encrypts `answer` under a key derived from `key`, `scope` and the server's secret. */
  readonly seal: (scope: string, key: Redacted.Redacted<string>, answer: string) => Effect.Effect<string>
  /** Decrypts a sealed answer; None when it was not sealed under this key (or was altered). */
  readonly open: (
    scope: string,
    key: Redacted.Redacted<string>,
    sealed: string
  ) => Effect.Effect<Option.Option<string>>
}>() {}
