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
                .join(format!(".{}.publish.tmp", name.to_string_lossy()));
            fs::copy(archive.join(name), &temp)?;
            fs::File::open(&temp)?.sync_all()?;
            fs::rename(&temp, &target)?;
            published.push(target);
        }
        prune(&self.out.join(HISTORY), self.keep)?;
        let kept = archive.exists().then_some(archive);
        Ok((published, kept))
    }
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
        // Nothing but the report and the history folder is left in out.
        let mut names: Vec<_> = fs::read_dir(out)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, ["findings.csv", "history"]);
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
