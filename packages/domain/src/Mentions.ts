/**
 * `@username` mentions in posts and comments. A mention is `@` followed by
 * a whole username, not glued to a word before it (so `a@b.example` is an
 * address, not a mention). Capped so one text can't notify a crowd.
 */
import { usernameKey } from "./User.js"

export const maxMentions = 10

const mention = /(?<![A-Za-z0-9_@-])@([A-Za-z0-9_-]{3,32})(?![A-Za-z0-9_-])/g

/** Distinct usernames mentioned in `text` (case-insensitively), first ones first. */
export const mentionedUsernames = (text: string): ReadonlyArray<string> => {
  const seen = new Map<string, string>()
  for (const match of text.matchAll(mention)) {
    const username = match[1]
    if (username === undefined || seen.has(usernameKey(username))) continue
    seen.set(usernameKey(username), username)
    if (seen.size === maxMentions) break
  }
  return [...seen.values()]
}
