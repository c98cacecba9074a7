/** `@holonet/web-adapter`: read-only HTML pages for people, served by the API's HTTP server. */
export * as Html from "./Html.js"
export * as Layout from "./Layout.js"
export * as Stylesheet from "./Stylesheet.js"
export * as WebPages from "./WebPages.js"
