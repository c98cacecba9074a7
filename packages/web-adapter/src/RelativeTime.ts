/** Times as people read them ("3 hours ago"), from the instant and the page's clock. */
import type * as DateTime from "effect/DateTime"
import { html, type SafeHtml } from "./Html.js"

const units: ReadonlyArray<readonly [string, number]> = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60]
]

/** "just now", "1 minute ago", "3 hours ago", "2 years ago"; a time in the future reads "just now". */
export const relativeText = (thenMillis: number, nowMillis: number): string => {
  const seconds = Math.floor((nowMillis - thenMillis) / 1000)
  for (const [unit, size] of units) {
    const count = Math.floor(seconds / size)
    if (count >= 1) return `${count} ${unit}${count === 1 ? "" : "s"} ago`
  }
  return "just now"
}

/** A `<time>` with the exact instant for machines and the relative text for people. */
export const timeTag = (at: DateTime.Utc, nowMillis: number): SafeHtml =>
  html`<time datetime="${new Date(at.epochMillis).toISOString()}">${relativeText(at.epochMillis, nowMillis)}</time>`
