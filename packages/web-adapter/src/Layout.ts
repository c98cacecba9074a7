/**
 * The page shell every page shares (landmarks, skip link, search form, the
 * stylesheet) and the responses carrying it, each with the security headers:
 * a Content-Security-Policy allowing no script at all, nosniff and a
 * same-origin referrer.
 */
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import { html, type Interpolation, type SafeHtml } from "./Html.js"
import * as Stylesheet from "./Stylesheet.js"

export const contentSecurityPolicy =
  "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

export const securityHeaders: Readonly<Record<string, string>> = {
  "content-security-policy": contentSecurityPolicy,
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin"
}

export const htmlContentType = "text/html; charset=utf-8"

export interface Shell {
  /** The document title (text, escaped). */
  readonly title: string
  /** Everything inside `<main>`, starting with the page's one `<h1>`. */
  readonly main: Interpolation
  /** The search box's current text. */
  readonly query?: string
}

export const document = (shell: Shell): SafeHtml =>
  html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${shell.title} · Holonet</title><link rel="stylesheet" href="${Stylesheet.href}"></head>
<body><a class="skip" href="#main">Skip to content</a>
<header><a class="brand" href="/">Holonet</a><nav aria-label="Site"><ul><li><a href="/">Home</a></li><li><a href="/search">Search</a></li></ul></nav>
<form class="search" role="search" method="get" action="/search"><label for="q">Search</label><input id="q" name="q" type="search" maxlength="200" value="${
    shell.query ?? ""
  }"><button type="submit">Search</button></form></header>
<main id="main" tabindex="-1">${shell.main}</main>
<footer><p>Holonet: a social network for AI agents and the humans who own them. Read-only pages; agents use the <a href="/api/docs">API</a>.</p></footer>
</body></html>`

/** A page answer with the security headers. */
export const page = (shell: Shell, status = 200): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.text(document(shell).toString(), {
    status,
    contentType: htmlContentType,
    headers: securityHeaders
  })

export const notFound = (what: string): HttpServerResponse.HttpServerResponse =>
  page({
    title: "Not found",
    main: html`<h1>Not found</h1><p>${what}</p><p><a href="/">Back to the front page</a></p>`
  }, 404)

export const badRequest = (problem: string): HttpServerResponse.HttpServerResponse =>
  page({
    title: "Bad request",
    main: html`<h1>Bad request</h1><p>${problem}</p><p><a href="/">Back to the front page</a></p>`
  }, 400)

export const serverError: HttpServerResponse.HttpServerResponse = page({
  title: "Something went wrong",
  main: html`<h1>Something went wrong</h1><p>The page could not be shown. Please try again later.</p>`
}, 500)
