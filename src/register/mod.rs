//! The official decision register: loading the office's decision log (CSV) and
//! reconciling decisions found in chats against it.
//!
//! - [`load_registers`] / [`read_register`]: a CSV with a header row (UTF-8, UTF-16
//!   or a detected legacy code page) or a workbook sheet (see [`crate::table`]). Bad
//!   rows are reported with file and line and loading goes on; a missing required
//!   column is an error.
//! - [`reconcile`]: one-to-one assignment of chat decisions to register entries, by
//!   cited reference or by conversation + date window + subject overlap;
//!   [`RegisterIndex`] reduces each decision to a compact [`DecisionKey`] first, so
//!   a caller can match many thousands without keeping their texts.
//! - [`status`]: recorded / pending / overdue against a deadline.

mod index;
mod load;
mod reconcile;

#[cfg(test)]
mod tests;

use chrono::NaiveDate;

pub use index::{DecisionKey, DecisionKeys, RegisterIndex};
pub use load::{
    Register, RegisterColumns, RegisterError, RegisterField, RowProblem, load_registers,
    read_register,
};
pub use reconcile::{
    ChatDecision, MatchReason, MatchSettings, Reconciliation, RegisterMatch,
    normalise_conversation, normalise_reference, reconcile, reconcile_keys,
};

/// One row of a decision register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterEntry {
    /// The register file, as given to the loader.
    pub file: String,
    /// 1-based line where the row starts (the header is line 1).
    pub line: u64,
    /// As written, trimmed; empty when the row has none (reported as a problem).
    pub reference: String,
    /// `None` when the cell is empty or unreadable (unreadable is reported).
    pub decided_on: Option<NaiveDate>,
    pub recorded_on: Option<NaiveDate>,
    pub decision_maker: String,
    pub conversation: String,
    pub channel: String,
    pub summary: String,
}

/// Where a chat decision stands against the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// A register entry or an in-chat acknowledgement records it.
    Recorded,
    /// Not recorded, still inside the deadline.
    Pending,
    /// Not recorded and the deadline has passed.
    Overdue,
}

impl Status {
    /// The word written in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Recorded => "recorded",
            Status::Pending => "pending",
            Status::Overdue => "overdue",
        }
    }
}

/// The last day a decision made on `decision_date` may reach the record in time:
/// unrecorded, it is overdue from the day after (see [`status`]).
pub fn due_date(decision_date: NaiveDate, deadline_days: u32) -> NaiveDate {
    let days = i64::from(deadline_days) - 1;
    decision_date
        .checked_add_signed(chrono::Duration::days(days))
        .unwrap_or(NaiveDate::MAX)
}

/// The status of a decision made on `decision_date`, as of `as_of`, and the days
/// outstanding (`as_of - decision_date`; 0 when recorded).
///
/// Edge: an unrecorded decision is `Pending` while `days < deadline_days` and
/// `Overdue` from `days == deadline_days` on. With a 20-day deadline, a decision of
/// 1 March is pending up to 20 March (19 days) and overdue on 21 March (20 days).
/// A decision dated after `as_of` is `Pending` with negative days.
pub fn status(
    decision_date: NaiveDate,
    matched: bool,
    as_of: NaiveDate,
    deadline_days: u32,
) -> (Status, i64) {
    if matched {
        return (Status::Recorded, 0);
    }
    let days = (as_of - decision_date).num_days();
    if days < i64::from(deadline_days) {
        (Status::Pending, days)
    } else {
        (Status::Overdue, days)
    }
}
