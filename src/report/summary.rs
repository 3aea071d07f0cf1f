//! summary.csv (one row per office, then a total) and summary-detail.csv (counts
//! per office × category × severity) for the offices that review the gaps.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use super::{Cell, CsvFile, CsvOptions};
use crate::config::ROOT_OFFICE;
use crate::outcome::Status;
use crate::rules::{Category, Finding, Severity};

/// Name of the total row.
pub const ALL_OFFICES: &str = "(all offices)";

/// Per-office counts.
#[derive(Debug, Default, Clone)]
pub struct OfficeCounts {
    pub scanned: u64,
    pub skipped: u64,
    pub errors: u64,
    pub messages: u64,
    pub by_severity: BTreeMap<Severity, u64>,
    pub by_category: BTreeMap<Category, u64>,
    pub cross: BTreeMap<(Category, Severity), u64>,
    /// Findings of a SECRET-or-above marking (see `RuleSet::secret_or_above_rules`).
    pub secret_or_above: u64,
    pub decisions: u64,
    pub recorded: u64,
    pub pending: u64,
    pub overdue: u64,
    /// Days outstanding of the oldest overdue decision.
    pub oldest_overdue_days: Option<i64>,
    /// Findings not in the previous run's report.
    pub new: u64,
    /// Findings the previous run reported that are gone (resolved.csv).
    pub resolved: u64,
    /// Findings under a current review (left out of findings.csv and the counts above).
    pub reviewed: u64,
}

impl OfficeCounts {
    /// True when nothing was counted: no file, finding, decision or review.
    pub fn is_empty(&self) -> bool {
        self.scanned + self.skipped + self.errors == 0
            && self.by_severity.is_empty()
            && self.decisions + self.new + self.resolved + self.reviewed == 0
    }

    /// Counts one files.csv row.
    pub fn file(&mut self, status: Status, messages: u64) {
        match status {
            Status::Scanned => self.scanned += 1,
            Status::Skipped => self.skipped += 1,
            Status::Error => self.errors += 1,
        }
        self.messages += messages;
    }

    /// Counts one decision found in chat.
    pub fn decision(&mut self, status: crate::register::Status, days: i64) {
        use crate::register::Status;
        self.decisions += 1;
        match status {
            Status::Recorded => self.recorded += 1,
            Status::Pending => self.pending += 1,
            Status::Overdue => {
                self.overdue += 1;
                self.oldest_overdue_days =
                    Some(self.oldest_overdue_days.map_or(days, |d| d.max(days)));
            }
        }
    }

    /// Counts one finding.
    pub fn finding(&mut self, f: &Finding) {
        *self.by_severity.entry(f.severity).or_default() += 1;
        *self.by_category.entry(f.category).or_default() += 1;
        *self.cross.entry((f.category, f.severity)).or_default() += 1;
    }

    /// Adds another office's counts (the whole drive is the sum of its offices).
    pub fn add(&mut self, other: &OfficeCounts) {
        self.scanned += other.scanned;
        self.skipped += other.skipped;
        self.errors += other.errors;
        self.messages += other.messages;
        for (k, v) in &other.by_severity {
            *self.by_severity.entry(*k).or_default() += v;
        }
        for (k, v) in &other.by_category {
            *self.by_category.entry(*k).or_default() += v;
        }
        for (k, v) in &other.cross {
            *self.cross.entry(*k).or_default() += v;
        }
        self.secret_or_above += other.secret_or_above;
        self.decisions += other.decisions;
        self.recorded += other.recorded;
        self.pending += other.pending;
        self.overdue += other.overdue;
        self.new += other.new;
        self.resolved += other.resolved;
        self.reviewed += other.reviewed;
        self.oldest_overdue_days = match (self.oldest_overdue_days, other.oldest_overdue_days) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
    }
}

/// Writes summary.csv and summary-detail.csv. The `(root)` office's row (files
/// The offices a report lists, by name: all of them but an empty `(root)` (files
/// directly under a root, when there are none). summary.csv, trend.csv and report.html
/// list the same ones.
pub fn listed(
    offices: &BTreeMap<String, OfficeCounts>,
) -> impl Iterator<Item = (&str, &OfficeCounts)> {
    offices
        .iter()
        .filter(|(k, v)| k.as_str() != ROOT_OFFICE || !v.is_empty())
        .map(|(k, v)| (k.as_str(), v))
}

/// under no configured office) is left out when it holds nothing.
pub fn write(
    dir: &Path,
    offices: &BTreeMap<String, OfficeCounts>,
    options: &CsvOptions,
) -> io::Result<Vec<PathBuf>> {
    let mut header = vec![
        "office",
        "files_scanned",
        "files_skipped",
        "files_error",
        "messages",
    ];
    let sev_cols: Vec<String> = Severity::ALL
        .iter()
        .map(|s| format!("findings_{s}"))
        .collect();
    header.extend(sev_cols.iter().map(String::as_str));
    header.push("secret_or_above");
    header.extend(Category::ALL.iter().map(|c| c.as_str()));
    header.extend([
        "decisions_found",
        "decisions_recorded",
        "decisions_pending",
        "decisions_overdue",
        "oldest_overdue_days",
        "findings_new",
        "findings_resolved",
        "findings_reviewed",
    ]);
    let mut csv = CsvFile::create(dir, "summary.csv", &header, options)?;
    let mut total = OfficeCounts::default();
    let mut rows: Vec<(&str, &OfficeCounts)> = listed(offices).collect();
    for (_, c) in &rows {
        total.add(c);
    }
    rows.push((ALL_OFFICES, &total));
    for (office, c) in &rows {
        let mut cells = vec![
            Cell::Text(office),
            Cell::Count(c.scanned),
            Cell::Count(c.skipped),
            Cell::Count(c.errors),
            Cell::Count(c.messages),
        ];
        cells.extend(
            Severity::ALL
                .iter()
                .map(|s| Cell::Count(*c.by_severity.get(s).unwrap_or(&0))),
        );
        cells.push(Cell::Count(c.secret_or_above));
        cells.extend(
            Category::ALL
                .iter()
                .map(|k| Cell::Count(*c.by_category.get(k).unwrap_or(&0))),
        );
        cells.extend([
            Cell::Count(c.decisions),
            Cell::Count(c.recorded),
            Cell::Count(c.pending),
            Cell::Count(c.overdue),
        ]);
        cells.push(c.oldest_overdue_days.map_or(Cell::Text(""), Cell::Number));
        cells.extend([
            Cell::Count(c.new),
            Cell::Count(c.resolved),
            Cell::Count(c.reviewed),
        ]);
        csv.row(&cells)?;
    }
    let summary = csv.finish()?;
    let mut detail = CsvFile::create(
        dir,
        "summary-detail.csv",
        &["office", "category", "severity", "findings"],
        options,
    )?;
    for (office, c) in rows.iter().take(rows.len() - 1) {
        for ((cat, sev), n) in &c.cross {
            detail.row(&[
                Cell::Text(office),
                Cell::Text(cat.as_str()),
                Cell::Text(sev.as_str()),
                Cell::Count(*n),
            ])?;
        }
    }
    Ok(vec![summary, detail.finish()?])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offices(dir: &Path, root: OfficeCounts) -> Vec<String> {
        let mut map = BTreeMap::new();
        map.insert(ROOT_OFFICE.to_string(), root);
        let mut office = OfficeCounts::default();
        office.file(Status::Scanned, 4);
        map.insert("HMT Private Office".to_string(), office);
        let options = CsvOptions {
            bom: false,
            ..CsvOptions::default()
        };
        write(dir, &map, &options).unwrap();
        std::fs::read_to_string(dir.join("summary.csv"))
            .unwrap()
            .lines()
            .skip(1)
            .map(|l| l.split(',').next().unwrap().to_string())
            .collect()
    }

    #[test]
    fn an_empty_root_office_row_is_left_out_and_a_used_one_kept() {
        let dir = tempfile::tempdir().unwrap();
        let rows = offices(dir.path(), OfficeCounts::default());
        assert_eq!(rows, ["HMT Private Office", ALL_OFFICES]);
        let mut loose = OfficeCounts::default();
        loose.file(Status::Skipped, 0);
        let rows = offices(dir.path(), loose);
        assert_eq!(rows, [ROOT_OFFICE, "HMT Private Office", ALL_OFFICES]);
    }
}
