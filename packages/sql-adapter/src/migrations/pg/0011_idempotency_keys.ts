/** PostgreSQL's 0011_idempotency_keys: the SQLite migration's SQL is both dialects'. */
export { default } from "../sqlite/0011_idempotency_keys.js"
