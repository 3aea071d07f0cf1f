//! One run at a time per report folder: an advisory lock on `DIR/.onrecord.lock`,
//! held for the whole run and released by the operating system when the process
//! ends, however it ends (so a crashed run never leaves a stale lock behind).

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Name of the lock file inside the report folder.
pub const LOCK_FILE: &str = ".onrecord.lock";

/// A held lock; dropping it releases the lock.
#[derive(Debug)]
pub struct RunLock {
    _file: File,
}

/// Why the lock was not taken.
#[derive(Debug)]
pub enum LockError {
    /// Another run holds it; `holder` is what that run wrote (pid and start time).
    Busy { path: PathBuf, holder: String },
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
}

impl std::fmt::Display for LockError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LockError::Busy { path, holder } => write!(
                f,
                "another onrecord run is using this report folder ({}; lock file {}): refusing to start a second one",
                if holder.is_empty() {
                    "holder unknown"
                } else {
                    holder.as_str()
                },
                path.display()
            ),
            LockError::Io { path, error } => {
                write!(f, "cannot take the run lock {}: {error}", path.display())
            }
        }
    }
}

impl std::error::Error for LockError {}

/// Takes the lock on `dir` (created if missing) without waiting, and writes who holds it.
pub fn acquire(dir: &Path, started: &str) -> Result<RunLock, LockError> {
    let path = dir.join(LOCK_FILE);
    let io = |error| LockError::Io {
        path: path.clone(),
        error,
    };
    std::fs::create_dir_all(dir).map_err(io)?;
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(io)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            let mut holder = String::new();
            let _ = file.read_to_string(&mut holder);
            return Err(LockError::Busy {
                path: path.clone(),
                holder: holder.trim().to_string(),
            });
        }
        Err(TryLockError::Error(e)) => return Err(io(e)),
    }
    let note = format!("pid {}, started {started}\n", std::process::id());
    file.set_len(0)
        .and_then(|_| file.seek(SeekFrom::Start(0)))
        .and_then(|_| file.write_all(note.as_bytes()))
        .map_err(io)?;
    Ok(RunLock { _file: file })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_lock_is_refused_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let first = acquire(dir.path(), "2026-11-26T22:00:00Z").unwrap();
        let err = acquire(dir.path(), "later").unwrap_err();
        let text = err.to_string();
        assert!(matches!(err, LockError::Busy { .. }));
        assert!(
            text.contains(&format!("pid {}", std::process::id())) && text.contains("22:00:00"),
            "{text}"
        );
        drop(first);
        acquire(dir.path(), "later").unwrap();
    }
}
