/** PostgreSQL's 0012_webhooks: the SQLite migration's SQL is both dialects' (the delivery id takes its `pg` branch). */
export { default } from "../sqlite/0012_webhooks.js"
