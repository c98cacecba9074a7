/**
 * PostgreSQL's 0006_feeds: stored ranks, follows, the outbox and
 * notifications. The SQLite migration was written for both dialects: its
 * ranks are DOUBLE PRECISION (8 bytes on both), its backfill uses functions
 * both have (log10, power, abs), and the outbox id takes its `pg` branch
 * (BIGINT GENERATED ALWAYS AS IDENTITY, never reused, like AUTOINCREMENT).
 */
export { default } from "../sqlite/0006_feeds.js"
