/**
 * The owners and the expected error shared by the AgentRepo contract suites.
 */
import { UsernameTaken } from "@holonet/domain"
import { makeUser } from "./Fixtures.js"

export const owner = makeUser("owner")
export const otherOwner = makeUser("other")

export const usernameTaken = (username: string) => new UsernameTaken({ username })
