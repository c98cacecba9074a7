/**
 * Dry-run helper only: creates Holonet's schema in a SQLite file WITHOUT
 * running Holonet, so that bench/plain.mjs and bench/run.mjs can be exercised
 * on their own (`node bench/run.mjs --dry-run`). The real benchmark never uses
 * this: there, Holonet's own migrations create the database.
 *
 * The SQL is read as text from packages/sql-adapter/src/migrations/sqlite/
 * (every sql`...` template of each NNNN_*.ts file, in order), so it cannot
 * drift from the real schema.
 * Nothing from the project is imported or executed.
 *
 *   node bench/schema.mjs PATH.db
 */
import Database from "better-sqlite3"
import { readdirSync, readFileSync } from "node:fs"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"

const here = dirname(fileURLToPath(import.meta.url))
const migrationsDir = resolve(here, "../packages/sql-adapter/src/migrations/sqlite")

/**
 * Every literal statement of the migrations, in order. Templates with
 * interpolations (indexes generated in a loop, dialect-dependent column types),
 * the later statements on a table whose CREATE TABLE was left out so, and
 * fragments that are not statements are left out: the dry run only needs
 * the tables and columns plain.mjs reads, and tells how many it skipped.
 */
export const schemaStatements = () => {
  const files = readdirSync(migrationsDir).filter((name) => /^\d+_.*\.ts$/.test(name)).sort()
  const source = files.map((name) => readFileSync(join(migrationsDir, name), "utf8")).join("\n")
  const statements = []
  let skipped = 0
  const skippedTables = new Set() // tables whose CREATE TABLE was left out: their later statements go too
  const touchesSkipped = (text) =>
    [...skippedTables].some((table) => new RegExp(`\\b(TABLE|ON|INTO|UPDATE|FROM)\\s+${table}\\b`, "i").test(text))
  for (const match of source.matchAll(/sql`([^`]*)`/g)) {
    const text = match[1].trim()
    if (!/^(CREATE|ALTER|INSERT|UPDATE|DELETE|DROP)\b/i.test(text)) continue // a fragment (e.g. a column type)
    if (text.includes("${") || touchesSkipped(text)) {
      const created = /^CREATE TABLE (?:IF NOT EXISTS )?(\w+)/i.exec(text)
      if (created !== null) skippedTables.add(created[1])
      skipped++
      continue
    }
    statements.push(text)
  }
  schemaStatements.skipped = skipped
  if (!statements.some((s) => /^CREATE TABLE posts\b/.test(s))) {
    throw new Error(`no CREATE TABLE posts found in ${migrationsDir}`)
  }
  return statements
}

/** Creates the schema in `path` unless a `posts` table is already there. */
export const createSchema = (path) => {
  const db = new Database(path)
  try {
    db.pragma("journal_mode = WAL")
    const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'posts'").get()
    if (exists === undefined) {
      db.transaction(() => schemaStatements().forEach((s) => db.exec(s)))()
      if (schemaStatements.skipped > 0) {
        console.log(
          `schema.mjs: ${schemaStatements.skipped} interpolated statements of the migrations left out ` +
            "(e.g. the ranked-order indexes, the outbox and what refers to it): ranked sorts scan in a dry run"
        )
      }
    }
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
