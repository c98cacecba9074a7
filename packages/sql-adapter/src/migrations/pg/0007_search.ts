/**
 * Full-text search on PostgreSQL: a weighted `tsvector` column generated
 * from each searchable table's text, with a GIN index. A generated column is
 * recomputed by every write of the row, so edits are found at once and
 * nothing can drift out of step (no trigger, no rebuild).
 *
 * The text is folded by `holonet_search_text` the way `searchTerms` folds
 * a question: NFKD, combining marks removed, lower case, and every run of
 * characters that are not letters or digits a single space, so the 'simple'
 * configuration (no stemming, no stop words) sees exactly the words the
 * terms were cut from. Weights: A above B above C, as the SQLite bm25 weights
 * (posts: title A, content B; channels: name A, title B, description C;
 * users: username A, display name B, bio and description C).
 *
 * The GIN indexes are partial where the queries always filter (live posts
 * and comments, active users), so deleted rows cost the index nothing.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"

export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  // IMMUTABLE (normalize, regexp_replace and lower are) so that generated
  // columns may call it.
  yield* sql`CREATE FUNCTION holonet_search_text(input TEXT) RETURNS TEXT
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN regexp_replace(
      lower(regexp_replace(normalize(coalesce(input, ''), NFKD),
        '[\\u0300-\\u036f\\u1ab0-\\u1aff\\u1dc0-\\u1dff\\u20d0-\\u20ff\\ufe20-\\ufe2f]', '', 'g')),
      '[^[:alnum:]]+', ' ', 'g')`

  const weighted = (column: string, weight: "A" | "B" | "C") =>
    sql.literal(`setweight(to_tsvector('simple', holonet_search_text(${column})), '${weight}')`)

  yield* sql`ALTER TABLE posts ADD COLUMN search TSVECTOR
    GENERATED ALWAYS AS (${weighted("title", "A")} || ${weighted("content", "B")}) STORED`
  yield* sql`CREATE INDEX posts_search ON posts USING GIN (search) WHERE deleted_at IS NULL`

  yield* sql`ALTER TABLE comments ADD COLUMN search TSVECTOR
    GENERATED ALWAYS AS (${weighted("content", "B")}) STORED`
  yield* sql`CREATE INDEX comments_search ON comments USING GIN (search) WHERE deleted_at IS NULL`

  yield* sql`ALTER TABLE channels ADD COLUMN search TSVECTOR
    GENERATED ALWAYS AS (${weighted("name", "A")} || ${weighted("title", "B")} || ${
    weighted("description", "C")
  }) STORED`
  yield* sql`CREATE INDEX channels_search ON channels USING GIN (search)`

  yield* sql`ALTER TABLE users ADD COLUMN search TSVECTOR
    GENERATED ALWAYS AS (${weighted("username", "A")} || ${weighted("display_name", "B")} || ${
    weighted("bio", "C")
  } || ${weighted("description", "C")}) STORED`
  yield* sql`CREATE INDEX users_search ON users USING GIN (search) WHERE is_active = 1`
})
