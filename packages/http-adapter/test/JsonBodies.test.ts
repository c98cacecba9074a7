// The hand-written JSON bodies must be exactly what the schemas encode.
import { describe, expect, it } from "@effect/vitest"
import {
  Agent,
  Channel,
  ChannelId,
  ChannelName,
  Comment,
  CommentId,
  Notification,
  NotificationId,
  type NotificationKind,
  Post,
  PostId,
  User,
  UserId,
  Username,
  VoteTally,
  type VoteValue
} from "@holonet/domain"
import { DateTime, Schema } from "effect"
import {
  agentJson,
  channelJson,
  commentJson,
  notificationJson,
  postJson,
  userJson,
  voteTallyJson
} from "../src/JsonBodies.js"

const at = (iso: string) => DateTime.unsafeMake(iso)

const user = (displayName: string | null, bio: string | null) =>
  new User({
    id: UserId.make("01a216d0-3bcb-7160-b65e-39595f1e614b"),
    username: Username.make("Alice_1"),
    displayName,
    bio,
    userType: "human",
    karma: -3,
    createdAt: at("2026-11-26T07:44:35.276Z")
  })

const agent = (ownerId: string | null, text: string | null, isHosted: boolean) =>
  new Agent({
    id: UserId.make("01a216d0-3bcc-7000-8000-39595f1e614b"),
    username: Username.make("helper-bot"),
    displayName: text === null ? null : "Helper",
    bio: null,
    userType: "agent",
    karma: 41,
    createdAt: at("2026-11-26T07:44:35.999Z"),
    description: text,
    persona: text === null ? null : `You are ${text}\n"quoted" ✓`,
    ownerId: ownerId === null ? null : UserId.make(ownerId),
    isHosted,
    scheduleMinutes: isHosted ? 60 : null
  })

const channel = (description: string | null) =>
  new Channel({
    id: ChannelId.make("01a216d0-3c7c-77c6-acec-38e4e93e7b29"),
    name: ChannelName.make("general"),
    title: "General \"chat\" ✓",
    description,
    createdBy: UserId.make("01a216d0-3bcb-7160-b65e-39595f1e614b"),
    subscriberCount: 12,
    postCount: 0,
    createdAt: at("1999-12-31T23:59:59.999Z")
  })

const post = (flair: string | null) =>
  new Post({
    id: PostId.make("01a216d0-3c90-7c8f-8820-3773563f89dc"),
    title: "Hello, agents",
    content: "line one\nline two — ünïcödé",
    channelId: ChannelId.make("01a216d0-3c7c-77c6-acec-38e4e93e7b29"),
    flair,
    authorId: UserId.make("01a216d0-3bcb-7160-b65e-39595f1e614b"),
    upvotes: 5,
    downvotes: 2,
    score: 3,
    commentCount: 7,
    createdAt: at("2026-11-26T07:44:35.472Z"),
    updatedAt: at("2026-11-26T08:00:00.000Z")
  })

const comment = (parentId: string | null, isDeleted: boolean) =>
  new Comment({
    id: CommentId.make("01a216d0-3d00-7000-8000-3773563f89dc"),
    postId: PostId.make("01a216d0-3c90-7c8f-8820-3773563f89dc"),
    parentId: parentId === null ? null : CommentId.make(parentId),
    authorId: UserId.make("01a216d0-3bcb-7160-b65e-39595f1e614b"),
    content: isDeleted ? "" : "a reply — \"quoted\" ✓\nsecond line",
    upvotes: 4,
    downvotes: 6,
    score: -2,
    depth: parentId === null ? 0 : 3,
    createdAt: at("2026-11-26T07:44:35.472Z"),
    updatedAt: at("2026-11-26T09:00:00.001Z"),
    isDeleted
  })

const notification = (kind: NotificationKind, about: "comment" | "post" | "nothing", read: boolean) =>
  new Notification({
    id: NotificationId.make("01a216d0-3e00-7000-8000-3773563f89dc"),
    kind,
    actorId: UserId.make("01a216d0-3bcb-7160-b65e-39595f1e614b"),
    postId: about === "nothing" ? null : PostId.make("01a216d0-3c90-7c8f-8820-3773563f89dc"),
    commentId: about === "comment" ? CommentId.make("01a216d0-3d00-7000-8000-3773563f89dc") : null,
    createdAt: at("2026-11-26T07:44:35.472Z"),
    readAt: read ? at("2026-11-27T00:00:00.001Z") : null
  })

const tally = (myVote: VoteValue) => new VoteTally({ upvotes: 3, downvotes: 1, score: 2, myVote })

describe("JSON bodies equal the schema encoding", () => {
  it.each([user(null, null), user("Alice", "Bio with \"quotes\"")])("User %#", (value) => {
    expect(userJson(value)).toStrictEqual(Schema.encodeSync(User)(value))
  })
  it.each([agent(null, null, false), agent("01a216d0-3bcb-7160-b65e-39595f1e614b", "a helpful bot", true)])(
    "Agent %#",
    (value) => {
      expect(agentJson(value)).toStrictEqual(Schema.encodeSync(Agent)(value))
      // Same keys in the same order: the bytes on the wire are identical.
      expect(JSON.stringify(agentJson(value))).toBe(JSON.stringify(Schema.encodeSync(Agent)(value)))
    }
  )
  it.each([channel(null), channel("About this channel")])("Channel %#", (value) => {
    expect(channelJson(value)).toStrictEqual(Schema.encodeSync(Channel)(value))
  })
  it.each([post(null), post("news")])("Post %#", (value) => {
    expect(postJson(value)).toStrictEqual(Schema.encodeSync(Post)(value))
  })
  it.each([comment(null, false), comment("01a216d0-3cff-7000-8000-3773563f89dc", true)])("Comment %#", (value) => {
    expect(commentJson(value)).toStrictEqual(Schema.encodeSync(Comment)(value))
    expect(JSON.stringify(commentJson(value))).toBe(JSON.stringify(Schema.encodeSync(Comment)(value)))
  })
  it.each([
    notification("reply", "comment", false),
    notification("mention", "post", true),
    notification("follow", "nothing", false)
  ])("Notification %#", (value) => {
    expect(notificationJson(value)).toStrictEqual(Schema.encodeSync(Notification)(value))
    expect(JSON.stringify(notificationJson(value))).toBe(JSON.stringify(Schema.encodeSync(Notification)(value)))
  })
  it.each([tally(1), tally(-1), tally(0)])("VoteTally %#", (value) => {
    expect(voteTallyJson(value)).toStrictEqual(Schema.encodeSync(VoteTally)(value))
    expect(JSON.stringify(voteTallyJson(value))).toBe(JSON.stringify(Schema.encodeSync(VoteTally)(value)))
  })
})
