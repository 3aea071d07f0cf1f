//! reviews.csv: every row of the reviewed-findings file and what became of it this
//! run (`active`, `expired`, `finding no longer found`, `unknown finding id`, or
//! `not applied` for a malformed row, with its problem), so a typo in a finding id
//! or a row is visible rather than silently ignored.

use std::io;
use std::path::{Path, PathBuf};

use super::{Cell, CsvFile, CsvOptions};
use crate::pipeline::ReviewRow;
use crate::review::ReviewProblem;

/// The columns of reviews.csv, in order.
pub const HEADER: [&str; 12] = [
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
    "problem",
];

/// What reviews.csv says of a row that could not be applied.
pub const NOT_APPLIED: &str = "not applied";

/// Writes reviews.csv in the order of the reviews file: the reviews and, between
/// them at their lines, the rows that could not be applied (`not applied`, with
/// the problem).
pub fn write(
    dir: &Path,
    rows: &[ReviewRow<'_>],
    problems: &[ReviewProblem],
    options: &CsvOptions,
) -> io::Result<PathBuf> {
    let mut csv = CsvFile::create(dir, "reviews.csv", &HEADER, options)?;
    let mut problems = problems.iter().peekable();
    for r in rows {
        while let Some(p) = problems.next_if(|p| p.line < r.review.line) {
            not_applied(&mut csv, p)?;
        }
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
            Cell::Text(""),
        ])?;
    }
    for p in problems {
        not_applied(&mut csv, p)?;
    }
    csv.finish()
}

fn not_applied(csv: &mut CsvFile, p: &ReviewProblem) -> io::Result<()> {
    let mut cells = vec![Cell::Id(&p.finding_id), Cell::Text(NOT_APPLIED)];
    cells.extend([Cell::Text(""); 5]);
    cells.push(Cell::Count(p.line));
    cells.extend([Cell::Text(""); 3]);
    cells.push(Cell::Text(&p.message));
    csv.row(&cells)
}
