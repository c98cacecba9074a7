/**
 * The id that ties a response to its access-log line (`X-Request-Id`). A
 * caller or a proxy in front may choose it, so that one id follows a request
 * across systems; the header is written by the client, though, so only a
 * short token of plain characters is kept. Anything else (too long, spaces,
 * control characters, several ids joined by a comma) is replaced by a fresh
 * id rather than copied into logs and response headers.
 */
import { randomUUID } from "node:crypto"

export const requestIdHeader = "x-request-id"

const saneRequestId = /^[A-Za-z0-9._:-]{1,128}$/

/** The request's own id when it is sane, else a new random one. */
export const requestIdFrom = (header: string | undefined): string =>
  header !== undefined && saneRequestId.test(header) ? header : randomUUID()
