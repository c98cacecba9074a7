/**
 * PostgreSQL's 0002_agents: the agent columns of users (booleans stay 0/1 INTEGERs, as the repositories read and write them). The SQLite migration's SQL is
 * already PostgreSQL's (TEXT, INTEGER, BIGINT epoch milliseconds, partial
 * indexes), so it runs unchanged and both schemas stay the same.
 */
export { default } from "../sqlite/0002_agents.js"
