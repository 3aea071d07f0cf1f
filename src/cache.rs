//! The file cache policy: when an entry's result may be taken from the state
//! instead of reading the file again, and the entry sink that remembers what this
//! run read.
//!
//! A result is reused only under the same examine key, when the file has the same
//! size and modification time, or (when only the time moved) the same content hash.
//! A file is remembered only with a stamp taken after reading it that still matches
//! what the walk saw, so a file that changed meanwhile is read again next run.

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::discover::{Discovered, EntryKind};
use crate::examine::{self, Examiner};
use crate::pipeline::{
    Diagnostics, EntryResult, EntrySink, Examined, Provenance, ReadStats, Stamp,
};
use crate::state::{FileRecord, Readers, State};

/// The examine stage's view of the file cache: the state's readers (one per
/// worker), when there is a state that can be read.
pub struct FileCache {
    readers: Option<Readers>,
}

impl FileCache {
    /// Opens readers on `state` for `workers` workers under `examine_key`; says
    /// when nothing can be reused (the rules or configuration changed) or the
    /// state cannot be read.
    pub fn open(
        state: Option<&State>,
        workers: usize,
        examine_key: &str,
        diag: &mut dyn Diagnostics,
    ) -> FileCache {
        let readers = state.and_then(|s| {
            if s.has_files().unwrap_or(false) && !s.has_files_under(examine_key).unwrap_or(true) {
                diag.warn("the rule packs, configuration or onrecord version changed since the last run: every file is read again".into());
            }
            s.readers(workers, examine_key)
                .map_err(|e| diag.warn(format!("cannot read the state ({e}); every file is read")))
                .ok()
        });
        FileCache { readers }
    }

    /// Examines one entry on worker `worker`, or takes its result from the cache
    /// when the file is unchanged.
    pub fn examine(
        &self,
        entry: &Discovered,
        office: &str,
        examiner: &Examiner,
        worker: usize,
    ) -> (EntryResult, Provenance) {
        let EntryKind::File { size, modified } = &entry.kind else {
            return (
                examine::examine(entry, office, examiner),
                Provenance::default(),
            );
        };
        let parsed = ReadStats {
            parsed: 1,
            reused: 0,
        };
        let reused = ReadStats {
            parsed: 0,
            reused: 1,
        };
        let Some(readers) = &self.readers else {
            let result = examine::examine(entry, office, examiner);
            return (result, how(parsed, None));
        };
        let mtime_ns = modified.and_then(nanos);
        if let Some(c) = readers.get(worker, &entry.report_path)
            && c.size == *size
        {
            if mtime_ns == Some(c.mtime_ns)
                && let Some(r) = readers.load(worker, &c)
            {
                return (r, how(reused, None));
            }
            if let Some(stamp) = stamp_of(&entry.path, *size, *modified)
                && stamp.hash == c.hash
                && let Some(mut r) = readers.load(worker, &c)
            {
                if let Some(row) = r.outcomes.first_mut() {
                    row.modified = modified.map(|t| examine::iso_time(t, examiner.parse.timezone));
                }
                return (r, how(reused, Some(stamp)));
            }
        }
        let result = examine::examine(entry, office, examiner);
        // The hash taken while the file was read saves reading it again.
        let stamp = match result.outcomes.first().and_then(|r| r.content_hash.clone()) {
            Some(hash) => stamp_with(&entry.path, *size, *modified, hash),
            None => stamp_of(&entry.path, *size, *modified),
        };
        (result, how(parsed, stamp))
    }
}

fn how(read: ReadStats, stamp: Option<Stamp>) -> Provenance {
    Provenance { read, stamp }
}

/// The entry sink that remembers in the state what examining each entry showed.
/// A state that fails is dropped (the run goes on, and the next run reads the
/// files again); the warning is given by [`CacheWriter::finish`], once the workers
/// consuming results are done.
pub struct CacheWriter {
    state: Option<State>,
    run: Option<i64>,
    examine_key: String,
    lost: Option<String>,
}

impl CacheWriter {
    /// Writes into `state` for run `run` (nothing is written without both).
    pub fn new(state: Option<State>, run: Option<i64>, examine_key: &str) -> Self {
        CacheWriter {
            state,
            run,
            examine_key: examine_key.to_string(),
            lost: None,
        }
    }

    /// Gives the state back for the later stages, after saying whether writing
    /// failed. A `complete` run forgets the files it did not meet; an interrupted
    /// one keeps what it wrote.
    pub fn finish(mut self, complete: bool, diag: &mut dyn Diagnostics) -> Option<State> {
        if let Some(w) = self.lost.take() {
            diag.warn(w);
        }
        if !complete {
            if let Some(s) = self.state.as_mut()
                && let Err(e) = s.commit()
            {
                diag.warn(format!("cannot save file results in the state ({e})"));
            }
            return self.state;
        }
        if let (Some(s), Some(run)) = (self.state.as_mut(), self.run)
            && let Err(e) = s.forget_files_not_in(run)
        {
            diag.warn(format!("cannot tidy the state ({e})"));
        }
        self.state
    }

    /// The warning of a failed write, if any, without finishing (a run that
    /// failed to write its reports stops here).
    pub fn lost_warning(&mut self) -> Option<String> {
        self.lost.take()
    }
}

impl EntrySink for CacheWriter {
    fn entry(&mut self, e: &Examined, how: &Provenance) -> anyhow::Result<()> {
        if let (Some(s), Some(run)) = (self.state.as_mut(), self.run)
            && let Err(e) = remember(s, run, &self.examine_key, e, how)
        {
            self.lost = Some(format!(
                "cannot save file results in the state ({e}); the next run reads them again"
            ));
            self.state = None;
        }
        Ok(())
    }
}

/// Records in the state what examining one entry showed.
fn remember(
    state: &mut State,
    run: i64,
    examine_key: &str,
    e: &Examined,
    how: &Provenance,
) -> anyhow::Result<()> {
    match &how.stamp {
        Some(st) => state.put_file(
            run,
            examine_key,
            &FileRecord {
                path: &e.report_path,
                size: st.size,
                mtime_ns: st.mtime_ns,
                hash: &st.hash,
                result: &e.result,
            },
        ),
        None if how.read.reused > 0 => state.touch_file(run, &e.report_path),
        None if how.read.parsed > 0 => state.forget_file(&e.report_path),
        None => Ok(()),
    }
}

/// Hashes a file and returns its stamp if it still has the size and time the walk saw
/// (a file that changed meanwhile is not remembered, so the next run reads it again).
fn stamp_of(path: &Path, size: u64, modified: Option<SystemTime>) -> Option<Stamp> {
    let mtime_ns = nanos(modified?)?;
    let mut hasher = blake3::Hasher::new();
    let file = crate::source::open_regular(path).ok()?;
    hasher.update_reader(file).ok()?;
    let md = std::fs::metadata(path).ok()?;
    (md.len() == size && md.modified().ok().and_then(nanos) == Some(mtime_ns)).then(|| Stamp {
        size,
        mtime_ns,
        hash: hasher.finalize().to_hex().to_string(),
    })
}

/// The stamp of a file hashed while it was read, if it still has the size and
/// time the walk saw.
fn stamp_with(path: &Path, size: u64, modified: Option<SystemTime>, hash: String) -> Option<Stamp> {
    let mtime_ns = nanos(modified?)?;
    let md = std::fs::metadata(path).ok()?;
    (md.len() == size && md.modified().ok().and_then(nanos) == Some(mtime_ns)).then_some(Stamp {
        size,
        mtime_ns,
        hash,
    })
}

fn nanos(t: SystemTime) -> Option<i64> {
    let d = t.duration_since(UNIX_EPOCH).ok()?;
    i64::try_from(d.as_nanos()).ok()
}
