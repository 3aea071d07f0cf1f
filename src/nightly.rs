//! From examined entries to the reports, with memory of earlier runs: decisions
//! are settled against the registers, reviewed findings set aside, every finding
//! and decision marked `new` or `open` with the date it was first seen, and
//! findings that went away since the last run listed in resolved.csv.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use std::sync::Arc;

use anyhow::Context as _;
use chrono::{DateTime, Utc};

use crate::outcome::Status;
use crate::pipeline::{
    Diagnostics, EntrySink, Examined, Provenance, Resolved, ReviewRow, ScanSummary, Since, Tracked,
    iso,
};
use crate::publish::Publisher;
use crate::register::Register;
use crate::register::Status as DecisionStatus;
use crate::report::cell::safe_cell;
use crate::report::{self, CsvFile, CsvOptions, summary::OfficeCounts};
use crate::review::Reviews;
use crate::rules::{Category, Finding, RuleSet, Severity};
use crate::settle::spill::{DecisionSpill, Settled};
use crate::settle::{self, DecisionRow, SettleOptions};
use crate::state::{Seen, SeenKind, State};

/// Builds every report of one run as examined entries arrive, in report order:
/// files.csv rows are written at once, findings and decisions spilled to files in
/// the staging folder (decisions keep a compact register key in memory until they
/// are settled at the end). So memory stays flat however large the drive.
pub struct Reporter<'p> {
    plan: &'p ReportOptions,
    publisher: Publisher,
    files: CsvFile,
    spill: BufWriter<File>,
    spill_path: PathBuf,
    offices: BTreeMap<String, OfficeCounts>,
    decisions: DecisionSpill<'p>,
    summary: ScanSummary,
}

/// Name of the findings spill inside the staging folder (not published).
const SPILL: &str = ".findings.jsonl";
/// Name of the decisions spill inside the staging folder (not published).
const DECISIONS_SPILL: &str = ".decisions.jsonl";

/// The report stages' component: where reports go and what settling, tracking and
/// writing need (built from the plan by `ScanPlan::report_options`).
#[derive(Debug, Clone)]
pub struct ReportOptions {
    pub out: PathBuf,
    /// Dated report folders kept under `out/history/` (0: none).
    pub keep_history: usize,
    pub csv: CsvOptions,
    pub register: Arc<Register>,
    pub settle: SettleOptions,
    pub rules: Arc<RuleSet>,
    pub reviews: Arc<Reviews>,
    /// Findings at or above this severity make the exit code 1.
    pub fail_on: Severity,
}

impl<'p> Reporter<'p> {
    /// Opens the staging folder and starts files.csv.
    pub fn start(plan: &'p ReportOptions, started: DateTime<Utc>) -> anyhow::Result<Self> {
        let publisher = Publisher::start(&plan.out, started, plan.keep_history)
            .with_context(|| format!("cannot create a report folder in {}", plan.out.display()))?;
        let files = report::files::create(publisher.dir(), &plan.csv)?;
        let spill_path = publisher.dir().join(SPILL);
        let spill = BufWriter::new(File::create(&spill_path)?);
        let decisions = DecisionSpill::create(
            publisher.dir().join(DECISIONS_SPILL),
            &plan.register.entries,
            &plan.settle,
        )?;
        Ok(Reporter {
            plan,
            publisher,
            files,
            spill,
            spill_path,
            offices: BTreeMap::new(),
            decisions,
            summary: ScanSummary::default(),
        })
    }

    /// Takes one examined entry (entries must come in report order).
    pub fn add(&mut self, e: &Examined) -> anyhow::Result<()> {
        let counts = self.offices.entry(e.office.clone()).or_default();
        for o in &e.result.outcomes {
            report::files::row(&mut self.files, o)?;
            let messages = if o.format == "zip" { 0 } else { o.messages };
            counts.file(o.status, messages);
            match o.status {
                Status::Scanned => self.summary.scanned += 1,
                Status::Skipped => self.summary.skipped += 1,
                Status::Error => self.summary.errors += 1,
            }
            self.summary.messages += messages;
        }
        // Entries arrive in path order and an entry's findings all lie under its
        // path, so sorting within the entry keeps the whole spill in report order.
        let mut findings: Vec<&Finding> = e.result.findings.iter().collect();
        findings.sort_by(|a, b| report::findings::order(a, b));
        for f in findings {
            serde_json::to_writer(&mut self.spill, f)?;
            self.spill.write_all(b"\n")?;
        }
        self.decisions.add(&e.result.decisions)?;
        Ok(())
    }

    /// Drops everything staged (an interrupted or failed run publishes nothing).
    pub fn abandon(self) {
        let _ = std::fs::remove_dir_all(self.publisher.dir());
    }

    /// Settles decisions, tracks history, writes the remaining reports and
    /// publishes them; records the run in the state.
    pub fn finish(
        mut self,
        state: Option<State>,
        run: Option<i64>,
        diag: &mut dyn Diagnostics,
    ) -> anyhow::Result<ScanSummary> {
        let plan = self.plan;
        let today = plan.settle.as_of.to_string();
        let dir = self.publisher.dir().to_path_buf();
        let csv = &plan.csv;
        self.files.finish()?;
        self.spill.flush()?;
        drop(self.spill);

        let register = &plan.register.entries;
        let decisions = self.decisions.finish()?;
        let decision_findings = decisions
            .rows_in_finding_order()?
            .filter_map(|row| match row {
                Ok(row) => settle::finding_for(&row, &plan.rules, &plan.settle).map(Ok),
                Err(e) => Some(Err(e)),
            });

        let mut history = History::new(state, run, diag);
        let mut summary = self.summary;
        let mut offices = self.offices;
        let mut reviewed_now: HashMap<String, Finding> = HashMap::new();
        let mut reported_reviewed: HashMap<String, Finding> = HashMap::new();
        let mut out = report::findings::create(&dir, csv)?;
        let spilled = BufReader::new(File::open(&self.spill_path)?)
            .lines()
            .map(|line| -> anyhow::Result<Finding> { Ok(serde_json::from_str(&line?)?) });
        for f in merge_sorted(spilled, decision_findings) {
            let f = f?;
            let review = plan.reviews.get(&f.id);
            let row = serde_json::to_string(&f)?;
            if review.is_some_and(|r| r.holds_on(plan.settle.as_of)) {
                history.saw(SeenKind::Finding, &f.id, false, &row, diag);
                offices.entry(f.office.clone()).or_default().reviewed += 1;
                summary.findings_reviewed += 1;
                reviewed_now.insert(f.id.clone(), f);
                continue;
            }
            let t = history.track(SeenKind::Finding, &f.id, &today, diag);
            history.saw(SeenKind::Finding, &f.id, true, &row, diag);
            report::findings::row(&mut out, &f, &t)?;
            let counts = offices.entry(f.office.clone()).or_default();
            counts.finding(&f);
            summary.findings += 1;
            if t.since == Since::New {
                counts.new += 1;
                summary.findings_new += 1;
            }
            if f.severity >= plan.fail_on {
                summary.failing_findings += 1;
            }
            if review.is_some() {
                reported_reviewed.insert(f.id.clone(), f);
            }
        }
        out.finish()?;
        std::fs::remove_file(&self.spill_path)?;

        let mut out = report::decisions::create(&dir, csv)?;
        for d in decisions.rows()? {
            let d = d?;
            let t = history.track(SeenKind::Decision, &d.id, &today, diag);
            history.saw(SeenKind::Decision, &d.id, true, "", diag);
            report::decisions::row(&mut out, &d, &t)?;
            offices
                .entry(d.candidate.office.clone())
                .or_default()
                .decision(d.status, d.days_outstanding);
            summary.decisions += 1;
            if d.status == DecisionStatus::Overdue {
                summary.decisions_overdue += 1;
            }
        }
        out.finish()?;
        report::decisions::write_unmatched(&dir, register, &decisions.unmatched_entries, csv)?;

        let resolved = history.resolved(&decisions, &dir, csv, diag)?;
        decisions.remove()?;
        for r in &resolved {
            offices
                .entry(r.finding.office.clone())
                .or_default()
                .resolved += 1;
        }
        summary.findings_resolved = resolved.len();
        report::resolved::write(&dir, &resolved, csv)?;

        let review_rows: Vec<ReviewRow<'_>> = plan
            .reviews
            .rows
            .iter()
            .map(|review| {
                let id = review.finding_id.as_str();
                let (status, finding) = if let Some(f) = reviewed_now.get(id) {
                    ("active", Some(f.clone()))
                } else if let Some(f) = reported_reviewed.get(id) {
                    ("expired", Some(f.clone()))
                } else if let Some(s) = history.earlier(SeenKind::Finding, id, diag) {
                    ("finding no longer found", serde_json::from_str(&s.row).ok())
                } else {
                    diag.warn(format!(
                        "{} line {}: finding id {id} is not a finding this or an earlier run reported ({})",
                        plan.reviews.file,
                        review.line,
                        if looks_spreadsheet_mangled(id) {
                            "a spreadsheet turned the id into a number: format the finding_id column as Text and paste the id again"
                        } else {
                            "a typo, or another report folder?"
                        }
                    ));
                    ("unknown finding id", None)
                };
                ReviewRow {
                    review,
                    status,
                    finding,
                }
            })
            .collect();
        report::reviews::write(&dir, &review_rows, csv)?;
        report::summary::write(&dir, &offices, csv)?;
        let (reports, archived) = self.publisher.publish()?;
        history.complete(&today, diag);
        summary.reports = reports;
        summary.archived = archived;
        Ok(summary)
    }
}

impl EntrySink for Reporter<'_> {
    fn entry(&mut self, e: &Examined, _: &Provenance) -> anyhow::Result<()> {
        self.add(e)
    }
}

/// Merges two iterators already in report order into one.
fn merge_sorted(
    a: impl Iterator<Item = anyhow::Result<Finding>>,
    b: impl Iterator<Item = anyhow::Result<Finding>>,
) -> impl Iterator<Item = anyhow::Result<Finding>> {
    let mut a = a.peekable();
    let mut b = b.peekable();
    std::iter::from_fn(move || match (a.peek(), b.peek()) {
        (Some(Ok(x)), Some(Ok(y))) => {
            if report::findings::order(x, y).is_le() {
                a.next()
            } else {
                b.next()
            }
        }
        (Some(Err(_)), _) | (Some(_), None) => a.next(),
        _ => b.next(),
    })
}

/// Memory of earlier runs, kept in the state (when there is one). A state error
/// part-way is a warning: the run finishes without history.
struct History {
    state: Option<State>,
    run: Option<i64>,
    /// The last complete run before this one: id and date.
    previous: Option<(i64, String)>,
}

impl History {
    fn new(state: Option<State>, run: Option<i64>, diag: &mut dyn Diagnostics) -> History {
        let mut h = History {
            previous: None,
            run,
            state: if run.is_some() { state } else { None },
        };
        if let Some(s) = &h.state {
            match s.last_run() {
                Ok(p) => h.previous = p,
                Err(e) => h.fail(e, diag),
            }
        }
        h
    }

    fn fail(&mut self, e: anyhow::Error, diag: &mut dyn Diagnostics) {
        diag.warn(format!(
            "the state failed ({e}); this run's statuses may say `new` for open findings and it is not remembered"
        ));
        self.state = None;
    }

    fn earlier(&mut self, kind: SeenKind, id: &str, diag: &mut dyn Diagnostics) -> Option<Seen> {
        let s = self.state.as_ref()?;
        match s.seen(kind, id) {
            Ok(seen) => seen,
            Err(e) => {
                self.fail(e, diag);
                None
            }
        }
    }

    fn track(
        &mut self,
        kind: SeenKind,
        id: &str,
        today: &str,
        diag: &mut dyn Diagnostics,
    ) -> Tracked {
        let earlier = self.earlier(kind, id, diag);
        let open = matches!(
            (&earlier, &self.previous),
            (Some(s), Some((prev, _))) if s.last_run == *prev && s.reported
        );
        Tracked {
            since: if open { Since::Open } else { Since::New },
            first_seen: earlier.map_or_else(|| today.to_string(), |s| s.first_seen),
        }
    }

    fn saw(
        &mut self,
        kind: SeenKind,
        id: &str,
        reported: bool,
        row: &str,
        diag: &mut dyn Diagnostics,
    ) {
        if let Some(s) = self.state.as_mut()
            && let Err(e) = s.saw(kind, id, reported, row)
        {
            self.fail(e, diag);
        }
    }

    /// Findings the previous run reported that this run neither reported nor has
    /// under review, in report order, with why they went away.
    fn resolved(
        &mut self,
        decisions: &Settled<'_>,
        dir: &Path,
        csv: &CsvOptions,
        diag: &mut dyn Diagnostics,
    ) -> anyhow::Result<Vec<Resolved>> {
        let (Some(s), Some((previous, last_date))) = (self.state.as_mut(), self.previous.clone())
        else {
            return Ok(Vec::new());
        };
        let gone = match s.gone_since(previous) {
            Ok(g) => g,
            Err(e) => {
                self.fail(e, diag);
                return Ok(Vec::new());
            }
        };
        let mut gone: Vec<(Finding, Seen)> = gone
            .into_iter()
            .filter_map(|(_, seen)| Some((serde_json::from_str(&seen.row).ok()?, seen)))
            .collect();
        gone.sort_by(|a, b| report::findings::order(&a.0, &b.0));
        let recorded = recorded_among(
            decisions,
            gone.iter()
                .filter(|(f, _)| f.category == Category::UnrecordedDecision)
                .map(|(f, _)| f.id.as_str())
                .collect(),
        )?;
        let present = present_files(dir, gone.iter().map(|(f, _)| f.source_path.as_str()), csv)?;
        Ok(gone
            .into_iter()
            .map(|(finding, seen)| {
                let resolution = match recorded.get(finding.id.as_str()) {
                    Some(d) if finding.category == Category::UnrecordedDecision => {
                        if d.record_ref.is_empty() {
                            format!("decision now recorded ({})", d.match_reason)
                        } else {
                            format!("decision now recorded as {}", d.record_ref)
                        }
                    }
                    _ if !present.contains(&finding.source_path) => {
                        "the file is no longer on the drive (moved, renamed or deleted)".to_string()
                    }
                    _ => {
                        "no longer found in the file (the export or the rules changed)".to_string()
                    }
                };
                Resolved {
                    first_seen: seen.first_seen,
                    last_seen: last_date.clone(),
                    resolution,
                    finding,
                }
            })
            .collect())
    }

    /// Folds this run into the history and marks it complete.
    fn complete(&mut self, today: &str, diag: &mut dyn Diagnostics) {
        if let (Some(s), Some(run)) = (self.state.as_mut(), self.run)
            && let Err(e) = s.finish_run(run, today, &iso(Utc::now()))
        {
            diag.warn(format!(
                "cannot record this run's findings in the state ({e}); tomorrow's statuses may say `new` for open findings"
            ));
        }
    }
}

/// The recorded decisions among `ids` (unrecorded-decision findings that went
/// away), read back from the spill: only these are held, not every decision.
/// Should two decisions share an id, the later one counts.
fn recorded_among(
    decisions: &Settled<'_>,
    ids: HashSet<&str>,
) -> anyhow::Result<HashMap<String, DecisionRow>> {
    let mut recorded = HashMap::new();
    if ids.is_empty() {
        return Ok(recorded);
    }
    for d in decisions.rows()? {
        let d = d?;
        if d.status == DecisionStatus::Recorded && ids.contains(d.id.as_str()) {
            recorded.insert(d.id.clone(), d);
        }
    }
    Ok(recorded)
}

/// Which of `paths` have a row in the staged files.csv (read back, so the set of
/// every file on the drive is never held in memory).
fn present_files<'a>(
    dir: &Path,
    paths: impl Iterator<Item = &'a str>,
    csv: &CsvOptions,
) -> anyhow::Result<HashSet<String>> {
    let wanted: HashMap<String, String> = paths
        .map(|p| (safe_cell(p, csv.max_cell_chars).into_owned(), p.to_string()))
        .collect();
    let mut present = HashSet::new();
    if wanted.is_empty() {
        return Ok(present);
    }
    let file = File::open(dir.join("files.csv"))?;
    let mut reader = csv::ReaderBuilder::new().from_reader(BufReader::new(file));
    for record in reader.records() {
        let record = record?;
        let path = record.get(0).unwrap_or("");
        let path = path.strip_prefix('\u{feff}').unwrap_or(path);
        if let Some(p) = wanted.get(path) {
            present.insert(p.clone());
        }
    }
    Ok(present)
}

/// True for what a spreadsheet makes of a hexadecimal id it took for a number
/// (`1.23457E+15`, or digits that lost their leading zeros).
fn looks_spreadsheet_mangled(id: &str) -> bool {
    id.len() != 16 && id.parse::<f64>().is_ok()
}
