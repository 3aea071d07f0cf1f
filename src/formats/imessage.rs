//! imessage-exporter TXT transcripts (FORMATS.md §4.1).

use crate::formats::{Input, ParseError, ParseOptions};
use crate::model::{ParseStats, Visitor};

pub fn looks_like(_file_name: &str, _head: &str) -> bool {
    false
}

pub fn parse(
    _input: &dyn Input,
    _options: &ParseOptions,
    _out: &mut dyn Visitor,
) -> Result<ParseStats, ParseError> {
    Err(ParseError::Invalid {
        line: None,
        message: "todo".into(),
    })
}
