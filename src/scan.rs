//! The scan pipeline, top to bottom: lock → discover → examine (in parallel, reusing
//! what the file cache remembers of unchanged files, see [`crate::cache`]) → entry
//! sinks, streamed: each entry goes to the file cache, the shard part and the
//! reporter in report order as soon as it is examined (see [`crate::ordered`]), so
//! memory does not grow with the drive → settle decisions → track what is new,
//! open, reviewed or resolved (see [`crate::track`]) → write → publish (see
//! [`crate::reporter`]). Each stage gets its component from the plan.
//!
//! A sharded scan (`--shard K/N`) examines its share of the entries and also streams
//! them into the part files `onrecord merge` combines (see [`crate::part`]); the
//! merge feeds every shard's entries, in report order, through the same reporter,
//! which is why its reports are byte-identical to an unsharded run.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use chrono::{DateTime, Utc};

use crate::cache::{CacheWriter, FileCache};
use crate::discover::{Entry, EntryKind, Root};
use crate::interrupt;
use crate::lock;
use crate::ordered;
use crate::part::{self, PartWriter};
use crate::pipeline::{self, Diagnostics, EntrySink, Examined, Origin, ReadStats, ScanSummary};
use crate::plan::ScanPlan;
use crate::progress::Progress;
use crate::report::run::RunLog;
use crate::reporter::Reporter;
use crate::shard::{self, Shard};
use crate::source;
use crate::state::State;
use crate::track::Presence;

/// Entries examined ahead of the one being written, at most, per worker.
const WINDOW_PER_WORKER: usize = 32;

/// Runs a scan and writes its reports into `plan.out`. Warnings (state problems,
/// unknown reviews) go to `diag` as they happen.
pub fn run(plan: &ScanPlan, diag: &mut dyn Diagnostics) -> anyhow::Result<ScanSummary> {
    let started = Utc::now();
    let _lock = lock::acquire(&plan.out, &started.to_rfc3339())?;
    interrupt::install();
    let workers = plan.workers();
    let mut state = open_state(plan.state.as_deref(), diag);
    let run = begin_run(&mut state, started, plan, diag);
    let cache = FileCache::open(state.as_ref(), workers, &plan.keys.examine, diag);
    let presence = Presence::watch(state.as_ref());
    let mut cache_writer = CacheWriter::new(state, run, &plan.keys.examine);
    let report = plan.report_options();
    let mut reporter = Reporter::start(&report, started, presence)?;
    let mut part = match plan.shard {
        Some(_) => Some(PartWriter::start(&plan.out)?),
        None => None,
    };
    let walker = plan.walker();
    let entries = shard_of(&walker.roots, plan.shard, walker.discover());
    let progress = Progress::new(plan.progress, workers);
    progress.start(entries.len(), entries.iter().map(Entry::size).sum());
    let examiner = plan.examiner();
    let mut read = ReadStats::default();
    let mut failure: Option<anyhow::Error> = None;
    let complete = ordered::run(
        entries.len(),
        workers,
        WINDOW_PER_WORKER * workers,
        |i, worker| {
            if interrupt::requested() {
                return None;
            }
            let size = entries[i].size();
            progress.begin(worker, size);
            let entry = entries[i].discovered(&walker.roots);
            let office = plan.config.office_for(&entry.relative);
            let (result, how) = cache.examine(&entry, &office, &examiner, worker);
            progress.end(worker, size);
            let origin = matches!(entry.kind, EntryKind::File { .. }).then(|| Origin {
                path: std::path::absolute(&entry.path).unwrap_or(entry.path),
                depth: source::depth_below_root(&entry.relative),
            });
            let examined = Examined {
                report_path: entry.report_path,
                root: entry.root,
                office,
                result,
                origin,
            };
            Some((examined, how))
        },
        |_, (examined, how)| {
            read.add(how.read);
            // The file cache never fails a run: it warns and drops the state.
            let _ = cache_writer.entry(&examined, &how);
            if failure.is_some() {
                return;
            }
            let written = part
                .as_mut()
                .map_or(Ok(()), |p| p.entry(&examined, &how))
                .and_then(|()| reporter.entry(&examined, &how));
            if let Err(e) = written {
                failure = Some(e);
            }
        },
    );
    progress.finish();
    drop(cache);
    if let Some(e) = failure {
        if let Some(w) = cache_writer.lost_warning() {
            diag.warn(w);
        }
        reporter.abandon();
        return Err(e.context(format!("cannot write reports in {}", plan.out.display())));
    }
    let state = cache_writer.finish(complete, diag);
    if !complete {
        reporter.abandon();
        let summary = ScanSummary {
            interrupted: true,
            read,
            ..ScanSummary::default()
        };
        log_run(&plan.run_log(), started, &summary, "interrupted", diag);
        return Ok(summary);
    }
    if let (Some(p), Some(shard)) = (part, plan.shard) {
        p.finish(&plan.part_identity(), shard, read)?;
    }
    finish(plan, started, reporter, read, state, run, diag)
}

/// Keeps the entries of this run's shard (all of them without `--shard`).
fn shard_of(roots: &[Root], shard: Option<Shard>, mut entries: Vec<Entry>) -> Vec<Entry> {
    if let Some(s) = shard {
        let owner = shard::assign(entries.iter().map(|e| e.report_path(roots)), s.count);
        let mut i = 0;
        entries.retain(|_| {
            i += 1;
            owner[i - 1] == s.index
        });
        entries.shrink_to_fit();
    }
    entries
}

/// Merges shard outputs (`parts`) into `plan.out`. `Err` with a [`PartsRejected`]
/// when the parts do not belong together or to this merge.
pub fn merge(
    plan: &ScanPlan,
    parts: &[PathBuf],
    diag: &mut dyn Diagnostics,
) -> anyhow::Result<ScanSummary> {
    let started = Utc::now();
    let parts = part::check(parts, &plan.part_identity()).map_err(PartsRejected)?;
    let _lock = lock::acquire(&plan.out, &started.to_rfc3339())?;
    let mut state = open_state(plan.state.as_deref(), diag);
    let run = begin_run(&mut state, started, plan, diag);
    let report = plan.report_options();
    let presence = Presence::watch(state.as_ref());
    let mut reporter = Reporter::start(&report, started, presence)?;
    let read = match part::read_entries(&parts, |e| reporter.add(&e)) {
        Ok(read) => read,
        Err(e) => {
            reporter.abandon();
            return Err(e);
        }
    };
    finish(plan, started, reporter, read, state, run, diag)
}

/// The parts given to merge do not belong together: every problem found.
#[derive(Debug)]
pub struct PartsRejected(pub Vec<String>);

impl std::fmt::Display for PartsRejected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the parts cannot be merged:")?;
        for p in &self.0 {
            write!(f, "\n  - {p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for PartsRejected {}

/// Opens the state database, or says why the run goes without one.
fn open_state(path: Option<&Path>, diag: &mut dyn Diagnostics) -> Option<State> {
    match State::open(path?) {
        Ok((state, warnings)) => {
            warnings.into_iter().for_each(|w| diag.warn(w));
            Some(state)
        }
        Err(e) => {
            diag.warn(format!(
                "{e:#}; running without a state (every file is read, every finding is new)"
            ));
            None
        }
    }
}

/// Records the start of this run in the state; on failure the run goes on without it.
fn begin_run(
    state: &mut Option<State>,
    started: DateTime<Utc>,
    plan: &ScanPlan,
    diag: &mut dyn Diagnostics,
) -> Option<i64> {
    let s = state.as_mut()?;
    match s.begin_run(&pipeline::iso(started), &plan.settle.as_of.to_string()) {
        Ok(id) => Some(id),
        Err(e) => {
            diag.warn(format!(
                "cannot record this run in the state ({e}); running without it"
            ));
            *state = None;
            None
        }
    }
}

/// Settles, tracks and publishes what the reporter collected, and logs the run.
fn finish(
    plan: &ScanPlan,
    started: DateTime<Utc>,
    reporter: Reporter<'_>,
    read: ReadStats,
    state: Option<State>,
    run: Option<i64>,
    diag: &mut dyn Diagnostics,
) -> anyhow::Result<ScanSummary> {
    let mut summary = reporter
        .finish(state, run, diag)
        .with_context(|| format!("cannot write reports in {}", plan.out.display()))?;
    summary.read = read;
    log_run(&plan.run_log(), started, &summary, "complete", diag);
    Ok(summary)
}

/// Appends the run's line to run.csv; a failure is a warning.
fn log_run(
    log: &RunLog,
    started: DateTime<Utc>,
    summary: &ScanSummary,
    outcome: &str,
    diag: &mut dyn Diagnostics,
) {
    if let Err(e) = log.append(started, summary, outcome) {
        diag.warn(format!("cannot append to run.csv: {e}"));
    }
}
