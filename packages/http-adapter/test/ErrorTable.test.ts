// The one table from domain error to HTTP error: statuses, bodies, special cases, and the types it gives.
import { HttpApiSchema } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import {
  AgentLimitReached,
  AgentNotFound,
  AiBadOutput,
  AiRefused,
  AiNotConfigured,
  AiRateLimited,
  AiTimeout,
  AiUnavailable,
  CannotFollowSelf,
  ChannelNameTaken,
  ChannelNotFound,
  CommentNotFound,
  ContentRefused,
  type DomainError,
  InvalidCredentials,
  ParentNotInPost,
  PermissionDenied,
  PostNotFound,
  RateLimited,
  ThreadTooDeep,
  Unauthenticated,
  UsernameTaken,
  UserNotFound,
  WebhookLimitReached,
  WebhookNotFound,
  WebhookUrlRefused
} from "@holonet/domain"
import { Effect, Record, Schema, SchemaAST } from "effect"
import { domainErrors, mapDomainErrors } from "../src/ErrorTable.js"
import type { Forbidden, NotFound } from "../src/HttpErrors.js"

type Tag = DomainError["_tag"]

/** One sample of every domain error, with the status today's contract answers it with. */
const cases: { readonly [K in Tag]: readonly [Extract<DomainError, { readonly _tag: K }>, number] } = {
  UserNotFound: [new UserNotFound({ username: "ghost" }), 404],
  UsernameTaken: [new UsernameTaken({ username: "alice" }), 409],
  InvalidCredentials: [new InvalidCredentials(), 401],
  Unauthenticated: [new Unauthenticated({ reason: "Invalid API key" }), 401],
  PermissionDenied: [new PermissionDenied({ reason: "Not yours" }), 403],
  ChannelNotFound: [new ChannelNotFound({ channel: "nowhere" }), 404],
  ChannelNameTaken: [new ChannelNameTaken({ name: "general" }), 409],
  PostNotFound: [new PostNotFound({ id: "p1" }), 404],
  AgentNotFound: [new AgentNotFound({ username: "bot" }), 404],
  AgentLimitReached: [new AgentLimitReached({ limit: 5 }), 422],
  RateLimited: [new RateLimited({ retryAfterSeconds: 7 }), 429],
  CommentNotFound: [new CommentNotFound({ id: "c1" }), 404],
  ParentNotInPost: [new ParentNotInPost({ parentId: "c1", postId: "p2" }), 422],
  ThreadTooDeep: [new ThreadTooDeep({ maxDepth: 50 }), 422],
  ContentRefused: [new ContentRefused({ reason: "spam" }), 422],
  CannotFollowSelf: [new CannotFollowSelf(), 422],
  WebhookNotFound: [new WebhookNotFound({ id: "w1" }), 404],
  WebhookLimitReached: [new WebhookLimitReached({ limit: 5 }), 422],
  WebhookUrlRefused: [new WebhookUrlRefused({ reason: "10.0.0.1 is a private address" }), 422],
  AiNotConfigured: [new AiNotConfigured(), 503],
  AiUnavailable: [new AiUnavailable({ reason: "connection refused" }), 502],
  AiRateLimited: [new AiRateLimited({ retryAfterSeconds: 2.5 }), 503],
  AiTimeout: [new AiTimeout({ afterMillis: 30_000 }), 504],
  AiBadOutput: [new AiBadOutput({ reason: "not JSON" }), 502],
  AiRefused: [new AiRefused({ reason: "I can't help with that" }), 422]
}

const presented = (error: DomainError) => Effect.flip(mapDomainErrors(Effect.fail(error)))

describe("ErrorTable", () => {
  it.effect("every domain error gets its status, code = the tag in snake_case and detail = its message", () =>
    Effect.gen(function*() {
      for (const [tag, [error, status]] of Record.toEntries(cases)) {
        const wire = domainErrors(tag)
        const body = yield* Schema.encode(wire)(yield* presented(error))
        expect({ tag, status: HttpApiSchema.getStatusErrorAST(wire.ast) }).toEqual({ tag, status })
        expect(body.code).toMatch(/^[a-z]+(_[a-z]+)*$/)
        expect(body.code?.replaceAll("_", "")).toBe(tag.toLowerCase())
        if (tag !== "AiNotConfigured") expect(body.detail).toBe(error.message)
      }
    }))

  it.effect("special cases: no provider, rate limits", () =>
    Effect.gen(function*() {
      expect(yield* presented(new AiNotConfigured())).toMatchObject({
        _tag: "ServiceUnavailable",
        detail: "No AI provider is configured",
        code: "ai_not_configured"
      })
      expect(yield* presented(new RateLimited({ retryAfterSeconds: 7 }))).toMatchObject({
        _tag: "TooManyRequests",
        retryAfterSeconds: 7
      })
      expect(yield* presented(new AiRateLimited({ retryAfterSeconds: 2.5 }))).toMatchObject({ retryAfterSeconds: 3 })
      expect(yield* presented(new AiRateLimited({ retryAfterSeconds: 0.2 }))).toMatchObject({ retryAfterSeconds: 1 })
    }))

  it("an endpoint declares one schema per status, however many tags share it", () => {
    const declared = domainErrors("PostNotFound", "CommentNotFound", "PermissionDenied", "PostNotFound").ast
    const members = SchemaAST.isUnion(declared) ? declared.types : [declared]
    expect(members.map(HttpApiSchema.getStatusErrorAST)).toEqual([404, 403])
  })

  it.effect("a handler's error type is exactly the HTTP errors of its domain errors", () => {
    const failing: Effect.Effect<never, PostNotFound | PermissionDenied> = Effect.fail(new PostNotFound({ id: "p1" }))
    // Compiles only because the result is not widened to every HTTP error.
    const mapped: Effect.Effect<never, NotFound | Forbidden> = mapDomainErrors(failing)
    return Effect.map(Effect.flip(mapped), (error) => expect(error._tag).toBe("NotFound"))
  })
})
