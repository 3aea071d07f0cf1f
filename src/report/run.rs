//! run.csv: one line per run, appended (never rewritten), for the nightly log —
//! start, end, outcome, exit code, versions and counts.

use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::CsvOptions;
use super::cell::safe_cell;
use chrono::{DateTime, Utc};

use crate::pipeline::{Keys, ScanSummary, iso};

/// The columns of run.csv, in order.
pub const HEADER: [&str; 24] = [
    "started",
    "finished",
    "outcome",
    "exit_code",
    "tool_version",
    "rule_packs",
    "rules_digest",
    "as_of",
    "shard",
    "files_scanned",
    "files_skipped",
    "files_error",
    "files_parsed",
    "files_reused",
    "messages",
    "findings",
    "findings_new",
    "findings_resolved",
    "findings_reviewed",
    "decisions_found",
    "decisions_overdue",
    "failing_findings",
    "archive",
    "examine_key",
];

/// One run.
pub struct RunLine<'a> {
    pub started: String,
    pub finished: String,
    /// `complete` or `interrupted`.
    pub outcome: &'a str,
    pub exit_code: u8,
    pub keys: &'a Keys,
    pub packs: String,
    pub as_of: String,
    pub shard: String,
    pub summary: &'a ScanSummary,
}

/// The report folder's run log (built from the plan by `ScanPlan::run_log`).
#[derive(Debug, Clone)]
pub struct RunLog {
    pub out: PathBuf,
    pub keys: Keys,
    /// The rule packs' names, `; `-separated.
    pub packs: String,
    pub as_of: String,
    /// `K/N`, empty when not sharded.
    pub shard: String,
    pub csv: CsvOptions,
}

impl RunLog {
    /// Appends one line for a run started at `started` (written even for
    /// interrupted runs).
    pub fn append(
        &self,
        started: DateTime<Utc>,
        summary: &ScanSummary,
        outcome: &str,
    ) -> io::Result<()> {
        let line = RunLine {
            started: iso(started),
            finished: iso(Utc::now()),
            outcome,
            exit_code: summary.exit_code(),
            keys: &self.keys,
            packs: self.packs.clone(),
            as_of: self.as_of.clone(),
            shard: self.shard.clone(),
            summary,
        };
        append(&self.out, &line, &self.csv)
    }
}

/// The run log's name in the report folder (appended to, never published).
pub const RUN_LOG: &str = "run.csv";

/// Appends `line` to `dir/run.csv`, writing the header first when the file is new.
pub fn append(dir: &Path, line: &RunLine<'_>, options: &CsvOptions) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let path = dir.join(RUN_LOG);
    let mut file = OpenOptions::new().create(true).append(true).open(&path)?;
    let fresh = file.metadata()?.len() == 0;
    let s = line.summary;
    let archive = s
        .archived
        .as_ref()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let cells: Vec<String> = vec![
        line.started.clone(),
        line.finished.clone(),
        line.outcome.to_string(),
        line.exit_code.to_string(),
        line.keys.tool_version.clone(),
        line.packs.clone(),
        line.keys.rules.chars().take(16).collect(),
        line.as_of.clone(),
        line.shard.clone(),
        s.scanned.to_string(),
        s.skipped.to_string(),
        s.errors.to_string(),
        s.read.parsed.to_string(),
        s.read.reused.to_string(),
        s.messages.to_string(),
        s.findings.to_string(),
        s.findings_new.to_string(),
        s.findings_resolved.to_string(),
        s.findings_reviewed.to_string(),
        s.decisions.to_string(),
        s.decisions_overdue.to_string(),
        s.failing_findings.to_string(),
        archive,
        line.keys.examine.chars().take(16).collect(),
    ];
    let mut bytes = Vec::new();
    if fresh && options.bom {
        bytes.extend_from_slice("\u{feff}".as_bytes());
    }
    {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut bytes);
        if fresh {
            w.write_record(HEADER)?;
        }
        w.write_record(
            cells
                .iter()
                .map(|c| safe_cell(c, options.max_cell_chars).into_owned()),
        )?;
        w.flush()?;
    }
    // One write call: lines from successive runs never interleave.
    file.write_all(&bytes)?;
    file.sync_all()
}
