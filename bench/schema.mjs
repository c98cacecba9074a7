/**
 * Dry-run helper only: creates Holonet's schema in a SQLite file WITHOUT
 * running Holonet, so that bench/plain.mjs and bench/run.mjs can be exercised
 * on their own (`node bench/run.mjs --dry-run`). The real benchmark never uses
 * this: there, Holonet's own migrations create the database.
 *
 * The SQL is read as text from packages/sql-adapter/src/Migrations.ts (every
 * sql`...` template in it, in order), so it cannot drift from the real schema.
 * Nothing from the project is imported or executed.
 *
 *   node bench/schema.mjs PATH.db
 */
import Database from "better-sqlite3"
import { readFileSync } from "node:fs"
import { dirname, resolve } from "node:path"
import { fileURLToPath } from "node:url"

const here = dirname(fileURLToPath(import.meta.url))
const migrationsFile = resolve(here, "../packages/sql-adapter/src/Migrations.ts")

/** Every statement of Migrations.ts, in file order. */
export const schemaStatements = () => {
  const source = readFileSync(migrationsFile, "utf8")
  const statements = []
  for (const match of source.matchAll(/sql`([^`]*)`/g)) {
    if (match[1].includes("${")) throw new Error(`interpolated SQL in Migrations.ts is not supported: ${match[1]}`)
    statements.push(match[1].trim())
  }
  if (!statements.some((s) => /^CREATE TABLE posts\b/.test(s))) {
    throw new Error(`no CREATE TABLE posts found in ${migrationsFile}`)
  }
  return statements
}

/** Creates the schema in `path` unless a `posts` table is already there. */
export const createSchema = (path) => {
  const db = new Database(path)
  try {
    db.pragma("journal_mode = WAL")
    const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'posts'").get()
    if (exists === undefined) db.transaction(() => schemaStatements().forEach((s) => db.exec(s)))()
  } finally {
    db.close()
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const path = process.argv[2]
  if (path === undefined) {
    console.error("usage: node bench/schema.mjs PATH.db")
    process.exit(2)
  }
  createSchema(path)
  console.log(`schema ready in ${path}`)
}
