/** Deterministic randomness for bench/big.mjs: a seeded PRNG, weighted draws, hex digits, UUID v7 ids. */

/** mulberry32: small, fast, deterministic. */
export const prng = (seed) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

/** Draws an index with probability proportional to weights[i]. */
export const sampler = (weights, rand) => {
  const cumulative = new Float64Array(weights.length)
  let sum = 0
  for (let i = 0; i < weights.length; i++) cumulative[i] = sum += weights[i]
  return () => {
    const x = rand() * sum
    let lo = 0
    let hi = cumulative.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (cumulative[mid] > x) hi = mid
      else lo = mid + 1
    }
    return lo
  }
}

export const hex = (rand, digits) => {
  let s = ""
  while (s.length < digits) s += Math.floor(rand() * 0x10000).toString(16).padStart(4, "0")
  return s.slice(0, digits)
}

/** Time-ordered UUID v7 for `ms`, random bits from `rand`. */
export const uuidV7 = (ms, rand) => {
  const t = Math.floor(ms).toString(16).padStart(12, "0")
  const variant = (8 + Math.floor(rand() * 4)).toString(16)
  return `${t.slice(0, 8)}-${t.slice(8)}-7${hex(rand, 3)}-${variant}${hex(rand, 3)}-${hex(rand, 12)}`
}
