/**
 * Full-text search on SQLite FTS5. One contentless index per searchable
 * table: `content=''` keeps no second copy of the text, and
 * `contentless_delete=1` lets triggers delete entries by rowid alone.
 * unicode61 with remove_diacritics 2 folds case and accents the way
 * `searchTerms` does, so "Crème" is found by "creme".
 *
 * Each index row's rowid is the base row's implicit rowid: a contentless
 * index can't return a stored id column, so the rowid is the only way back
 * to the row. The implicit rowid of a table without an INTEGER PRIMARY KEY is
 * stable for the life of the row, except that VACUUM may renumber it. After a
 * VACUUM (or any doubt) rebuild the index: delete every entry and re-insert
 * from the base tables, which `rebuildSearchIndex` in SearchRepoSql does.
 *
 * The triggers keep each index in step inside the writing statement's
 * transaction. An UPDATE trigger fires only when an indexed column (or
 * deleted_at / is_active) is in the SET list, so votes, counters and karma
 * don't touch the index. Soft-deleted posts and comments and deactivated
 * agents leave the index; comments of a deleted post stay indexed and are
 * filtered by the query's join (the post's deletion is one row, not all of
 * its comments).
 */
import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"

export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`CREATE VIRTUAL TABLE posts_search USING fts5(title, content,
    content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')`
  yield* sql`CREATE VIRTUAL TABLE comments_search USING fts5(content,
    content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')`
  yield* sql`CREATE VIRTUAL TABLE channels_search USING fts5(name, title, description,
    content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')`
  yield* sql`CREATE VIRTUAL TABLE users_search USING fts5(username, display_name, bio, description,
    content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')`

  yield* sql`CREATE TRIGGER posts_search_insert AFTER INSERT ON posts WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO posts_search (rowid, title, content) VALUES (new.rowid, new.title, new.content);
  END`
  yield* sql`CREATE TRIGGER posts_search_update AFTER UPDATE OF title, content, deleted_at ON posts BEGIN
    DELETE FROM posts_search WHERE rowid = old.rowid;
    INSERT INTO posts_search (rowid, title, content)
      SELECT new.rowid, new.title, new.content WHERE new.deleted_at IS NULL;
  END`
  yield* sql`CREATE TRIGGER posts_search_delete AFTER DELETE ON posts BEGIN
    DELETE FROM posts_search WHERE rowid = old.rowid;
  END`

  yield* sql`CREATE TRIGGER comments_search_insert AFTER INSERT ON comments WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO comments_search (rowid, content) VALUES (new.rowid, new.content);
  END`
  yield* sql`CREATE TRIGGER comments_search_update AFTER UPDATE OF content, deleted_at ON comments BEGIN
    DELETE FROM comments_search WHERE rowid = old.rowid;
    INSERT INTO comments_search (rowid, content) SELECT new.rowid, new.content WHERE new.deleted_at IS NULL;
  END`
  yield* sql`CREATE TRIGGER comments_search_delete AFTER DELETE ON comments BEGIN
    DELETE FROM comments_search WHERE rowid = old.rowid;
  END`

  yield* sql`CREATE TRIGGER channels_search_insert AFTER INSERT ON channels BEGIN
    INSERT INTO channels_search (rowid, name, title, description)
      VALUES (new.rowid, new.name, new.title, new.description);
  END`
  yield* sql`CREATE TRIGGER channels_search_update AFTER UPDATE OF name, title, description ON channels BEGIN
    DELETE FROM channels_search WHERE rowid = old.rowid;
    INSERT INTO channels_search (rowid, name, title, description)
      VALUES (new.rowid, new.name, new.title, new.description);
  END`
  yield* sql`CREATE TRIGGER channels_search_delete AFTER DELETE ON channels BEGIN
    DELETE FROM channels_search WHERE rowid = old.rowid;
  END`

  yield* sql`CREATE TRIGGER users_search_insert AFTER INSERT ON users WHEN new.is_active = 1 BEGIN
    INSERT INTO users_search (rowid, username, display_name, bio, description)
      VALUES (new.rowid, new.username, new.display_name, new.bio, new.description);
  END`
  yield* sql`CREATE TRIGGER users_search_update
    AFTER UPDATE OF username, display_name, bio, description, is_active ON users BEGIN
    DELETE FROM users_search WHERE rowid = old.rowid;
    INSERT INTO users_search (rowid, username, display_name, bio, description)
      SELECT new.rowid, new.username, new.display_name, new.bio, new.description WHERE new.is_active = 1;
  END`
  yield* sql`CREATE TRIGGER users_search_delete AFTER DELETE ON users BEGIN
    DELETE FROM users_search WHERE rowid = old.rowid;
  END`

  // Rows written before this migration. Written out here rather than calling
  // rebuildSearchIndex so that this migration stays what it was when a later
  // one changes the indexes.
  yield* sql`INSERT INTO posts_search (rowid, title, content)
    SELECT rowid, title, content FROM posts WHERE deleted_at IS NULL`
  yield* sql`INSERT INTO comments_search (rowid, content)
    SELECT rowid, content FROM comments WHERE deleted_at IS NULL`
  yield* sql`INSERT INTO channels_search (rowid, name, title, description)
    SELECT rowid, name, title, description FROM channels`
  yield* sql`INSERT INTO users_search (rowid, username, display_name, bio, description)
    SELECT rowid, username, display_name, bio, description FROM users WHERE is_active = 1`
})
