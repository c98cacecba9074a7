/**
 * The escaping template: whatever text is interpolated comes out as text,
 * in element content and in attribute values alike; only SafeHtml made by
 * the template itself passes through; same-site paths cannot become another
 * scheme or host.
 */
import { describe, expect, it } from "@effect/vitest"
import { escape, html, path, pathWithQuery, SafeHtml } from "../src/Html.js"

describe("html template", () => {
  it("escapes & < > \" ' and backtick in every interpolated string", () => {
    expect(html`<p>${"a & b < c > d \" e ' f ` g"}</p>`.toString()).toBe(
      "<p>a &amp; b &lt; c &gt; d &quot; e &#39; f &#96; g</p>"
    )
  })

  it("a script tag is text", () => {
    const out = html`<div>${"<script>alert(1)</script>"}</div>`.toString()
    expect(out).toBe("<div>&lt;script&gt;alert(1)&lt;/script&gt;</div>")
    expect(out).not.toContain("<script>")
  })

  it("an attribute breaker stays inside its quoted value", () => {
    const out = html`<a title="${"x\" onmouseover=\"alert(1)"}">t</a>`.toString()
    expect(out).toBe("<a title=\"x&quot; onmouseover=&quot;alert(1)\">t</a>")
    expect(out).not.toContain("\" onmouseover")
    const single = html`<a title='${"x' onmouseover='alert(1)"}'>t</a>`.toString()
    expect(single).not.toContain("' onmouseover")
  })

  it("a closing </textarea> or </title> cannot end the element", () => {
    expect(html`<textarea>${"</textarea><script>x</script>"}</textarea>`.toString()).toBe(
      "<textarea>&lt;/textarea&gt;&lt;script&gt;x&lt;/script&gt;</textarea>"
    )
    expect(html`<title>${"</title>"}</title>`.toString()).toBe("<title>&lt;/title&gt;</title>")
  })

  it("a bidi override is kept as the character it is, inside the <bdi> the template puts around it", () => {
    const out = html`<bdi>${"\u202Etxt.exe"}</bdi> after`.toString()
    expect(out).toBe("<bdi>\u202Etxt.exe</bdi> after")
  })

  it("SafeHtml from the template is not escaped again; arrays are joined; nothing, true and false render empty", () => {
    const inner = html`<b>${"<i>"}</b>`
    expect(html`<p>${inner}</p>`.toString()).toBe("<p><b>&lt;i&gt;</b></p>")
    expect(html`<ul>${["<a>", "b"].map((x) => html`<li>${x}</li>`)}</ul>`.toString()).toBe(
      "<ul><li>&lt;a&gt;</li><li>b</li></ul>"
    )
    expect(html`${null}${undefined}${false}${true}|${0}|${["<", [">"]]}`.toString()).toBe("|0|&lt;&gt;")
  })

  it("only the template makes SafeHtml: a string that looks like markup is escaped", () => {
    const pretending = { toString: () => "<script>" }
    expect(pretending instanceof SafeHtml).toBe(false)
    expect(html`${String(pretending)}`.toString()).toBe("&lt;script&gt;")
    expect(escape("<&>")).toBe("&lt;&amp;&gt;")
  })
})

describe("same-site paths", () => {
  it("a javascript: URL or another host in a segment stays a path on this site", () => {
    expect(path("u", "javascript:alert(1)")).toBe("/u/javascript%3Aalert(1)")
    expect(path("c", "//evil.example")).toBe("/c/%2F%2Fevil.example")
    expect(path("p", "../../admin")).toBe("/p/..%2F..%2Fadmin")
    const link = html`<a href="${path("u", "javascript:alert(1)")}">x</a>`.toString()
    expect(link).toBe("<a href=\"/u/javascript%3Aalert(1)\">x</a>")
    expect(link).not.toContain("href=\"javascript:")
  })

  it("query values are encoded and empty ones left out", () => {
    expect(pathWithQuery("/search", { q: "a&b=\"c\"", type: "posts", empty: "", none: undefined })).toBe(
      "/search?q=a%26b%3D%22c%22&type=posts"
    )
    expect(pathWithQuery("/", {})).toBe("/")
  })
})
