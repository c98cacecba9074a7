/** PostgreSQL's 0008_rate_limits: the SQLite migration's SQL is both dialects'. */
export { default } from "../sqlite/0008_rate_limits.js"
