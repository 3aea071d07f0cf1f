//! From a complete set of examined entries to the reports, with memory of earlier
//! runs: decisions are settled against the registers, reviewed findings set aside,
//! every finding and decision marked `new` or `open` with the date it was first
//! seen, and findings that went away since the last run listed in resolved.csv.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, SecondsFormat, Utc};

use crate::outcome::{FileOutcome, Status};
use crate::publish::Publisher;
use crate::register::Status as DecisionStatus;
use crate::report::{self, summary::OfficeCounts};
use crate::review::Review;
use crate::rules::{Category, Finding};
use crate::scan::{Examined, ScanPlan, ScanSummary};
use crate::settle::{self, DecisionRow};
use crate::state::{Seen, SeenKind, State};

/// Whether a reported row was in the previous run's report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Since {
    /// Not in the previous run's report (or no previous run is known).
    New,
    /// Reported by the previous run too.
    Open,
}

impl Since {
    pub fn as_str(self) -> &'static str {
        match self {
            Since::New => "new",
            Since::Open => "open",
        }
    }
}

/// The history columns of a findings.csv or decisions.csv row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tracked {
    pub since: Since,
    /// The run date it was first reported on (`yyyy-mm-dd`).
    pub first_seen: String,
}

/// A finding the previous run reported that this run does not.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub finding: Finding,
    pub first_seen: String,
    /// The date of the last run that reported it.
    pub last_seen: String,
    /// In plain words: why it is gone.
    pub resolution: String,
}

/// One row of reviews.csv: a review and what became of it this run.
#[derive(Debug, Clone)]
pub struct ReviewRow<'a> {
    pub review: &'a Review,
    /// `active`, `expired`, `finding no longer found` or `unknown finding id`.
    pub status: &'static str,
    /// The finding it is about, when known (now or from an earlier run).
    pub finding: Option<Finding>,
}

/// What earlier runs left in the state.
struct History {
    /// The last complete run: id and date.
    previous: Option<(i64, String)>,
    findings: HashMap<String, Seen>,
    decisions: HashMap<String, Seen>,
}

impl History {
    fn load(state: Option<&State>, warn: &mut dyn FnMut(String)) -> History {
        let empty = History {
            previous: None,
            findings: HashMap::new(),
            decisions: HashMap::new(),
        };
        let Some(state) = state else { return empty };
        let loaded = (|| -> anyhow::Result<History> {
            Ok(History {
                previous: state.last_run()?,
                findings: state.seen(SeenKind::Finding)?,
                decisions: state.seen(SeenKind::Decision)?,
            })
        })();
        loaded.unwrap_or_else(|e| {
            warn(format!(
                "cannot read the history in the state ({e}); every finding is reported as new"
            ));
            empty
        })
    }

    fn track(&self, seen: &HashMap<String, Seen>, id: &str, today: &str) -> Tracked {
        let earlier = seen.get(id);
        let open = matches!(
            (earlier, &self.previous),
            (Some(s), Some((prev, _))) if s.last_run == *prev && s.reported
        );
        Tracked {
            since: if open { Since::Open } else { Since::New },
            first_seen: earlier.map_or_else(|| today.to_string(), |s| s.first_seen.clone()),
        }
    }
}

/// Settles, tracks and writes every report for `entries` (in report order).
pub fn report(
    plan: &ScanPlan,
    started: DateTime<Utc>,
    entries: Vec<Examined>,
    mut state: Option<State>,
    warn: &mut dyn FnMut(String),
) -> anyhow::Result<ScanSummary> {
    let today = plan.settle.as_of.to_string();
    let mut outcomes: Vec<(String, FileOutcome)> = Vec::new();
    let mut findings = Vec::new();
    let mut candidates = Vec::new();
    for e in entries {
        outcomes.extend(e.result.outcomes.into_iter().map(|o| (e.office.clone(), o)));
        findings.extend(e.result.findings);
        candidates.extend(e.result.decisions);
    }
    let register = &plan.register.entries;
    let (decisions, decision_findings, unmatched) =
        settle::settle(candidates, register, &plan.rules, &plan.settle);
    findings.extend(decision_findings);
    report::findings::sort(&mut findings);

    let history = History::load(state.as_ref(), warn);
    let run = match state.as_ref().map(|s| s.begin_run(&iso(started), &today)) {
        Some(Ok(id)) => Some(id),
        Some(Err(e)) => {
            warn(format!(
                "cannot record this run in the state ({e}); the next run will not know it"
            ));
            state = None;
            None
        }
        None => None,
    };

    let (reviewed, reported): (Vec<Finding>, Vec<Finding>) = findings.into_iter().partition(|f| {
        plan.reviews
            .get(&f.id)
            .is_some_and(|r| r.holds_on(plan.settle.as_of))
    });
    let finding_rows: Vec<(Finding, Tracked)> = reported
        .into_iter()
        .map(|f| {
            let t = history.track(&history.findings, &f.id, &today);
            (f, t)
        })
        .collect();
    let decision_rows: Vec<(DecisionRow, Tracked)> = decisions
        .into_iter()
        .map(|d| {
            let t = history.track(&history.decisions, &d.id, &today);
            (d, t)
        })
        .collect();
    let reported_ids: HashSet<&str> = finding_rows.iter().map(|(f, _)| f.id.as_str()).collect();
    let reviewed_ids: HashSet<&str> = reviewed.iter().map(|f| f.id.as_str()).collect();
    let resolved = resolved(
        &history,
        &reported_ids,
        &reviewed_ids,
        &decision_rows,
        &outcomes,
    );
    let review_rows = review_rows(plan, &history, &finding_rows, &reviewed, warn);

    let mut offices: BTreeMap<String, OfficeCounts> = BTreeMap::new();
    for (office, o) in &outcomes {
        let messages = if o.format == "zip" { 0 } else { o.messages };
        offices
            .entry(office.clone())
            .or_default()
            .file(o.status, messages);
    }
    for (f, t) in &finding_rows {
        let counts = offices.entry(f.office.clone()).or_default();
        counts.finding(f);
        counts.new += u64::from(t.since == Since::New);
    }
    for f in &reviewed {
        offices.entry(f.office.clone()).or_default().reviewed += 1;
    }
    for r in &resolved {
        offices
            .entry(r.finding.office.clone())
            .or_default()
            .resolved += 1;
    }
    for (d, _) in &decision_rows {
        offices
            .entry(d.candidate.office.clone())
            .or_default()
            .decision(d.status, d.days_outstanding);
    }

    let rows: Vec<FileOutcome> = outcomes.into_iter().map(|(_, o)| o).collect();
    let publisher = Publisher::start(&plan.out, started, plan.keep_history)?;
    let dir = publisher.dir();
    let csv = &plan.csv;
    report::files::write(dir, &rows, csv)?;
    report::findings::write(dir, &finding_rows, csv)?;
    report::decisions::write(dir, &decision_rows, csv)?;
    report::decisions::write_unmatched(dir, register, &unmatched, csv)?;
    report::summary::write(dir, &offices, csv)?;
    report::resolved::write(dir, &resolved, csv)?;
    report::reviews::write(dir, &review_rows, csv)?;
    let (reports, archived) = publisher.publish()?;

    if let (Some(state), Some(run)) = (state.as_mut(), run) {
        let seen_finding = |f: &Finding, reported: bool| Seen {
            first_seen: history
                .findings
                .get(&f.id)
                .map_or_else(|| today.clone(), |s| s.first_seen.clone()),
            last_run: run,
            reported,
            row: serde_json::to_string(f).unwrap_or_default(),
        };
        let mut updates: Vec<(SeenKind, &str, Seen)> = Vec::new();
        for (f, _) in &finding_rows {
            updates.push((SeenKind::Finding, &f.id, seen_finding(f, true)));
        }
        for f in &reviewed {
            updates.push((SeenKind::Finding, &f.id, seen_finding(f, false)));
        }
        for (d, t) in &decision_rows {
            let seen = Seen {
                first_seen: t.first_seen.clone(),
                last_run: run,
                reported: true,
                row: String::new(),
            };
            updates.push((SeenKind::Decision, &d.id, seen));
        }
        let updates: Vec<(SeenKind, &str, &Seen)> =
            updates.iter().map(|(k, id, s)| (*k, *id, s)).collect();
        if let Err(e) = state.finish_run(run, &iso(Utc::now()), &updates) {
            warn(format!(
                "cannot record this run's findings in the state ({e}); tomorrow's statuses may say `new` for open findings"
            ));
        }
    }

    let count = |s: Status| rows.iter().filter(|o| o.status == s).count();
    Ok(ScanSummary {
        scanned: count(Status::Scanned),
        skipped: count(Status::Skipped),
        errors: count(Status::Error),
        messages: rows
            .iter()
            .filter(|o| o.format != "zip")
            .map(|o| o.messages)
            .sum(),
        findings: finding_rows.len(),
        findings_new: finding_rows
            .iter()
            .filter(|(_, t)| t.since == Since::New)
            .count(),
        findings_resolved: resolved.len(),
        findings_reviewed: reviewed.len(),
        decisions: decision_rows.len(),
        decisions_overdue: decision_rows
            .iter()
            .filter(|(d, _)| d.status == DecisionStatus::Overdue)
            .count(),
        failing_findings: finding_rows
            .iter()
            .filter(|(f, _)| f.severity >= plan.fail_on)
            .count(),
        reports,
        archived,
        ..ScanSummary::default()
    })
}

/// Findings the previous run reported that are neither reported nor under review now.
fn resolved(
    history: &History,
    reported: &HashSet<&str>,
    reviewed: &HashSet<&str>,
    decisions: &[(DecisionRow, Tracked)],
    outcomes: &[(String, FileOutcome)],
) -> Vec<Resolved> {
    let Some((previous, last_date)) = &history.previous else {
        return Vec::new();
    };
    let files: HashSet<&str> = outcomes
        .iter()
        .map(|(_, o)| o.source_path.as_str())
        .collect();
    let recorded: HashMap<&str, &DecisionRow> = decisions
        .iter()
        .filter(|(d, _)| d.status == DecisionStatus::Recorded)
        .map(|(d, _)| (d.id.as_str(), d))
        .collect();
    let mut gone: Vec<Resolved> = history
        .findings
        .iter()
        .filter(|(id, s)| {
            s.last_run == *previous
                && s.reported
                && !reported.contains(id.as_str())
                && !reviewed.contains(id.as_str())
        })
        .filter_map(|(id, s)| {
            let finding: Finding = serde_json::from_str(&s.row).ok()?;
            let resolution = if let Some(d) = recorded.get(id.as_str())
                && finding.category == Category::UnrecordedDecision
            {
                if d.record_ref.is_empty() {
                    format!("decision now recorded ({})", d.match_reason)
                } else {
                    format!("decision now recorded as {}", d.record_ref)
                }
            } else if !files.contains(finding.source_path.as_str()) {
                "the file is no longer on the drive (moved, renamed or deleted)".to_string()
            } else {
                "no longer found in the file (the export or the rules changed)".to_string()
            };
            Some(Resolved {
                finding,
                first_seen: s.first_seen.clone(),
                last_seen: last_date.clone(),
                resolution,
            })
        })
        .collect();
    let mut findings: Vec<Finding> = gone.iter().map(|r| r.finding.clone()).collect();
    report::findings::sort(&mut findings);
    let order: HashMap<&str, usize> = findings
        .iter()
        .enumerate()
        .map(|(i, f)| (f.id.as_str(), i))
        .collect();
    gone.sort_by_key(|r| order.get(r.finding.id.as_str()).copied());
    gone
}

/// What became of each review; unknown finding ids are warned about.
fn review_rows<'a>(
    plan: &'a ScanPlan,
    history: &History,
    reported: &[(Finding, Tracked)],
    reviewed: &[Finding],
    warn: &mut dyn FnMut(String),
) -> Vec<ReviewRow<'a>> {
    let now_reported: HashMap<&str, &Finding> =
        reported.iter().map(|(f, _)| (f.id.as_str(), f)).collect();
    let now_reviewed: HashMap<&str, &Finding> =
        reviewed.iter().map(|f| (f.id.as_str(), f)).collect();
    plan.reviews
        .rows
        .iter()
        .map(|review| {
            let id = review.finding_id.as_str();
            let (status, finding) = if let Some(f) = now_reviewed.get(id) {
                ("active", Some((*f).clone()))
            } else if let Some(f) = now_reported.get(id) {
                ("expired", Some((*f).clone()))
            } else if let Some(s) = history.findings.get(id) {
                (
                    "finding no longer found",
                    serde_json::from_str(&s.row).ok(),
                )
            } else {
                warn(format!(
                    "{} line {}: finding id {id} is not a finding this or an earlier run reported (a typo, or another report folder?)",
                    plan.reviews.file, review.line
                ));
                ("unknown finding id", None)
            };
            ReviewRow {
                review,
                status,
                finding,
            }
        })
        .collect()
}

/// Appends one line to `out/run.csv` (written even for interrupted runs).
pub fn append_run_line(
    plan: &ScanPlan,
    started: DateTime<Utc>,
    summary: &ScanSummary,
    outcome: &str,
    warn: &mut dyn FnMut(String),
) {
    let line = report::run::RunLine {
        started: iso(started),
        finished: iso(Utc::now()),
        outcome,
        exit_code: summary.exit_code(),
        keys: &plan.keys,
        packs: plan
            .rules
            .packs
            .iter()
            .map(|(n, _)| n.as_str())
            .collect::<Vec<_>>()
            .join("; "),
        as_of: plan.settle.as_of.to_string(),
        shard: plan.shard.map(|s| s.to_string()).unwrap_or_default(),
        summary,
    };
    if let Err(e) = report::run::append(&plan.out, &line, &plan.csv) {
        warn(format!("cannot append to run.csv: {e}"));
    }
}

/// UTC, seconds precision: `2026-11-26T22:15:30Z`.
pub fn iso(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}
