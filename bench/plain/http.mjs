/**
 * plain.mjs's answers (JSON, Holonet's error bodies) and request bodies
 * (size-capped, JSON objects only).
 */
import { maxBodyBytes } from "./config.mjs"

export const send = (res, status, body, headers) => {
  const payload = JSON.stringify(body)
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(payload),
    ...headers
  })
  res.end(payload)
}
export const detail = (res, status, message, code, headers) =>
  send(res, status, code === undefined ? { detail: message } : { detail: message, code }, headers)
export const unauthorized = (res) =>
  detail(res, 401, "Could not validate credentials", "unauthorized", { "www-authenticate": "Bearer" })
export const invalid = (res, loc, msg, type = "value_error") => send(res, 422, { detail: [{ loc, msg, type }] })

/** Reads the body (<= 1 MiB). Resolves to a string, or undefined after answering 413. */
export const readBody = (req, res) =>
  new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? 0)
    if (declared > maxBodyBytes) {
      detail(res, 413, "Request body too large", "payload_too_large", { connection: "close" })
      req.resume()
      return resolve(undefined)
    }
    const chunks = []
    let size = 0
    let tooLarge = false
    req.on("data", (chunk) => {
      size += chunk.length
      if (size > maxBodyBytes) tooLarge = true
      else chunks.push(chunk)
    })
    req.on("end", () => {
      if (tooLarge) {
        detail(res, 413, "Request body too large", "payload_too_large")
        return resolve(undefined)
      }
      resolve(Buffer.concat(chunks).toString("utf8"))
    })
    req.on("error", reject)
  })

export const isJson = (req) =>
  (req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase() === "application/json"

/** JSON object body, or undefined after answering 415/422/413. */
export const readJsonObject = async (req, res) => {
  if (!isJson(req)) {
    detail(res, 415, "Content-Type must be application/json", "unsupported_media_type")
    req.resume()
    return undefined
  }
  const text = await readBody(req, res)
  if (text === undefined) return undefined
  let body
  try {
    body = JSON.parse(text)
  } catch {
    invalid(res, ["body"], "Invalid JSON", "json_invalid")
    return undefined
  }
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    invalid(res, ["body"], "Expected a JSON object", "type_error")
    return undefined
  }
  return body
}
