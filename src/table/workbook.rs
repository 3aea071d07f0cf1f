//! A sheet of a workbook (calamine): the first sheet, or the one named after `#`.
//! Date cells become dates whatever their display format, text cells stay text
//! (`0123` keeps its zero), number cells are written out as their digits.

use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};

use super::{Row, Table, Value};

/// Reads one sheet of the workbook at `path`; `name` is how the user named it.
pub fn read(name: &str, path: &Path, sheet: Option<&str>) -> Result<Table, String> {
    let mut book =
        open_workbook_auto(path).map_err(|e| format!("{name}: cannot read the workbook: {e}"))?;
    let names = book.sheet_names();
    let sheet = match sheet {
        Some(s) => names
            .iter()
            .find(|n| n.as_str() == s)
            .cloned()
            .ok_or_else(|| {
                format!(
                    "{name}: has no sheet {s:?} (its sheets: {})",
                    names.join(", ")
                )
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| format!("{name}: the workbook has no sheet"))?,
    };
    let range = book
        .worksheet_range(&sheet)
        .map_err(|e| format!("{name}: cannot read sheet {sheet:?}: {e}"))?;
    let mut table = Table {
        name: name.to_string(),
        unit: "row",
        header: Vec::new(),
        rows: Vec::new(),
        notes: Vec::new(),
    };
    let first_row = range.start().map_or(0, |(row, _)| u64::from(row));
    for (i, cells) in range.rows().enumerate() {
        let values: Vec<Value> = cells.iter().map(value).collect();
        if i == 0 {
            table.header = values.iter().map(Value::text).collect();
        } else {
            table.rows.push(Row {
                line: first_row + i as u64 + 1,
                cells: Ok(values),
            });
        }
    }
    Ok(table)
}

/// One cell as a [`Value`].
fn value(cell: &Data) -> Value {
    match cell {
        Data::Empty => Value::Text(String::new()),
        Data::String(s) => Value::Text(s.trim().to_string()),
        Data::Int(n) => Value::Text(n.to_string()),
        Data::Float(f) => Value::Text(number(*f)),
        Data::Bool(b) => Value::Text(if *b { "TRUE" } else { "FALSE" }.to_string()),
        Data::DateTime(d) => match d.as_datetime() {
            Some(t) if !d.is_duration() => Value::Date(t.date()),
            _ => Value::Text(d.to_string()),
        },
        Data::DateTimeIso(s) => s
            .get(..10)
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .map_or_else(|| Value::Text(s.clone()), Value::Date),
        Data::DurationIso(s) => Value::Text(s.clone()),
        Data::Error(e) => Value::Text(format!("#{e:?}")),
    }
}

/// A number cell as a person reads it: whole numbers without `.0`.
fn number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}
