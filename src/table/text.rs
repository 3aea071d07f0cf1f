//! A hand-kept CSV, in the encoding its spreadsheet saved it in: UTF-8 (BOM or
//! not), UTF-16 (BOM or not, "Unicode text"), or a legacy code page such as
//! Windows-1252 ("CSV (Comma delimited)" in Excel), which is detected (chardetng)
//! and decoded (encoding_rs), with a note, or refused when it does not decode.

use std::borrow::Cow;
use std::io::Read;

use super::{Row, Table, Value};

/// The bytes of a CSV as UTF-8, and a note when they were transcoded from a
/// legacy encoding. A file that is UTF-8 but for a few broken rows stays as it
/// is: those rows are reported one by one. `Err` when it cannot be decoded.
pub fn decode_csv<'a>(
    name: &str,
    bytes: &'a [u8],
) -> Result<(Cow<'a, [u8]>, Option<String>), String> {
    let utf16 = bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0xFE, 0xFF])
        || crate::source::sniff::bomless_utf16(bytes).is_some();
    if utf16 {
        let mut out = Vec::with_capacity(bytes.len());
        crate::source::decoded(bytes)
            .read_to_end(&mut out)
            .map_err(|e| format!("{name}: cannot read: {e}"))?;
        return Ok((Cow::Owned(out), None));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if mostly_utf8(bytes) {
        return Ok((Cow::Borrowed(bytes), None));
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(format!(
            "{name}: is neither UTF-8 nor readable as {} (the closest guess); save it as \"CSV UTF-8\"",
            encoding.name()
        ));
    }
    let note = format!(
        "{name}: not UTF-8; read as {} (save it as \"CSV UTF-8\" to be sure of its accents and symbols)",
        encoding.name()
    );
    Ok((Cow::Owned(text.into_owned().into_bytes()), Some(note)))
}

/// True when the bytes are UTF-8, or hold valid multi-byte UTF-8 beside their
/// invalid bytes (a UTF-8 file with a damaged row, not a legacy code page).
fn mostly_utf8(bytes: &[u8]) -> bool {
    let mut rest = bytes;
    let mut invalid = false;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => return !invalid || !s.is_ascii(),
            Err(e) => {
                let (good, after) = rest.split_at(e.valid_up_to());
                if !good.is_ascii() {
                    return true;
                }
                invalid = true;
                match e.error_len() {
                    Some(n) => rest = &after[n..],
                    None => return false,
                }
            }
        }
    }
}

/// Reads a CSV table from its bytes.
pub fn read(name: &str, bytes: &[u8]) -> Result<Table, String> {
    let (text, note) = decode_csv(name, bytes)?;
    let mut csv = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .from_reader(&text[..]);
    let mut record = csv::ByteRecord::new();
    let mut table = Table {
        name: name.to_string(),
        unit: "line",
        header: Vec::new(),
        rows: Vec::new(),
        notes: note.into_iter().collect(),
    };
    let mut first = true;
    loop {
        let line = csv.position().line();
        match csv.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(line, |p| line_of(&text, p));
                let cells = cells(&record);
                if first {
                    first = false;
                    let header = cells.map_err(|e| format!("{name}: header row: {e}"))?;
                    table.header = header.iter().map(|v| v.text()).collect();
                } else {
                    table.rows.push(Row { line, cells });
                }
            }
            Err(e) if first || matches!(e.kind(), csv::ErrorKind::Io(_)) => {
                return Err(format!("{name}: cannot read: {e}"));
            }
            Err(e) => table.rows.push(Row {
                line: e.position().map_or(line, |p| p.line()),
                cells: Err(format!("unreadable row: {e}")),
            }),
        }
    }
    // An empty file has an empty header: the loader names every missing column.
    Ok(table)
}

/// The line a record starts on. After a CRLF the reader places the next record at
/// the LF it has yet to skip, a line early: count from past it.
fn line_of(text: &[u8], p: &csv::Position) -> u64 {
    let at_lf = usize::try_from(p.byte()).is_ok_and(|b| text.get(b) == Some(&b'\n'));
    p.line() + u64::from(at_lf)
}

/// The cells of one record, trimmed; `Err` when one is not UTF-8.
fn cells(record: &csv::ByteRecord) -> Result<Vec<Value>, String> {
    record
        .iter()
        .map(|field| {
            std::str::from_utf8(field)
                .map(|s| Value::Text(s.trim().trim_start_matches('\u{feff}').to_string()))
                .map_err(|_| "row is not valid UTF-8; save the file as \"CSV UTF-8\"".to_string())
        })
        .collect()
}
