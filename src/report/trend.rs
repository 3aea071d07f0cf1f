//! trend.csv: one row per office per run date, plus the whole drive, with the
//! figures of [`FIGURES`] — the series behind the page's charts.
//!
//! The series is kept in the report folder, not in the state, so it survives a
//! state reset: each run reads the published `out/trend.csv`, drops the rows of its
//! own run date (`--as-of`) and adds its own, and writes the result staged, to be
//! published with the other reports. A re-run for the same date replaces that
//! date's rows, so the file stays one row per office per date and the same input
//! gives the same file. Rows are in date order; within a date, in the order the
//! run wrote them (offices by name, the whole drive last).

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::figures::{FIGURES, Values};
use super::{Cell, CsvFile, CsvOptions};
use crate::pipeline::Diagnostics;

/// The file's name.
pub const NAME: &str = "trend.csv";

/// One row: an office's figures on one run date. A figure an older trend.csv did
/// not have is `None` (written as an empty cell).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrendRow {
    pub as_of: NaiveDate,
    pub office: String,
    pub values: [Option<u64>; FIGURES.len()],
}

impl TrendRow {
    /// A row of this run's figures.
    pub fn new(as_of: NaiveDate, office: &str, values: &Values) -> Self {
        TrendRow {
            as_of,
            office: office.to_string(),
            values: values.map(Some),
        }
    }
}

/// The columns, in order.
pub fn header() -> Vec<&'static str> {
    let mut h = vec!["as_of", "office"];
    h.extend(FIGURES.iter().map(|f| f.key));
    h
}

/// Reads an earlier trend.csv (none: an empty series). Columns are found by name,
/// so a file from an older onrecord with fewer figures still reads; a row that
/// cannot be read is left out with a warning, and so is a file that is not a trend.
pub fn read(path: &Path, diag: &mut dyn Diagnostics) -> Vec<TrendRow> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Vec::new(),
        Err(e) => {
            diag.warn(format!(
                "cannot read {} ({e}); the trend starts again from this run",
                path.display()
            ));
            return Vec::new();
        }
    };
    let text = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
    let mut reader = csv::Reader::from_reader(text);
    let columns: HashMap<String, usize> = match reader.headers() {
        Ok(h) => h
            .iter()
            .enumerate()
            .map(|(i, c)| (c.to_string(), i))
            .collect(),
        Err(_) => HashMap::new(),
    };
    let (Some(&date_at), Some(&office_at)) = (columns.get("as_of"), columns.get("office")) else {
        diag.warn(format!(
            "{} has no as_of and office columns: not a trend onrecord wrote; the trend starts again from this run",
            path.display()
        ));
        return Vec::new();
    };
    let figure_at: Vec<Option<usize>> = FIGURES
        .iter()
        .map(|f| columns.get(f.key).copied())
        .collect();
    let mut rows = Vec::new();
    let mut bad = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let row = record.ok().and_then(|r| {
            let as_of = NaiveDate::parse_from_str(r.get(date_at)?, "%Y-%m-%d").ok()?;
            let mut values = [None; FIGURES.len()];
            for (v, at) in values.iter_mut().zip(&figure_at) {
                let cell = at.and_then(|i| r.get(i)).unwrap_or("");
                *v = if cell.is_empty() {
                    None
                } else {
                    Some(cell.parse().ok()?)
                };
            }
            Some(TrendRow {
                as_of,
                office: r.get(office_at)?.to_string(),
                values,
            })
        });
        match row {
            Some(row) => rows.push(row),
            None => bad.push((n + 2).to_string()),
        }
    }
    if !bad.is_empty() {
        diag.warn(format!(
            "{}: left out unreadable line(s) {}",
            path.display(),
            bad.join(", ")
        ));
    }
    rows
}

/// The series after this run: the earlier rows without those of `as_of`, and this
/// run's rows (all of date `as_of`), in date order.
pub fn merge(earlier: Vec<TrendRow>, as_of: NaiveDate, now: Vec<TrendRow>) -> Vec<TrendRow> {
    let mut rows: Vec<TrendRow> = earlier.into_iter().filter(|r| r.as_of != as_of).collect();
    rows.extend(now);
    // Stable: rows of one date keep the order they were written in.
    rows.sort_by_key(|r| r.as_of);
    rows
}

/// Writes trend.csv into `dir`.
pub fn write(dir: &Path, rows: &[TrendRow], options: &CsvOptions) -> io::Result<PathBuf> {
    let mut csv = CsvFile::create(dir, NAME, &header(), options)?;
    for r in rows {
        let date = r.as_of.to_string();
        let mut cells = Vec::with_capacity(FIGURES.len() + 2);
        cells.push(Cell::Text(&date));
        cells.push(Cell::Text(&r.office));
        cells.extend(
            r.values
                .iter()
                .map(|v| v.map_or(Cell::Text(""), Cell::Count)),
        );
        csv.row(&cells)?;
    }
    csv.finish()
}

/// The latest row of `office` dated on or before `day`.
pub fn latest_on_or_before<'r>(
    rows: &'r [TrendRow],
    office: &str,
    day: NaiveDate,
) -> Option<&'r TrendRow> {
    rows.iter()
        .filter(|r| r.office == office && r.as_of <= day)
        .max_by_key(|r| r.as_of)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2021, 6, d).unwrap()
    }

    fn row(d: u32, office: &str, n: u64) -> TrendRow {
        TrendRow::new(day(d), office, &[n; FIGURES.len()])
    }

    #[test]
    fn a_rerun_replaces_its_date_and_keeps_the_others() {
        let earlier = vec![
            row(1, "A", 1),
            row(1, "B", 2),
            row(2, "A", 3),
            row(3, "A", 9),
        ];
        let rows = merge(earlier, day(2), vec![row(2, "A", 4), row(2, "B", 5)]);
        let got: Vec<(u32, &str, Option<u64>)> = rows
            .iter()
            .map(|r| {
                (
                    chrono::Datelike::day(&r.as_of),
                    r.office.as_str(),
                    r.values[0],
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (1, "A", Some(1)),
                (1, "B", Some(2)),
                (2, "A", Some(4)),
                (2, "B", Some(5)),
                (3, "A", Some(9))
            ]
        );
        assert_eq!(
            latest_on_or_before(&rows, "B", day(30)).unwrap().as_of,
            day(2)
        );
        assert!(latest_on_or_before(&rows, "B", day(1) - chrono::Days::new(1)).is_none());
    }

    #[test]
    fn written_rows_read_back_and_old_columns_are_found_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let rows = vec![row(1, "No10 Private Office", 2), row(1, "(all offices)", 7)];
        let path = write(dir.path(), &rows, &CsvOptions::default()).unwrap();
        let mut diag: Vec<String> = Vec::new();
        assert_eq!(read(&path, &mut diag), rows);
        assert!(diag.is_empty());
        // An older file: fewer figures, columns in another order, one bad line.
        std::fs::write(
            &path,
            "office,decisions_overdue,as_of\r\nA,3,2021-05-30\r\nB,x,2021-05-30\r\n",
        )
        .unwrap();
        let old = read(&path, &mut diag);
        assert_eq!(old.len(), 1);
        let overdue = super::super::figures::index("decisions_overdue").unwrap();
        assert_eq!(old[0].values[overdue], Some(3));
        assert_eq!(old[0].values[0], None);
        assert!(diag[0].contains("line(s) 3"), "{:?}", diag);
    }

    #[test]
    fn a_file_that_is_not_a_trend_is_set_aside_with_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(NAME);
        std::fs::write(&path, "name,value\r\nx,1\r\n").unwrap();
        let mut diag: Vec<String> = Vec::new();
        assert!(read(&path, &mut diag).is_empty());
        assert_eq!(diag.len(), 1);
        assert!(read(&dir.path().join("none.csv"), &mut diag).is_empty());
        assert_eq!(
            diag.len(),
            1,
            "a missing file is a new series, not a problem"
        );
    }
}
