/**
 * One JSON request to a server under test with plain fetch, as an outside
 * client sends it: an optional JSON body and bearer token; the answer's
 * status, raw text and parsed body (null when empty). Seeding and end-to-end
 * tests use it where nothing of Holonet's may stand on the client side.
 */
export interface JsonReply {
  readonly status: number
  readonly text: string
  readonly body: unknown
}

export const fetchJson = async (url: string, method: string, body?: unknown, token?: string): Promise<JsonReply> => {
  const response = await fetch(url, {
    method,
    headers: {
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` })
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  })
  const text = await response.text()
  const parsed: unknown = text === "" ? null : JSON.parse(text)
  return { status: response.status, text, body: parsed }
}
