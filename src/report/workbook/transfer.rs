//! The To-transfer sheet: every decision not yet on the record (pending or
//! overdue in decisions.csv), most overdue first, with its due date, days
//! overdue, where it is (file and place in it), the message and the proposal it
//! answers (decisions.csv's excerpt and reply_to: the same redaction, never new
//! text), and then a row in the register's own columns, pre-filled, to paste into
//! the register.
//!
//! decisions.csv is read twice: once to note where each unrecorded decision's row
//! starts and when it is due, once, in due order, to write the rows.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use rust_xlsxwriter::Workbook;

use super::columns::{self, Value};
use super::{Formats, WorkbookOptions, open_csv, start_sheet, write_value};
use crate::model::Platform;
use crate::register::{RegisterField, Status};

/// The sheet's name.
pub const SHEET: &str = "To transfer";

/// The sheet's own columns; the register's follow the separator.
pub const HEADER: [&str; 12] = [
    "due_date",
    "days_overdue",
    "status",
    "office",
    "source_path",
    "location",
    "conversation",
    "message_time",
    "sender",
    "message",
    "in_reply_to",
    "decision_id",
];

/// The empty column between the sheet's columns and the register row.
pub const SEPARATOR: &str = "register row →";

/// The decisions.csv columns the sheet reads.
const SOURCE: [&str; 13] = [
    "due_date",
    "status",
    "office",
    "source_path",
    "location",
    "conversation",
    "message_time",
    "sender",
    "excerpt",
    "reply_to",
    "decision_id",
    "actor",
    "platform",
];

/// Column positions in decisions.csv, by name.
struct Source(HashMap<&'static str, usize>);

impl Source {
    fn get<'r>(&self, record: &'r csv::StringRecord, name: &str) -> &'r str {
        self.0.get(name).and_then(|&i| record.get(i)).unwrap_or("")
    }
}

/// Adds the sheet to `book` from `dir/decisions.csv` (an empty sheet without it).
pub fn write(
    book: &mut Workbook,
    dir: &Path,
    options: &WorkbookOptions<'_>,
    formats: &Formats,
) -> anyhow::Result<()> {
    let sheet = book.add_worksheet_with_constant_memory()?;
    sheet.set_name(SHEET)?;
    let register = register_columns(options);
    let mut header: Vec<&str> = HEADER.to_vec();
    header.push(SEPARATOR);
    header.extend(register.iter().map(|(name, _)| name.as_str()));
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    let path = dir.join("decisions.csv");
    if !path.exists() {
        return start_sheet(sheet, &header, &widths, 0, formats);
    }
    let mut reader = open_csv(&path)?;
    let names: Vec<String> = reader.headers()?.iter().map(str::to_string).collect();
    let source = Source(
        SOURCE
            .iter()
            .filter_map(|s| names.iter().position(|n| n == s).map(|i| (*s, i)))
            .collect(),
    );
    let mut places = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        let start = reader.position().clone();
        if !reader.read_record(&mut record)? {
            break;
        }
        let status = source.get(&record, "status");
        if status != Status::Pending.as_str() && status != Status::Overdue.as_str() {
            continue;
        }
        let due = columns::date(source.get(&record, "due_date")).unwrap_or(NaiveDate::MAX);
        places.push((due, source.get(&record, "decision_id").to_string(), start));
        for (w, v) in widths
            .iter_mut()
            .zip(row(&record, &source, &register, options))
        {
            *w = (*w).max(shown_width(&v));
        }
    }
    places.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let rows = u32::try_from(places.len())?;
    start_sheet(sheet, &header, &widths, rows, formats)?;
    for (n, (_, _, start)) in places.iter().enumerate() {
        reader.seek(start.clone())?;
        reader.read_record(&mut record)?;
        let r = u32::try_from(n)? + 1;
        for (i, v) in row(&record, &source, &register, options)
            .into_iter()
            .enumerate()
        {
            write_value(sheet, r, i, v, formats)?;
        }
    }
    Ok(())
}

/// The register's columns, or the default ones when the run had none.
fn register_columns(options: &WorkbookOptions<'_>) -> Vec<(String, Option<RegisterField>)> {
    if options.register_columns.is_empty() {
        crate::register::RegisterColumns::default().layout()
    } else {
        options.register_columns.to_vec()
    }
}

/// The cells of one decision's row.
fn row<'r>(
    record: &'r csv::StringRecord,
    source: &Source,
    register: &[(String, Option<RegisterField>)],
    options: &WorkbookOptions<'_>,
) -> Vec<Value<'r>> {
    let get = |name| source.get(record, name);
    let zone = options.timezone;
    let due = columns::date(get("due_date"));
    let overdue = due.map_or(0, |d| (options.as_of - d).num_days().max(0));
    let time = columns::local_time(get("message_time"), zone);
    let mut cells = vec![
        due.map_or(Value::Text(""), Value::Date),
        Value::Number(overdue as f64),
        Value::Text(get("status")),
        Value::Text(get("office")),
        Value::Text(get("source_path")),
        Value::Text(get("location")),
        Value::Text(get("conversation")),
        time.map_or(Value::Text(""), Value::Time),
        Value::Text(get("sender")),
        Value::Text(get("excerpt")),
        Value::Text(get("reply_to")),
        columns::value(columns::Kind::Id, get("decision_id"), zone),
        Value::Text(""),
    ];
    let maker = match get("actor") {
        "" => get("sender"),
        actor => actor,
    };
    let channel = Platform::ALL
        .iter()
        .find(|p| p.as_str() == get("platform"))
        .map_or(get("platform"), |p| p.display_name());
    cells.extend(register.iter().map(|(_, field)| match field {
        Some(RegisterField::DateOfDecision) => {
            time.map_or(Value::Text(""), |t| Value::Date(t.date()))
        }
        Some(RegisterField::DecisionMaker) => Value::Text(maker),
        Some(RegisterField::Conversation) => Value::Text(get("conversation")),
        Some(RegisterField::Channel) => Value::Text(channel),
        Some(RegisterField::Summary) => Value::Text(get("excerpt")),
        // The reference is the register's to give; the record date is the day it
        // is recorded.
        Some(RegisterField::Reference | RegisterField::DateRecorded) | None => Value::Text(""),
    }));
    cells
}

/// How wide a cell shows, in characters.
fn shown_width(v: &Value<'_>) -> usize {
    match v {
        Value::Text(t) => t.chars().count(),
        Value::Date(_) => 10,
        Value::Time(_) => 19,
        Value::Number(_) => 6,
    }
}
