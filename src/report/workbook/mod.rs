//! report.xlsx: the run's reports as one workbook a records manager can work
//! from. First the sheet **To transfer** ([`transfer`]): the decisions still to go
//! on the record, most overdue first, each with a register row ready to paste.
//! Then one sheet per CSV report, read back from the staging folder once the CSVs
//! are complete, so the workbook holds exactly what they hold (no new text, the
//! same redaction): header frozen, autofilter on, columns sized, times as
//! date-times in the configured zone, ids and references as text ([`columns`]).
//!
//! Memory stays flat: every sheet is written in rust_xlsxwriter's constant-memory
//! mode (rows go to a temporary file as they are written), and the To-transfer
//! sheet keeps only each unrecorded decision's place in decisions.csv to sort by.
//! The document's creation time is the run's `--as-of` day and the zip members
//! carry a fixed time, so the same input gives a byte-identical workbook.

pub mod columns;
mod transfer;

use std::fs::File;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use chrono_tz::Tz;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet};

use crate::register::RegisterField;
use columns::Value;

/// The workbook's file name.
pub const NAME: &str = "report.xlsx";

/// The CSV reports in the workbook's sheet order; any other `.csv` in the folder
/// follows, by name.
const SHEET_ORDER: [&str; 8] = [
    "summary.csv",
    "decisions.csv",
    "findings.csv",
    "files.csv",
    "resolved.csv",
    "reviews.csv",
    "register-unmatched.csv",
    "summary-detail.csv",
];

/// Rows a sheet can hold below its header (Excel's limit is 1,048,576 rows).
const MAX_ROWS: u32 = 1_048_574;

/// Widest column, in characters (longer cells wrap or are cut off on screen only).
const MAX_WIDTH: usize = 60;

/// What the workbook needs beyond the CSVs.
#[derive(Debug, Clone)]
pub struct WorkbookOptions<'a> {
    /// The configured zone: times are shown in it.
    pub timezone: Tz,
    /// "Today" for days overdue, and the document's creation date.
    pub as_of: NaiveDate,
    /// The register's own columns and the field each holds (see
    /// [`crate::register::Register::columns`]).
    pub register_columns: &'a [(String, Option<RegisterField>)],
}

/// The cell formats of a workbook.
struct Formats {
    header: Format,
    time: Format,
    date: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: Format::new().set_bold(),
            time: Format::new().set_num_format("yyyy-mm-dd hh:mm:ss"),
            date: Format::new().set_num_format("yyyy-mm-dd"),
        }
    }
}

/// Writes `dir/report.xlsx` from the CSV reports already in `dir`.
pub fn write(dir: &Path, options: &WorkbookOptions<'_>) -> anyhow::Result<PathBuf> {
    let mut book = Workbook::new();
    book.set_tempdir(dir)?;
    // Deflate is most of the workbook's time, and the workbook is written after the
    // last file, on one core: level 2 (zlib's fast strategy) took 0.3 s less than the
    // default 6 on the 1 GiB benchmark drive, for a file about a quarter larger.
    book.set_zip_compression_level(2);
    let created = excel_time(options.as_of.and_hms_opt(0, 0, 0).expect("midnight"))?;
    book.set_properties(
        &DocProperties::new()
            .set_title("onrecord report")
            .set_creation_datetime(&created),
    );
    let formats = Formats::new();
    transfer::write(&mut book, dir, options, &formats)?;
    for csv in csv_reports(dir)? {
        let sheet = book.add_worksheet_with_constant_memory()?;
        let name = csv.file_stem().and_then(|s| s.to_str()).unwrap_or("report");
        sheet.set_name(name.chars().take(31).collect::<String>())?;
        copy_csv(sheet, &csv, options.timezone, &formats)
            .with_context(|| format!("cannot put {} in {NAME}", csv.display()))?;
    }
    let path = dir.join(NAME);
    book.save(&path)?;
    Ok(path)
}

/// The CSV reports in `dir`, in sheet order.
fn csv_reports(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut names: Vec<String> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.ends_with(".csv") && !n.starts_with('.'))
        .collect();
    let rank = |n: &String| {
        SHEET_ORDER
            .iter()
            .position(|o| o == n)
            .unwrap_or(SHEET_ORDER.len())
    };
    names.sort_by(|a, b| (rank(a), a).cmp(&(rank(b), b)));
    Ok(names.into_iter().map(|n| dir.join(n)).collect())
}

/// Opens a CSV report (BOM or not).
fn open_csv(path: &Path) -> anyhow::Result<csv::Reader<File>> {
    Ok(csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(File::open(path)?))
}

/// Copies one CSV report into `sheet`: a first pass sizes the columns and counts
/// the rows, the second writes them.
fn copy_csv(sheet: &mut Worksheet, path: &Path, zone: Tz, formats: &Formats) -> anyhow::Result<()> {
    let mut reader = open_csv(path)?;
    let header: Vec<String> = reader.headers()?.iter().map(str::to_string).collect();
    let kinds: Vec<columns::Kind> = header.iter().map(|h| columns::kind_of(h)).collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    let mut rows = 0u32;
    let mut record = csv::StringRecord::new();
    while reader.read_record(&mut record)? && rows < MAX_ROWS {
        rows += 1;
        for (i, cell) in record.iter().enumerate().take(widths.len()) {
            let shown = match kinds[i] {
                columns::Kind::Time if !cell.is_empty() => 19,
                _ => cell.chars().count(),
            };
            widths[i] = widths[i].max(shown);
        }
    }
    let more = reader.read_record(&mut record)?;
    let head: Vec<&str> = header.iter().map(String::as_str).collect();
    start_sheet(sheet, &head, &widths, rows, formats)?;
    let mut reader = open_csv(path)?;
    let mut row = 0u32;
    while row < rows && reader.read_record(&mut record)? {
        row += 1;
        for (i, cell) in record.iter().enumerate().take(kinds.len()) {
            write_value(sheet, row, i, columns::value(kinds[i], cell, zone), formats)?;
        }
    }
    if more {
        let note = format!(
            "… more rows than a sheet holds: see {}",
            path.file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("the CSV")
        );
        sheet.write_string(row + 1, 0, note)?;
    }
    Ok(())
}

/// Writes the header row, sizes the columns, freezes the header and turns the
/// autofilter on over `rows` rows.
fn start_sheet(
    sheet: &mut Worksheet,
    header: &[&str],
    widths: &[usize],
    rows: u32,
    formats: &Formats,
) -> anyhow::Result<()> {
    for (i, width) in widths.iter().enumerate() {
        sheet.set_column_width(col(i)?, ((*width).clamp(6, MAX_WIDTH) + 2) as f64)?;
    }
    let last = col(header.len().max(1) - 1)?;
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, rows, last)?;
    for (i, h) in header.iter().enumerate() {
        sheet.write_string_with_format(0, col(i)?, *h, &formats.header)?;
    }
    Ok(())
}

/// Writes one cell.
fn write_value(
    sheet: &mut Worksheet,
    row: u32,
    i: usize,
    value: Value<'_>,
    formats: &Formats,
) -> anyhow::Result<()> {
    let c = col(i)?;
    match value {
        Value::Text("") => return Ok(()),
        Value::Text(t) => sheet.write_string(row, c, t)?,
        Value::Number(n) => sheet.write_number(row, c, n)?,
        // A date Excel cannot hold (before 1900) is written as text.
        Value::Date(d) => match excel_date(d) {
            Ok(x) => sheet.write_datetime_with_format(row, c, x, &formats.date)?,
            Err(_) => sheet.write_string(row, c, d.to_string())?,
        },
        Value::Time(t) => match excel_time(t) {
            Ok(x) => sheet.write_datetime_with_format(row, c, x, &formats.time)?,
            Err(_) => sheet.write_string(row, c, t.to_string())?,
        },
    };
    Ok(())
}

fn col(i: usize) -> anyhow::Result<u16> {
    u16::try_from(i).context("too many columns for a sheet")
}

fn excel_date(d: NaiveDate) -> anyhow::Result<ExcelDateTime> {
    let year = u16::try_from(d.year()).context("a year before 0")?;
    Ok(ExcelDateTime::from_ymd(
        year,
        d.month() as u8,
        d.day() as u8,
    )?)
}

fn excel_time(t: NaiveDateTime) -> anyhow::Result<ExcelDateTime> {
    Ok(excel_date(t.date())?.and_hms(t.hour() as u16, t.minute() as u8, t.second())?)
}
