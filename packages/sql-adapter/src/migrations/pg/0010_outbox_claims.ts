/** PostgreSQL's 0010_outbox_claims: the SQLite migration's SQL is both dialects'. */
export { default } from "../sqlite/0010_outbox_claims.js"
