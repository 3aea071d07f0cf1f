//! WhatsApp chat exports (`.txt`, `_chat.txt` inside `.zip`): FORMATS.md §1.

use crate::formats::{Input, ParseError, ParseOptions};
use crate::model::{ParseStats, Visitor};

/// True when the head of a file reads like a WhatsApp export.
pub fn looks_like(_file_name: &str, _head: &str) -> bool {
    false
}

/// Parses a WhatsApp export, streaming one conversation to `out`.
pub fn parse(
    _input: &dyn Input,
    _options: &ParseOptions,
    _out: &mut dyn Visitor,
) -> Result<ParseStats, ParseError> {
    Err(ParseError::Invalid {
        line: None,
        message: "WhatsApp parser not written yet".into(),
    })
}
