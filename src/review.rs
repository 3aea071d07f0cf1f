//! Reviewed findings (`--reviewed FILE`): a CSV records managers keep, one row per
//! finding they looked at — `finding_id, disposition, reviewer, date, note,
//! expires`. A finding under a current review leaves findings.csv and is counted as
//! reviewed in summary.csv; when the review expires it comes back. Every review row
//! is accounted for in reviews.csv, unknown ids included.
//!
//! The file is configuration: a malformed row stops the run before scanning, with
//! the file, line and problem.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;

use crate::dates::parse_date;

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

    /// Loads a reviews file; `Err` lists every problem (file, line, what).
    pub fn load(path: &Path) -> Result<Reviews, Vec<String>> {
        let file = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| vec![format!("{file}: cannot read: {e}")])?;
        let text = String::from_utf8_lossy(&bytes);
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(text.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| vec![format!("{file}: cannot read the header row: {e}")])?
            .iter()
            .map(|h| h.trim().to_lowercase())
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
        let mut problems = Vec::new();
        let mut reviews = Reviews {
            file: file.clone(),
            ..Reviews::default()
        };
        for (i, record) in reader.records().enumerate() {
            let line = i as u64 + 2;
            let record = match record {
                Ok(r) => r,
                Err(e) => {
                    problems.push(format!("{file} line {line}: {e}"));
                    continue;
                }
            };
            let get = |name: &str| {
                col(name)
                    .and_then(|c| record.get(c))
                    .unwrap_or("")
                    .trim()
                    .to_string()
            };
            if record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let mut bad = |what: String| problems.push(format!("{file} line {line}: {what}"));
            // A spreadsheet may have kept the formula-guard quote a report added.
            let id = get("finding_id").trim_start_matches('\'').to_string();
            if id.is_empty() {
                bad("finding_id is empty".into());
                continue;
            }
            let disposition = Disposition::parse(&get("disposition"));
            if disposition.is_none() {
                bad(format!(
                    "disposition {:?} is not one of {}",
                    get("disposition"),
                    Disposition::ALL.map(Disposition::as_str).join(", ")
                ));
            }
            let reviewer = get("reviewer");
            if reviewer.is_empty() {
                bad("reviewer is empty (say who reviewed it)".into());
            }
            let date = parse_date(&get("date"));
            if date.is_none() {
                bad(format!(
                    "date {:?} is not a date (yyyy-mm-dd or dd/mm/yyyy)",
                    get("date")
                ));
            }
            let expires_text = get("expires");
            let expires = if expires_text.is_empty() {
                None
            } else {
                let e = parse_date(&expires_text);
                if e.is_none() {
                    bad(format!(
                        "expires {expires_text:?} is not a date (yyyy-mm-dd or dd/mm/yyyy; leave empty for no expiry)"
                    ));
                }
                e
            };
            if let Some(&earlier) = reviews.by_id.get(&id) {
                bad(format!(
                    "finding {id} is already reviewed on line {} (one row per finding)",
                    reviews.rows[earlier].line
                ));
                continue;
            }
            if let (Some(disposition), Some(date), false) = (disposition, date, reviewer.is_empty())
            {
                reviews.by_id.insert(id.clone(), reviews.rows.len());
                reviews.rows.push(Review {
                    line,
                    finding_id: id,
                    disposition,
                    reviewer,
                    date,
                    note: get("note"),
                    expires,
                });
            }
        }
        if problems.is_empty() {
            Ok(reviews)
        } else {
            Err(problems)
        }
    }
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
    fn every_bad_row_is_reported_with_its_line() {
        let problems = load(
            "finding_id,disposition,reviewer,date,note,expires\n\
             a1,ignore,Jo,2026-11-01,,\n\
             a2,accepted_risk,,yesterday,,\n\
             a3,accepted_risk,Jo,2026-11-01,,soon\n\
             a3,false_positive,Jo,2026-11-01,,\n",
        )
        .unwrap_err();
        let text = problems.join("\n");
        assert_eq!(problems.len(), 5, "{text}");
        assert!(text.contains("line 2: disposition \"ignore\""), "{text}");
        assert!(text.contains("line 3: reviewer is empty"), "{text}");
        assert!(text.contains("line 3: date \"yesterday\""), "{text}");
        assert!(text.contains("line 4: expires \"soon\""), "{text}");
        assert!(
            text.contains("line 5: finding a3 is already reviewed on line 4"),
            "{text}"
        );
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
