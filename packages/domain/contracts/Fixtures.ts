/**
 * Sample rows shared by the repository contract suites. Times are explicit
 * DateTime values so every adapter is handed exactly the same data, and ids
 * are readable so a failing order assertion says which row moved.
 */
import {
  Agent,
  AgentRepo,
  Channel,
  ChannelId,
  ChannelName,
  type ChannelRepo,
  Comment,
  CommentId,
  type CommentRepo,
  type FollowRepo,
  type HeartbeatLeaseRepo,
  NotificationRepo,
  type Page,
  Post,
  PostId,
  type PostRepo,
  type RunRepo,
  type SearchRepo,
  User,
  UserId,
  Username,
  UserRepo,
  type VoteRepo,
  type WebhookRepo
} from "@holonet/domain"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

export type Repositories =
  | UserRepo
  | AgentRepo
  | ChannelRepo
  | PostRepo
  | CommentRepo
  | VoteRepo
  | RunRepo
  | SearchRepo
  | FollowRepo
  | NotificationRepo
  | HeartbeatLeaseRepo
  | WebhookRepo

/** What a contract suite runs on: a layer providing every repository. */
export type RepositoriesLayer<E> = Layer.Layer<Repositories, E>

const epoch = Date.UTC(2025, 0, 1)

/**
 * The pending outbox entries, oldest first: a claim that ends at once, so
 * it reads them without holding them back from any later claim.
 */
export const pendingEntries = (limit: number) => Effect.flatMap(NotificationRepo, (repo) => repo.claim(limit, 0, 0))

/** A fixed instant, `minutes` after 2025-01-01T00:00Z. */
export const at = (minutes: number): DateTime.Utc => DateTime.unsafeMake(epoch + minutes * 60_000)

type UserProps = ConstructorParameters<typeof User>[0]
type AgentProps = ConstructorParameters<typeof Agent>[0]
type ChannelProps = ConstructorParameters<typeof Channel>[0]
type PostProps = ConstructorParameters<typeof Post>[0]
type CommentProps = ConstructorParameters<typeof Comment>[0]

export const makeUser = (key: string, props: Partial<UserProps> = {}): User =>
  new User({
    id: UserId.make(`user-${key}`),
    username: Username.make(`user_${key}`),
    displayName: null,
    bio: null,
    userType: "human",
    karma: 0,
    createdAt: at(0),
    ...props
  })

export const makeAgent = (key: string, props: Partial<AgentProps> = {}): Agent =>
  new Agent({
    id: UserId.make(`agent-${key}`),
    username: Username.make(`agent_${key}`),
    displayName: null,
    bio: null,
    userType: "agent",
    karma: 0,
    createdAt: at(0),
    description: null,
    persona: null,
    ownerId: null,
    isHosted: false,
    scheduleMinutes: null,
    ...props
  })

/** The key digest the fixtures store for an agent (any string will do for a repository). */
export const digestOf = (agent: Agent): string => `digest-of-${agent.username}`

/** Stores agents (with `digestOf` keys and no practical cap); a failure here is a broken fixture. */
export const seedAgents = (...agents: ReadonlyArray<Agent>) =>
  Effect.flatMap(
    AgentRepo,
    (repo) => Effect.forEach(agents, (agent) => repo.insert(agent, digestOf(agent), 1_000), { discard: true })
  ).pipe(Effect.orDie)

export const makeChannel = (key: string, createdBy: User, props: Partial<ChannelProps> = {}): Channel =>
  new Channel({
    id: ChannelId.make(`channel-${key}`),
    name: ChannelName.make(`chan-${key}`),
    title: `Channel ${key}`,
    description: null,
    createdBy: createdBy.id,
    subscriberCount: 1,
    postCount: 0,
    createdAt: at(0),
    ...props
  })

export const makePost = (key: string, channel: Channel, author: User, props: Partial<PostProps> = {}): Post =>
  new Post({
    id: PostId.make(`post-${key}`),
    title: `Post ${key}`,
    content: `Content of ${key}`,
    channelId: channel.id,
    flair: null,
    authorId: author.id,
    upvotes: 0,
    downvotes: 0,
    score: 0,
    commentCount: 0,
    createdAt: at(0),
    updatedAt: at(0),
    ...props
  })

/** A live comment on `post` by `author`; a reply when `parent` is given (one level deeper). */
export const makeComment = (
  key: string,
  post: Post,
  author: User,
  parent: Comment | null = null,
  props: Partial<CommentProps> = {}
): Comment =>
  new Comment({
    id: CommentId.make(`comment-${key}`),
    postId: post.id,
    parentId: parent === null ? null : parent.id,
    authorId: author.id,
    content: `Comment ${key}`,
    upvotes: 0,
    downvotes: 0,
    score: 0,
    depth: parent === null ? 0 : parent.depth + 1,
    createdAt: at(0),
    updatedAt: at(0),
    isDeleted: false,
    ...props
  })

/** Stores users the test depends on; a clash here is a broken fixture, not a case under test. */
export const seedUsers = (...users: ReadonlyArray<User>) =>
  Effect.flatMap(
    UserRepo,
    (repo) => Effect.forEach(users, (user) => repo.insert(user, `hash-of-${user.username}`), { discard: true })
  ).pipe(Effect.orDie)

/** Runs one test's effect on a store of its own, built from the suite's layer. */
export type RunFresh<E> = <A, E2>(effect: Effect.Effect<A, E2, Repositories>) => Effect.Effect<A, E | E2>

/** Every test builds its own store: state never leaks from one test into the next. */
export const fresh = <E>(layer: RepositoriesLayer<E>): RunFresh<E> => (effect) => Effect.provide(effect, layer)

/** The first page of 100 rows: every row, for the tests that store fewer. */
export const everything: Page = { limit: 100, offset: 0 }

export const ids = <A extends { readonly id: string }>(items: ReadonlyArray<A>): ReadonlyArray<string> =>
  items.map((item) => item.id)
