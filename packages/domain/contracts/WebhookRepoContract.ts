/**
 * The behaviour every WebhookRepo adapter must have: at most `maxPerOwner`
 * webhooks per owner, listed oldest first, visible and removable by their
 * owner only; a stored notification enqueues one delivery to each active
 * webhook of its recipient that listens to its kind, and a replay adds none;
 * claims hand out due deliveries of active webhooks, disjoint between
 * concurrent claims, until the claim ends; recording an attempt updates the
 * delivery and the webhook's counters, and giving up turns the webhook off.
 */
import { addEqualityTesters, describe, expect, it } from "@effect/vitest"
import {
  type DueDelivery,
  FollowRepo,
  Notification,
  NotificationId,
  NotificationRepo,
  type NotificationKind,
  type User,
  Webhook,
  WebhookId,
  WebhookRepo
} from "@holonet/domain"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { at, everything, fresh, makeUser, pendingEntries, type RepositoriesLayer, seedUsers } from "./Fixtures.js"

const ann = makeUser("ann")
const ben = makeUser("ben")

const makeWebhook = (key: string, minutes: number, events: ReadonlyArray<NotificationKind> = ["follow", "mention"]) =>
  new Webhook({
    id: WebhookId.make(`webhook-${key}`),
    url: `https://example.test/${key}`,
    events,
    description: key === "a" ? "first" : null,
    active: true,
    failureCount: 0,
    lastSuccessAt: null,
    createdAt: at(minutes)
  })

const secretOf = (key: string) => Redacted.make(`whsec_${key}`)

const store = (owner: User, ...webhooks: ReadonlyArray<Webhook>) =>
  Effect.flatMap(
    WebhookRepo,
    (repo) => Effect.forEach(webhooks, (webhook) => repo.insert(webhook, owner.id, secretOf(webhook.id), 5))
  )

const follow = (recipient: User, key: string, kind: NotificationKind = "follow") =>
  new Notification({
    id: NotificationId.make(`notification-${key}`),
    kind,
    actorId: ann.id,
    postId: null,
    commentId: null,
    createdAt: at(10),
    readAt: null
  })

/** Delivers the first pending entry (ann follows ben) with the given notifications for ben. */
const deliverToBen = (...notifications: ReadonlyArray<Notification>) =>
  Effect.gen(function*() {
    const [entry] = yield* pendingEntries(1)
    if (entry === undefined) return yield* Effect.dieMessage("no pending entry")
    yield* (yield* NotificationRepo).deliver([{
      entryId: entry.id,
      deliveries: notifications.map((notification) => ({ recipientId: ben.id, notification }))
    }])
  })

const seedFollow = Effect.gen(function*() {
  yield* seedUsers(ann, ben)
  yield* (yield* FollowRepo).follow(ann.id, ben.id, at(1))
})

const t = (minutes: number) => at(minutes).epochMillis

const idsOf = (due: ReadonlyArray<DueDelivery>) => due.map((delivery) => delivery.id)

export const webhookRepoContract = <E>(name: string, layer: RepositoriesLayer<E>): void => {
  addEqualityTesters()
  const run = fresh(layer)

  describe(`WebhookRepo contract: ${name}`, () => {
    it.effect("insert keeps each owner under the cap; list is the owner's, oldest first", () =>
      run(Effect.gen(function*() {
        const repo = yield* WebhookRepo
        yield* seedUsers(ann, ben)
        const webhooks = [3, 1, 2].map((minutes) => makeWebhook(`w${minutes}`, minutes))
        expect(yield* store(ann, ...webhooks)).toEqual([true, true, true])
        expect(yield* repo.insert(makeWebhook("over", 4), ann.id, secretOf("over"), 3)).toBe(false)
        expect(yield* repo.insert(makeWebhook("ben", 4, ["reply"]), ben.id, secretOf("ben"), 3)).toBe(true)
        expect(yield* repo.list(ann.id)).toEqual([webhooks[1], webhooks[2], webhooks[0]])
        expect(yield* repo.list(ben.id)).toEqual([makeWebhook("ben", 4, ["reply"])])
      })))

    it.effect("owns and remove: only the owner's webhook, and its deliveries go with it", () =>
      run(Effect.gen(function*() {
        const repo = yield* WebhookRepo
        yield* seedUsers(ann, ben)
        const webhook = makeWebhook("a", 1)
        yield* store(ann, webhook)
        yield* repo.enqueue({ webhookId: webhook.id, eventId: "ping-1", eventType: "ping", body: "{}" }, t(2))
        expect(yield* repo.owns(ann.id, webhook.id)).toBe(true)
        expect(yield* repo.owns(ben.id, webhook.id)).toBe(false)
        expect(yield* repo.remove(ben.id, webhook.id)).toBe(false)
        expect(yield* repo.list(ann.id)).toHaveLength(1)
        expect(yield* repo.remove(ann.id, webhook.id)).toBe(true)
        expect(yield* repo.remove(ann.id, webhook.id)).toBe(false)
        expect(yield* repo.list(ann.id)).toEqual([])
        expect(yield* repo.deliveries(webhook.id, everything)).toEqual([])
        expect(yield* repo.claim(10, t(3), t(4))).toEqual([])
      })))

    it.effect("a stored notification reaches each active webhook listening to its kind, once", () =>
      run(Effect.gen(function*() {
        const repo = yield* WebhookRepo
        yield* seedFollow
        const listening = makeWebhook("listening", 1)
        const deaf = makeWebhook("deaf", 2, ["reply"])
        const off = makeWebhook("off", 3)
        yield* store(ben, listening, deaf, off)
        // Turned off: one failure given up.
        yield* repo.enqueue({ webhookId: off.id, eventId: "ping-off", eventType: "ping", body: "{}" }, t(4))
        const [offPing] = yield* repo.claim(10, t(4), t(5))
        if (offPing === undefined) return yield* Effect.dieMessage("no ping claimed")
        yield* repo.record(offPing.id, {
          _tag: "Failed",
          statusCode: 500,
          error: "boom",
          at: t(4),
          nextAttemptAt: null
        })
        expect((yield* repo.list(ben.id)).map((webhook) => webhook.active)).toEqual([true, true, false])

        const notification = follow(ben, "n1")
        yield* deliverToBen(notification)
        const [delivery, ...others] = yield* repo.deliveries(listening.id, everything)
        expect(others).toEqual([])
        expect(delivery?.eventId).toBe(notification.id)
        expect(delivery?.eventType).toBe("notification.follow")
        expect(delivery?.attempt).toBe(0)
        expect(delivery?.nextAttemptAt).toEqual(at(10))
        expect(yield* repo.deliveries(deaf.id, everything)).toEqual([])
        expect(yield* repo.deliveries(off.id, everything)).toHaveLength(1)

        const due = yield* repo.claim(10, t(10), t(11))
        expect(due).toHaveLength(1)
        expect(due[0]?.url).toBe(listening.url)
        expect(due[0]?.eventId).toBe(notification.id)
        expect(Redacted.value(due[0]?.secret ?? Redacted.make(""))).toBe(`whsec_${listening.id}`)
        expect(JSON.parse(due[0]?.body ?? "null")).toEqual({
          type: "notification.follow",
          timestamp: "2025-01-01T00:10:00.000Z",
          data: {
            id: notification.id,
            kind: "follow",
            actor_id: ann.id,
            post_id: null,
            comment_id: null,
            created_at: "2025-01-01T00:10:00.000Z",
            read_at: null
          }
        })
      })))

    it.effect("replaying a delivery of the notification enqueues nothing more", () =>
      run(Effect.gen(function*() {
        const repo = yield* WebhookRepo
        yield* seedFollow
        const webhook = makeWebhook("a", 1)
        yield* store(ben, webhook)
        const [entry] = yield* pendingEntries(1)
        if (entry === undefined) return yield* Effect.dieMessage("no pending entry")
        const notifications = yield* NotificationRepo
        const batch = (key: string) => [{
          entryId: entry.id,
          deliveries: [{ recipientId: ben.id, notification: follow(ben, key) }]
        }]
        yield* notifications.deliver(batch("n1"))
        yield* notifications.deliver(batch("n1"))
        yield* notifications.deliver(batch("n1-again"))
        expect(yield* repo.deliveries(webhook.id, everything)).toHaveLength(1)
        yield* repo.enqueue({ webhookId: webhook.id, eventId: "notification-n1", eventType: "x", body: "{}" }, t(20))
        expect(yield* repo.deliveries(webhook.id, everything)).toHaveLength(1)
      })))

    it.effect("claim: due deliveries only, disjoint between concurrent claims, held until the claim ends", () =>
      run(Effect.gen(function*() {
        const repo = yield* WebhookRepo
        yield* seedUsers(ann)
        const webhook = makeWebhook("a", 1)
        yield* store(ann, webhook)
        for (let i = 0; i < 12; i++) {
          yield* repo.enqueue({ webhookId: webhook.id, eventId: `e${i}`, eventType: "ping", body: "{}" }, t(10 + i))
        }
        expect(yield* repo.claim(100, t(9), t(9))).toEqual([])
        const claims = yield* Effect.all(
          Array.from({ length: 4 }, () => repo.claim(3, t(30), t(31))),
          { concurrency: "unbounded" }
        )
        const all = claims.flatMap(idsOf)
        expect(new Set(all).size).toBe(12)
        expect(yield* repo.claim(100, t(30.5), t(31))).toEqual([])
        const again = yield* repo.claim(100, t(31), t(32))
        expect(again.map((due) => due.eventId)).toEqual(Array.from({ length: 12 }, (_, i) => `e${i}`))
      })))

    it.effect("record: failures count up and reschedule, success resets, giving up turns the webhook off", () =>
      run(Effect.gen(function*() {
        const repo = yield* WebhookRepo
        yield* seedUsers(ann)
        const webhook = makeWebhook("a", 1)
        yield* store(ann, webhook)
        yield* repo.enqueue({ webhookId: webhook.id, eventId: "e1", eventType: "ping", body: "{}" }, t(10))
        const [first] = yield* repo.claim(10, t(10), t(11))
        if (first === undefined) return yield* Effect.dieMessage("nothing claimed")
        yield* repo.record(first.id, {
          _tag: "Failed",
          statusCode: 503,
          error: "HTTP 503",
          at: t(10),
          nextAttemptAt: t(15)
        })
        const [failed] = yield* repo.deliveries(webhook.id, everything)
        expect(failed?.attempt).toBe(1)
        expect(failed?.statusCode).toBe(503)
        expect(failed?.error).toBe("HTTP 503")
        expect(failed?.nextAttemptAt).toEqual(at(15))
        expect((yield* repo.list(ann.id))[0]?.failureCount).toBe(1)
        expect(yield* repo.claim(10, t(14), t(16))).toEqual([])
        const [second] = yield* repo.claim(10, t(15), t(16))
        expect(second?.attempt).toBe(1)
        yield* repo.record(first.id, { _tag: "Delivered", statusCode: 204, at: t(15) })
        const [done] = yield* repo.deliveries(webhook.id, everything)
        expect(done?.attempt).toBe(2)
        expect(done?.deliveredAt).toEqual(at(15))
        expect(done?.nextAttemptAt).toBeNull()
        expect(done?.error).toBeNull()
        const [healthy] = yield* repo.list(ann.id)
        expect(healthy?.failureCount).toBe(0)
        expect(healthy?.lastSuccessAt).toEqual(at(15))
        expect(yield* repo.claim(10, t(100), t(101))).toEqual([])

        yield* repo.enqueue({ webhookId: webhook.id, eventId: "e2", eventType: "ping", body: "{}" }, t(20))
        yield* repo.enqueue({ webhookId: webhook.id, eventId: "e3", eventType: "ping", body: "{}" }, t(21))
        const [doomed] = yield* repo.claim(1, t(30), t(31))
        if (doomed === undefined) return yield* Effect.dieMessage("nothing claimed")
        yield* repo.record(doomed.id, {
          _tag: "Failed",
          statusCode: null,
          error: "timeout",
          at: t(30),
          nextAttemptAt: null
        })
        const [off] = yield* repo.list(ann.id)
        expect(off?.active).toBe(false)
        expect(off?.failureCount).toBe(1)
        // An inactive webhook's deliveries are not handed out: the other pending one is abandoned, and new ones are not enqueued.
        expect(yield* repo.claim(10, t(40), t(41))).toEqual([])
        yield* repo.enqueue({ webhookId: webhook.id, eventId: "e4", eventType: "ping", body: "{}" }, t(42))
        const history = yield* repo.deliveries(webhook.id, everything)
        expect(history.map((delivery) => [delivery.eventId, delivery.nextAttemptAt])).toEqual([
          ["e3", null],
          ["e2", null],
          ["e1", null]
        ])
      })))

    it.effect("deliveries: newest first, paged", () =>
      run(Effect.gen(function*() {
        const repo = yield* WebhookRepo
        yield* seedUsers(ann)
        const webhook = makeWebhook("a", 1)
        yield* store(ann, webhook)
        for (let i = 0; i < 5; i++) {
          yield* repo.enqueue({ webhookId: webhook.id, eventId: `e${i}`, eventType: "ping", body: "{}" }, t(10 + i))
        }
        const newest = yield* repo.deliveries(webhook.id, { limit: 2, offset: 0 })
        expect(newest.map((delivery) => delivery.eventId)).toEqual(["e4", "e3"])
        const next = yield* repo.deliveries(webhook.id, { limit: 2, offset: 2 })
        expect(next.map((delivery) => delivery.eventId)).toEqual(["e2", "e1"])
      })))
  })
}
