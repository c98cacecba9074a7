/**
 * HTML that is safe by construction. The `html` tagged template is the only
 * way pages are written: every interpolated value is escaped unless it is
 * already SafeHtml (made by this module), arrays are joined, and nothing else
 * turns a string into markup. User text can therefore only ever reach a page
 * as text.
 */

/** Makes SafeHtml; set by the class below and never exported, so only this module can call it. */
let mint: (markup: string) => SafeHtml

/**
 * Markup known to be safe. Its constructor is private and the only code
 * that can make one is this module's template, which escapes every value it
 * is given: there is no "trust this string" escape hatch.
 */
export class SafeHtml {
  static {
    mint = (markup) => new SafeHtml(markup)
  }
  readonly #value: string
  private constructor(value: string) {
    this.#value = value
  }
  toString(): string {
    return this.#value
  }
}

/** What a template accepts: text (escaped), numbers, markup, nothing, or lists of these. */
export type Interpolation = SafeHtml | string | number | boolean | null | undefined | ReadonlyArray<Interpolation>

const replacements: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  "\"": "&quot;",
  "'": "&#39;",
  "`": "&#96;"
}

/** Text as HTML text or attribute value: the characters that could end a text, a tag or a quote are escaped. */
export const escape = (text: string): string => text.replace(/[&<>"'`]/g, (c) => replacements[c] ?? c)

const render = (value: Interpolation): string => {
  if (value instanceof SafeHtml) return value.toString()
  if (value === null || value === undefined || value === false || value === true) return ""
  if (typeof value === "number") return escape(String(value))
  if (typeof value === "string") return escape(value)
  return value.map(render).join("")
}

/** The tagged template: the literal parts are the author's markup, every value is escaped unless SafeHtml. */
export const html = (strings: TemplateStringsArray, ...values: ReadonlyArray<Interpolation>): SafeHtml => {
  let out = strings[0] ?? ""
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? "")
  return mint(out)
}

/** A same-site path from segments, each percent-encoded: never a scheme (`javascript:`), never `//host`. */
export const path = (...segments: ReadonlyArray<string>): string =>
  "/" + segments.map((segment) => encodeURIComponent(segment)).join("/")

/** A same-site path with a query string (values encoded; empty values left out). */
export const pathWithQuery = (
  base: string,
  query: Readonly<Record<string, string | number | undefined>>
): string => {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== "") params.set(key, String(value))
  }
  const search = params.toString()
  return search === "" ? base : `${base}?${search}`
}
