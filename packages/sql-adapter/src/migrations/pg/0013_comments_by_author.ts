/** PostgreSQL's 0013_comments_by_author: the SQLite migration's SQL is both dialects'. */
export { default } from "../sqlite/0013_comments_by_author.js"
