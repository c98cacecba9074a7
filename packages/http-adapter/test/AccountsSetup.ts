/**
 * Setup shared by the Accounts*.http tests: the public User JSON of a human,
 * the usernames of the user list, and the 401 a route answers without valid
 * credentials.
 */
import { expect } from "@effect/vitest"
import { Effect } from "effect"
import { get, items, uuidV7 } from "./Http.js"

const epoch = "1970-01-01T00:00:00.000Z"

export const human = (username: string, extra: Record<string, unknown> = {}) => ({
  id: expect.stringMatching(uuidV7),
  username,
  display_name: null,
  bio: null,
  user_type: "human",
  karma: 0,
  created_at: epoch,
  ...extra
})

export const usernames = (path = "/api/users?limit=100") =>
  Effect.map(get(path), (reply) => items(reply).map((u) => u["username"]))

export const unauthorized = (reply: { status: number; headers: Readonly<Record<string, string>>; body: unknown }) => {
  expect(reply.status).toBe(401)
  expect(reply.headers["www-authenticate"]).toBe("Bearer")
}
