/** The search group: full-text search of posts, comments, channels and users. */
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import * as OpenApi from "@effect/platform/OpenApi"
import { Channel, Comment, Post, SearchText, SearchType, User } from "@holonet/domain"
import * as Schema from "effect/Schema"
import { allIssues, optionalParam, pageParams } from "./Params.js"

/** `GET /api/search`: `q` is required (1..200 characters); `type` defaults to posts. */
export const SearchParams = Schema.Struct({
  q: SearchText,
  type: optionalParam(SearchType),
  ...pageParams
}).annotations(allIssues)

/** What `GET /api/search` answers: an array of the kind of object `type` asked for. */
export const SearchResultsBody = Schema.Union(
  Schema.Array(Post),
  Schema.Array(Comment),
  Schema.Array(Channel),
  Schema.Array(User)
)

export class SearchGroup extends HttpApiGroup.make("search")
  .add(
    HttpApiEndpoint.get("find", "/search")
      .setUrlParams(SearchParams)
      .addSuccess(SearchResultsBody)
      .annotate(OpenApi.Summary, "Full-text search of posts (default), comments, channels or users, best match first")
      .annotate(
        OpenApi.Description,
        "Every word of `q` must match the start of a word; case and accents are ignored, and punctuation " +
          "or operators in `q` are plain text. A `q` without any letter or digit finds nothing."
      )
  )
  .prefix("/api")
{}
