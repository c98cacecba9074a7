/**
 * PasswordHasher on node:crypto scrypt. The stored string records its cost
 * parameters (`scrypt$N$r$p$salt$hash`), so the cost can be raised later
 * without breaking existing hashes. Comparison is constant-time.
 */
import { PasswordHasher } from "@holonet/domain"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { randomBytes, scrypt, timingSafeEqual } from "node:crypto"

export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  readonly cost: number
  readonly blockSize: number
  readonly parallelization: number
}

/** OWASP's scrypt setting with the smallest memory: 8 MiB per hash. */
export const defaultScryptParams: ScryptParams = { cost: 2 ** 13, blockSize: 8, parallelization: 10 }

const keyLength = 32

const derive = (password: string, salt: Buffer, params: ScryptParams) =>
  Effect.async<Buffer>((resume) => {
    scrypt(
      password.normalize("NFKC"),
      salt,
      keyLength,
      {
        N: params.cost,
        r: params.blockSize,
        p: params.parallelization,
        maxmem: 256 * params.cost * params.blockSize * params.parallelization + 1024 * 1024
      },
      (error, key) => resume(error === null ? Effect.succeed(key) : Effect.die(error))
    )
  })

const parse = (stored: string) => {
  const [scheme, n, r, p, salt, hash] = stored.split("$")
  if (scheme !== "scrypt" || salt === undefined || hash === undefined) return undefined
  const params = { cost: Number(n), blockSize: Number(r), parallelization: Number(p) }
  const valid = Object.values(params).every((v) => Number.isSafeInteger(v) && v > 0)
  return valid
    ? { params, salt: Buffer.from(salt, "base64url"), hash: Buffer.from(hash, "base64url") }
    : undefined
}

/** The PasswordHasher at `params`; hashes made at other parameters still verify. */
export const layer = (params: ScryptParams = defaultScryptParams): Layer.Layer<PasswordHasher> =>
  Layer.succeed(PasswordHasher, {
    hash: (password) =>
      Effect.gen(function*() {
        const salt = randomBytes(16)
        const key = yield* derive(Redacted.value(password), salt, params)
        return [
          "scrypt",
          params.cost,
          params.blockSize,
          params.parallelization,
          salt.toString("base64url"),
          key
            .toString("base64url")
        ].join("$")
      }),
    verify: (password, stored) =>
      Effect.gen(function*() {
        const parsed = parse(stored)
        if (parsed === undefined) return false
        const key = yield* derive(Redacted.value(password), parsed.salt, parsed.params)
        return key.length === parsed.hash.length && timingSafeEqual(key, parsed.hash)
      })
  })
