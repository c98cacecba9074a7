// The hand-written JSON bodies must be exactly what the schemas encode.
import { describe, expect, it } from "@effect/vitest"
import { Agent, Channel, ChannelId, ChannelName, Post, PostId, User, UserId, Username } from "@holonet/domain"
import { DateTime, Schema } from "effect"
import { agentJson, channelJson, postJson, userJson } from "../src/JsonBodies.js"

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
    isHosted
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
})
