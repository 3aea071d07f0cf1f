//! decisions.csv (one row per decision found in chat) and register-unmatched.csv
//! (register rows no chat decision matched).

use std::io;
use std::path::{Path, PathBuf};

use super::{Cell, CsvFile, CsvOptions};
use crate::pipeline::Tracked;
use crate::register::RegisterEntry;
use crate::settle::DecisionRow;

/// The columns of decisions.csv, in order.
pub const HEADER: [&str; 20] = [
    "decision_id",
    "office",
    "source_path",
    "platform",
    "conversation",
    "message_time",
    "sender",
    "location",
    "excerpt",
    "status",
    "record_ref",
    "match_reason",
    "days_outstanding",
    "due_date",
    "confidence",
    "cue",
    "actor",
    "reply_to",
    "status_since_last_run",
    "first_seen",
];

/// Starts decisions.csv in `dir`; rows follow with [`row`] in report order.
pub fn create(dir: &Path, options: &CsvOptions) -> io::Result<CsvFile> {
    CsvFile::create(dir, "decisions.csv", &HEADER, options)
}

/// Writes one decisions.csv row.
pub fn row(csv: &mut CsvFile, r: &DecisionRow, t: &Tracked) -> io::Result<()> {
    let c = &r.candidate;
    let time = c.time.map(|t| t.to_iso()).unwrap_or_default();
    let confidence = format!("{:.2}", c.cue.confidence);
    let location = c.location.describe();
    let due = r.due_date.to_string();
    csv.row(&[
        Cell::Id(&r.id),
        Cell::Text(&c.office),
        Cell::Text(&c.source_path),
        Cell::Text(c.platform.as_str()),
        Cell::Text(&c.conversation),
        Cell::Text(&time),
        Cell::Text(c.sender.as_deref().unwrap_or("")),
        Cell::Text(&location),
        Cell::Text(&c.excerpt),
        Cell::Text(r.status.as_str()),
        Cell::Id(&r.record_ref),
        Cell::Text(&r.match_reason),
        Cell::Number(r.days_outstanding),
        Cell::Text(&due),
        Cell::Text(&confidence),
        Cell::Text(&c.cue.cue),
        Cell::Text(&c.cue.actor),
        Cell::Text(c.cue.reply_to.as_deref().unwrap_or("")),
        Cell::Text(t.since.as_str()),
        Cell::Text(&t.first_seen),
    ])
}

/// Writes register-unmatched.csv: the register rows at `unmatched`.
pub fn write_unmatched(
    dir: &Path,
    entries: &[RegisterEntry],
    unmatched: &[usize],
    options: &CsvOptions,
) -> io::Result<PathBuf> {
    let header = [
        "reference",
        "register_file",
        "line",
        "date_of_decision",
        "conversation",
        "summary",
    ];
    let mut csv = CsvFile::create(dir, "register-unmatched.csv", &header, options)?;
    for &i in unmatched {
        let e = &entries[i];
        let date = e.decided_on.map(|d| d.to_string()).unwrap_or_default();
        csv.row(&[
            Cell::Id(&e.reference),
            Cell::Text(&e.file),
            Cell::Count(e.line),
            Cell::Text(&date),
            Cell::Text(&e.conversation),
            Cell::Text(&e.summary),
        ])?;
    }
    csv.finish()
}
