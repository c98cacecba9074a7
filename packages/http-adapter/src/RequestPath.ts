/** A request's path without its query string, for route checks and the access log. */
export const pathOf = (url: string) => {
  const q = url.indexOf("?")
  return q === -1 ? url : url.slice(0, q)
}
