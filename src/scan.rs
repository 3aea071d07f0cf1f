//! The scan pipeline, top to bottom: discover → examine (in parallel) → report.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context as _;
use rayon::prelude::*;

use crate::config::Config;
use crate::discover::{self, Root, WalkOptions};
use crate::examine::{self, Context};
use crate::formats::ParseOptions;
use crate::outcome::{FileOutcome, Status};
use crate::progress::Progress;
use crate::register::Register;
use crate::report::{self, CsvOptions, summary::OfficeCounts};
use crate::rules::decisions::Candidate;
use crate::rules::{ExcerptMode, Finding, RuleSet, Severity};
use crate::settle::{self, SettleOptions};

/// Everything a scan needs, validated.
#[derive(Debug, Clone)]
pub struct ScanPlan {
    pub roots: Vec<Root>,
    pub out: PathBuf,
    pub config: Config,
    pub rules: Arc<RuleSet>,
    /// The decision registers, loaded before scanning.
    pub register: Arc<Register>,
    pub settle: SettleOptions,
    pub walk: WalkOptions,
    pub csv: CsvOptions,
    pub excerpts: ExcerptMode,
    /// Findings at or above this severity make the exit code 1.
    pub fail_on: Severity,
    /// Worker threads; `None` uses every core.
    pub jobs: Option<usize>,
    /// Draw a progress bar (on a terminal only).
    pub progress: bool,
}

/// Everything a scan produced, in report order.
#[derive(Debug, Default)]
pub struct ScanResult {
    /// files.csv rows, each paired with the office of its entry.
    pub outcomes: Vec<(String, FileOutcome)>,
    pub findings: Vec<Finding>,
    pub decisions: Vec<Candidate>,
}

/// What a scan did, for the exit code and the closing log line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScanSummary {
    pub scanned: usize,
    pub skipped: usize,
    pub errors: usize,
    pub messages: u64,
    pub findings: usize,
    /// Findings at or above the `--fail-on` severity.
    pub failing_findings: usize,
    pub reports: Vec<PathBuf>,
}

impl ScanSummary {
    /// True when some file could not be read, so the reports do not cover everything.
    pub fn is_incomplete(&self) -> bool {
        self.errors > 0
    }

    /// True when a finding reached the `--fail-on` severity.
    pub fn has_findings_at_fail_level(&self) -> bool {
        self.failing_findings > 0
    }
}

/// Runs a scan and writes its reports into `plan.out`.
pub fn run(plan: &ScanPlan) -> anyhow::Result<ScanSummary> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(plan.jobs.unwrap_or(0))
        .build()
        .context("cannot start worker threads")?;
    let progress = Progress::new(plan.progress);
    let result = pool.install(|| examine_all(plan, &progress));
    progress.finish();
    write_reports(plan, result)
}

/// Discovers and examines every entry; results come back in report order.
pub fn examine_all(plan: &ScanPlan, progress: &Progress) -> ScanResult {
    let entries = discover::discover(&plan.roots, &plan.walk);
    progress.start(entries.len());
    let parse = ParseOptions {
        timezone: plan.config.timezone,
        date_order: plan.config.date_order,
    };
    let holds: Vec<_> = plan
        .config
        .legal_holds
        .iter()
        .map(|h| (h.name.clone(), h.date))
        .collect();
    let ctx = Context {
        parse: &parse,
        zip: &plan.config.zip,
        rules: &plan.rules,
        excerpts: plan.excerpts,
        legal_holds: &holds,
    };
    let per_entry: Vec<_> = entries
        .par_iter()
        .map(|entry| {
            let office = plan.config.office_for(&entry.relative);
            let result = examine::examine(entry, &office, &ctx);
            progress.tick();
            (office, result)
        })
        .collect();
    let mut all = ScanResult::default();
    for (office, r) in per_entry {
        all.outcomes
            .extend(r.outcomes.into_iter().map(|o| (office.clone(), o)));
        all.findings.extend(r.findings);
        all.decisions.extend(r.decisions);
    }
    report::findings::sort(&mut all.findings);
    all
}

fn write_reports(plan: &ScanPlan, mut result: ScanResult) -> anyhow::Result<ScanSummary> {
    let out = &plan.out;
    let entries = &plan.register.entries;
    let candidates = std::mem::take(&mut result.decisions);
    let (decisions, decision_findings, unmatched) =
        settle::settle(candidates, entries, &plan.rules, &plan.settle);
    result.findings.extend(decision_findings);
    report::findings::sort(&mut result.findings);
    std::fs::create_dir_all(out)
        .with_context(|| format!("cannot create report folder {}", out.display()))?;
    let mut offices: BTreeMap<String, OfficeCounts> = BTreeMap::new();
    for (office, o) in &result.outcomes {
        let messages = if o.format == "zip" { 0 } else { o.messages };
        offices
            .entry(office.clone())
            .or_default()
            .file(o.status, messages);
    }
    for f in &result.findings {
        offices.entry(f.office.clone()).or_default().finding(f);
    }
    for d in &decisions {
        offices
            .entry(d.candidate.office.clone())
            .or_default()
            .decision(d.status, d.days_outstanding);
    }
    let rows: Vec<FileOutcome> = result.outcomes.iter().map(|(_, o)| o.clone()).collect();
    let context = || format!("cannot write reports in {}", out.display());
    let mut reports = vec![
        report::files::write(out, &rows, &plan.csv).with_context(context)?,
        report::findings::write(out, &result.findings, &plan.csv).with_context(context)?,
        report::decisions::write(out, &decisions, &plan.csv).with_context(context)?,
        report::decisions::write_unmatched(out, entries, &unmatched, &plan.csv)
            .with_context(context)?,
    ];
    reports.extend(report::summary::write(out, &offices, &plan.csv).with_context(context)?);
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
        findings: result.findings.len(),
        failing_findings: result
            .findings
            .iter()
            .filter(|f| f.severity >= plan.fail_on)
            .count(),
        reports,
    })
}
