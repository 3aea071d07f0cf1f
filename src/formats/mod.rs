//! Format detection and dispatch: which parser reads an input, and the small
//! contract every parser shares ([`Input`], [`ParseOptions`], [`ParseError`]).
//!
//! Parsers turn bytes into the common model (see `model.rs`) and stream it to a
//! [`Visitor`]. They never walk directories, know rules or reports, or print.

pub mod email;
pub mod imessage;
pub mod signal;
pub mod slack;
pub mod sms_xml;
pub mod telegram;
pub mod whatsapp;

use std::fmt;
use std::io::{self, BufRead, Read};

use chrono::{NaiveDateTime, TimeZone};
use chrono_tz::Tz;

use crate::model::{Conversation, Item, ParseStats, Timestamp, Visitor};
use crate::source::cap::{CappedInput, Syntax};

/// The export formats onrecord reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    WhatsApp,
    SmsXml,
    SignalMarkdown,
    SignalText,
    IMessageText,
    Telegram,
    Slack,
    Email,
}

impl Format {
    /// The name written in the `format` column of files.csv.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::WhatsApp => "whatsapp",
            Format::SmsXml => "sms-xml",
            Format::SignalMarkdown => "signal-export",
            Format::SignalText => "signalbackup-tools",
            Format::IMessageText => "imessage-exporter",
            Format::Telegram => "telegram",
            Format::Slack => "slack",
            Format::Email => "email",
        }
    }
}

/// Which field comes first in an ambiguous numeric date such as `05/04/2021`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateOrder {
    /// dd/mm/yyyy (en-GB): the UK government default.
    #[default]
    DayFirst,
    /// mm/dd/yyyy (en-US).
    MonthFirst,
}

/// Settings a parser needs that do not come from the file itself.
#[derive(Debug, Clone)]
pub struct ParseOptions {
    /// Zone in which wall-clock times without an offset are read.
    pub timezone: Tz,
    /// Date order used when a file's own dates cannot settle it.
    pub date_order: DateOrder,
    /// Longest line, JSON string or XML value read; the rest of a longer one is
    /// dropped unread and noted (`max-record-size`).
    pub max_record_bytes: usize,
}

/// Default of [`ParseOptions::max_record_bytes`]: 1 MiB.
pub const DEFAULT_MAX_RECORD_BYTES: usize = 1 << 20;

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions {
            timezone: chrono_tz::Europe::London,
            date_order: DateOrder::DayFirst,
            max_record_bytes: DEFAULT_MAX_RECORD_BYTES,
        }
    }
}

/// Why a parser could not read an input that looked like its format.
#[derive(Debug)]
pub enum ParseError {
    /// Reading the bytes failed (truncated zip member, file vanished, I/O error).
    Io(io::Error),
    /// The content is not valid for the format; `line` is 1-based when known.
    Invalid { line: Option<u64>, message: String },
}

impl ParseError {
    /// An `Invalid` error at a line.
    pub fn at_line(line: u64, message: impl Into<String>) -> Self {
        ParseError::Invalid {
            line: Some(line),
            message: message.into(),
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::Io(e) => write!(f, "read failed: {e}"),
            ParseError::Invalid {
                line: Some(line),
                message,
            } => write!(f, "line {line}: {message}"),
            ParseError::Invalid {
                line: None,
                message,
            } => f.write_str(message),
        }
    }
}

impl std::error::Error for ParseError {}

impl From<io::Error> for ParseError {
    fn from(e: io::Error) -> Self {
        ParseError::Io(e)
    }
}

/// Read access to one file or archive member, for a parser.
///
/// The `with_*` methods open the content from its start each time they are called,
/// so a parser may read twice (WhatsApp settles the date order in a first pass)
/// without the content ever being held whole in memory.
pub trait Input {
    /// The path shown in reports: relative to its root, `/`-separated,
    /// `archive.zip!/_chat.txt` for an archive member.
    fn path(&self) -> &str;
    /// The last component of the path (`WhatsApp Chat with Alice.txt`, `_chat.txt`).
    fn file_name(&self) -> &str;
    /// The name of the containing archive or folder, a naming hint for parsers
    /// (`WhatsApp Chat - Alice.zip` for its `_chat.txt`).
    fn container_name(&self) -> Option<&str>;
    /// Calls `f` with the content decoded to UTF-8 (BOM removed, UTF-16 transcoded).
    fn with_text(
        &self,
        f: &mut dyn FnMut(&mut dyn BufRead) -> Result<(), ParseError>,
    ) -> Result<(), ParseError>;
    /// Calls `f` with the raw bytes.
    fn with_bytes(
        &self,
        f: &mut dyn FnMut(&mut dyn Read) -> Result<(), ParseError>,
    ) -> Result<(), ParseError>;
    /// Another file of the same export, `relative` to this input's folder
    /// (`../users.json` for a Slack day file), never outside the scanned root or
    /// the archive. `None` when it is absent or cannot be reached.
    fn related(&self, _relative: &str) -> Option<Box<dyn Input + '_>> {
        None
    }
}

/// Decides the format of an input from its file name and the first few KiB of its
/// decoded text. Content decides; names only break ties.
pub fn detect(file_name: &str, head: &str) -> Option<Format> {
    // Before WhatsApp: these shapes are narrower (ISO dates in brackets without
    // seconds, `<smses>` roots, imessage-exporter blocks) and WhatsApp's own header
    // patterns are broad enough to claim a signal-export transcript.
    if sms_xml::looks_like(file_name, head) {
        return Some(Format::SmsXml);
    }
    if signal::markdown::looks_like(file_name, head) {
        return Some(Format::SignalMarkdown);
    }
    if signal::text::looks_like(file_name, head) {
        return Some(Format::SignalText);
    }
    if imessage::looks_like(file_name, head) {
        return Some(Format::IMessageText);
    }
    if whatsapp::looks_like(file_name, head) {
        return Some(Format::WhatsApp);
    }
    if telegram::looks_like(file_name, head) {
        return Some(Format::Telegram);
    }
    if slack::looks_like(file_name, head) {
        return Some(Format::Slack);
    }
    // Last: a header block (`From: …`, `Subject: …`) is the loosest shape of all.
    if email::looks_like(file_name, head) {
        return Some(Format::Email);
    }
    None
}

/// Parses `input` as `format`, streaming the conversations to `out`. Every read
/// is capped record by record at `options.max_record_bytes` (see
/// [`crate::source::cap`]); what was cut is noted in the stats.
pub fn parse(
    format: Format,
    input: &dyn Input,
    options: &ParseOptions,
    out: &mut dyn Visitor,
) -> Result<ParseStats, ParseError> {
    let (syntax, what) = match format {
        Format::Telegram | Format::Slack => (Syntax::Json, "JSON string(s)"),
        Format::SmsXml => (Syntax::Xml, "XML value(s)"),
        _ => (Syntax::Lines, "line(s)"),
    };
    let max = options.max_record_bytes;
    let capped = CappedInput::new(input, syntax, max);
    let mut stats = parse_uncapped(format, &capped, options, out)?;
    let notes = [stats.cut_note.take(), capped.log.note(max, what)];
    let notes: Vec<String> = notes.into_iter().flatten().collect();
    stats.cut_note = (!notes.is_empty()).then(|| notes.join("; "));
    Ok(stats)
}

fn parse_uncapped(
    format: Format,
    input: &dyn Input,
    options: &ParseOptions,
    out: &mut dyn Visitor,
) -> Result<ParseStats, ParseError> {
    match format {
        Format::WhatsApp => whatsapp::parse(input, options, out),
        Format::SmsXml => sms_xml::parse(input, options, out),
        Format::SignalMarkdown => signal::markdown::parse(input, options, out),
        Format::SignalText => signal::text::parse(input, options, out),
        Format::IMessageText => imessage::parse(input, options, out),
        Format::Telegram => telegram::parse(input, options, out),
        Format::Slack => slack::parse(input, options, out),
        Format::Email => email::parse(input, options, out),
    }
}

/// A [`Visitor`] that keeps everything it is given: for tests and small tools,
/// never for the scan itself (which must not hold whole conversations).
#[derive(Debug, Default)]
pub struct Collector {
    pub conversations: Vec<(Conversation, Vec<Item>)>,
}

impl Visitor for Collector {
    fn conversation(&mut self, conversation: &Conversation) {
        self.conversations.push((conversation.clone(), Vec::new()));
    }

    fn item(&mut self, item: &Item) {
        if let Some((_, items)) = self.conversations.last_mut() {
            items.push(item.clone());
        }
    }

    fn end_conversation(&mut self) {}
}

/// Calls `f` with each line (1-based number, text without `\n` / `\r\n`). Lines are
/// handed out in place from the reader's buffer, whose complete lines are checked
/// as UTF-8 in one pass; only a line cut by the buffer's end is copied (into one
/// reused buffer). Invalid UTF-8 is replaced rather than failing the file: evidence
/// matters more than perfect bytes.
pub fn for_each_line(
    reader: &mut dyn BufRead,
    mut f: impl FnMut(u64, &str) -> Result<(), ParseError>,
) -> Result<(), ParseError> {
    let mut carry: Vec<u8> = Vec::new();
    let mut number = 0u64;
    loop {
        let chunk = match reader.fill_buf() {
            Ok(chunk) => chunk,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e.into()),
        };
        if chunk.is_empty() {
            if !carry.is_empty() {
                emit_line(&mut f, number + 1, &carry, false)?;
            }
            return Ok(());
        }
        // The chunk up to its last line end; `\n` never falls inside a character,
        // so its lines are slices of one validated text when it is valid.
        let lines = &chunk[..memchr::memrchr(b'\n', chunk).map_or(0, |last| last + 1)];
        let text = std::str::from_utf8(lines).ok();
        let mut start = 0;
        for end in memchr::memchr_iter(b'\n', lines) {
            number += 1;
            match text {
                _ if !carry.is_empty() => {
                    carry.extend_from_slice(&lines[start..end]);
                    emit_line(&mut f, number, &carry, true)?;
                    carry.clear();
                }
                Some(text) => {
                    let line = &text[start..end];
                    f(number, line.strip_suffix('\r').unwrap_or(line))?;
                }
                None => emit_line(&mut f, number, &lines[start..end], true)?,
            }
            start = end + 1;
        }
        carry.extend_from_slice(&chunk[start..]);
        let used = chunk.len();
        reader.consume(used);
    }
}

/// One line's bytes to `f`: without its `\r` when it `ended` with `\n`, invalid
/// UTF-8 replaced.
fn emit_line(
    f: &mut impl FnMut(u64, &str) -> Result<(), ParseError>,
    number: u64,
    bytes: &[u8],
    ended: bool,
) -> Result<(), ParseError> {
    let bytes = match ended {
        true => bytes.strip_suffix(b"\r").unwrap_or(bytes),
        false => bytes,
    };
    match std::str::from_utf8(bytes) {
        Ok(text) => f(number, text),
        Err(_) => f(number, &String::from_utf8_lossy(bytes)),
    }
}

/// Resolves a wall-clock time in `tz`. An ambiguous time (the repeated hour when
/// clocks go back) takes the earlier instant; a time that does not exist (the hour
/// skipped when clocks go forward) is read as if the clocks had not yet changed.
pub fn local_time(naive: NaiveDateTime, tz: Tz) -> Timestamp {
    let resolved = match tz.from_local_datetime(&naive) {
        chrono::LocalResult::Single(t) => t,
        chrono::LocalResult::Ambiguous(earlier, _) => earlier,
        chrono::LocalResult::None => {
            let before = naive - chrono::Duration::hours(1);
            match tz.from_local_datetime(&before) {
                chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => {
                    t + chrono::Duration::hours(1)
                }
                chrono::LocalResult::None => tz.from_utc_datetime(&naive),
            }
        }
    };
    Timestamp(resolved.fixed_offset())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn naive(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
    }

    #[test]
    fn local_time_uses_summer_and_winter_offsets() {
        let tz = chrono_tz::Europe::London;
        assert_eq!(
            local_time(naive(2021, 4, 15, 9, 14), tz).to_iso(),
            "2021-04-15T09:14:00+01:00"
        );
        assert_eq!(
            local_time(naive(2021, 1, 15, 9, 14), tz).to_iso(),
            "2021-01-15T09:14:00+00:00"
        );
    }

    #[test]
    fn local_time_survives_clock_changes() {
        let tz = chrono_tz::Europe::London;
        // 01:30 happens twice on 31 Oct 2021: the first (BST) is taken.
        assert_eq!(
            local_time(naive(2021, 10, 31, 1, 30), tz).to_iso(),
            "2021-10-31T01:30:00+01:00"
        );
        // 01:30 never happens on 28 Mar 2021: read as 02:30 BST.
        assert_eq!(
            local_time(naive(2021, 3, 28, 1, 30), tz).to_iso(),
            "2021-03-28T02:30:00+01:00"
        );
    }

    #[test]
    fn for_each_line_strips_crlf_and_counts() {
        let mut data: &[u8] = b"one\r\ntwo\n\nthree";
        let mut seen = Vec::new();
        for_each_line(&mut data, |n, l| {
            seen.push((n, l.to_string()));
            Ok(())
        })
        .unwrap();
        assert_eq!(
            seen,
            vec![
                (1, "one".to_string()),
                (2, "two".to_string()),
                (3, String::new()),
                (4, "three".to_string())
            ]
        );
    }

    /// However the reader's buffer cuts the text (through a `\r\n`, inside a
    /// multi-byte character), the lines are those of splitting it whole.
    #[test]
    fn for_each_line_is_the_same_for_every_buffer_size() {
        let text = "été 1\r\n\r\ntwo – dash\nbad \u{1F600}\n\rx\r\n\n last\r".as_bytes();
        let mut bytes = text.to_vec();
        bytes.extend_from_slice(b"\ninvalid \xFF byte\nend");
        let expected: Vec<(u64, String)> = {
            let mut lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
            let last = lines.pop().unwrap();
            let mut out: Vec<String> = lines
                .iter()
                .map(|l| String::from_utf8_lossy(l.strip_suffix(b"\r").unwrap_or(l)).into_owned())
                .collect();
            out.push(String::from_utf8_lossy(last).into_owned());
            (1..).zip(out).collect()
        };
        assert_eq!(expected.len(), 9);
        for capacity in [1, 2, 3, 5, 7, 16, 64, 8192] {
            let mut reader = std::io::BufReader::with_capacity(capacity, &bytes[..]);
            let mut seen = Vec::new();
            for_each_line(&mut reader, |n, l| {
                seen.push((n, l.to_string()));
                Ok(())
            })
            .unwrap();
            assert_eq!(seen, expected, "capacity {capacity}");
        }
    }
}
