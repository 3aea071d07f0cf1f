//! reviews.csv: every row of the reviewed-findings file and what became of it this
//! run (`active`, `expired`, `finding no longer found`, `unknown finding id`), so a
//! typo in a finding id is visible rather than silently ignored.

use std::io;
use std::path::{Path, PathBuf};

use super::{Cell, CsvFile, CsvOptions};
use crate::pipeline::ReviewRow;

/// The columns of reviews.csv, in order.
pub const HEADER: [&str; 11] = [
    "finding_id",
    "review_status",
    "disposition",
    "reviewer",
    "date",
    "expires",
    "note",
    "review_line",
    "rule_id",
    "office",
    "source_path",
];

/// Writes reviews.csv in the order of the reviews file.
pub fn write(dir: &Path, rows: &[ReviewRow<'_>], options: &CsvOptions) -> io::Result<PathBuf> {
    let mut csv = CsvFile::create(dir, "reviews.csv", &HEADER, options)?;
    for r in rows {
        let v = r.review;
        let date = v.date.to_string();
        let expires = v.expires.map(|d| d.to_string()).unwrap_or_default();
        let f = r.finding.as_ref();
        csv.row(&[
            Cell::Id(&v.finding_id),
            Cell::Text(r.status),
            Cell::Text(v.disposition.as_str()),
            Cell::Text(&v.reviewer),
            Cell::Text(&date),
            Cell::Text(&expires),
            Cell::Text(&v.note),
            Cell::Count(v.line),
            Cell::Text(f.map_or("", |f| f.rule_id.as_str())),
            Cell::Text(f.map_or("", |f| f.office.as_str())),
            Cell::Text(f.map_or("", |f| f.source_path.as_str())),
        ])?;
    }
    csv.finish()
}
