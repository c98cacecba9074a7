/**
 * PostgreSQL's 0003_comments_and_votes: comments and the vote tables. The SQLite migration's SQL is
 * already PostgreSQL's (TEXT, INTEGER, BIGINT epoch milliseconds, partial
 * indexes), so it runs unchanged and both schemas stay the same.
 */
export { default } from "../sqlite/0003_comments_and_votes.js"
