/**
 * PostgreSQL's 0001_foundation: users, channels, moderators, subscriptions and posts. The SQLite migration's SQL is
 * already PostgreSQL's (TEXT, INTEGER, BIGINT epoch milliseconds, partial
 * indexes), so it runs unchanged and both schemas stay the same.
 */
export { default } from "../sqlite/0001_foundation.js"
