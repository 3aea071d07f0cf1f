//! Loading decision registers (CSV or a workbook sheet, read by [`crate::table`]):
//! header mapping, date parsing, and per-row problems (a required cell left empty,
//! a date that is not one) reported with file and line.

use std::fmt;
use std::io::Read;
use std::path::Path;

use serde::Deserialize;

use super::RegisterEntry;
use crate::table::{self, Row, Table, Value};

/// Register column names (matched case-insensitively, trimmed, spaces collapsed).
/// `reference`, `date-of-decision`, `conversation` and `summary` are required; the
/// others are read when present.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct RegisterColumns {
    pub reference: String,
    pub date_of_decision: String,
    pub date_recorded: String,
    pub decision_maker: String,
    pub conversation: String,
    pub channel: String,
    pub summary: String,
}

impl Default for RegisterColumns {
    fn default() -> Self {
        RegisterColumns {
            reference: "Reference".into(),
            date_of_decision: "Date of decision".into(),
            date_recorded: "Date recorded".into(),
            decision_maker: "Decision maker".into(),
            conversation: "Conversation".into(),
            channel: "Channel".into(),
            summary: "Summary".into(),
        }
    }
}

/// A row that loaded with a defect: the entry is kept with the bad cell emptied
/// (a bad date becomes `None`), or skipped when it could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    pub file: String,
    /// `line` (CSV) or `row` (workbook).
    pub unit: &'static str,
    pub line: u64,
    pub message: String,
}

impl fmt::Display for RowProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} {}: {}",
            self.file, self.unit, self.line, self.message
        )
    }
}

/// The entries of one or more registers, in file then line order, and the row problems.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Register {
    pub entries: Vec<RegisterEntry>,
    pub problems: Vec<RowProblem>,
    /// The register's own columns, as its (first) file's header writes them, each
    /// with the field it holds: the layout of the pre-filled rows of report.xlsx.
    /// The configured column names when no register was given.
    pub columns: Vec<(String, Option<RegisterField>)>,
    /// How the files were read, for the log (a legacy encoding decoded).
    pub notes: Vec<String>,
}

/// A register that cannot be used at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegisterError {
    /// The file could not be opened or read.
    Io { file: String, message: String },
    /// A required column is not in the header row (`column` is the configured name).
    MissingColumn { file: String, column: String },
}

impl fmt::Display for RegisterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RegisterError::Io { file, message } => {
                write!(f, "{file}: cannot read decision register: {message}")
            }
            RegisterError::MissingColumn { file, column } => write!(
                f,
                "{file}: decision register has no {column:?} column in its header row \
                 (set register columns in the config if it is named differently)"
            ),
        }
    }
}

impl std::error::Error for RegisterError {}

/// A register column onrecord knows (see [`RegisterColumns`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegisterField {
    Reference,
    DateOfDecision,
    DateRecorded,
    DecisionMaker,
    Conversation,
    Channel,
    Summary,
}

impl RegisterColumns {
    /// Each field with its configured column name.
    pub fn named(&self) -> [(RegisterField, &str); 7] {
        use RegisterField::*;
        [
            (Reference, &self.reference),
            (DateOfDecision, &self.date_of_decision),
            (DateRecorded, &self.date_recorded),
            (DecisionMaker, &self.decision_maker),
            (Conversation, &self.conversation),
            (Channel, &self.channel),
            (Summary, &self.summary),
        ]
    }

    /// The field a header cell names, if any (matched as [`table::header_key`] does).
    pub fn field_of(&self, header: &str) -> Option<RegisterField> {
        let key = table::header_key(header);
        self.named()
            .into_iter()
            .find(|(_, name)| table::header_key(name) == key)
            .map(|(f, _)| f)
    }

    /// The configured columns as a register layout (for a run given no register).
    pub fn layout(&self) -> Vec<(String, Option<RegisterField>)> {
        self.named()
            .into_iter()
            .map(|(f, name)| (name.to_string(), Some(f)))
            .collect()
    }
}

/// Loads every register in `paths` (CSV files or workbook sheets, see
/// [`crate::table`]); all unusable files are reported together.
pub fn load_registers(
    paths: &[impl AsRef<Path>],
    columns: &RegisterColumns,
) -> Result<Register, Vec<RegisterError>> {
    let mut register = Register::default();
    let mut errors = Vec::new();
    for path in paths {
        let name = path.as_ref().display().to_string();
        let loaded = table::read(path.as_ref())
            .map_err(|message| {
                vec![RegisterError::Io {
                    file: name.clone(),
                    message,
                }]
            })
            .and_then(|t| from_table(t, columns));
        match loaded {
            Ok(r) => {
                if register.columns.is_empty() {
                    register.columns = r.columns;
                }
                register.entries.extend(r.entries);
                register.problems.extend(r.problems);
                register.notes.extend(r.notes);
            }
            Err(e) => errors.extend(e),
        }
    }
    if register.columns.is_empty() {
        register.columns = columns.layout();
    }
    if errors.is_empty() {
        Ok(register)
    } else {
        Err(errors)
    }
}

/// Reads one CSV register from `reader`; `file` names it in entries and messages.
pub fn read_register(
    file: &str,
    mut reader: impl Read,
    columns: &RegisterColumns,
) -> Result<Register, Vec<RegisterError>> {
    let io_error = |message: String| {
        vec![RegisterError::Io {
            file: file.to_string(),
            message,
        }]
    };
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|e| io_error(e.to_string()))?;
    let table = table::csv_table(file, &bytes).map_err(io_error)?;
    from_table(table, columns)
}

/// Column positions of one file's header.
struct Layout {
    reference: usize,
    decided: usize,
    conversation: usize,
    summary: usize,
    recorded: Option<usize>,
    maker: Option<usize>,
    channel: Option<usize>,
}

fn layout(
    file: &str,
    header: &[String],
    cols: &RegisterColumns,
) -> Result<Layout, Vec<RegisterError>> {
    let keys: Vec<String> = header.iter().map(|h| table::header_key(h)).collect();
    let find = |name: &str| keys.iter().position(|k| *k == table::header_key(name));
    let mut missing = Vec::new();
    let mut required = |name: &str| {
        find(name).unwrap_or_else(|| {
            missing.push(RegisterError::MissingColumn {
                file: file.to_string(),
                column: name.to_string(),
            });
            0
        })
    };
    let layout = Layout {
        reference: required(&cols.reference),
        decided: required(&cols.date_of_decision),
        conversation: required(&cols.conversation),
        summary: required(&cols.summary),
        recorded: find(&cols.date_recorded),
        maker: find(&cols.decision_maker),
        channel: find(&cols.channel),
    };
    if missing.is_empty() {
        Ok(layout)
    } else {
        Err(missing)
    }
}

/// The entries of one read table.
fn from_table(table: Table, columns: &RegisterColumns) -> Result<Register, Vec<RegisterError>> {
    let layout = layout(&table.name, &table.header, columns)?;
    let mut register = Register {
        columns: table
            .header
            .iter()
            .map(|h| (h.clone(), columns.field_of(h)))
            .collect(),
        notes: table.notes.clone(),
        ..Register::default()
    };
    for row in &table.rows {
        entry(&table, row, &layout, columns, &mut register);
    }
    Ok(register)
}

/// Turns one row into an entry, noting its problems: a required cell left empty,
/// a date that is not one.
fn entry(
    table: &Table,
    row: &Row,
    layout: &Layout,
    cols: &RegisterColumns,
    register: &mut Register,
) {
    let mut problem = |message: String| {
        register.problems.push(RowProblem {
            file: table.name.clone(),
            unit: table.unit,
            line: row.line,
            message,
        })
    };
    if let Err(e) = &row.cells {
        problem(e.clone());
        return;
    }
    if row.is_blank() {
        return; // a blank row (",,,,," from a spreadsheet) is not an entry
    }
    let cell = |i: Option<usize>| i.map_or(Value::Text(String::new()), |i| row.get(i));
    let text = |i: Option<usize>| cell(i).text();
    let mut required = |i: usize, column: &str| {
        let value = row.get(i);
        if value.is_empty() {
            problem(format!("missing {column}"));
        }
        value
    };
    let reference = required(layout.reference, &cols.reference).text();
    let decided = required(layout.decided, &cols.date_of_decision);
    let conversation = required(layout.conversation, &cols.conversation).text();
    let summary = required(layout.summary, &cols.summary).text();
    let mut date = |value: &Value, column: &str| {
        if value.is_empty() {
            return None;
        }
        let parsed = value.date();
        if parsed.is_none() {
            problem(format!(
                "bad {column} {:?}: expected a date cell, dd/mm/yyyy or yyyy-mm-dd",
                value.text()
            ));
        }
        parsed
    };
    let decided_on = date(&decided, &cols.date_of_decision);
    let recorded_on = date(&cell(layout.recorded), &cols.date_recorded);
    register.entries.push(RegisterEntry {
        file: table.name.clone(),
        line: row.line,
        reference,
        decided_on,
        recorded_on,
        decision_maker: text(layout.maker),
        conversation,
        channel: text(layout.channel),
        summary,
    });
}
