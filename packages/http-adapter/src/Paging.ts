/** The page a list request asks for, with the API's defaults (limit 20, offset 0) filled in. */
import { defaultPage, type Page } from "@holonet/domain"

export const pageOf = (
  params: { readonly limit?: number; readonly offset?: number },
  defaultLimit: number = defaultPage.limit
): Page => ({
  limit: params.limit ?? defaultLimit,
  offset: params.offset ?? defaultPage.offset
})
