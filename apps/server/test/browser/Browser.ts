/**
 * The harness for tests in a real browser: Debian's Chromium (/usr/bin/chromium)
 * driven headless by playwright-core, against the server as wired for
 * production, started in-process on an in-memory SQLite database. Every page
 * is watched from its first byte: dialogs, console messages and page errors
 * are recorded (a page showing hostile text must run none of it), and every
 * request leaving 127.0.0.1 is blocked and recorded, so no test reaches the
 * network. `axe` runs axe-core in the page; `screenshot` writes to
 * test-artifacts/screenshots at the repository root (gitignored).
 *
 * Use: `layer(Browser.layer, { excludeTestServices: true })("...", (it) => it.scoped(...))`,
 * then `const { page } = yield* Browser.visit("/p/1")`.
 */
import { Context, Effect, Layer, Schema } from "effect"
import { mkdirSync, readFileSync, statSync } from "node:fs"
import { createRequire } from "node:module"
import { fileURLToPath } from "node:url"
import { type Browser, chromium, type Page, type Response } from "playwright-core"
import * as InProcessServer from "../InProcessServer.js"

/** Where Debian's package installs Chromium (`apt-get install -y chromium`). */
export const chromiumPath = "/usr/bin/chromium"

/**
 * Without these Chromium reaches for Google (updates, sync, field trials, QUIC
 * probes) and, refused, slows down or logs. The resolver rule makes any name
 * but localhost unresolvable: a second wall behind the request blocking below.
 */
export const chromiumArgs: ReadonlyArray<string> = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"
]

/** The folder screenshots go to: test-artifacts/screenshots at the repository root. */
export const screenshotsDir = fileURLToPath(new URL("../../../../test-artifacts/screenshots/", import.meta.url))

/** Chromium or a page did not do what the harness asked (launch, navigation, evaluation, file). */
export class BrowserError extends Schema.TaggedError<BrowserError>()("BrowserError", {
  action: Schema.String,
  message: Schema.String
}) {}

/** What a page did that a page of escaped text never does. */
export class ScriptRan extends Schema.TaggedError<ScriptRan>()("ScriptRan", {
  url: Schema.String,
  dialogs: Schema.Array(Schema.String),
  console: Schema.Array(Schema.String),
  pageErrors: Schema.Array(Schema.String),
  blocked: Schema.Array(Schema.String)
}) {}

/** Everything a page was seen doing since it was opened; arrays grow as events arrive. */
export interface Recorded {
  /** `type: message` of every dialog (alert, confirm, prompt, beforeunload); each is dismissed. */
  readonly dialogs: Array<string>
  /** `type: text` of every console message. */
  readonly console: Array<string>
  /** Every uncaught exception in the page. */
  readonly pageErrors: Array<string>
  /** `METHOD url` (`WEBSOCKET url`) of every request to a host other than 127.0.0.1, stopped before it left. */
  readonly blocked: Array<string>
}

/** A page opened by `open` or `visit`, with the main document's response and its recording. */
export interface Visit {
  readonly page: Page
  readonly response: Response | null
  /** The main document's HTTP status (0 when there was no response). */
  readonly status: number
  readonly recorded: Recorded
}

/** Options of a fresh browser context. */
export interface PageOptions {
  /** Ignore the page's Content-Security-Policy (only for checks that inject scripts, never for `noScriptRan`). */
  readonly bypassCSP?: boolean
  readonly viewport?: { readonly width: number; readonly height: number }
  /** The `prefers-color-scheme` the page sees (Chromium's default is light). */
  readonly colorScheme?: "light" | "dark"
}

/** One serious or critical accessibility violation found by axe-core. */
export const AxeViolation = Schema.Struct({
  id: Schema.String,
  impact: Schema.NullOr(Schema.String),
  help: Schema.String,
  helpUrl: Schema.String,
  nodes: Schema.Array(Schema.Struct({ html: Schema.String, target: Schema.Array(Schema.Unknown) }))
})
export interface AxeViolation extends Schema.Schema.Type<typeof AxeViolation> {}

/** The shared browser and the base URL of the server under test. */
export class Harness extends Context.Tag("test/browser/Harness")<Harness, {
  readonly browser: Browser
  readonly base: string
}>() {}

const failWith = (action: string) => (cause: unknown) =>
  new BrowserError({ action, message: cause instanceof Error ? cause.message : String(cause) })

/** Chromium, headless, closed when the scope closes. */
export const launch = Effect.acquireRelease(
  Effect.tryPromise({
    try: () => chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs] }),
    catch: failWith(`launch ${chromiumPath}`)
  }),
  (browser) => Effect.promise(() => browser.close())
)

/** A harness on a server already listening at `base` (a loopback URL). */
export const layerAt = (base: string): Layer.Layer<Harness, BrowserError> =>
  Layer.scoped(Harness, Effect.map(launch, (browser) => ({ browser, base })))

/** A harness on the production-wired server, started in-process on `sqlite::memory:`. */
export const layer: Layer.Layer<Harness, BrowserError> = Layer.scoped(
  Harness,
  Effect.gen(function*() {
    const base = yield* InProcessServer.start("sqlite::memory:").pipe(Effect.mapError(failWith("start the server")))
    const browser = yield* launch
    return { browser, base }
  })
)

const recordings = new WeakMap<Page, Recorded>()

/** The recording of a page opened by this harness. */
export const recorded = (page: Page): Recorded => {
  const found = recordings.get(page)
  if (found === undefined) throw new Error("a page not opened by the harness (Browser.open / Browser.visit)")
  return found
}

const loopback = (url: string) => {
  try {
    const { hostname, protocol } = new URL(url)
    // data:, blob: and about: never leave the machine.
    return hostname === "127.0.0.1" || !["http:", "https:", "ws:", "wss:", "ftp:"].includes(protocol)
  } catch {
    return false
  }
}

/** A fresh context and page (closed with the scope), recording from before the first request. */
export const newPage = (options: PageOptions = {}) =>
  Effect.gen(function*() {
    const { browser } = yield* Harness
    const context = yield* Effect.acquireRelease(
      Effect.tryPromise({
        try: () =>
          browser.newContext({
            bypassCSP: options.bypassCSP ?? false,
            serviceWorkers: "block",
            ...(options.viewport === undefined ? {} : { viewport: { ...options.viewport } }),
            ...(options.colorScheme === undefined ? {} : { colorScheme: options.colorScheme })
          }),
        catch: failWith("new context")
      }),
      (context) => Effect.promise(() => context.close())
    )
    const record: Recorded = { dialogs: [], console: [], pageErrors: [], blocked: [] }
    yield* Effect.tryPromise({
      try: () =>
        context.route(() => true, (route) => {
          const request = route.request()
          if (loopback(request.url())) return route.fallback()
          record.blocked.push(`${request.method()} ${request.url()}`)
          return route.abort("blockedbyclient")
        }),
      catch: failWith("route")
    })
    // page.route does not see WebSockets: one not to 127.0.0.1 is answered by nobody and closed.
    yield* Effect.tryPromise({
      try: () =>
        context.routeWebSocket(() => true, (socket) => {
          if (loopback(socket.url())) return void socket.connectToServer()
          record.blocked.push(`WEBSOCKET ${socket.url()}`)
          return socket.close()
        }),
      catch: failWith("route WebSockets")
    })
    const page = yield* Effect.tryPromise({ try: () => context.newPage(), catch: failWith("new page") })
    page.on("dialog", (dialog) => {
      record.dialogs.push(`${dialog.type()}: ${dialog.message()}`)
      dialog.dismiss().catch(() => undefined)
    })
    page.on("console", (message) => record.console.push(`${message.type()}: ${message.text()}`))
    page.on("pageerror", (error) => record.pageErrors.push(error.message))
    recordings.set(page, record)
    return page
  })

/** A fresh page at `url` (absolute), after its load event. */
export const open = (url: string, options: PageOptions = {}) =>
  Effect.gen(function*() {
    const page = yield* newPage(options)
    const response = yield* Effect.tryPromise({
      try: () => page.goto(url, { waitUntil: "load", timeout: 20_000 }),
      catch: failWith(`open ${url}`)
    })
    return { page, response, status: response?.status() ?? 0, recorded: recorded(page) } satisfies Visit
  })

/** A fresh page at `path` on the server under test, after its load event. */
export const visit = (path: string, options: PageOptions = {}) =>
  Effect.flatMap(Harness, ({ base }) => open(`${base}${path}`, options))

/**
 * Fails with ScriptRan if the page showed a dialog, wrote to the console, threw,
 * or asked for anything beyond 127.0.0.1. A page of escaped hostile text passes;
 * one whose injected script ran (or was only stopped by CSP, which Chromium
 * reports on the console) does not.
 */
export const noScriptRan = (page: Page) =>
  Effect.gen(function*() {
    // A round trip to the page first, so that every event it sent before is recorded.
    yield* Effect.tryPromise({ try: () => page.evaluate("0"), catch: failWith("reach the page") })
    const record = recorded(page)
    const clean = record.dialogs.length + record.console.length + record.pageErrors.length + record.blocked.length === 0
    if (clean) return
    return yield* new ScriptRan({
      url: page.url(),
      dialogs: [...record.dialogs],
      console: [...record.console],
      pageErrors: [...record.pageErrors],
      blocked: [...record.blocked]
    })
  })

/** axe-core's own bundle, read once. */
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8")

const AxeRun = Schema.Struct({ violations: Schema.Array(AxeViolation) })

/**
 * Runs axe-core in the page and answers its serious and critical violations.
 * `page.evaluate` goes through the DevTools protocol, which the page's CSP
 * does not govern, so strict pages need no `bypassCSP`.
 */
export const axe = (page: Page) =>
  Effect.gen(function*() {
    yield* Effect.tryPromise({ try: () => page.evaluate(axeSource), catch: failWith("load axe-core") })
    const raw: unknown = yield* Effect.tryPromise({
      try: () => page.evaluate("axe.run(document, { resultTypes: ['violations'] })"),
      catch: failWith("axe.run")
    })
    const { violations } = yield* Schema.decodeUnknown(AxeRun)(raw).pipe(Effect.mapError(failWith("axe results")))
    return violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical")
  })

/**
 * A screenshot to test-artifacts/screenshots/<name>.png, of the full page unless
 * `fullPage` is false (then of the viewport only); answers its path and size in bytes.
 */
export const screenshot = (page: Page, name: string, options: { readonly fullPage?: boolean } = {}) =>
  Effect.tryPromise({
    try: async () => {
      if (!/^[\w.-]+$/.test(name)) throw new Error(`not a file name: ${name}`)
      mkdirSync(screenshotsDir, { recursive: true })
      const path = `${screenshotsDir}${name}.png`
      await page.screenshot({ path, fullPage: options.fullPage ?? true })
      return { path, bytes: statSync(path).size }
    },
    catch: failWith(`screenshot ${name}`)
  })
