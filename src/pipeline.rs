//! The types the pipeline's stages hand each other, in one bottom-level module so
//! that no stage has to import another to name what it receives: the keys a run's
//! results depend on, an examined entry, the history columns of a reported row,
//! resolved findings, review rows, and the run's summary and exit codes.
//!
//! Stages run one way (discover → examine → entry sinks → settle → track → write →
//! publish; see `docs/ARCHITECTURE.md`); this module imports only plain data types.

use std::path::PathBuf;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

use crate::interrupt;
use crate::outcome::FileOutcome;
use crate::prints::ExportPrints;
use crate::review::Review;
use crate::rules::Finding;
use crate::rules::decisions::Candidate;

/// Digests of everything results depend on, to decide what the state may reuse and
/// which shard outputs may be merged.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Keys {
    pub tool_version: String,
    /// The rule packs, by content.
    pub rules: String,
    /// Tool version + rules + configuration + excerpt mode: what one file's results
    /// depend on. A cached result is reused only under the same key.
    pub examine: String,
    /// Excludes, size limit, links: which entries are listed.
    pub walk: String,
}

/// What an [`EntryResult`] holds, in words: part of the examine key, so results
/// cached before a change of shape (here: content hashes and message prints) are
/// not reused without what later stages need.
pub const RESULT_SHAPE: &str = "outcomes with content hash, findings, decisions, message prints (multiply-fold hash of 32 normalised bytes)";

/// Everything one discovered entry produced.
#[derive(Debug, Default, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EntryResult {
    /// The entry's own row first, then its archive members' rows in name order.
    pub outcomes: Vec<FileOutcome>,
    pub findings: Vec<Finding>,
    pub decisions: Vec<Candidate>,
    /// Each conversation's message prints, for matching exports across the drive.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exports: Vec<ExportPrints>,
}

/// One discovered entry and what examining it produced: the unit the state caches
/// and shard parts carry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Examined {
    pub report_path: String,
    /// Index of its root (report order breaks path ties by root).
    pub root: usize,
    pub office: String,
    pub result: EntryResult,
    /// Where the file lies, for reading it again (a file the walk could not read,
    /// or an entry from an older part: none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
}

/// Where an entry's file lies on disk, so a later stage can read it again (the
/// cross-export stage quotes the text another export shows deleted). Carried in
/// shard parts, so a merge reads the files its shards read; never written in a
/// report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    /// The file's absolute path (in parts as `discover::name` writes names: an
    /// escaped byte where it is not UTF-8).
    #[serde(with = "path_text")]
    pub path: PathBuf,
    /// Folders between the file and its scan root (how far up its related files
    /// may be looked for).
    pub depth: u32,
}

/// A path as text, losslessly (see `discover::name`).
mod path_text {
    use std::path::{Path, PathBuf};

    use serde::{Deserialize, Deserializer, Serializer};

    use crate::discover::name;

    pub fn serialize<S: Serializer>(path: &Path, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&name::as_text(path.as_os_str()))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<PathBuf, D::Error> {
        let text = String::deserialize(d)?;
        let bytes = name::bytes_of(&text)
            .ok_or_else(|| serde::de::Error::custom("not a path written by onrecord"))?;
        name::os_string(bytes)
            .map(PathBuf::from)
            .ok_or_else(|| serde::de::Error::custom("a path this system cannot name"))
    }
}

/// How files were read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadStats {
    /// Files opened and parsed.
    pub parsed: u64,
    /// Files whose results were taken from the state (unchanged since last read).
    pub reused: u64,
}

impl ReadStats {
    pub fn add(&mut self, other: ReadStats) {
        self.parsed += other.parsed;
        self.reused += other.reused;
    }
}

/// What a run did, for the exit code, the log line and run.csv.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScanSummary {
    pub scanned: usize,
    pub skipped: usize,
    pub errors: usize,
    pub messages: u64,
    /// Rows of findings.csv (reviewed findings excluded).
    pub findings: usize,
    pub findings_new: usize,
    pub findings_resolved: usize,
    pub findings_reviewed: usize,
    pub decisions: usize,
    pub decisions_overdue: usize,
    /// Findings at or above the `--fail-on` severity.
    pub failing_findings: usize,
    /// Rows of findings.csv by severity, most serious first (`Severity::ALL` order).
    pub by_severity: [usize; 5],
    /// The first files.csv rows with status `error` (at most [`FIRST_ERRORS`]).
    pub first_errors: Vec<String>,
    pub read: ReadStats,
    /// A signal stopped the run before every file was read: nothing was written.
    pub interrupted: bool,
    pub reports: Vec<PathBuf>,
    /// The dated copy of this run's reports, if kept.
    pub archived: Option<PathBuf>,
}

/// How many files in error the closing log line names.
pub const FIRST_ERRORS: usize = 3;

/// Exit codes schedulers can rely on (the README's table). Each code says whether
/// reports were written, whether every file was read and whether a finding reached
/// `--fail-on`; 0–4 keep their earlier meanings.
///
/// Scan complete, findings at or above `--fail-on`.
pub const EXIT_FINDINGS: u8 = 1;
/// Usage or configuration error: nothing was scanned.
pub const EXIT_USAGE: u8 = 2;
/// Some files could not be read; reports written; no finding at `--fail-on`.
pub const EXIT_INCOMPLETE: u8 = 3;
/// Another run holds the report folder's lock; nothing was done.
pub const EXIT_BUSY: u8 = 4;
/// Some files could not be read *and* findings at or above `--fail-on`; reports written.
pub const EXIT_INCOMPLETE_FINDINGS: u8 = 5;
/// The reports could not be written (report folder read-only, not a folder, disk
/// full, a shard part unreadable): last night's reports, if any, are left as they were.
pub const EXIT_NOT_WRITTEN: u8 = 6;

impl ScanSummary {
    /// True when some file could not be read, so the reports do not cover everything.
    pub fn is_incomplete(&self) -> bool {
        self.errors > 0
    }

    /// True when a finding reached the `--fail-on` severity.
    pub fn has_findings_at_fail_level(&self) -> bool {
        self.failing_findings > 0
    }

    /// 130 interrupted; else 5 incomplete with findings at the fail level, 3
    /// incomplete, 1 findings at the fail level, 0.
    pub fn exit_code(&self) -> u8 {
        match (
            self.interrupted,
            self.is_incomplete(),
            self.has_findings_at_fail_level(),
        ) {
            (true, _, _) => interrupt::EXIT_INTERRUPTED,
            (false, true, true) => EXIT_INCOMPLETE_FINDINGS,
            (false, true, false) => EXIT_INCOMPLETE,
            (false, false, true) => EXIT_FINDINGS,
            (false, false, false) => 0,
        }
    }
}

/// Whether a reported row was in the previous run's report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Since {
    /// Not in the previous run's report (or no previous run is known).
    New,
    /// Reported by the previous run too.
    Open,
}

impl Since {
    pub fn as_str(self) -> &'static str {
        match self {
            Since::New => "new",
            Since::Open => "open",
        }
    }
}

/// The history columns of a findings.csv or decisions.csv row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tracked {
    pub since: Since,
    /// The run date it was first reported on (`yyyy-mm-dd`).
    pub first_seen: String,
}

/// A finding the previous run reported that this run does not.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub finding: Finding,
    pub first_seen: String,
    /// The date of the last run that reported it.
    pub last_seen: String,
    /// In plain words: why it is gone.
    pub resolution: String,
}

/// One row of reviews.csv: a review and what became of it this run.
#[derive(Debug, Clone)]
pub struct ReviewRow<'a> {
    pub review: &'a Review,
    /// `active`, `expired`, `finding no longer found` or `unknown finding id`.
    pub status: &'static str,
    /// The finding it is about, when known (now or from an earlier run).
    pub finding: Option<Finding>,
}

/// UTC, seconds precision: `2026-11-26T22:15:30Z`.
pub fn iso(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A file's fingerprint: size, modification time, content hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    pub size: u64,
    pub mtime_ns: i64,
    pub hash: String,
}

/// How an entry's result was obtained: read now (with the file's stamp, when one
/// could be taken) or reused from the file cache.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Provenance {
    pub read: ReadStats,
    pub stamp: Option<Stamp>,
}

/// A consumer of examined entries, which arrive in report order: the CSV reporter,
/// a shard's part writer and the state's file cache. An `Err` means the sink
/// failed: the run stops writing reports and says why.
pub trait EntrySink {
    fn entry(&mut self, e: &Examined, how: &Provenance) -> anyhow::Result<()>;
}

/// Where warnings go as they happen: `main` prints them, tests collect them.
pub trait Diagnostics {
    fn warn(&mut self, message: String);
}

impl Diagnostics for Vec<String> {
    fn warn(&mut self, message: String) {
        self.push(message);
    }
}
