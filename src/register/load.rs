//! Loading decision registers from CSV: header mapping, date parsing, and per-row
//! problems reported with file and line.

use std::fmt;
use std::fs::File;
use std::io::Read;
use std::path::Path;

use serde::Deserialize;

use super::RegisterEntry;

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
    pub line: u64,
    pub message: String,
}

impl fmt::Display for RowProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: line {}: {}", self.file, self.line, self.message)
    }
}

/// The entries of one or more registers, in file then line order, and the row problems.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Register {
    pub entries: Vec<RegisterEntry>,
    pub problems: Vec<RowProblem>,
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

/// Loads every register in `paths`; all unusable files are reported together.
pub fn load_registers(
    paths: &[impl AsRef<Path>],
    columns: &RegisterColumns,
) -> Result<Register, Vec<RegisterError>> {
    let mut register = Register::default();
    let mut errors = Vec::new();
    for path in paths {
        let name = path.as_ref().display().to_string();
        let loaded = File::open(path.as_ref())
            .map_err(|e| {
                vec![RegisterError::Io {
                    file: name.clone(),
                    message: e.to_string(),
                }]
            })
            .and_then(|f| read_register(&name, f, columns));
        match loaded {
            Ok(r) => {
                register.entries.extend(r.entries);
                register.problems.extend(r.problems);
            }
            Err(e) => errors.extend(e),
        }
    }
    if errors.is_empty() {
        Ok(register)
    } else {
        Err(errors)
    }
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

fn header_key(name: &str) -> String {
    name.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn layout(
    file: &str,
    header: &csv::StringRecord,
    cols: &RegisterColumns,
) -> Result<Layout, Vec<RegisterError>> {
    let keys: Vec<String> = header.iter().map(header_key).collect();
    let find = |name: &str| keys.iter().position(|k| *k == header_key(name));
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

/// Reads one register from `reader`; `file` names it in entries and messages.
pub fn read_register(
    file: &str,
    reader: impl Read,
    columns: &RegisterColumns,
) -> Result<Register, Vec<RegisterError>> {
    let mut csv = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(crate::source::decoded(reader));
    let io_error = |e: csv::Error| {
        vec![RegisterError::Io {
            file: file.to_string(),
            message: e.to_string(),
        }]
    };
    let header = csv.headers().map_err(io_error)?.clone();
    let layout = layout(file, &header, columns)?;
    let mut register = Register::default();
    let mut record = csv::ByteRecord::new();
    loop {
        let line = csv.position().line();
        match csv.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(line, |p| p.line());
                row(file, line, &record, &layout, &mut register);
            }
            Err(e) if matches!(e.kind(), csv::ErrorKind::Io(_)) => return Err(io_error(e)),
            Err(e) => register.problems.push(RowProblem {
                file: file.to_string(),
                line: e.position().map_or(line, |p| p.line()),
                message: format!("unreadable row: {e}"),
            }),
        }
    }
    Ok(register)
}

/// Turns one record into an entry, noting its problems.
fn row(file: &str, line: u64, record: &csv::ByteRecord, layout: &Layout, register: &mut Register) {
    let mut problem = |message: String| {
        register.problems.push(RowProblem {
            file: file.to_string(),
            line,
            message,
        })
    };
    if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
        return; // a blank row (",,,,," from a spreadsheet) is not an entry
    }
    let cell = |i: Option<usize>| -> Result<String, ()> {
        let bytes = i.and_then(|i| record.get(i)).unwrap_or_default();
        std::str::from_utf8(bytes)
            .map(|s| s.trim().to_string())
            .map_err(|_| ())
    };
    let cells: Result<Vec<String>, ()> = [
        Some(layout.reference),
        Some(layout.decided),
        layout.recorded,
        layout.maker,
        Some(layout.conversation),
        layout.channel,
        Some(layout.summary),
    ]
    .into_iter()
    .map(cell)
    .collect();
    let Ok(cells) = cells else {
        problem("row is not valid UTF-8; save the register as CSV UTF-8".to_string());
        return;
    };
    let [
        reference,
        decided,
        recorded,
        maker,
        conversation,
        channel,
        summary,
    ] = <[String; 7]>::try_from(cells).expect("seven cells");
    if reference.is_empty() {
        problem("missing reference".to_string());
    }
    let mut date = |value: &str, column: &str| {
        if value.is_empty() {
            return None;
        }
        let parsed = crate::dates::parse_date(value);
        if parsed.is_none() {
            problem(format!(
                "bad {column} {value:?}: expected dd/mm/yyyy or yyyy-mm-dd"
            ));
        }
        parsed
    };
    let decided_on = date(&decided, "date of decision");
    let recorded_on = date(&recorded, "date recorded");
    register.entries.push(RegisterEntry {
        file: file.to_string(),
        line,
        reference,
        decided_on,
        recorded_on,
        decision_maker: maker,
        conversation,
        channel,
        summary,
    });
}
