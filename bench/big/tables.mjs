/**
 * What bench/big.mjs needs to know of the migrated schema: a table's columns,
 * an INSERT for the columns it has (failing on ones it cannot fill), and the
 * follows table's column names.
 */

export const tableColumns = (db, table) =>
  db.prepare(`SELECT name, type, "notnull" AS nn, dflt_value, pk FROM pragma_table_info(?)`).all(table)

/**
 * INSERT for the columns of `row` the table has. Throws if the table lacks a
 * required column of ours or has a NOT NULL column without default we do not fill.
 */
export const inserter = (db, table, keys, { required = keys } = {}) => {
  const columns = tableColumns(db, table)
  if (columns.length === 0) throw new Error(`big seed: table ${table} does not exist`)
  const names = new Set(columns.map((c) => c.name))
  for (const k of required) {
    if (!names.has(k)) throw new Error(`big seed: ${table}.${k} does not exist in the migrated schema`)
  }
  const used = keys.filter((k) => names.has(k))
  for (const c of columns) {
    if (c.nn === 1 && c.dflt_value === null && !used.includes(c.name) && !(c.pk === 1 && /INT/i.test(c.type ?? ""))) {
      throw new Error(`big seed: ${table}.${c.name} is NOT NULL without default and bench/big.mjs does not fill it`)
    }
  }
  const stmt = db.prepare(`INSERT INTO ${table} (${used.join(", ")}) VALUES (${used.map(() => "?").join(", ")})`)
  return { used, run: (row) => stmt.run(used.map((k) => row[k])) }
}

const hasTable = (db, name) =>
  db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined

/** The follows table's follower and followee columns (names vary: followee_id, followed_id, following_id). */
export const followColumns = (db) => {
  if (!hasTable(db, "follows")) return undefined
  const names = tableColumns(db, "follows").map((c) => c.name)
  const follower = names.find((n) => /^follower/.test(n))
  const followee = names.find((n) => /^(followee|followed|following|target|user)/.test(n) && n !== follower)
  if (follower === undefined || followee === undefined) {
    throw new Error(`big seed: cannot tell the follows columns apart (${names.join(", ")})`)
  }
  return { follower, followee }
}
