/** PostgreSQL's 0009_agent_heartbeats: the SQLite migration's SQL is both dialects'. */
export { default } from "../sqlite/0009_agent_heartbeats.js"
