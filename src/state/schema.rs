//! Is this database ours? A state file's `user_version` alone does not say: another
//! program's SQLite database may carry the same number (most carry 0). Before a
//! state file is used, its tables and columns are compared with what this build's
//! migrations create at that version; a database that lacks any of them, or that
//! holds tables of its own at version 0, is not an onrecord state and is set aside.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::Connection;

use super::MIGRATIONS;

/// Tables and their columns, by name.
type Tables = BTreeMap<String, BTreeSet<String>>;

/// Checks that `conn`, at schema `version`, has every table and column this
/// build's migrations make at that version; says what is missing otherwise.
pub(super) fn check(conn: &Connection, version: i64) -> Result<(), String> {
    let found = tables(conn).map_err(|e| e.to_string())?;
    if version == 0 {
        // A fresh database has no tables; one with tables is someone else's.
        return match found.keys().next() {
            None => Ok(()),
            Some(_) => Err(format!(
                "not an onrecord state: schema version 0 but it already holds tables ({})",
                names(found.keys())
            )),
        };
    }
    let expected = expected(version).map_err(|e| e.to_string())?;
    let mut missing = Vec::new();
    for (table, columns) in &expected {
        match found.get(table) {
            None => missing.push(format!("table {table}")),
            Some(have) => missing.extend(
                columns
                    .difference(have)
                    .map(|c| format!("column {table}.{c}")),
            ),
        }
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "not an onrecord state: schema version {version} but it lacks {}",
            missing.join(", ")
        ))
    }
}

/// What the migrations up to `version` make, built in memory.
fn expected(version: i64) -> rusqlite::Result<Tables> {
    let conn = Connection::open_in_memory()?;
    for sql in MIGRATIONS.iter().take(version.max(0) as usize) {
        conn.execute_batch(sql)?;
    }
    tables(&conn)
}

/// The ordinary tables of `conn` and their columns.
fn tables(conn: &Connection) -> rusqlite::Result<Tables> {
    let mut list = conn.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    )?;
    let names: Vec<String> = list
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Tables::new();
    for name in names {
        let mut info = conn.prepare("SELECT name FROM pragma_table_info(?1)")?;
        let columns = info
            .query_map([&name], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        out.insert(name, columns);
    }
    Ok(out)
}

fn names<'a>(list: impl Iterator<Item = &'a String>) -> String {
    list.map(String::as_str).collect::<Vec<_>>().join(", ")
}
