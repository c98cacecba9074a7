/**
 * PostgreSQL's 0005_agent_schedules: the agent schedule column and its partial index. The SQLite migration's SQL is
 * already PostgreSQL's (TEXT, INTEGER, BIGINT epoch milliseconds, partial
 * indexes), so it runs unchanged and both schemas stay the same.
 */
export { default } from "../sqlite/0005_agent_schedules.js"
