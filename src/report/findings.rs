//! findings.csv: one row per finding, in a deterministic order.

use std::io;
use std::path::{Path, PathBuf};

use super::{Cell, CsvFile, CsvOptions};
use crate::nightly::Tracked;
use crate::rules::{self, Finding};

/// The columns of findings.csv, in order.
pub const HEADER: [&str; 15] = [
    "finding_id",
    "rule_id",
    "category",
    "severity",
    "office",
    "source_path",
    "platform",
    "conversation",
    "message_time",
    "sender",
    "location",
    "excerpt",
    "detail",
    "status_since_last_run",
    "first_seen",
];

/// Sorts findings into report order: by source, time, rule, location, id.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (&a.source_path, &a.time, &a.rule_id, &a.location, &a.id).cmp(&(
            &b.source_path,
            &b.time,
            &b.rule_id,
            &b.location,
            &b.id,
        ))
    });
}

/// Writes findings.csv into `dir` from findings already sorted.
pub fn write(
    dir: &Path,
    findings: &[(Finding, Tracked)],
    options: &CsvOptions,
) -> io::Result<PathBuf> {
    let mut csv = CsvFile::create(dir, "findings.csv", &HEADER, options)?;
    for (f, t) in findings {
        let time = f.time.map(|t| t.to_iso()).unwrap_or_default();
        let location = rules::location_text(f.location.as_ref());
        let mut cells = identity(f, &time).to_vec();
        cells.extend([
            Cell::Text(f.sender.as_deref().unwrap_or("")),
            Cell::Text(&location),
            Cell::Text(&f.excerpt),
            Cell::Text(&f.detail),
            Cell::Text(t.since.as_str()),
            Cell::Text(&t.first_seen),
        ]);
        csv.row(&cells)?;
    }
    csv.finish()
}

/// The cells that identify a finding, in the order findings.csv and resolved.csv
/// both start with: id, rule, category, severity, office, source, platform,
/// conversation, message time (`time`, already formatted).
pub fn identity<'a>(f: &'a Finding, time: &'a str) -> [Cell<'a>; 9] {
    [
        Cell::Text(&f.id),
        Cell::Text(&f.rule_id),
        Cell::Text(f.category.as_str()),
        Cell::Text(f.severity.as_str()),
        Cell::Text(&f.office),
        Cell::Text(&f.source_path),
        Cell::Text(f.platform.as_str()),
        Cell::Text(&f.conversation),
        Cell::Text(time),
    ]
}
