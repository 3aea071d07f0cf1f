//! Reviewed findings (`--reviewed FILE`): a CSV records managers keep, one row per
//! finding they looked at — `finding_id, disposition, reviewer, date, note,
//! expires`. A finding under a current review leaves findings.csv and is counted as
//! reviewed in summary.csv; when the review expires it comes back. Every review row
//! is accounted for in reviews.csv, unknown ids included.
//!
//! The file may be a CSV or a workbook sheet (see [`crate::table`]). A file that
//! cannot be used at all (unreadable, a required column missing) stops the run
//! before scanning; a malformed row does not: it is listed in reviews.csv and the
//! log as not applied, and the other rows are applied.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;

use crate::table::Value;

/// Why a finding was set aside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disposition {
    FalsePositive,
    AcceptedRisk,
    RecordedElsewhere,
}

impl Disposition {
    pub const ALL: [Disposition; 3] = [
        Disposition::FalsePositive,
        Disposition::AcceptedRisk,
        Disposition::RecordedElsewhere,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Disposition::FalsePositive => "false_positive",
            Disposition::AcceptedRisk => "accepted_risk",
            Disposition::RecordedElsewhere => "recorded_elsewhere",
        }
    }

    /// Accepts the written words with `_`, `-` or spaces, any case.
    pub fn parse(s: &str) -> Option<Self> {
        let norm = s.trim().to_lowercase().replace(['-', ' '], "_");
        Self::ALL.into_iter().find(|d| d.as_str() == norm)
    }
}

/// One review row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    /// 1-based line in the file (the header is line 1).
    pub line: u64,
    pub finding_id: String,
    pub disposition: Disposition,
    pub reviewer: String,
    pub date: NaiveDate,
    pub note: String,
    /// Last day the review holds; `None`: until withdrawn.
    pub expires: Option<NaiveDate>,
}

impl Review {
    /// True when the review still holds on `day`.
    pub fn holds_on(&self, day: NaiveDate) -> bool {
        self.expires.is_none_or(|e| day <= e)
    }
}

/// The loaded reviews, by finding id.
#[derive(Debug, Clone, Default)]
pub struct Reviews {
    /// The file they came from (empty when none was given).
    pub file: String,
    pub rows: Vec<Review>,
    /// The rows that could not be applied.
    pub problems: Vec<ReviewProblem>,
    /// How the file was read, for the log (a legacy encoding decoded).
    pub notes: Vec<String>,
    by_id: HashMap<String, usize>,
}

/// The columns, as written in the header (any order, any case).
pub const COLUMNS: [&str; 6] = [
    "finding_id",
    "disposition",
    "reviewer",
    "date",
    "note",
    "expires",
];

impl Reviews {
    /// The review of `id`, if any (current or expired).
    pub fn get(&self, id: &str) -> Option<&Review> {
        self.by_id.get(id).map(|&i| &self.rows[i])
    }

    /// Loads a reviews file (CSV or a workbook sheet, see [`crate::table`]). Bad
    /// rows are kept in [`Reviews::problems`] and the others applied; `Err` only
    /// when the file cannot be used at all (unreadable, a column missing).
    pub fn load(path: &Path) -> Result<Reviews, Vec<String>> {
        let table = crate::table::read(path).map_err(|e| vec![e])?;
        let file = table.name.clone();
        let header: Vec<String> = table
            .header
            .iter()
            .map(|h| crate::table::header_key(h))
            .collect();
        let col = |name: &str| header.iter().position(|h| h == name);
        let missing: Vec<&str> = ["finding_id", "disposition", "reviewer", "date"]
            .into_iter()
            .filter(|c| col(c).is_none())
            .collect();
        if !missing.is_empty() {
            return Err(vec![format!(
                "{file}: missing column(s) {} (expected {})",
                missing.join(", "),
                COLUMNS.join(", ")
            )]);
        }
        let mut reviews = Reviews {
            file,
            notes: table.notes.clone(),
            ..Reviews::default()
        };
        for row in &table.rows {
            if row.is_blank() {
                continue;
            }
            let get = |name: &str| col(name).map_or(Value::Text(String::new()), |c| row.get(c));
            // A spreadsheet may have kept the formula-guard quote a report added.
            let id = get("finding_id")
                .text()
                .trim_start_matches('\'')
                .to_string();
            let mut errors = Vec::new();
            if let Err(e) = &row.cells {
                errors.push(e.clone());
            }
            match reviews.review((table.unit, row.line), &id, &get, &mut errors) {
                Some(review) if errors.is_empty() => {
                    reviews.by_id.insert(id, reviews.rows.len());
                    reviews.rows.push(review);
                }
                _ => reviews.problems.push(ReviewProblem {
                    line: row.line,
                    unit: table.unit,
                    finding_id: id,
                    message: errors.join("; "),
                }),
            }
        }
        Ok(reviews)
    }

    /// One row as a review, noting what is wrong with it in `errors`.
    fn review(
        &self,
        (unit, line): (&str, u64),
        id: &str,
        get: &dyn Fn(&str) -> Value,
        errors: &mut Vec<String>,
    ) -> Option<Review> {
        if id.is_empty() {
            errors.push("finding_id is empty".into());
            return None;
        }
        let disposition_text = get("disposition").text();
        let disposition = Disposition::parse(&disposition_text);
        if disposition.is_none() {
            errors.push(format!(
                "disposition {disposition_text:?} is not one of {}",
                Disposition::ALL.map(Disposition::as_str).join(", ")
            ));
        }
        let reviewer = get("reviewer").text();
        if reviewer.is_empty() {
            errors.push("reviewer is empty (say who reviewed it)".into());
        }
        let date = get("date").date();
        if date.is_none() {
            errors.push(format!(
                "date {:?} is not a date (yyyy-mm-dd or dd/mm/yyyy)",
                get("date").text()
            ));
        }
        let expires_cell = get("expires");
        let expires = expires_cell.date();
        if !expires_cell.is_empty() && expires.is_none() {
            errors.push(format!(
                "expires {:?} is not a date (yyyy-mm-dd or dd/mm/yyyy; leave empty for no expiry)",
                expires_cell.text()
            ));
        }
        if let Some(&earlier) = self.by_id.get(id) {
            errors.push(format!(
                "finding {id} is already reviewed on {unit} {} (one row per finding)",
                self.rows[earlier].line
            ));
        }
        Some(Review {
            line,
            finding_id: id.to_string(),
            disposition: disposition?,
            reviewer,
            date: date?,
            note: get("note").text(),
            expires,
        })
    }
}

/// A row of the reviews file that could not be applied: it is listed in
/// reviews.csv and the log, and the finding stays in findings.csv.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewProblem {
    pub line: u64,
    /// `line` (CSV) or `row` (workbook).
    pub unit: &'static str,
    /// As written (may be empty).
    pub finding_id: String,
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Reviews, Vec<String>> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("reviewed.csv");
        std::fs::write(&path, text).unwrap();
        Reviews::load(&path)
    }

    #[test]
    fn rows_load_in_any_column_order_with_excel_dates() {
        let r = load(
            "\u{feff}Reviewer,Finding_ID,Disposition,Date,Expires,Note\r\n\
             A. Clerk,0a1b2c3d4e5f6a7b,false positive,26/11/2026,,Secret Santa list\r\n\
             B. Keeper,'1234,Recorded-Elsewhere,2026-11-20,2026-12-31,on file DOC-9\r\n",
        )
        .unwrap();
        assert_eq!(r.rows.len(), 2);
        let a = r.get("0a1b2c3d4e5f6a7b").unwrap();
        assert_eq!(a.disposition, Disposition::FalsePositive);
        assert_eq!(a.date, NaiveDate::from_ymd_opt(2026, 11, 26).unwrap());
        assert_eq!(a.expires, None);
        let b = r.get("1234").unwrap();
        assert_eq!(b.line, 3);
        assert_eq!(b.disposition, Disposition::RecordedElsewhere);
        let last_day = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
        assert!(b.holds_on(last_day));
        assert!(!b.holds_on(last_day.succ_opt().unwrap()));
    }

    #[test]
    fn every_bad_row_is_listed_with_its_line_and_the_rest_applied() {
        let r = load(
            "finding_id,disposition,reviewer,date,note,expires\n\
             a1,ignore,Jo,2026-11-01,,\n\
             a2,accepted_risk,,yesterday,,\n\
             a3,accepted_risk,Jo,2026-11-01,,soon\n\
             a4,false_positive,Jo,2026-11-01,,\n\
             a4,false_positive,Jo,2026-11-01,,\n",
        )
        .unwrap();
        assert_eq!(r.rows.len(), 1, "{:?}", r.problems);
        assert!(r.get("a4").is_some());
        let lines: Vec<(u64, &str)> = r
            .problems
            .iter()
            .map(|p| (p.line, p.finding_id.as_str()))
            .collect();
        assert_eq!(lines, [(2, "a1"), (3, "a2"), (4, "a3"), (6, "a4")]);
        let text = |line: u64| &r.problems.iter().find(|p| p.line == line).unwrap().message;
        assert!(text(2).contains("disposition \"ignore\""), "{}", text(2));
        assert!(text(3).contains("reviewer is empty"), "{}", text(3));
        assert!(text(3).contains("date \"yesterday\""), "{}", text(3));
        assert!(text(4).contains("expires \"soon\""), "{}", text(4));
        assert!(
            text(6).contains("already reviewed on line 5"),
            "{}",
            text(6)
        );
    }

    #[test]
    fn a_workbook_sheet_reads_with_text_ids_and_date_cells() {
        use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("reviews.xlsx");
        let mut book = Workbook::new();
        let sheet = book.add_worksheet().set_name("Reviewed").unwrap();
        for (c, h) in ["finding_id", "disposition", "reviewer", "date", "expires"]
            .iter()
            .enumerate()
        {
            sheet.write_string(0, c as u16, *h).unwrap();
        }
        let dmy = Format::new().set_num_format("dd/mm/yyyy");
        let day = ExcelDateTime::from_ymd(2026, 11, 26).unwrap();
        sheet.write_string(1, 0, "0123456789012345").unwrap();
        sheet.write_string(1, 1, "accepted risk").unwrap();
        sheet.write_string(1, 2, "A. Clerk").unwrap();
        sheet.write_datetime_with_format(1, 3, &day, &dmy).unwrap();
        sheet.write_string(2, 0, "0a1b2c3d4e5f6a7b").unwrap();
        sheet.write_string(2, 1, "false_positive").unwrap();
        sheet.write_datetime_with_format(2, 3, &day, &dmy).unwrap();
        book.save(&path).unwrap();
        let r = Reviews::load(&path).unwrap();
        let a = r
            .get("0123456789012345")
            .expect("a text id keeps its leading zero");
        assert_eq!(a.date, NaiveDate::from_ymd_opt(2026, 11, 26).unwrap());
        assert_eq!(a.line, 2);
        assert_eq!(r.problems.len(), 1);
        assert_eq!((r.problems[0].unit, r.problems[0].line), ("row", 3));
        assert!(r.problems[0].message.contains("reviewer is empty"));
    }

    #[test]
    fn missing_columns_are_named() {
        let problems = load("id,status\nx,y\n").unwrap_err();
        assert!(
            problems[0].contains("missing column(s) finding_id, disposition, reviewer, date"),
            "{problems:?}"
        );
    }
}
