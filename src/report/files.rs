//! files.csv: one row for every file and archive member under the roots.

use std::io;
use std::path::{Path, PathBuf};

use super::{Cell, CsvFile, CsvOptions};
use crate::outcome::FileOutcome;

/// The columns of files.csv, in order.
pub const HEADER: [&str; 9] = [
    "source_path",
    "format",
    "size_bytes",
    "modified",
    "conversations",
    "messages",
    "status",
    "detail",
    "duplicate_of",
];

/// Starts files.csv in `dir`; rows follow with [`row`] in report order.
pub fn create(dir: &Path, options: &CsvOptions) -> io::Result<CsvFile> {
    CsvFile::create(dir, "files.csv", &HEADER, options)
}

/// Writes one files.csv row; `duplicate_of` names the file it is an exact copy of.
pub fn row(csv: &mut CsvFile, o: &FileOutcome, duplicate_of: Option<&str>) -> io::Result<()> {
    let size = o.size_bytes.map(Cell::Count).unwrap_or(Cell::Text(""));
    csv.row(&[
        Cell::Text(&o.source_path),
        Cell::Text(o.format.as_str()),
        size,
        Cell::Text(o.modified.as_deref().unwrap_or("")),
        Cell::Count(o.conversations),
        Cell::Count(o.messages),
        Cell::Text(o.status.as_str()),
        Cell::Text(&o.detail),
        Cell::Text(duplicate_of.unwrap_or("")),
    ])
}

/// Writes files.csv into `dir` from outcomes already in report order.
pub fn write(dir: &Path, outcomes: &[FileOutcome], options: &CsvOptions) -> io::Result<PathBuf> {
    let mut csv = create(dir, options)?;
    for o in outcomes {
        row(&mut csv, o, None)?;
    }
    csv.finish()
}
