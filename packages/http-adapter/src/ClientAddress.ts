/**
 * The address a request comes from, for per-client limits such as agent
 * registrations per IP. By default it is the socket's peer address: headers
 * are written by the client and can say anything. Only when the server runs
 * behind a reverse proxy it trusts (`trustProxy`) is the left-most
 * `X-Forwarded-For` entry used. That entry is only as trustworthy as the
 * proxy: it must set the header itself rather than append to one the client
 * sent.
 */
import type { HttpServerRequest } from "@effect/platform"
import * as Option from "effect/Option"

/** What a request without a known peer address counts as (all such requests share one budget). */
export const unknownClient = "unknown"

const forwardedFor = (request: HttpServerRequest.HttpServerRequest): Option.Option<string> => {
  const header = request.headers["x-forwarded-for"]
  if (header === undefined) return Option.none()
  const first = header.split(",", 1)[0]?.trim() ?? ""
  return first.length === 0 ? Option.none() : Option.some(first)
}

export const clientAddress = (request: HttpServerRequest.HttpServerRequest, trustProxy: boolean): string =>
  (trustProxy ? forwardedFor(request) : Option.none<string>()).pipe(
    Option.orElse(() => request.remoteAddress),
    Option.getOrElse(() => unknownClient)
  )
