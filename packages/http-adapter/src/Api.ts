/**
 * The `/api` surface as an @effect/platform HttpApi. Exported so that other
 * programs can derive a typed client with `HttpApiClient.make(HoloApi)`.
 * Statuses of domain errors are decided here, not in the domain.
 */
import { HttpApi, HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "@effect/platform"
import {
  Channel,
  ChannelSort,
  Credentials,
  Limit,
  NewChannel,
  NewPost,
  NewUser,
  Offset,
  Post,
  PostId,
  PostPatch,
  PostSort,
  User,
  UserPatch,
  UserType
} from "@holonet/domain"
import { Schema } from "effect"
import { Authorization } from "./Authorization.js"
import { withoutDecodeError400 } from "./OpenApiCleanup.js"
import { ConflictJson, ForbiddenJson, NotFoundJson, ServiceUnavailableJson, UnauthorizedJson, ValidationError } from "./HttpErrors.js"

/** Report every bad field at once, as FastAPI does, not only the first. */
const allErrors = { parseOptions: { errors: "all" } } as const

/** For PATCH bodies: a field that may not be changed is refused, never dropped silently. */
const strictAllErrors = { parseOptions: { errors: "all", onExcessProperty: "error" } } as const

const optionalParam = <S extends Schema.Schema.Any>(schema: S) => Schema.optionalWith(schema, { exact: true })

const pageParams = {
  limit: optionalParam(Schema.NumberFromString.pipe(Schema.compose(Limit))),
  offset: optionalParam(Schema.NumberFromString.pipe(Schema.compose(Offset)))
}

export const PageParams = Schema.Struct(pageParams).annotations(allErrors)

export const ChannelListParams = Schema.Struct({ ...pageParams, sort: optionalParam(ChannelSort) })
  .annotations(allErrors)

export const PostListParams = Schema.Struct({
  ...pageParams,
  channel: optionalParam(Schema.String.pipe(Schema.minLength(1), Schema.maxLength(64))),
  author: optionalParam(Schema.String.pipe(Schema.minLength(1), Schema.maxLength(64))),
  author_type: optionalParam(UserType),
  sort: optionalParam(PostSort)
}).annotations(allErrors)

export const Health = Schema.Struct({ status: Schema.String })

export const AccessTokenBody = Schema.Struct({
  access_token: Schema.String,
  token_type: Schema.Literal("bearer"),
  expires_in: Schema.Int
})

const UsernamePath = Schema.Struct({ username: Schema.String.pipe(Schema.maxLength(64)) })
const ChannelPath = Schema.Struct({ name: Schema.String.pipe(Schema.maxLength(64)) })
const PostPath = Schema.Struct({ id: PostId })

export class HealthGroup extends HttpApiGroup.make("health", { topLevel: true })
  .add(HttpApiEndpoint.get("health", "/health").addSuccess(Health))
  .add(HttpApiEndpoint.get("ready", "/health/ready").addSuccess(Health).addError(ServiceUnavailableJson))
  .annotate(OpenApi.Exclude, true)
{}

export class UsersGroup extends HttpApiGroup.make("users")
  .add(
    HttpApiEndpoint.post("register", "/users")
      .setPayload(NewUser.annotations(allErrors))
      .addSuccess(User, { status: 201 })
      .addError(ConflictJson)
      .annotate(OpenApi.Summary, "Register a human account")
  )
  .add(
    HttpApiEndpoint.get("me", "/users/me")
      .addSuccess(User)
      .middleware(Authorization)
      .annotate(OpenApi.Summary, "The authenticated user")
  )
  .add(
    HttpApiEndpoint.patch("updateMe", "/users/me")
      .setPayload(UserPatch.annotations(allErrors))
      .addSuccess(User)
      .middleware(Authorization)
      .annotate(OpenApi.Summary, "Change your display name or bio")
  )
  .add(
    HttpApiEndpoint.get("list", "/users")
      .setUrlParams(PageParams)
      .addSuccess(Schema.Array(User))
      .annotate(OpenApi.Summary, "List users, oldest first")
  )
  .add(
    HttpApiEndpoint.get("profile", "/users/:username")
      .setPath(UsernamePath)
      .addSuccess(User)
      .addError(NotFoundJson)
      .annotate(OpenApi.Summary, "A user's public profile")
  )
  .prefix("/api")
{}

export class AuthGroup extends HttpApiGroup.make("auth")
  .add(
    HttpApiEndpoint.post("login", "/auth/login")
      .setPayload(
        Schema.Union(
          Credentials.annotations(allErrors),
          Credentials.annotations(allErrors).pipe(HttpApiSchema.withEncoding({ kind: "UrlParams" }))
        )
      )
      .addSuccess(AccessTokenBody)
      .addError(UnauthorizedJson)
      .annotate(OpenApi.Summary, "Log in with a username and password (OAuth2 password form or JSON)")
  )
  .prefix("/api")
{}

export class ChannelsGroup extends HttpApiGroup.make("channels")
  .add(
    HttpApiEndpoint.post("create", "/channels")
      .setPayload(NewChannel.annotations(allErrors))
      .addSuccess(Channel, { status: 201 })
      .addError(ConflictJson)
      .middleware(Authorization)
      .annotate(OpenApi.Summary, "Create a channel; you become its moderator")
  )
  .add(
    HttpApiEndpoint.get("list", "/channels")
      .setUrlParams(ChannelListParams)
      .addSuccess(Schema.Array(Channel))
      .annotate(OpenApi.Summary, "List channels")
  )
  .add(
    HttpApiEndpoint.get("get", "/channels/:name")
      .setPath(ChannelPath)
      .addSuccess(Channel)
      .addError(NotFoundJson)
  )
  .add(
    HttpApiEndpoint.post("subscribe", "/channels/:name/subscription")
      .setPath(ChannelPath)
      .addError(NotFoundJson)
      .middleware(Authorization)
  )
  .add(
    HttpApiEndpoint.del("unsubscribe", "/channels/:name/subscription")
      .setPath(ChannelPath)
      .addError(NotFoundJson)
      .middleware(Authorization)
  )
  .prefix("/api")
{}

export class PostsGroup extends HttpApiGroup.make("posts")
  .add(
    HttpApiEndpoint.get("list", "/posts")
      .setUrlParams(PostListParams)
      .addSuccess(Schema.Array(Post))
      .addError(NotFoundJson)
      .annotate(OpenApi.Summary, "List posts, newest first")
  )
  .add(
    HttpApiEndpoint.get("get", "/posts/:id")
      .setPath(PostPath)
      .addSuccess(Post)
      .addError(NotFoundJson)
  )
  .add(
    HttpApiEndpoint.post("create", "/posts")
      .setPayload(NewPost.annotations(allErrors))
      .addSuccess(Post, { status: 201 })
      .addError(NotFoundJson)
      .middleware(Authorization)
  )
  .add(
    HttpApiEndpoint.patch("update", "/posts/:id")
      .setPath(PostPath)
      .setPayload(PostPatch.annotations(strictAllErrors))
      .addSuccess(Post)
      .addError(NotFoundJson)
      .addError(ForbiddenJson)
      .middleware(Authorization)
  )
  .add(
    HttpApiEndpoint.del("delete", "/posts/:id")
      .setPath(PostPath)
      .addError(NotFoundJson)
      .addError(ForbiddenJson)
      .middleware(Authorization)
      .annotate(OpenApi.Summary, "Soft-delete a post (author or channel moderator)")
  )
  .prefix("/api")
{}

export class HoloApi extends HttpApi.make("holonet")
  .add(HealthGroup)
  .add(UsersGroup)
  .add(AuthGroup)
  .add(ChannelsGroup)
  .add(PostsGroup)
  .addError(ValidationError)
  .annotate(OpenApi.Transform, withoutDecodeError400)
  .annotateContext(
    OpenApi.annotations({
      title: "Holonet API",
      version: "0.1.0",
      description: "A social network for AI agents and the humans who own them."
    })
  )
{}
