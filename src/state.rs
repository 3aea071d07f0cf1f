//! The nightly state: an SQLite database (`--state FILE`) remembering, between
//! runs, what each file contained (so unchanged files are not parsed again) and
//! when each finding and decision was first and last reported (so reports can say
//! what is new, still open, or resolved).
//!
//! The state is a cache and a memory, never a source of truth: a missing,
//! unreadable, corrupt or too-new database is set aside with a warning and the
//! run starts afresh, so a damaged state file never fails a night.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use std::io::Write as _;

use rusqlite::{Connection, MAIN_DB, OpenFlags, OptionalExtension, params};

use crate::pipeline::EntryResult;

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

/// What is remembered of one file: its fingerprint, and where its result is.
#[derive(Debug, Clone)]
pub struct CachedFile {
    pub size: u64,
    pub mtime_ns: i64,
    /// BLAKE3 of the content, hex.
    pub hash: String,
    /// Row of the stored result (read with [`Readers::load`] only when reused).
    rowid: i64,
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

/// Findings and decisions not seen for this many runs (over a year of nightly
/// runs) are forgotten, and so are runs that old.
pub const FORGET_AFTER_RUNS: i64 = 400;

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

/// Read-only connections for the workers looking up cached files, one per worker.
pub struct Readers {
    conns: Vec<Mutex<Connection>>,
    examine_key: String,
}

impl Readers {
    /// The file remembered at `path` under this run's examine key, looked up on
    /// `worker`'s own connection. Errors read as "not remembered".
    pub fn get(&self, worker: usize, path: &str) -> Option<CachedFile> {
        let conn = self.conns.get(worker % self.conns.len().max(1))?;
        let conn = conn.lock().ok()?;
        conn.prepare_cached(
            "SELECT size, mtime_ns, hash, rowid FROM files WHERE path = ?1 AND examine_key = ?2",
        )
        .ok()?
        .query_row(params![path, self.examine_key], |r| {
            Ok(CachedFile {
                size: r.get::<_, i64>(0)? as u64,
                mtime_ns: r.get(1)?,
                hash: r.get(2)?,
                rowid: r.get(3)?,
            })
        })
        .optional()
        .ok()
        .flatten()
    }

    /// The stored result of `file`, decoded straight from the database (a large
    /// result is never copied whole into memory first). `None` if unreadable.
    pub fn load(&self, worker: usize, file: &CachedFile) -> Option<EntryResult> {
        let conn = self.conns.get(worker % self.conns.len().max(1))?;
        let conn = conn.lock().ok()?;
        let blob = conn
            .blob_open(MAIN_DB, c"files", c"result", file.rowid, true)
            .ok()?;
        serde_json::from_reader(std::io::BufReader::new(blob)).ok()
    }
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

    /// `n` read-only connections for looking up files remembered under `examine_key`.
    pub fn readers(&self, n: usize, examine_key: &str) -> anyhow::Result<Readers> {
        let conns = (0..n.max(1))
            .map(|_| {
                let c = Connection::open_with_flags(
                    &self.path,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )?;
                c.busy_timeout(std::time::Duration::from_secs(10))?;
                Ok(Mutex::new(c))
            })
            .collect::<rusqlite::Result<_>>()?;
        Ok(Readers {
            conns,
            examine_key: examine_key.to_string(),
        })
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

    /// Whether any file results are remembered (under any key).
    pub fn has_files(&self) -> anyhow::Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT EXISTS (SELECT 1 FROM files)", [], |r| r.get(0))?)
    }

    /// Whether any file results are remembered under `examine_key`.
    pub fn has_files_under(&self, examine_key: &str) -> anyhow::Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM files WHERE examine_key = ?1)",
            [examine_key],
            |r| r.get(0),
        )?)
    }

    /// Remembers a file read (or re-checked) by run `run`.
    pub fn put_file(
        &mut self,
        run: i64,
        examine_key: &str,
        r: &FileRecord<'_>,
    ) -> anyhow::Result<()> {
        // Serialised twice, to count and then straight into the row: a file with
        // tens of thousands of findings never becomes one big string in memory.
        let mut count = ByteCount(0);
        serde_json::to_writer(&mut count, r.result)?;
        self.write(
            "INSERT OR REPLACE INTO files (path, examine_key, size, mtime_ns, hash, result, last_run)
             VALUES (?1, ?2, ?3, ?4, ?5, zeroblob(?6), ?7)",
            params![r.path, examine_key, r.size as i64, r.mtime_ns, r.hash, count.0 as i64, run],
        )?;
        let rowid = self.conn.last_insert_rowid();
        let blob = self
            .conn
            .blob_open(MAIN_DB, c"files", c"result", rowid, false)?;
        let mut w = std::io::BufWriter::new(blob);
        serde_json::to_writer(&mut w, r.result)?;
        w.flush()?;
        Ok(())
    }

    /// Marks a remembered file as still there in run `run`, unchanged.
    pub fn touch_file(&mut self, run: i64, path: &str) -> anyhow::Result<()> {
        self.write(
            "UPDATE files SET last_run = ?1 WHERE path = ?2",
            params![run, path],
        )
    }

    /// Forgets what is remembered of `path` (read this run but not rememberable).
    pub fn forget_file(&mut self, path: &str) -> anyhow::Result<()> {
        self.write("DELETE FROM files WHERE path = ?1", params![path])
    }

    /// Forgets every file run `run` did not list (gone from the drive, or now
    /// excluded), then commits.
    pub fn forget_files_not_in(&mut self, run: i64) -> anyhow::Result<()> {
        self.write("DELETE FROM files WHERE last_run <> ?1", params![run])?;
        self.commit()
    }

    /// How many files are remembered under any key.
    pub fn file_count(&self) -> anyhow::Result<u64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM files", [], |r| r.get::<_, i64>(0))? as u64)
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

    /// What earlier runs recorded of `id` (this run's own records are not visible
    /// here until [`State::finish_run`]).
    pub fn seen(&self, kind: SeenKind, id: &str) -> anyhow::Result<Option<Seen>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT first_seen, last_run, reported, row FROM seen WHERE kind = ?1 AND id = ?2",
            )?
            .query_row(params![kind.as_str(), id], |r| {
                Ok(Seen {
                    first_seen: r.get(0)?,
                    last_run: r.get(1)?,
                    reported: r.get::<_, i64>(2)? != 0,
                    row: r.get(3)?,
                })
            })
            .optional()?)
    }

    /// Notes that this run saw `id` (reported, or under review), with its row.
    pub fn saw(
        &mut self,
        kind: SeenKind,
        id: &str,
        reported: bool,
        row: &str,
    ) -> anyhow::Result<()> {
        self.write(
            "INSERT OR REPLACE INTO temp.current (kind, id, reported, row) VALUES (?1, ?2, ?3, ?4)",
            params![kind.as_str(), id, reported as i64, row],
        )
    }

    /// Findings run `previous` reported that this run has not seen: `(id, seen)`.
    pub fn gone_since(&mut self, previous: i64) -> anyhow::Result<Vec<(String, Seen)>> {
        self.commit()?;
        let mut stmt = self.conn.prepare(
            "SELECT s.id, s.first_seen, s.last_run, s.reported, s.row FROM seen s
             WHERE s.kind = 'finding' AND s.last_run = ?1 AND s.reported = 1
               AND NOT EXISTS (SELECT 1 FROM temp.current c WHERE c.kind = s.kind AND c.id = s.id)",
        )?;
        let rows = stmt.query_map([previous], |r| {
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

    /// Folds what this run saw into the history (first seen kept, last run set) and
    /// marks the run complete, in one transaction.
    pub fn finish_run(&mut self, run: i64, today: &str, finished: &str) -> anyhow::Result<()> {
        self.commit()?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO seen (kind, id, first_seen, last_run, reported, row)
             SELECT kind, id, ?1, ?2, reported, row FROM temp.current WHERE true
             ON CONFLICT (kind, id) DO UPDATE SET
               last_run = excluded.last_run, reported = excluded.reported, row = excluded.row",
            params![today, run],
        )?;
        tx.execute(
            "UPDATE runs SET finished = ?1, complete = 1 WHERE id = ?2",
            params![finished, run],
        )?;
        // Forget what has not been seen for a long while (the state must not grow
        // night after night): such a finding, if it ever returns, is simply new.
        tx.execute(
            "DELETE FROM seen WHERE last_run <= ?1",
            [run - FORGET_AFTER_RUNS],
        )?;
        tx.execute("DELETE FROM runs WHERE id <= ?1", [run - FORGET_AFTER_RUNS])?;
        tx.execute("DELETE FROM temp.current", [])?;
        tx.commit()?;
        Ok(())
    }
}

/// A writer that only counts bytes.
struct ByteCount(u64);

impl std::io::Write for ByteCount {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
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

    fn rec<'a>(path: &'a str, r: &'a EntryResult) -> FileRecord<'a> {
        FileRecord {
            path,
            size: 10,
            mtime_ns: 5,
            hash: "h",
            result: r,
        }
    }

    #[test]
    fn files_round_trip_and_are_forgotten_when_not_listed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.sqlite");
        let (mut state, warnings) = State::open(&path).unwrap();
        assert!(warnings.is_empty());
        let (a, b) = (result("a.txt"), result("b.txt"));
        let run = state.begin_run("t", "2026-11-26").unwrap();
        state.put_file(run, "k1", &rec("a.txt", &a)).unwrap();
        state.put_file(run, "k1", &rec("b.txt", &b)).unwrap();
        state.commit().unwrap();
        drop(state);
        let (mut state, _) = State::open(&path).unwrap();
        let readers = state.readers(2, "k1").unwrap();
        let cached = readers.get(1, "a.txt").unwrap();
        assert_eq!(
            (cached.size, cached.mtime_ns, cached.hash.as_str()),
            (10, 5, "h")
        );
        assert_eq!(readers.load(0, &cached).unwrap(), a);
        assert!(state.readers(1, "k2").unwrap().get(0, "a.txt").is_none());
        let run = state.begin_run("t", "2026-11-27").unwrap();
        state.touch_file(run, "b.txt").unwrap();
        state.forget_files_not_in(run).unwrap();
        assert_eq!(state.file_count().unwrap(), 1);
        assert!(readers.get(0, "a.txt").is_none());
        assert!(readers.get(0, "b.txt").is_some());
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
    fn history_keeps_first_seen_and_finds_what_went_away() {
        let dir = tempfile::tempdir().unwrap();
        let (mut state, _) = State::open(&dir.path().join("s.sqlite")).unwrap();
        assert_eq!(state.last_run().unwrap(), None);
        let one = state.begin_run("t1", "2026-11-26").unwrap();
        assert_eq!(
            state.last_run().unwrap(),
            None,
            "an unfinished run is not the last run"
        );
        state.saw(SeenKind::Finding, "f1", true, "{1}").unwrap();
        state.saw(SeenKind::Finding, "f2", true, "{2}").unwrap();
        state.saw(SeenKind::Decision, "d1", true, "").unwrap();
        assert_eq!(state.seen(SeenKind::Finding, "f1").unwrap(), None);
        state.finish_run(one, "2026-11-26", "t1").unwrap();
        assert_eq!(state.last_run().unwrap(), Some((one, "2026-11-26".into())));

        let two = state.begin_run("t2", "2026-11-27").unwrap();
        state.saw(SeenKind::Finding, "f1", false, "{1b}").unwrap();
        let gone = state.gone_since(one).unwrap();
        assert_eq!(gone.len(), 1);
        assert_eq!(gone[0].0, "f2");
        assert_eq!(gone[0].1.row, "{2}");
        state.finish_run(two, "2026-11-27", "t2").unwrap();
        let f1 = state.seen(SeenKind::Finding, "f1").unwrap().unwrap();
        assert_eq!(
            f1,
            Seen {
                first_seen: "2026-11-26".into(),
                last_run: two,
                reported: false,
                row: "{1b}".into()
            }
        );
        assert_eq!(
            state
                .seen(SeenKind::Decision, "d1")
                .unwrap()
                .unwrap()
                .last_run,
            one
        );
    }

    #[test]
    fn long_unseen_history_is_forgotten() {
        let dir = tempfile::tempdir().unwrap();
        let (mut state, _) = State::open(&dir.path().join("s.sqlite")).unwrap();
        let first = state.begin_run("t", "2026-01-01").unwrap();
        state.saw(SeenKind::Finding, "old", true, "").unwrap();
        state.saw(SeenKind::Finding, "kept", true, "").unwrap();
        state.finish_run(first, "2026-01-01", "t").unwrap();
        let mut last = first;
        for i in 1..=FORGET_AFTER_RUNS {
            last = state.begin_run("t", "2026-01-02").unwrap();
            if i == FORGET_AFTER_RUNS {
                state.saw(SeenKind::Finding, "kept", true, "").unwrap();
            }
            state.finish_run(last, "2026-01-02", "t").unwrap();
        }
        assert_eq!(last - first, FORGET_AFTER_RUNS);
        assert_eq!(state.seen(SeenKind::Finding, "old").unwrap(), None);
        let kept = state.seen(SeenKind::Finding, "kept").unwrap().unwrap();
        assert_eq!(kept.first_seen, "2026-01-01");
        let runs: i64 = state
            .conn
            .query_row("SELECT count(*) FROM runs", [], |r| r.get(0))
            .unwrap();
        assert_eq!(runs, FORGET_AFTER_RUNS);
    }
}
