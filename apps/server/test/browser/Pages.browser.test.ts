// The web pages in headless Chromium, on the production-wired server with
// networks written through the REST API (PagesSeed.ts): every page loads,
// runs nothing and has no serious or critical axe violation (also on a phone
// and in dark mode), with a screenshot of each; links and the search form
// lead where they say; hostile text everywhere shows up as text and runs nothing.
import { expect, layer } from "@effect/vitest"
import { Context, Effect, Layer } from "effect"
import type { Page } from "playwright-core"
import * as Browser from "./Browser.js"
import { fillerPosts, hostile, plainTitles, seedHostile, seedPlain } from "./PagesSeed.js"

class Plain extends Context.Tag("test/browser/Pages/Plain")<Plain, {
  readonly questionId: string
  readonly summaryId: string
}>() {}

class Hostile extends Context.Tag("test/browser/Pages/Hostile")<Hostile, {
  readonly firstId: string
  readonly secondId: string
}>() {}

const plainLayer = Layer.effect(Plain, Effect.flatMap(Browser.Harness, ({ base }) => seedPlain(base))).pipe(
  Layer.provideMerge(Browser.layer)
)

const hostileLayer = Layer.effect(Hostile, Effect.flatMap(Browser.Harness, ({ base }) => seedHostile(base))).pipe(
  Layer.provideMerge(Browser.layer)
)

/** Small enough for the README's screenshots, wide enough for the desktop layout. */
const desktop = { width: 1000, height: 700 }

const text = (page: Page, selector: string) => Effect.promise(async () => (await page.textContent(selector)) ?? "")

/** Loads cleanly: 200, nothing ran, no serious or critical axe violation (listed in the failure). */
const expectClean = (visit: Browser.Visit) =>
  Effect.gen(function*() {
    expect(visit.status, visit.page.url()).toBe(200)
    yield* Browser.noScriptRan(visit.page)
    const violations = yield* Browser.axe(visit.page)
    expect(violations, `${visit.page.url()}: ${JSON.stringify(violations, null, 2)}`).toEqual([])
  })

/** Clicks and waits for the address to match. */
const follow = (page: Page, click: (page: Page) => Promise<void>, url: RegExp) =>
  Effect.promise(async () => {
    const from = page.url()
    await Promise.all([page.waitForURL(url, { timeout: 20_000 }), click(page)]).catch((error: unknown) => {
      throw new Error(`from ${from} to ${String(url)}, at ${page.url()}: ${String(error)}`)
    })
    return page.url()
  })

layer(plainLayer, { excludeTestServices: true, timeout: "120 seconds" })("web pages in a browser", (it) => {
  it.scoped("every page loads, runs nothing, passes axe, and is screenshotted", () =>
    Effect.gen(function*() {
      const { questionId } = yield* Plain
      const pages: ReadonlyArray<readonly [string, string, boolean]> = [
        // The README shows home and post: the viewport only, to keep the files small.
        ["home", "/", false],
        ["channel", "/c/gardening", true],
        ["post", `/p/${questionId}`, false],
        ["user", "/u/scribe", true],
        ["search", "/search?q=tomato", true]
      ]
      for (const [name, path, fullPage] of pages) {
        const visit = yield* Browser.visit(path, { viewport: desktop })
        yield* expectClean(visit)
        const shot = yield* Browser.screenshot(visit.page, name, { fullPage })
        expect(shot.bytes, name).toBeGreaterThan(5_000)
        // home.png and post.png are copied into docs/screenshots for the README.
        if (!fullPage) expect(shot.bytes, name).toBeLessThan(300_000)
      }
    }))

  it.scoped("the front page on a phone and in dark mode", () =>
    Effect.gen(function*() {
      const phone = yield* Browser.visit("/", { viewport: { width: 375, height: 740 } })
      yield* expectClean(phone)
      // Nothing wider than the screen: no sideways scrolling.
      const width = yield* Effect.promise(() => phone.page.evaluate("document.documentElement.scrollWidth"))
      expect(width).toBe(375)
      yield* Browser.screenshot(phone.page, "home-phone", { fullPage: false })

      const dark = yield* Browser.visit("/", { viewport: desktop, colorScheme: "dark" })
      yield* expectClean(dark)
      const background = yield* Effect.promise(() =>
        dark.page.evaluate("getComputedStyle(document.body).backgroundColor")
      )
      expect(background).toBe("rgb(18, 18, 18)")
      yield* Browser.screenshot(dark.page, "home-dark", { fullPage: false })
      const post = yield* Browser.visit(`/p/${(yield* Plain).questionId}`, { viewport: desktop, colorScheme: "dark" })
      yield* expectClean(post)
    }))

  it.scoped("links lead from the front page to a post, its author, a channel, its sorts and pages", () =>
    Effect.gen(function*() {
      const { summaryId } = yield* Plain
      const { page } = yield* Browser.visit("/")

      yield* follow(page, (p) => p.getByRole("link", { name: plainTitles.agentPost }).first().click(), /\/p\//)
      expect(page.url()).toMatch(new RegExp(`/p/${summaryId}$`))
      expect(yield* text(page, "h1")).toContain(plainTitles.agentPost)
      expect(yield* text(page, "main article .meta")).toMatch(/^1 point · by scribe/)

      yield* follow(
        page,
        (p) => p.locator("main article").first().getByRole("link", { name: "scribe" }).click(),
        /\/u\//
      )
      expect(new URL(page.url()).pathname).toBe("/u/scribe")
      expect(yield* text(page, "h1")).toContain("scribe")
      expect(yield* text(page, "h1")).toContain("Agent")

      yield* follow(page, (p) => p.getByRole("link", { name: "c/machines" }).first().click(), /\/c\//)
      expect(new URL(page.url()).pathname).toBe("/c/machines")
      expect(yield* text(page, "h1")).toBe("Thinking machines")

      yield* follow(
        page,
        (p) => p.getByRole("navigation", { name: "Sort", exact: true }).getByRole("link", { name: "new" }).click(),
        /sort=new/
      )
      expect(yield* Effect.promise(() => page.locator("[aria-current=page]").textContent())).toBe("new")
      // Newest first: the summary, written after the heartbeat notes, heads the list.
      expect(yield* text(page, "ol.items > li:first-child")).toContain(plainTitles.agentPost)

      yield* follow(page, (p) => p.getByRole("link", { name: "Next →" }).click(), /offset=25/)
      const rest = yield* Effect.promise(() => page.locator("ol.items > li").count())
      // "machines" holds the summary and the fillers; the second page holds what the first did not, oldest last.
      expect(rest).toBe(fillerPosts + 1 - 25)
      expect(yield* text(page, "ol.items > li:last-child")).toContain("Heartbeat note 1")
      expect(yield* Effect.promise(() => page.getByRole("link", { name: "← Previous" }).count())).toBe(1)
      yield* Browser.noScriptRan(page)
    }))

  it.scoped("the search form finds the seeded post and keeps the words in the box", () =>
    Effect.gen(function*() {
      const { questionId } = yield* Plain
      const { page } = yield* Browser.visit("/c/gardening")
      yield* Effect.promise(() => page.fill("#q", "tomato seedlings"))
      yield* follow(page, (p) => p.locator("form.search button").click(), /\/search\?/)
      const url = new URL(page.url())
      expect(url.pathname).toBe("/search")
      expect(url.searchParams.get("q")).toBe("tomato seedlings")
      expect(yield* text(page, "h1")).toContain("tomato seedlings")
      const hits = yield* Effect.promise(() =>
        page.$$eval("main ol.items a[href^='/p/']", (links) => links.map((a) => a.getAttribute("href")))
      )
      expect(hits).toContain(`/p/${questionId}`)
      expect(yield* Effect.promise(() => page.inputValue("#q"))).toBe("tomato seedlings")
      yield* Browser.noScriptRan(page)
    }))
})

layer(hostileLayer, { excludeTestServices: true, timeout: "120 seconds" })("hostile text in a browser", (it) => {
  it.scoped("every page shows the hostile text as text, runs nothing and links nowhere odd", () =>
    Effect.gen(function*() {
      const { firstId, secondId } = yield* Hostile
      const pages: ReadonlyArray<readonly [string, ReadonlyArray<string>]> = [
        ["/", [hostile.script, hostile.img]],
        ["/c/hostile", [hostile.script, hostile.img, hostile.attribute, hostile.textarea, hostile.markdownLink]],
        ["/c/tricks", [hostile.textarea, hostile.javascriptLink, hostile.bidi, hostile.img]],
        [`/p/${firstId}`, [hostile.script, hostile.textarea, hostile.attribute, hostile.markdownLink, hostile.bidi]],
        [`/p/${secondId}`, [hostile.img, hostile.bidi, hostile.markdownLink]],
        ["/u/mallory", [hostile.img, hostile.script, hostile.textarea, hostile.attribute, hostile.bidi]],
        ["/u/imp", [hostile.attribute, hostile.script, hostile.markdownLink]],
        ["/search?q=alert&type=posts", [hostile.script]],
        ["/search?q=alert&type=comments", [hostile.textarea, hostile.attribute]],
        ["/search?q=alert&type=channels", [hostile.javascriptLink]],
        ["/search?q=mallory&type=users", ["mallory"]],
        [`/search?q=${encodeURIComponent(hostile.textarea)}&type=posts`, [hostile.textarea]]
      ]
      for (const [path, shown] of pages) {
        const { page, status } = yield* Browser.visit(path)
        expect(status, path).toBe(200)
        yield* Browser.noScriptRan(page)
        const main = yield* text(page, "main")
        for (const hostileText of shown) expect(main, `${path} shows ${hostileText}`).toContain(hostileText)
        const badLinks = yield* Effect.promise(() =>
          page.$$eval(
            "a[href^='javascript:' i], [onerror], [onmouseover], script, img, iframe",
            (found) => found.map((element) => element.outerHTML)
          )
        )
        expect(badLinks, path).toEqual([])
        // The search box echoes the words as its value, never as markup.
        if (path.startsWith("/search")) {
          expect(yield* Effect.promise(() => page.inputValue("#q"))).toBe(
            new URL(path, "http://x").searchParams.get("q")
          )
        }
      }
    }))

  it.scoped("the hostile pages still pass axe", () =>
    Effect.gen(function*() {
      const { firstId } = yield* Hostile
      for (const path of ["/", `/p/${firstId}`, "/u/mallory", "/c/hostile"]) {
        yield* expectClean(yield* Browser.visit(path))
      }
    }))
})
