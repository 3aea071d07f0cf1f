//! The nightly state: an SQLite database (`--state FILE`) remembering, between
//! runs, what each file contained (so unchanged files are not parsed again) and
//! when each finding and decision was first and last reported (so reports can say
//! what is new, still open, or resolved).
//!
//! The state is a cache and a memory, never a source of truth: a missing,
//! unreadable, corrupt or too-new database is set aside with a warning and the
//! run starts afresh, so a damaged state file never fails a night.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, params};

use crate::examine::EntryResult;

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
        result TEXT NOT NULL
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

/// What one file held when it was last read.
#[derive(Debug, Clone)]
pub struct CachedFile {
    pub size: u64,
    pub mtime_ns: i64,
    /// BLAKE3 of the content, hex.
    pub hash: String,
    /// The [`EntryResult`] as JSON (decoded only when reused).
    pub result: String,
}

impl CachedFile {
    pub fn decode(&self) -> Option<EntryResult> {
        serde_json::from_str(&self.result).ok()
    }
}

/// A file result to remember.
pub struct FileRecord<'a> {
    pub path: &'a str,
    pub size: u64,
    pub mtime_ns: i64,
    pub hash: &'a str,
    pub result: &'a EntryResult,
}

/// Something reported before (a finding or a decision).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    /// The run date it was first reported on (`yyyy-mm-dd`).
    pub first_seen: String,
    /// The run that last saw it.
    pub last_run: i64,
    /// Whether that run reported it (false: it was under review).
    pub reported: bool,
    /// Its last row, as JSON, for resolved.csv.
    pub row: String,
}

/// What kind of thing [`Seen`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeenKind {
    Finding,
    Decision,
}

impl SeenKind {
    fn as_str(self) -> &'static str {
        match self {
            SeenKind::Finding => "finding",
            SeenKind::Decision => "decision",
        }
    }
}

/// An open state database.
pub struct State {
    conn: Connection,
    path: PathBuf,
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
        let mut state = State {
            conn,
            path: path.to_path_buf(),
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

    /// Every file remembered under `examine_key` (results made with other rules or
    /// configuration are useless and not loaded).
    pub fn cached_files(&self, examine_key: &str) -> anyhow::Result<HashMap<String, CachedFile>> {
        let mut stmt = self.conn.prepare(
            "SELECT path, size, mtime_ns, hash, result FROM files WHERE examine_key = ?1",
        )?;
        let rows = stmt.query_map([examine_key], |r| {
            Ok((
                r.get::<_, String>(0)?,
                CachedFile {
                    size: r.get::<_, i64>(1)? as u64,
                    mtime_ns: r.get(2)?,
                    hash: r.get(3)?,
                    result: r.get(4)?,
                },
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How many files are remembered under any key.
    pub fn file_count(&self) -> anyhow::Result<u64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM files", [], |r| r.get::<_, i64>(0))? as u64)
    }

    /// Remembers `records`; when `keep` is given, forgets every other file.
    pub fn store_files(
        &mut self,
        examine_key: &str,
        records: &[FileRecord<'_>],
        keep: Option<&[&str]>,
    ) -> anyhow::Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut put = tx.prepare(
                "INSERT OR REPLACE INTO files (path, examine_key, size, mtime_ns, hash, result)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for r in records {
                put.execute(params![
                    r.path,
                    examine_key,
                    r.size as i64,
                    r.mtime_ns,
                    r.hash,
                    serde_json::to_string(r.result)?
                ])?;
            }
            if let Some(keep) = keep {
                tx.execute_batch("CREATE TEMP TABLE IF NOT EXISTS keep (path TEXT PRIMARY KEY); DELETE FROM keep;")?;
                let mut add = tx.prepare("INSERT OR IGNORE INTO keep (path) VALUES (?1)")?;
                for p in keep {
                    add.execute([p])?;
                }
                tx.execute(
                    "DELETE FROM files WHERE path NOT IN (SELECT path FROM keep)",
                    [],
                )?;
            }
        }
        tx.commit()?;
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
    pub fn begin_run(&self, started: &str, as_of: &str) -> anyhow::Result<i64> {
        self.conn.execute(
            "INSERT INTO runs (started, as_of) VALUES (?1, ?2)",
            params![started, as_of],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Everything of `kind` ever reported.
    pub fn seen(&self, kind: SeenKind) -> anyhow::Result<HashMap<String, Seen>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, first_seen, last_run, reported, row FROM seen WHERE kind = ?1")?;
        let rows = stmt.query_map([kind.as_str()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                Seen {
                    first_seen: r.get(1)?,
                    last_run: r.get(2)?,
                    reported: r.get::<_, i64>(3)? != 0,
                    row: r.get(4)?,
                },
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Records what run `run` saw and marks it complete, in one transaction.
    pub fn finish_run(
        &mut self,
        run: i64,
        finished: &str,
        seen: &[(SeenKind, &str, &Seen)],
    ) -> anyhow::Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut put = tx.prepare(
                "INSERT OR REPLACE INTO seen (kind, id, first_seen, last_run, reported, row)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for (kind, id, s) in seen {
                put.execute(params![
                    kind.as_str(),
                    id,
                    s.first_seen,
                    s.last_run,
                    s.reported as i64,
                    s.row
                ])?;
            }
            tx.execute(
                "UPDATE runs SET finished = ?1, complete = 1 WHERE id = ?2",
                params![finished, run],
            )?;
        }
        tx.commit()?;
        Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::{FileOutcome, Status};

    fn result(name: &str) -> EntryResult {
        EntryResult {
            outcomes: vec![FileOutcome::new(name, Status::Scanned, "")],
            ..EntryResult::default()
        }
    }

    #[test]
    fn files_round_trip_and_are_forgotten_when_gone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.sqlite");
        let (mut state, warnings) = State::open(&path).unwrap();
        assert!(warnings.is_empty());
        let (a, b) = (result("a.txt"), result("b.txt"));
        let rec = |p, r| FileRecord {
            path: p,
            size: 10,
            mtime_ns: 5,
            hash: "h",
            result: r,
        };
        state
            .store_files("k1", &[rec("a.txt", &a), rec("b.txt", &b)], None)
            .unwrap();
        drop(state);
        let (mut state, _) = State::open(&path).unwrap();
        let cached = state.cached_files("k1").unwrap();
        assert_eq!(cached.len(), 2);
        assert_eq!(cached["a.txt"].decode().unwrap(), a);
        assert!(state.cached_files("k2").unwrap().is_empty());
        state.store_files("k1", &[], Some(&["b.txt"])).unwrap();
        assert_eq!(
            state.cached_files("k1").unwrap().keys().collect::<Vec<_>>(),
            ["b.txt"]
        );
    }

    #[test]
    fn garbage_file_is_set_aside_with_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.sqlite");
        std::fs::write(&path, vec![0x42u8; 8192]).unwrap();
        let (state, warnings) = State::open(&path).unwrap();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("unusable"), "{}", warnings[0]);
        assert!(dir.path().join("state.sqlite.unusable-1").exists());
        assert_eq!(state.file_count().unwrap(), 0);
    }

    #[test]
    fn newer_schema_is_not_touched_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.sqlite");
        {
            let conn = Connection::open(&path).unwrap();
            conn.pragma_update(None, "user_version", 99).unwrap();
        }
        let (_, warnings) = State::open(&path).unwrap();
        assert!(warnings[0].contains("newer onrecord"), "{}", warnings[0]);
        assert!(dir.path().join("state.sqlite.unusable-1").exists());
    }

    #[test]
    fn runs_and_seen_rows() {
        let dir = tempfile::tempdir().unwrap();
        let (mut state, _) = State::open(&dir.path().join("s.sqlite")).unwrap();
        assert_eq!(state.last_run().unwrap(), None);
        let run = state
            .begin_run("2026-11-26T22:00:00Z", "2026-11-26")
            .unwrap();
        // An unfinished run is not the last run.
        assert_eq!(state.last_run().unwrap(), None);
        let s = Seen {
            first_seen: "2026-11-26".into(),
            last_run: run,
            reported: true,
            row: "{}".into(),
        };
        state
            .finish_run(
                run,
                "2026-11-26T22:01:00Z",
                &[(SeenKind::Finding, "f1", &s)],
            )
            .unwrap();
        assert_eq!(
            state.last_run().unwrap(),
            Some((run, "2026-11-26".to_string()))
        );
        assert_eq!(state.seen(SeenKind::Finding).unwrap()["f1"], s);
        assert!(state.seen(SeenKind::Decision).unwrap().is_empty());
    }
}
