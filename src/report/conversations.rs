//! conversations.csv: one row per conversation, however many exports of it the
//! drive holds (see [`crate::conversation`] for how exports are matched).

use std::io;
use std::path::{Path, PathBuf};

use super::{Cell, CsvFile, CsvOptions};

/// The columns of conversations.csv, in order.
pub const HEADER: [&str; 14] = [
    "conversation_id",
    "platform",
    "title",
    "office",
    "exports",
    "sources",
    "custodians",
    "first_message",
    "last_message",
    "messages",
    "messages_missing",
    "timer_state",
    "decisions",
    "findings",
];

/// One row, laid out by the conversation stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub conversation_id: String,
    pub platform: &'static str,
    pub title: String,
    /// Offices, `; `-joined.
    pub office: String,
    pub exports: u64,
    /// Source paths, `; `-joined, in report order.
    pub sources: String,
    pub custodians: String,
    pub first_message: String,
    pub last_message: String,
    pub messages: u64,
    pub messages_missing: u64,
    pub timer_state: String,
    pub decisions: u64,
    pub findings: u64,
}

/// Writes conversations.csv into `dir`.
pub fn write(
    dir: &Path,
    rows: impl Iterator<Item = Row>,
    options: &CsvOptions,
) -> io::Result<PathBuf> {
    let mut csv = CsvFile::create(dir, "conversations.csv", &HEADER, options)?;
    for r in rows {
        csv.row(&[
            Cell::Text(&r.conversation_id),
            Cell::Text(r.platform),
            Cell::Text(&r.title),
            Cell::Text(&r.office),
            Cell::Count(r.exports),
            Cell::Text(&r.sources),
            Cell::Text(&r.custodians),
            Cell::Text(&r.first_message),
            Cell::Text(&r.last_message),
            Cell::Count(r.messages),
            Cell::Count(r.messages_missing),
            Cell::Text(&r.timer_state),
            Cell::Count(r.decisions),
            Cell::Count(r.findings),
        ])?;
    }
    csv.finish()
}
