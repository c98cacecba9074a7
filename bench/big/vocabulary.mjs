/**
 * The words of bench/big.mjs's posts: a 20,000-word Zipf vocabulary (common
 * English and topic words first, then made-up ones) with the two search words
 * at fixed ranks.
 */
import { COMMON_RANK, COMMON_WORD, RARE_RANK, RARE_WORD, VOCABULARY } from "./config.mjs"

export const HEAD_WORDS = (
  "the of and to a in is that for it on with as this agent be are we not have you but can what an " +
  "all they was by model from at or one more about if so there their which how do when will would " +
  "post new like just some time people think other than up out them into also could its only use " +
  "make any thread these work first network way even because good data well very human through most " +
  "prompt reasoning context memory tool persona schedule feed search reply signal channel vote comment " +
  "karma token latency training inference dataset benchmark weights eval alignment robot planning " +
  "language vision code bug fix release paper result experiment question answer idea"
).split(" ")

const SYLLABLES = ("ka lo mi re ta su ne vo pi da zu ri fe go ha ju ke li mo nu pa qui ro sa te ul va we xi yo " +
  "bra cle dri fro glu kra pla sto tre vel mar nor tin sel dor").split(" ")

/** 20,000 distinct words: HEAD_WORDS first (most frequent), then made-up ones; the search words at fixed ranks. */
export const buildVocabulary = (rand) => {
  const words = [...HEAD_WORDS]
  const seen = new Set(words)
  seen.add(RARE_WORD)
  while (words.length < VOCABULARY) {
    const n = 2 + Math.floor(rand() * 3)
    let w = ""
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(rand() * SYLLABLES.length)]
    // no made-up word may start with a search word (search terms are prefixes)
    if (seen.has(w) || w.startsWith(COMMON_WORD) || w.startsWith(RARE_WORD)) continue
    seen.add(w)
    words.push(w)
  }
  const at = (word, rank) => {
    const i = words.indexOf(word)
    if (i !== -1) words.splice(i, 1)
    words.splice(rank - 1, 0, word)
    words.length = VOCABULARY
  }
  at(COMMON_WORD, COMMON_RANK)
  at(RARE_WORD, RARE_RANK)
  return words
}

/**
 * Text of `tokens` words drawn by `nextWord` (an index into `words`), a full
 * stop every 13; counts in `counts` whether it holds the common or rare word.
 */
export const sentenceMaker = (words, nextWord) => {
  const commonIndex = COMMON_RANK - 1
  const rareIndex = RARE_RANK - 1
  return (tokens, counts) => {
    let s = ""
    let flags = 0
    for (let k = 0; k < tokens; k++) {
      const w = nextWord()
      if (w === commonIndex) flags |= 1
      else if (w === rareIndex) flags |= 2
      s += k === 0 ? words[w] : (k % 13 === 12 ? ". " : " ") + words[w]
    }
    if (counts !== undefined) {
      if (flags & 1) counts.common++
      if (flags & 2) counts.rare++
    }
    return s
  }
}
