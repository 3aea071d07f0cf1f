//! The nightly state: an SQLite database (`--state FILE`) remembering, between
//! runs, what each file contained (so unchanged files are not parsed again) and
//! when each finding and decision was first and last reported (so reports can say
//! what is new, still open, or resolved).
//!
//! The state is a cache and a memory, never a source of truth: a missing,
//! unreadable, corrupt or too-new database, or another program's (see `schema`), is set aside with a warning and the
//! run starts afresh, so a damaged state file never fails a night.

//!
//! The database holds two things, one module each: the file cache (`files`: what
//! each file held) and the finding history (`history`: when each finding and
//! decision was first and last reported). This module opens it and records runs.

mod files;
mod history;
mod schema;
#[cfg(test)]
mod tests;

pub use files::{CachedFile, FileRecord, Readers};
pub use history::{FORGET_AFTER_RUNS, Seen, SeenKind};

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, params};

/// The schema version this build writes (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i64 = 1;

/// Migrations: entry `i` takes a database from version `i` to `i + 1`.
const MIGRATIONS: [&str; 1] = ["
    CREATE TABLE files (
        path TEXT PRIMARY KEY,
        examine_key TEXT NOT NULL,
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        hash TEXT NOT NULL,
        result TEXT NOT NULL,
        last_run INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        started TEXT NOT NULL,
        finished TEXT,
        as_of TEXT NOT NULL,
        complete INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE seen (
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        last_run INTEGER NOT NULL,
        reported INTEGER NOT NULL,
        row TEXT NOT NULL,
        PRIMARY KEY (kind, id)
    );
"];

/// Writes are grouped into transactions of this many statements, so a killed run
/// keeps most of its work and the write-ahead log stays small.
const BATCH: usize = 2000;

/// An open state database (the one writing connection).
pub struct State {
    conn: Connection,
    path: PathBuf,
    /// Statements in the open transaction, if one is open.
    pending: Option<usize>,
}

impl State {
    /// Opens (or creates) the state at `path`. Anything unusable is moved aside
    /// (`FILE.unusable-N`) and a fresh database started; the returned warnings say so.
    pub fn open(path: &Path) -> anyhow::Result<(State, Vec<String>)> {
        let mut warnings = Vec::new();
        match Self::try_open(path) {
            Ok(state) => return Ok((state, warnings)),
            Err(problem) => {
                let aside = set_aside(path);
                warnings.push(format!(
                    "state file {} is unusable ({problem}); {}; this run reads every file and reports every finding as new",
                    path.display(),
                    match &aside {
                        Ok(Some(p)) => format!("kept it as {}", p.display()),
                        Ok(None) => "starting a new one".to_string(),
                        Err(e) => format!("could not move it aside ({e})"),
                    }
                ));
            }
        }
        let state = Self::try_open(path)
            .map_err(|e| anyhow::anyhow!("cannot create state file {}: {e}", path.display()))?;
        Ok((state, warnings))
    }

    fn try_open(path: &Path) -> Result<State, String> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        }
        let conn = Connection::open(path).map_err(|e| e.to_string())?;
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(|e| e.to_string())?;
        let check: String = conn
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .map_err(|e| e.to_string())?;
        if check != "ok" {
            return Err(format!("integrity check failed: {check}"));
        }
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| e.to_string())?;
        if version > SCHEMA_VERSION {
            return Err(format!(
                "written by a newer onrecord (schema {version}; this one knows {SCHEMA_VERSION})"
            ));
        }
        schema::check(&conn, version)?;
        // Write-ahead logging: the workers' read connections see committed data
        // while this connection writes.
        conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))
            .map_err(|e| e.to_string())?;
        // With WAL, NORMAL cannot corrupt the database; a power cut loses at most the
        // last batches, which the next run simply reads again.
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(|e| e.to_string())?;
        let mut state = State {
            conn,
            path: path.to_path_buf(),
            pending: None,
        };
        state.migrate(version).map_err(|e| e.to_string())?;
        Ok(state)
    }

    /// Applies the migrations after `from`, each in its own transaction.
    fn migrate(&mut self, from: i64) -> rusqlite::Result<()> {
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(from as usize) {
            let tx = self.conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", i as i64 + 1)?;
            tx.commit()?;
        }
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs one write statement inside the batching transaction.
    fn write(&mut self, sql: &str, p: impl rusqlite::Params) -> anyhow::Result<()> {
        if self.pending.is_none() {
            self.conn.execute_batch("BEGIN IMMEDIATE")?;
            self.pending = Some(0);
        }
        self.conn.prepare_cached(sql)?.execute(p)?;
        let n = self.pending.get_or_insert(0);
        *n += 1;
        if *n >= BATCH {
            self.commit()?;
        }
        Ok(())
    }

    /// Commits the open transaction, if any.
    pub fn commit(&mut self) -> anyhow::Result<()> {
        if self.pending.take().is_some() {
            self.conn.execute_batch("COMMIT")?;
        }
        Ok(())
    }

    /// The last complete run: its id and date, if any.
    pub fn last_run(&self) -> anyhow::Result<Option<(i64, String)>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, as_of FROM runs WHERE complete = 1 ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// Starts a run; returns its id.
    pub fn begin_run(&mut self, started: &str, as_of: &str) -> anyhow::Result<i64> {
        self.commit()?;
        self.conn.execute(
            "INSERT INTO runs (started, as_of) VALUES (?1, ?2)",
            params![started, as_of],
        )?;
        self.conn.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS current (
                kind TEXT NOT NULL, id TEXT NOT NULL, reported INTEGER NOT NULL, row TEXT NOT NULL,
                PRIMARY KEY (kind, id));
             DELETE FROM current;",
        )?;
        Ok(self.conn.last_insert_rowid())
    }
}

/// Moves an unusable state file (and its journal) out of the way.
fn set_aside(path: &Path) -> std::io::Result<Option<PathBuf>> {
    if !path.exists() {
        return Ok(None);
    }
    let mut n = 1;
    let aside = loop {
        let candidate = PathBuf::from(format!("{}.unusable-{n}", path.display()));
        if !candidate.exists() {
            break candidate;
        }
        n += 1;
    };
    std::fs::rename(path, &aside)?;
    for suffix in ["-journal", "-wal", "-shm"] {
        let side = PathBuf::from(format!("{}{suffix}", path.display()));
        if side.exists() {
            let _ = std::fs::remove_file(side);
        }
    }
    Ok(Some(aside))
}
