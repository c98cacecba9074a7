// The browser harness on the pages the server has today (Swagger UI at
// /api/docs, the Scalar reference at /api/redoc, skill.md), and proof that its
// hostile-text check can fail: a tiny node:http page whose inline
// `<script>alert(1)</script>` runs is caught, and the same page under
// `script-src 'none'` runs nothing.
import { expect, layer } from "@effect/vitest"
import { Effect } from "effect"
import { createServer } from "node:http"
import type { Page } from "playwright-core"
import * as Browser from "./Browser.js"

const pages: Readonly<Record<string, string>> = {
  "/plain": "<!doctype html><html lang=en><title>hostile</title><p>hello</p><script>alert(1)</script></html>",
  "/csp": "<!doctype html><html lang=en><title>hostile</title><p>hello</p><script>alert(1)</script></html>",
  "/clean": "<!doctype html><html lang=en><title>clean</title><main><h1>Clean</h1><p>hello</p></main></html>",
  "/no-alt": "<!doctype html><html lang=en><title>no alt</title><main><h1>No alt</h1><img src=/x.png></main></html>"
}

/** A node:http server on a random loopback port serving `pages`, with `script-src 'none'` on /csp; closed with the scope. */
const hostileServer = Effect.acquireRelease(
  Effect.async<ReturnType<typeof createServer>>((resume) => {
    const server = createServer((request, response) => {
      const page = pages[request.url ?? ""]
      if (page === undefined) return void response.writeHead(404).end()
      response.writeHead(200, {
        "content-type": "text/html; charset=utf-8",
        ...(request.url === "/csp" ? { "content-security-policy": "script-src 'none'" } : {})
      })
      response.end(page)
    })
    server.listen(0, "127.0.0.1", () => resume(Effect.succeed(server)))
  }),
  (server) => Effect.async<void>((resume) => void server.close(() => resume(Effect.void)))
).pipe(Effect.map((server) => {
  const address = server.address()
  return `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`
}))

/** What `noScriptRan` reports about a page that must fail it (a harness error is a defect here). */
const caught = (page: Page) => Effect.flip(Browser.noScriptRan(page).pipe(Effect.catchTag("BrowserError", Effect.die)))

layer(Browser.layer, { excludeTestServices: true, timeout: "60 seconds" })("browser harness", (it) => {
  it.scoped("/api/docs renders Swagger UI with the operations, quietly and from 127.0.0.1 only", () =>
    Effect.gen(function*() {
      const { page, recorded, status } = yield* Browser.visit("/api/docs")
      expect(status).toBe(200)
      yield* Effect.promise(() => page.locator(".opblock").first().waitFor({ timeout: 20_000 }))
      expect(yield* Effect.promise(() => page.locator(".opblock").count())).toBeGreaterThan(10)
      expect(yield* Effect.promise(() => page.title())).not.toBe("")
      expect(recorded.blocked).toEqual([])
      // Its own scripts run, but silently: no dialog, console message, error or outside request.
      yield* Browser.noScriptRan(page)
      const shot = yield* Browser.screenshot(page, "api-docs")
      expect(shot.bytes).toBeGreaterThan(1000)
    }))

  it.scoped("/api/redoc renders the API reference; its only outside requests (Scalar's fonts) are blocked", () =>
    Effect.gen(function*() {
      const { page, recorded, status } = yield* Browser.visit("/api/redoc")
      expect(status).toBe(200)
      yield* Effect.promise(() => page.getByText("/api/posts").first().waitFor({ timeout: 20_000 }))
      expect(yield* Effect.promise(() => page.title())).not.toBe("")
      expect(recorded.dialogs).toEqual([])
      expect(recorded.pageErrors).toEqual([])
      // Scalar asks fonts.scalar.com for its fonts; the harness stops that and the page still renders.
      expect(recorded.blocked.filter((request) => !request.startsWith("GET https://fonts.scalar.com/"))).toEqual([])
      const shot = yield* Browser.screenshot(page, "api-redoc")
      expect(shot.bytes).toBeGreaterThan(1000)
    }))

  it.scoped("/skill.md is shown as text and runs nothing", () =>
    Effect.gen(function*() {
      const { page, response, status } = yield* Browser.visit("/skill.md")
      expect(status).toBe(200)
      expect(response?.headers()["content-type"]).toMatch(/^text\/markdown/)
      expect(yield* Effect.promise(() => page.locator("body").innerText())).toContain("GET /api/posts")
      yield* Browser.noScriptRan(page)
      const shot = yield* Browser.screenshot(page, "skill-md")
      expect(shot.bytes).toBeGreaterThan(1000)
    }))

  it.scoped("an inline script that runs is caught: the dialog is recorded and noScriptRan fails", () =>
    Effect.gen(function*() {
      const base = yield* hostileServer
      const { page, recorded } = yield* Browser.open(`${base}/plain`)
      expect(recorded.dialogs).toEqual(["alert: 1"])
      const error = yield* caught(page)
      expect(error._tag).toBe("ScriptRan")
      expect(error.dialogs).toEqual(["alert: 1"])
    }))

  it.scoped("under script-src 'none' the same script does not run; the refusal is still reported", () =>
    Effect.gen(function*() {
      const base = yield* hostileServer
      const { page, recorded } = yield* Browser.open(`${base}/csp`)
      expect(yield* Effect.promise(() => page.locator("p").innerText())).toBe("hello")
      expect(recorded.dialogs).toEqual([])
      expect(recorded.pageErrors).toEqual([])
      // Chromium reports the refused inline script on the console, so an injected
      // script shows up even when CSP stops it.
      const error = yield* caught(page)
      expect(error.dialogs).toEqual([])
      expect(error.console.join("\n")).toMatch(/Content Security Policy/)
    }))

  it.scoped("a request or WebSocket beyond 127.0.0.1 is blocked and recorded, and fails noScriptRan", () =>
    Effect.gen(function*() {
      const { page, recorded } = yield* Browser.visit("/skill.md")
      yield* Effect.promise(() => page.evaluate("fetch('http://192.0.2.1/beacon').then(() => 'sent', () => 'refused')"))
      yield* Effect.promise(() =>
        page.evaluate(
          "new Promise((done) => { const ws = new WebSocket('ws://192.0.2.1/socket'); ws.onclose = ws.onerror = done })"
        )
      )
      expect(recorded.blocked).toEqual(["GET http://192.0.2.1/beacon", "WEBSOCKET ws://192.0.2.1/socket"])
      const error = yield* caught(page)
      expect(error.blocked).toEqual(["GET http://192.0.2.1/beacon", "WEBSOCKET ws://192.0.2.1/socket"])
    }))

  it.scoped("axe passes a clean page and reports a serious violation on one that has it", () =>
    Effect.gen(function*() {
      const base = yield* hostileServer
      const clean = yield* Browser.open(`${base}/clean`)
      expect(yield* Browser.axe(clean.page)).toEqual([])
      const noAlt = yield* Browser.open(`${base}/no-alt`)
      const violations = yield* Browser.axe(noAlt.page)
      expect(violations.map((violation) => [violation.id, violation.impact])).toEqual([["image-alt", "critical"]])
    }))

  it.scoped("axe runs on a page whose CSP forbids every script", () =>
    Effect.gen(function*() {
      const base = yield* hostileServer
      const { page } = yield* Browser.open(`${base}/csp`)
      expect(yield* Browser.axe(page)).toEqual([])
    }))
})
