//! findings.csv: one row per finding, in a deterministic order.

use std::io;
use std::path::{Path, PathBuf};

use super::{Cell, CsvFile, CsvOptions};
use crate::pipeline::Tracked;
use crate::rules::{self, Finding};

/// The columns of findings.csv, in order.
pub const HEADER: [&str; 16] = [
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
    "confidence",
];

/// Report order: by source, time, rule, location, id.
pub fn order(a: &Finding, b: &Finding) -> std::cmp::Ordering {
    (&a.source_path, &a.time, &a.rule_id, &a.location, &a.id).cmp(&(
        &b.source_path,
        &b.time,
        &b.rule_id,
        &b.location,
        &b.id,
    ))
}

/// Sorts findings into report order (see [`order`]).
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(order);
}

/// Writes findings.csv into `dir` from findings already sorted.
pub fn write(
    dir: &Path,
    findings: &[(Finding, Tracked)],
    options: &CsvOptions,
) -> io::Result<PathBuf> {
    let mut csv = create(dir, options)?;
    for (f, t) in findings {
        row(&mut csv, f, t)?;
    }
    csv.finish()
}

/// Starts findings.csv in `dir`; rows follow with [`row`] in report order.
pub fn create(dir: &Path, options: &CsvOptions) -> io::Result<CsvFile> {
    CsvFile::create(dir, "findings.csv", &HEADER, options)
}

/// Writes one findings.csv row.
pub fn row(csv: &mut CsvFile, f: &Finding, t: &Tracked) -> io::Result<()> {
    let time = f.time.map(|t| t.to_iso()).unwrap_or_default();
    let location = rules::location_text(f.location.as_ref());
    let confidence = rules::finding::confidence_text(f.confidence);
    let mut cells = identity(f, &time).to_vec();
    cells.extend([
        Cell::Text(f.sender.as_deref().unwrap_or("")),
        Cell::Text(&location),
        Cell::Text(&f.excerpt),
        Cell::Text(&f.detail),
        Cell::Text(t.since.as_str()),
        Cell::Text(&t.first_seen),
        Cell::Text(&confidence),
    ]);
    csv.row(&cells)
}

/// The cells that identify a finding, in the order findings.csv and resolved.csv
/// both start with: id, rule, category, severity, office, source, platform,
/// conversation, message time (`time`, already formatted).
pub fn identity<'a>(f: &'a Finding, time: &'a str) -> [Cell<'a>; 9] {
    [
        Cell::Id(&f.id),
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
