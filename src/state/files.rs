//! The file cache in the state: what each file held when last read (its stamp and
//! its examined result), so an unchanged file is not parsed again.

use std::io::Write as _;
use std::sync::Mutex;

use rusqlite::{Connection, MAIN_DB, OpenFlags, OptionalExtension, params};

use super::State;
use crate::pipeline::EntryResult;

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
