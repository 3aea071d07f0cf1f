//! Format detection and dispatch: which parser reads an input, and the small
//! contract every parser shares ([`Input`], [`ParseOptions`], [`ParseError`]).
//!
//! Parsers turn bytes into the common model (see `model.rs`) and stream it to a
//! [`Visitor`]. They never walk directories, know rules or reports, or print.

pub mod cap;
mod cut_syntax;
pub mod email;
pub mod imessage;
mod lines;
pub mod signal;
pub mod slack;
pub mod sms_xml;
pub mod telegram;
pub mod whatsapp;

use std::fmt;
use std::io::{self, BufRead, Read};

use chrono_tz::Tz;

pub use lines::{for_each_line, local_time};

use crate::formats::cap::{CappedInput, Syntax};
use crate::model::{Conversation, Item, ParseStats, Platform, Visitor};

/// The export formats onrecord reads (each described once in [`FORMATS`]).
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

/// A parser: reads an input, streaming its conversations to a visitor.
pub type ParseFn =
    fn(&dyn Input, &ParseOptions, &mut dyn Visitor) -> Result<ParseStats, ParseError>;

/// Everything onrecord knows of one export format, in one place: adding a format
/// is one entry here plus its module.
pub struct FormatSpec {
    pub format: Format,
    /// The name written in the `format` column of files.csv.
    pub name: &'static str,
    /// The platform its conversations come from.
    pub platform: Platform,
    /// Whether an input (file name, first KiB of decoded text) is in this format.
    pub looks_like: fn(&str, &str) -> bool,
    pub parse: ParseFn,
    /// What one record is, for capping reads at `max_record_bytes` (see
    /// [`crate::formats::cap`]), and its name in the note of what was cut.
    pub records: Syntax,
    pub records_named: &'static str,
    /// Names the app writes its exports under (`*` at the end: a prefix), so an
    /// empty file of that name is reported as a failed export.
    pub export_names: &'static [&'static str],
    /// Why a file of this export that is not a conversation is skipped (Slack's
    /// metadata files), for the files.csv row.
    pub skip_note: Option<fn(&str, &str) -> Option<String>>,
}

/// Every format, in detection order: content decides, names only break ties.
/// Narrower shapes come first (ISO dates in brackets without seconds, `<smses>`
/// roots, imessage-exporter blocks), since WhatsApp's header patterns are broad
/// enough to claim a signal-export transcript; e-mail's header block (`From: …`,
/// `Subject: …`) is the loosest shape of all, so it comes last.
pub const FORMATS: [FormatSpec; 8] = [
    FormatSpec {
        format: Format::SmsXml,
        name: "sms-xml",
        platform: Platform::Sms,
        looks_like: sms_xml::looks_like,
        parse: sms_xml::parse,
        records: Syntax::Xml,
        records_named: "XML value(s)",
        export_names: &[],
        skip_note: None,
    },
    FormatSpec {
        format: Format::SignalMarkdown,
        name: "signal-export",
        platform: Platform::Signal,
        looks_like: signal::markdown::looks_like,
        parse: signal::markdown::parse,
        records: Syntax::Lines,
        records_named: "line(s)",
        export_names: &[],
        skip_note: None,
    },
    FormatSpec {
        format: Format::SignalText,
        name: "signalbackup-tools",
        platform: Platform::Signal,
        looks_like: signal::text::looks_like,
        parse: signal::text::parse,
        records: Syntax::Lines,
        records_named: "line(s)",
        export_names: &[],
        skip_note: None,
    },
    FormatSpec {
        format: Format::IMessageText,
        name: "imessage-exporter",
        platform: Platform::IMessage,
        looks_like: imessage::looks_like,
        parse: imessage::parse,
        records: Syntax::Lines,
        records_named: "line(s)",
        export_names: &[],
        skip_note: None,
    },
    FormatSpec {
        format: Format::WhatsApp,
        name: "whatsapp",
        platform: Platform::WhatsApp,
        looks_like: whatsapp::looks_like,
        parse: whatsapp::parse,
        records: Syntax::Lines,
        records_named: "line(s)",
        export_names: &["_chat.txt", "WhatsApp Chat*"],
        skip_note: None,
    },
    FormatSpec {
        format: Format::Telegram,
        name: "telegram",
        platform: Platform::Telegram,
        looks_like: telegram::looks_like,
        parse: telegram::parse,
        records: Syntax::Json,
        records_named: "JSON string(s)",
        export_names: &["result.json"],
        skip_note: None,
    },
    FormatSpec {
        format: Format::Slack,
        name: "slack",
        platform: Platform::Slack,
        looks_like: slack::looks_like,
        parse: slack::parse,
        records: Syntax::Json,
        records_named: "JSON string(s)",
        export_names: &[],
        skip_note: Some(slack::metadata_note),
    },
    FormatSpec {
        format: Format::Email,
        name: "email",
        platform: Platform::Email,
        looks_like: email::looks_like,
        parse: email::parse,
        records: Syntax::Lines,
        records_named: "line(s)",
        export_names: &[],
        skip_note: None,
    },
];

impl Format {
    /// The format's entry in [`FORMATS`].
    pub fn spec(self) -> &'static FormatSpec {
        FORMATS
            .iter()
            .find(|s| s.format == self)
            .expect("every format has an entry in FORMATS")
    }

    /// The name written in the `format` column of files.csv.
    pub fn as_str(self) -> &'static str {
        self.spec().name
    }

    /// The format named `name` in files.csv.
    pub fn from_name(name: &str) -> Option<Format> {
        FORMATS.iter().find(|s| s.name == name).map(|s| s.format)
    }
}

/// Whether `file_name` is a name some app writes its exports under.
pub fn is_export_name(file_name: &str) -> bool {
    FORMATS
        .iter()
        .flat_map(|s| s.export_names)
        .any(|n| match n.strip_suffix('*') {
            Some(prefix) => file_name.starts_with(prefix),
            None => file_name == *n,
        })
}

/// Why a text file that no format claims is skipped: an export's own note (Slack
/// metadata), else that it is not a messaging export.
pub fn skip_note(file_name: &str, head: &str) -> String {
    FORMATS
        .iter()
        .filter_map(|s| s.skip_note)
        .find_map(|note| note(file_name, head))
        .unwrap_or_else(|| "text file, not a recognised messaging export".into())
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
    /// The content's hash (BLAKE3, hex), when it was taken while reading: see
    /// [`crate::source::digest`].
    fn content_hash(&self) -> Option<String> {
        None
    }
}

/// Decides the format of an input from its file name and the first few KiB of its
/// decoded text: the first entry of [`FORMATS`] that claims it.
pub fn detect(file_name: &str, head: &str) -> Option<Format> {
    FORMATS
        .iter()
        .find(|s| (s.looks_like)(file_name, head))
        .map(|s| s.format)
}

/// Parses `input` as `format`, streaming the conversations to `out`. Every read
/// is capped record by record at `options.max_record_bytes` (see
/// [`crate::formats::cap`]); what was cut is noted in the stats.
pub fn parse(
    format: Format,
    input: &dyn Input,
    options: &ParseOptions,
    out: &mut dyn Visitor,
) -> Result<ParseStats, ParseError> {
    let spec = format.spec();
    let max = options.max_record_bytes;
    let capped = CappedInput::new(input, spec.records, max);
    let mut stats = (spec.parse)(&capped, options, out)?;
    let notes = [
        stats.cut_note.take(),
        capped.log.note(max, spec.records_named),
    ];
    let notes: Vec<String> = notes.into_iter().flatten().collect();
    stats.cut_note = (!notes.is_empty()).then(|| notes.join("; "));
    Ok(stats)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_has_one_entry_and_a_unique_name() {
        let mut names: Vec<&str> = FORMATS.iter().map(|s| s.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), FORMATS.len());
        for spec in &FORMATS {
            assert_eq!(spec.format.spec().name, spec.name);
            assert_eq!(Format::from_name(spec.name), Some(spec.format));
        }
    }

    #[test]
    fn export_names_and_skip_notes_come_from_the_table() {
        assert!(is_export_name("_chat.txt"));
        assert!(is_export_name("WhatsApp Chat with Sam Patel.txt"));
        assert!(is_export_name("result.json"));
        assert!(!is_export_name("notes.txt"));
        assert_eq!(
            skip_note("users.json", "[{\"id\": \"U1\"}]"),
            "Slack metadata (workspace members); no messages in it"
        );
        assert_eq!(
            skip_note("notes.txt", "hello"),
            "text file, not a recognised messaging export"
        );
    }
}
