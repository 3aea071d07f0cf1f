//! resolved.csv: findings the previous run reported that this run does not, with
//! why they went away (a decision now recorded, a file gone, the export changed).
//! Excerpts are not repeated here: the finding id leads back to the earlier report.

use std::io;
use std::path::{Path, PathBuf};

use super::{Cell, CsvFile, CsvOptions};
use crate::pipeline::Resolved;

/// The columns of resolved.csv, in order.
pub const HEADER: [&str; 13] = [
    "finding_id",
    "rule_id",
    "category",
    "severity",
    "office",
    "source_path",
    "platform",
    "conversation",
    "message_time",
    "first_seen",
    "last_seen",
    "resolution",
    "detail",
];

/// Writes resolved.csv (rows already in report order).
pub fn write(dir: &Path, rows: &[Resolved], options: &CsvOptions) -> io::Result<PathBuf> {
    let mut csv = CsvFile::create(dir, "resolved.csv", &HEADER, options)?;
    for r in rows {
        let f = &r.finding;
        let time = f.time.map(|t| t.to_iso()).unwrap_or_default();
        let mut cells = super::findings::identity(f, &time).to_vec();
        cells.extend([
            Cell::Text(&r.first_seen),
            Cell::Text(&r.last_seen),
            Cell::Text(&r.resolution),
            Cell::Text(&f.detail),
        ]);
        csv.row(&cells)?;
    }
    csv.finish()
}
