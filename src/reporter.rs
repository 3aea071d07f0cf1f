//! The entry sink that writes the reports, and the stages after it: files.csv rows
//! go out as entries arrive, findings and decisions are spilled; at the end
//! decisions are settled against the registers (`settle`), reviewed findings set
//! aside, every row tracked as `new` or `open` (`track`), the remaining reports
//! written (`report`) and published (`publish`).

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context as _;
use chrono::{DateTime, Utc};

use crate::conversation::once::{Held, Once};
use crate::conversation::{self, Matched, Stage};
use crate::examine::Examiner;
use crate::outcome::{FileFormat, Status};
use crate::pipeline::{
    self, Diagnostics, EntrySink, Examined, Provenance, ReviewRow, ScanSummary, Since,
};
use crate::publish::Publisher;
use crate::register::Register;
use crate::register::Status as DecisionStatus;
use crate::report::{self, CsvFile, CsvOptions, summary::OfficeCounts};
use crate::review::Reviews;
use crate::rules::{Finding, RuleSet, Severity};
use crate::settle::spill::{DecisionSpill, Settled};
use crate::settle::{self, SettleOptions};
use crate::state::{SeenKind, State};
use crate::track::{History, Presence};

mod stream;

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
    /// Decision candidates held until the conversations are known.
    held: Held,
    conversations: Stage,
    presence: Presence,
    summary: ScanSummary,
    started: DateTime<Utc>,
}

/// Name of the findings spill inside the staging folder (not published).
const SPILL: &str = ".findings.jsonl";
/// Name of the decisions spill inside the staging folder (not published).
const DECISIONS_SPILL: &str = ".decisions.jsonl";
/// Name of the held candidates inside the staging folder (not published).
const HELD: &str = ".candidates.jsonl";

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
    /// The configured zone (report.xlsx shows times in it).
    pub timezone: chrono_tz::Tz,
    /// How to read an export again for the text another export shows deleted
    /// (`deleted-text-survives` excerpts).
    pub reread: Examiner,
}

impl ReportOptions {
    /// What report.xlsx needs beyond the CSVs.
    pub fn workbook_options(&self) -> report::workbook::WorkbookOptions<'_> {
        report::workbook::WorkbookOptions {
            timezone: self.timezone,
            as_of: self.settle.as_of,
            register_columns: &self.register.columns,
        }
    }
}

impl<'p> Reporter<'p> {
    /// Opens the staging folder and starts files.csv.
    pub fn start(
        plan: &'p ReportOptions,
        started: DateTime<Utc>,
        presence: Presence,
    ) -> anyhow::Result<Self> {
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
        let settings = conversation::Settings {
            min_silence: conversation::evidence::min_silence(&plan.rules),
            ..conversation::Settings::default()
        };
        let conversations = Stage::start(publisher.dir(), settings);
        let held = Held::create(publisher.dir().join(HELD))?;
        Ok(Reporter {
            plan,
            held,
            conversations,
            publisher,
            files,
            spill,
            spill_path,
            offices: BTreeMap::new(),
            decisions,
            presence,
            summary: ScanSummary::default(),
            started,
        })
    }

    /// Takes one examined entry (entries must come in report order).
    pub fn add(&mut self, e: &Examined) -> anyhow::Result<()> {
        let (originals, copied) = self.conversations.add(e)?;
        let counts = self.offices.entry(e.office.clone()).or_default();
        for (o, original) in e.result.outcomes.iter().zip(&originals) {
            report::files::row(&mut self.files, o, original.as_deref())?;
            self.presence.note(&o.source_path);
            let messages = if o.format == FileFormat::Archive {
                0
            } else {
                o.messages
            };
            counts.file(o.status, messages);
            match o.status {
                Status::Scanned => self.summary.scanned += 1,
                Status::Skipped => self.summary.skipped += 1,
                Status::Error => {
                    self.summary.errors += 1;
                    if self.summary.first_errors.len() < pipeline::FIRST_ERRORS {
                        self.summary.first_errors.push(o.source_path.clone());
                    }
                }
            }
            self.summary.messages += messages;
        }
        // Entries arrive in path order and an entry's findings all lie under its
        // path, so sorting within the entry keeps the whole spill in report order.
        // A copy's findings and decisions are its original's: not reported again.
        let mut findings: Vec<&Finding> = e
            .result
            .findings
            .iter()
            .filter(|f| !copied.covers(&f.source_path))
            .collect();
        findings.sort_by(|a, b| report::findings::order(a, b));
        for f in findings {
            serde_json::to_writer(&mut self.spill, f)?;
            self.spill.write_all(b"\n")?;
        }
        if copied.is_empty() {
            self.held.add(&e.result.decisions)?;
        } else {
            let kept: Vec<_> = e
                .result
                .decisions
                .iter()
                .filter(|d| !copied.covers(&d.source_path))
                .cloned()
                .collect();
            self.held.add(&kept)?;
        }
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

        let mut matched = self.conversations.finish()?;
        let mut spill = self.decisions;
        let decisions_also_in = self
            .held
            .release(&matched, settle::decision_id, |batch| spill.add(batch))?;
        let decisions = spill.finish()?;
        let mut history = History::new(state, run, diag);
        let mut tally = Tally {
            summary: self.summary,
            offices: self.offices,
            reviewed_now: HashMap::new(),
            reported_reviewed: HashMap::new(),
            page: report::facts::Facts::default(),
        };
        let excerpts = conversation::recall::survivor_excerpts(&matched, &plan.reread);
        let mut evidence = conversation::evidence::findings(&matched, &plan.rules, &excerpts);
        report::findings::sort(&mut evidence);
        let once = stream::counted_once(plan, &self.spill_path, &decisions, &evidence, &matched)?;
        let findings = stream::all_findings(plan, &self.spill_path, &decisions, &evidence)?;
        let mut sinks = Sinks {
            history: &mut history,
            tally: &mut tally,
            matched: &mut matched,
            once: &once,
            decisions_also_in: &decisions_also_in,
        };
        write_findings(plan, &dir, findings, &mut sinks, diag)?;
        std::fs::remove_file(&self.spill_path)?;
        write_decisions(plan, &dir, &decisions, &mut sinks, diag)?;
        report::conversations::write(&dir, matched.rows(), csv)?;

        let resolved = history.resolved(&decisions, &self.presence, diag)?;
        decisions.remove()?;
        for r in &resolved {
            tally.office(&r.finding.office).resolved += 1;
        }
        tally.summary.findings_resolved = resolved.len();
        report::resolved::write(&dir, &resolved, csv)?;

        let review_rows = review_rows(plan, &tally, &mut history, diag);
        report::reviews::write(&dir, &review_rows, &plan.reviews.problems, csv)?;
        report::summary::write(&dir, &tally.offices, csv)?;
        report::workbook::write(&dir, &plan.workbook_options())?;
        let page = report::html::PageInput {
            dir: &dir,
            out: &plan.out,
            as_of: plan.settle.as_of,
            started: self.started,
            offices: &tally.offices,
            facts: &tally.page,
            csv,
        };
        report::html::write(&page, diag)?;
        let (reports, archived) = self.publisher.publish()?;
        history.complete(&today, diag);
        let mut summary = tally.summary;
        summary.reports = reports;
        summary.archived = archived;
        Ok(summary)
    }
}

/// What the writing stage counts as rows go out.
struct Tally {
    summary: ScanSummary,
    offices: BTreeMap<String, OfficeCounts>,
    /// Findings under a current review (left out of findings.csv).
    reviewed_now: HashMap<String, Finding>,
    /// Reported findings whose review has expired.
    reported_reviewed: HashMap<String, Finding>,
    /// What the office page needs beyond the counts.
    page: report::facts::Facts,
}

impl Tally {
    fn office(&mut self, office: &str) -> &mut OfficeCounts {
        self.offices.entry(office.to_string()).or_default()
    }
}

/// What the writing stage updates as rows go out: the history, the counts, and
/// each conversation's counts.
struct Sinks<'s> {
    history: &'s mut History,
    tally: &'s mut Tally,
    matched: &'s mut Matched,
    /// Findings repeating another export's, and the other sources of those kept.
    once: &'s Once,
    /// The other sources of each decision kept, by decision id.
    decisions_also_in: &'s HashMap<String, String>,
}

/// Writes findings.csv from the findings in report order, setting aside those
/// under a current review and tracking the rest.
fn write_findings(
    plan: &ReportOptions,
    dir: &Path,
    findings: impl Iterator<Item = anyhow::Result<Finding>>,
    sinks: &mut Sinks<'_>,
    diag: &mut dyn Diagnostics,
) -> anyhow::Result<()> {
    let (history, tally) = (&mut *sinks.history, &mut *sinks.tally);
    let today = plan.settle.as_of.to_string();
    let mut out = report::findings::create(dir, &plan.csv)?;
    let secret = plan.rules.secret_or_above_rules();
    for (row, f) in findings.enumerate() {
        let f = f?;
        let row = u32::try_from(row)?;
        if sinks.once.repeats.contains_key(&row) {
            continue;
        }
        let also_in = match sinks.decisions_also_in.get(&f.id) {
            Some(also) => also.clone(),
            None => sinks.once.also_in(row),
        };
        let review = plan.reviews.get(&f.id);
        let row = serde_json::to_string(&f)?;
        if review.is_some_and(|r| r.holds_on(plan.settle.as_of)) {
            history.saw(SeenKind::Finding, &f.id, false, &row, diag);
            tally.office(&f.office).reviewed += 1;
            tally.summary.findings_reviewed += 1;
            tally.reviewed_now.insert(f.id.clone(), f);
            continue;
        }
        let t = history.track(SeenKind::Finding, &f.id, &today, diag);
        history.saw(SeenKind::Finding, &f.id, true, &row, diag);
        report::findings::row(&mut out, &f, &t, &also_in)?;
        sinks.matched.count(&f.source_path, &f.conversation, false);
        tally.page.finding(&f);
        let counts = tally.office(&f.office);
        counts.finding(&f);
        counts.secret_or_above += u64::from(secret.contains(f.rule_id.as_str()));
        if t.since == Since::New {
            counts.new += 1;
            tally.summary.findings_new += 1;
        }
        tally.summary.findings += 1;
        tally.summary.by_severity[Severity::ALL
            .iter()
            .position(|s| *s == f.severity)
            .unwrap_or(0)] += 1;
        if f.severity >= plan.fail_on {
            tally.summary.failing_findings += 1;
        }
        if review.is_some() {
            tally.reported_reviewed.insert(f.id.clone(), f);
        }
    }
    out.finish()?;
    Ok(())
}

/// Writes decisions.csv (every decision, tracked) and register-unmatched.csv.
fn write_decisions(
    plan: &ReportOptions,
    dir: &Path,
    decisions: &Settled<'_>,
    sinks: &mut Sinks<'_>,
    diag: &mut dyn Diagnostics,
) -> anyhow::Result<()> {
    let (history, tally) = (&mut *sinks.history, &mut *sinks.tally);
    let today = plan.settle.as_of.to_string();
    let mut out = report::decisions::create(dir, &plan.csv)?;
    for d in decisions.rows()? {
        let d = d?;
        let t = history.track(SeenKind::Decision, &d.id, &today, diag);
        history.saw(SeenKind::Decision, &d.id, true, "", diag);
        let also_in = sinks
            .decisions_also_in
            .get(&d.id)
            .map_or("", String::as_str);
        report::decisions::row(&mut out, &d, &t, also_in)?;
        let c = &d.candidate;
        sinks.matched.count(&c.source_path, &c.conversation, true);
        tally
            .office(&d.candidate.office)
            .decision(d.status, d.days_outstanding);
        tally.page.decision(&d, &plan.settle);
        tally.summary.decisions += 1;
        if d.status == DecisionStatus::Overdue {
            tally.summary.decisions_overdue += 1;
        }
    }
    out.finish()?;
    let register = &plan.register.entries;
    report::decisions::write_unmatched(dir, register, &decisions.unmatched_entries, &plan.csv)?;
    Ok(())
}

/// What became of each review this run, warning about ids no run reported.
fn review_rows<'r>(
    plan: &'r ReportOptions,
    tally: &Tally,
    history: &mut History,
    diag: &mut dyn Diagnostics,
) -> Vec<ReviewRow<'r>> {
    plan.reviews
        .rows
        .iter()
        .map(|review| {
            let id = review.finding_id.as_str();
            let (status, finding) = if let Some(f) = tally.reviewed_now.get(id) {
                ("active", Some(f.clone()))
            } else if let Some(f) = tally.reported_reviewed.get(id) {
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
        .collect()
}

impl EntrySink for Reporter<'_> {
    fn entry(&mut self, e: &Examined, _: &Provenance) -> anyhow::Result<()> {
        self.add(e)
    }
}

/// True for what a spreadsheet makes of a hexadecimal id it took for a number
/// (`1.23457E+15`, or digits that lost their leading zeros).
fn looks_spreadsheet_mangled(id: &str) -> bool {
    id.len() != 16 && id.parse::<f64>().is_ok()
}
