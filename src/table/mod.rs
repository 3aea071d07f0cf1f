//! Tables people keep by hand and hand to onrecord: the decision registers
//! (`--register`) and the reviewed findings (`--reviewed`). Either a CSV, in
//! whatever encoding the spreadsheet that saved it chose ([`text`]), or a workbook
//! (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`), first sheet or `FILE#Sheet name`
//! ([`workbook`]), read with its date cells as dates and its text cells as text.
//!
//! A table is read whole (these files hold hundreds or thousands of rows, not a
//! drive's worth); the loaders map its header to their columns.

mod text;
mod workbook;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

pub use text::decode_csv;

/// One cell as the table holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// Text as written, trimmed (a number cell of a workbook is written out as
    /// its digits: `2021045`, never `2021045.0`); empty for an empty cell.
    Text(String),
    /// A workbook's date (or date-time) cell: the date, whatever its display format.
    Date(NaiveDate),
}

impl Value {
    /// The cell as text (a date as `yyyy-mm-dd`).
    pub fn text(&self) -> String {
        match self {
            Value::Text(t) => t.clone(),
            Value::Date(d) => d.to_string(),
        }
    }

    /// True for an empty cell.
    pub fn is_empty(&self) -> bool {
        matches!(self, Value::Text(t) if t.is_empty())
    }

    /// The cell as a date: a date cell, or text in a form [`crate::dates::parse_date`]
    /// reads. `None` for anything else (the caller reports it).
    pub fn date(&self) -> Option<NaiveDate> {
        match self {
            Value::Date(d) => Some(*d),
            Value::Text(t) => crate::dates::parse_date(t),
        }
    }
}

/// One row below the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// 1-based line (CSV) or row (workbook) number; the header is usually 1.
    pub line: u64,
    /// The cells, or why the row could not be read (it is then skipped and
    /// reported; the others are read).
    pub cells: Result<Vec<Value>, String>,
}

impl Row {
    /// The cell at `i` (an empty one past the row's end).
    pub fn get(&self, i: usize) -> Value {
        match &self.cells {
            Ok(cells) => cells.get(i).cloned().unwrap_or(Value::Text(String::new())),
            Err(_) => Value::Text(String::new()),
        }
    }

    /// True when every cell is empty (`,,,,,` from a spreadsheet).
    pub fn is_blank(&self) -> bool {
        self.cells
            .as_ref()
            .is_ok_and(|cells| cells.iter().all(Value::is_empty))
    }
}

/// A table read from a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The file as the user named it (with `#Sheet` when they gave one).
    pub name: String,
    /// What a row number counts: `line` in a CSV, `row` in a workbook.
    pub unit: &'static str,
    /// The header row's cells as written (trimmed, BOM removed).
    pub header: Vec<String>,
    pub rows: Vec<Row>,
    /// What the user should know about how it was read (a legacy encoding).
    pub notes: Vec<String>,
}

/// The file extensions read as workbooks (any case).
pub const WORKBOOK_EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "xlsb", "xls", "ods"];

/// True when `path` names a workbook by its extension.
pub fn is_workbook(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        WORKBOOK_EXTENSIONS
            .iter()
            .any(|w| e.eq_ignore_ascii_case(w))
    })
}

/// Splits `FILE#Sheet name` into the workbook and the sheet. A path that exists
/// as given, or whose part before the last `#` is no workbook, is taken whole.
pub fn split_sheet(spec: &Path) -> (PathBuf, Option<String>) {
    if spec.exists() {
        return (spec.to_path_buf(), None);
    }
    if let Some(text) = spec.to_str()
        && let Some((file, sheet)) = text.rsplit_once('#')
        && is_workbook(Path::new(file))
        && !sheet.is_empty()
    {
        return (PathBuf::from(file), Some(sheet.to_string()));
    }
    (spec.to_path_buf(), None)
}

/// Reads the table `spec` names: a workbook sheet or a CSV file. `Err` says why
/// it cannot be used at all, starting with the file's name.
pub fn read(spec: &Path) -> Result<Table, String> {
    let name = spec.display().to_string();
    let (path, sheet) = split_sheet(spec);
    if is_workbook(&path) {
        workbook::read(&name, &path, sheet.as_deref())
    } else {
        let bytes = std::fs::read(&path).map_err(|e| format!("{name}: cannot read: {e}"))?;
        text::read(&name, &bytes)
    }
}

/// Reads a CSV table from its bytes (`name` names it in messages).
pub fn csv_table(name: &str, bytes: &[u8]) -> Result<Table, String> {
    text::read(name, bytes)
}

/// The header key a column name is matched by: trimmed, inner spaces collapsed,
/// lower case, a BOM dropped.
pub fn header_key(name: &str) -> String {
    name.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}
