//! Putting a run's reports in place. They are first written into a staging folder
//! under `out/history/`; only when every report is complete does that folder become
//! the dated archive `out/history/<UTC time>/` and each report replace its
//! namesake in `out/` (one atomic rename each), so scripts and bookmarks that read
//! `out/findings.csv` keep working and a run that dies half-way publishes nothing.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

/// Folder of dated report archives inside the report folder.
pub const HISTORY: &str = "history";

const STAGING_PREFIX: &str = ".incomplete-";

/// The names last published into the report folder, one a line: what the walk
/// leaves alone when the report folder is itself a root (see [`own_files`]).
const PUBLISHED: &str = ".onrecord-published";

const TEMP_SUFFIX: &str = ".publish.tmp";

/// A run's reports on their way out.
pub struct Publisher {
    out: PathBuf,
    staging: PathBuf,
    stamp: String,
    keep: usize,
}

impl Publisher {
    /// Creates the staging folder for a run that started at `started`.
    pub fn start(out: &Path, started: DateTime<Utc>, keep: usize) -> io::Result<Publisher> {
        let history = out.join(HISTORY);
        fs::create_dir_all(&history)?;
        let base = started.format("%Y-%m-%dT%H%M%SZ").to_string();
        let mut stamp = base.clone();
        let mut n = 2;
        while history.join(&stamp).exists() || history.join(staging_name(&stamp)).exists() {
            stamp = format!("{base}-{n}");
            n += 1;
        }
        let staging = history.join(staging_name(&stamp));
        fs::create_dir(&staging)?;
        Ok(Publisher {
            out: out.to_path_buf(),
            staging,
            stamp,
            keep,
        })
    }

    /// Where the reports are written.
    pub fn dir(&self) -> &Path {
        &self.staging
    }

    /// Archives the staged reports and puts a copy of each in the report folder.
    /// Returns the published paths and the archive folder (if history is kept).
    pub fn publish(self) -> io::Result<(Vec<PathBuf>, Option<PathBuf>)> {
        let mut names: Vec<_> = fs::read_dir(&self.staging)?
            .filter_map(|e| e.ok())
            .map(|e| e.file_name())
            .filter(|n| !n.to_string_lossy().starts_with('.'))
            .collect();
        names.sort();
        let archive = self.out.join(HISTORY).join(&self.stamp);
        fs::rename(&self.staging, &archive)?;
        let mut published = Vec::new();
        for name in &names {
            let target = self.out.join(name);
            let temp = self
                .out
                .join(format!(".{}{TEMP_SUFFIX}", name.to_string_lossy()));
            fs::copy(archive.join(name), &temp)?;
            fs::File::open(&temp)?.sync_all()?;
            fs::rename(&temp, &target)?;
            published.push(target);
        }
        write_published(&self.out, &names)?;
        prune(&self.out.join(HISTORY), self.keep)?;
        let kept = archive.exists().then_some(archive);
        Ok((published, kept))
    }
}

/// Everything onrecord writes, as far as it exists now: in the report folder
/// `out` the history folder, the list of published names and those names,
/// temporary copies a killed run left behind, the lock, the run log and the shard
/// part folder;
/// and the state file (wherever it is) with its journals and set-aside copies.
/// The walk never scans them, even when `out` is itself a root.
pub fn own_files(out: &Path, state: Option<&Path>) -> Vec<PathBuf> {
    let mut own = vec![
        out.join(HISTORY),
        out.join(PUBLISHED),
        out.join(crate::lock::LOCK_FILE),
        out.join(crate::part::PART_DIR),
        out.join(crate::report::run::RUN_LOG),
    ];
    if let Some(state) = state {
        own.extend(state_files(state));
    }
    if let Ok(text) = fs::read_to_string(out.join(PUBLISHED)) {
        own.extend(text.lines().filter(|l| !l.is_empty()).map(|l| out.join(l)));
    }
    if let Ok(listing) = fs::read_dir(out) {
        own.extend(
            listing
                .filter_map(|e| e.ok())
                .filter(|e| {
                    let name = e.file_name();
                    let name = name.to_string_lossy();
                    name.starts_with('.') && name.ends_with(TEMP_SUFFIX)
                })
                .map(|e| e.path()),
        );
    }
    own
}

/// The state file, its SQLite side files and the copies set aside as unusable.
fn state_files(state: &Path) -> Vec<PathBuf> {
    let name = state.to_string_lossy();
    let mut own: Vec<PathBuf> = ["", "-journal", "-wal", "-shm"]
        .iter()
        .map(|side| PathBuf::from(format!("{name}{side}")))
        .collect();
    let (Some(folder), Some(file)) = (state.parent(), state.file_name()) else {
        return own;
    };
    let aside = format!("{}.unusable-", file.to_string_lossy());
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    if let Ok(listing) = fs::read_dir(folder) {
        own.extend(
            listing
                .filter_map(|e| e.ok())
                .filter(|e| e.file_name().to_string_lossy().starts_with(&aside))
                .map(|e| state.with_file_name(e.file_name())),
        );
    }
    own
}

/// Records the published names (atomically: a temporary file renamed).
fn write_published(out: &Path, names: &[std::ffi::OsString]) -> io::Result<()> {
    let mut text = String::new();
    for name in names {
        text.push_str(&name.to_string_lossy());
        text.push('\n');
    }
    let temp = out.join(format!("{PUBLISHED}{TEMP_SUFFIX}"));
    fs::write(&temp, text)?;
    fs::rename(&temp, out.join(PUBLISHED))
}

fn staging_name(stamp: &str) -> String {
    format!("{STAGING_PREFIX}{stamp}")
}

/// Keeps the newest `keep` dated folders; removes older ones and stale staging folders.
fn prune(history: &Path, keep: usize) -> io::Result<()> {
    let mut dated = Vec::new();
    for entry in fs::read_dir(history)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !entry.file_type()?.is_dir() {
            continue;
        }
        if name.starts_with(STAGING_PREFIX) {
            // Left by a run that died before publishing.
            fs::remove_dir_all(entry.path())?;
        } else if name.len() >= 18 && name.as_bytes()[..4].iter().all(u8::is_ascii_digit) {
            dated.push(name);
        }
    }
    dated.sort();
    let excess = dated.len().saturating_sub(keep);
    for name in &dated[..excess] {
        fs::remove_dir_all(history.join(name))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(sec: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 26, 22, 0, sec).unwrap()
    }

    fn run(out: &Path, started: DateTime<Utc>, keep: usize, text: &str) -> Option<PathBuf> {
        let p = Publisher::start(out, started, keep).unwrap();
        fs::write(p.dir().join("findings.csv"), text).unwrap();
        let (published, archive) = p.publish().unwrap();
        assert_eq!(published, [out.join("findings.csv")]);
        archive
    }

    #[test]
    fn reports_are_archived_copied_and_pruned() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        let first = run(out, at(0), 2, "one").unwrap();
        assert_eq!(first, out.join("history/2026-11-26T220000Z"));
        // Same second: a distinct folder.
        let second = run(out, at(0), 2, "two").unwrap();
        assert_eq!(second, out.join("history/2026-11-26T220000Z-2"));
        let third = run(out, at(5), 2, "three").unwrap();
        assert_eq!(
            fs::read_to_string(out.join("findings.csv")).unwrap(),
            "three"
        );
        assert_eq!(
            fs::read_to_string(third.join("findings.csv")).unwrap(),
            "three"
        );
        assert!(!first.exists(), "oldest archive pruned");
        assert!(second.exists());
        // Nothing but the report, the history folder and the list of what was
        // published is left in out; all three are onrecord's own.
        let mut names: Vec<_> = fs::read_dir(out)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, [PUBLISHED, "findings.csv", "history"]);
        let mut own = own_files(out, None);
        own.sort();
        assert_eq!(
            own,
            [
                out.join(PUBLISHED),
                out.join(crate::lock::LOCK_FILE),
                out.join("findings.csv"),
                out.join(HISTORY),
                out.join(crate::part::PART_DIR),
                out.join("run.csv"),
            ]
        );
    }

    #[test]
    fn unpublished_staging_never_reaches_out_and_is_cleaned_later() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        let dead = Publisher::start(out, at(0), 5).unwrap();
        fs::write(dead.dir().join("findings.csv"), "half").unwrap();
        let staging = dead.dir().to_path_buf();
        drop(dead);
        assert!(!out.join("findings.csv").exists());
        run(out, at(9), 5, "whole");
        assert!(!staging.exists());
        assert_eq!(
            fs::read_to_string(out.join("findings.csv")).unwrap(),
            "whole"
        );
    }

    #[test]
    fn keep_zero_keeps_no_archive() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(run(dir.path(), at(0), 0, "x"), None);
        assert_eq!(
            fs::read_dir(dir.path().join(HISTORY)).unwrap().count(),
            0,
            "history folder is empty"
        );
    }
}
