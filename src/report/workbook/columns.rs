//! What each report column holds, for report.xlsx: a time, a date, a number, or
//! text (ids and references always text). The vocabulary is the table below,
//! matched on the CSV header; a column it does not name is text, so a new report
//! column lands in the workbook as text until it is listed here.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Tz;

use crate::report::cell;
use crate::rules::Category;

/// How a column's cells are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An ISO 8601 time: a spreadsheet date-time in the configured zone.
    Time,
    /// `yyyy-mm-dd`: a spreadsheet date.
    Date,
    /// A count, size, day count or confidence: a number.
    Number,
    /// An id or reference: text, without the quote that guards it in the CSV.
    Id,
    Text,
}

/// Columns that hold times (and any column named `…_time`).
const TIMES: [&str; 4] = ["message_time", "modified", "started", "finished"];
/// Columns that hold dates (and any column named `…_date`).
const DATES: [&str; 6] = [
    "first_seen",
    "last_seen",
    "date",
    "expires",
    "as_of",
    "date_of_decision",
];
/// Columns that hold numbers (and any column named `files_…`, `findings_…`,
/// `decisions_…`, or after a finding category).
const NUMBERS: [&str; 12] = [
    "size_bytes",
    "conversations",
    "messages",
    "line",
    "review_line",
    "days_outstanding",
    "days_overdue",
    "oldest_overdue_days",
    "confidence",
    "exit_code",
    "findings",
    "secret_or_above",
];
/// Columns that hold ids and references.
const IDS: [&str; 5] = [
    "finding_id",
    "decision_id",
    "record_ref",
    "reference",
    "rule_id",
];

/// The kind of the column headed `name`.
pub fn kind_of(name: &str) -> Kind {
    let is = |list: &[&str]| list.contains(&name);
    if is(&IDS) {
        Kind::Id
    } else if is(&TIMES) || name.ends_with("_time") {
        Kind::Time
    } else if is(&DATES) || name.ends_with("_date") {
        Kind::Date
    } else if is(&NUMBERS)
        || ["files_", "findings_", "decisions_"]
            .iter()
            .any(|p| name.starts_with(p))
        || Category::ALL.iter().any(|c| c.as_str() == name)
    {
        Kind::Number
    } else {
        Kind::Text
    }
}

/// A cell as report.xlsx writes it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Time(NaiveDateTime),
    Date(NaiveDate),
    Number(f64),
    Text(&'a str),
}

/// The CSV cell `text` of a column of kind `kind`; what does not parse as its
/// kind stays text, as written.
pub fn value<'a>(kind: Kind, text: &'a str, zone: Tz) -> Value<'a> {
    let parsed = match kind {
        _ if text.is_empty() => None,
        Kind::Time => local_time(text, zone).map(Value::Time),
        Kind::Date => date(text).map(Value::Date),
        Kind::Number => text
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite() && text.len() <= 15)
            .map(Value::Number),
        Kind::Id => Some(Value::Text(unguarded_id(text))),
        Kind::Text => None,
    };
    parsed.unwrap_or(Value::Text(text))
}

/// `yyyy-mm-dd` (a longer cell is no date).
pub fn date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// An ISO 8601 time in `zone`: with an offset (`2021-04-15T09:14:00+01:00`, `…Z`)
/// it is converted; without one it is taken as written (an export's local time).
pub fn local_time(text: &str, zone: Tz) -> Option<NaiveDateTime> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(zone.from_utc_datetime(&t.naive_utc()).naive_local());
    }
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S").ok()
}

/// An id as the CSV wrote it, less the quote [`cell::safe_id`] put before it: in
/// a workbook it is a text cell and needs none.
fn unguarded_id(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if matches!(cell::safe_id(rest), std::borrow::Cow::Owned(_)) => rest,
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_typed_by_name() {
        assert_eq!(kind_of("message_time"), Kind::Time);
        assert_eq!(kind_of("due_date"), Kind::Date);
        assert_eq!(kind_of("findings_critical"), Kind::Number);
        assert_eq!(kind_of("unrecorded_decision"), Kind::Number);
        assert_eq!(kind_of("decision_id"), Kind::Id);
        assert_eq!(kind_of("conversation"), Kind::Text);
        assert_eq!(kind_of("also_in"), Kind::Text);
    }

    #[test]
    fn cells_convert_or_stay_text() {
        let london = chrono_tz::Europe::London;
        let t = |s| value(Kind::Time, s, london);
        let at = |h, m| {
            Value::Time(
                NaiveDate::from_ymd_opt(2021, 4, 15)
                    .unwrap()
                    .and_hms_opt(h, m, 0)
                    .unwrap(),
            )
        };
        assert_eq!(t("2021-04-15T09:14:00+01:00"), at(9, 14));
        assert_eq!(
            t("2021-04-15T08:14:00Z"),
            at(9, 14),
            "UTC shown in the zone"
        );
        assert_eq!(t("2021-04-15T09:14:00"), at(9, 14));
        assert_eq!(t("soon"), Value::Text("soon"));
        assert_eq!(value(Kind::Number, "-3", london), Value::Number(-3.0));
        assert_eq!(value(Kind::Number, "", london), Value::Text(""));
        assert_eq!(
            value(Kind::Id, "'0123456789012345", london),
            Value::Text("0123456789012345")
        );
        assert_eq!(
            value(Kind::Id, "'=cmd", london),
            Value::Text("'=cmd"),
            "a formula guard stays"
        );
        assert_eq!(value(Kind::Text, "2021", london), Value::Text("2021"));
    }
}
