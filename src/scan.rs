//! The scan pipeline, top to bottom: lock → discover → examine (in parallel, reusing
//! what the state remembers of unchanged files) → report, streamed: each entry's
//! rows go out in report order as soon as it is examined (see [`crate::ordered`]),
//! so memory does not grow with the drive → settle decisions → track what is new,
//! open, reviewed or resolved (see [`crate::nightly`]) → publish.
//!
//! A sharded scan (`--shard K/N`) examines its share of the entries and also streams
//! them into the part files `onrecord merge` combines (see [`crate::part`]); the
//! merge feeds every shard's entries, in report order, through the same reporter,
//! which is why its reports are byte-identical to an unsharded run.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::discover::{self, Discovered, Entry, EntryKind, Root, WalkOptions};
use crate::examine::{self, Context, EntryResult};
use crate::formats::ParseOptions;
use crate::interrupt;
use crate::lock;
use crate::nightly::{self, Reporter};
use crate::ordered;
use crate::part;
use crate::progress::Progress;
use crate::register::Register;
use crate::report::CsvOptions;
use crate::review::Reviews;
use crate::rules::{ExcerptMode, RuleSet, Severity};
use crate::settle::SettleOptions;
use crate::shard::{self, Shard};
use crate::state::{FileRecord, Readers, State};

/// Digests of everything results depend on, to decide what the state may reuse and
/// which shard outputs may be merged.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Keys {
    pub tool_version: String,
    /// The rule packs, by content.
    pub rules: String,
    /// Tool version + rules + configuration + excerpt mode: what one file's results
    /// depend on. A cached result is reused only under the same key.
    pub examine: String,
    /// Excludes, size limit, links: which entries are listed.
    pub walk: String,
}

/// Everything a scan (or a merge, with no roots) needs, validated.
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
    /// The state database; `None` with `--no-state`.
    pub state: Option<PathBuf>,
    pub reviews: Arc<Reviews>,
    pub shard: Option<Shard>,
    /// Dated report folders kept under `out/history/` (0: none).
    pub keep_history: usize,
    pub keys: Keys,
}

/// One discovered entry and what examining it produced: the unit the state caches
/// and shard parts carry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Examined {
    pub report_path: String,
    /// Index of its root (report order breaks path ties by root).
    pub root: usize,
    pub office: String,
    pub result: EntryResult,
}

/// How files were read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadStats {
    /// Files opened and parsed.
    pub parsed: u64,
    /// Files whose results were taken from the state (unchanged since last read).
    pub reused: u64,
}

impl ReadStats {
    fn add(&mut self, other: ReadStats) {
        self.parsed += other.parsed;
        self.reused += other.reused;
    }
}

/// What a run did, for the exit code, the log line and run.csv.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScanSummary {
    pub scanned: usize,
    pub skipped: usize,
    pub errors: usize,
    pub messages: u64,
    /// Rows of findings.csv (reviewed findings excluded).
    pub findings: usize,
    pub findings_new: usize,
    pub findings_resolved: usize,
    pub findings_reviewed: usize,
    pub decisions: usize,
    pub decisions_overdue: usize,
    /// Findings at or above the `--fail-on` severity.
    pub failing_findings: usize,
    pub read: ReadStats,
    /// A signal stopped the run before every file was read: nothing was written.
    pub interrupted: bool,
    pub reports: Vec<PathBuf>,
    /// The dated copy of this run's reports, if kept.
    pub archived: Option<PathBuf>,
}

/// Exit codes schedulers can rely on.
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_USAGE: u8 = 2;
pub const EXIT_INCOMPLETE: u8 = 3;
/// Another run holds the report folder's lock; nothing was done.
pub const EXIT_BUSY: u8 = 4;

impl ScanSummary {
    /// True when some file could not be read, so the reports do not cover everything.
    pub fn is_incomplete(&self) -> bool {
        self.errors > 0
    }

    /// True when a finding reached the `--fail-on` severity.
    pub fn has_findings_at_fail_level(&self) -> bool {
        self.failing_findings > 0
    }

    /// 130 interrupted, 3 incomplete, 1 findings at the fail level, else 0.
    pub fn exit_code(&self) -> u8 {
        if self.interrupted {
            interrupt::EXIT_INTERRUPTED
        } else if self.is_incomplete() {
            EXIT_INCOMPLETE
        } else if self.has_findings_at_fail_level() {
            EXIT_FINDINGS
        } else {
            0
        }
    }
}

/// Entries examined ahead of the one being written, at most, per worker.
const WINDOW_PER_WORKER: usize = 32;

/// Runs a scan and writes its reports into `plan.out`. Warnings (state problems,
/// unknown reviews) go to `warn` as they happen.
pub fn run(plan: &ScanPlan, warn: &mut dyn FnMut(String)) -> anyhow::Result<ScanSummary> {
    let started = Utc::now();
    let _lock = lock::acquire(&plan.out, &started.to_rfc3339())?;
    interrupt::install();
    let workers = plan.jobs.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    });
    let mut state = open_state(plan, warn);
    let run = begin_run(&mut state, started, plan, warn);
    let readers = state.as_ref().and_then(|s| {
        if s.has_files().unwrap_or(false) && !s.has_files_under(&plan.keys.examine).unwrap_or(true)
        {
            warn("the rule packs, configuration or onrecord version changed since the last run: every file is read again".into());
        }
        s.readers(workers, &plan.keys.examine)
            .map_err(|e| warn(format!("cannot read the state ({e}); every file is read")))
            .ok()
    });
    let mut reporter = Reporter::start(plan, started)?;
    let mut part = match plan.shard {
        Some(_) => Some(part::PartWriter::start(&plan.out)?),
        None => None,
    };
    let entries = shard_of(plan, discover::discover(&plan.roots, &plan.walk));
    let progress = Progress::new(plan.progress);
    progress.start(entries.len());
    let parse = ParseOptions {
        timezone: plan.config.timezone,
        date_order: plan.config.date_order,
        max_record_bytes: plan.config.max_record_bytes,
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
    let mut read = ReadStats::default();
    let mut failure: Option<anyhow::Error> = None;
    let mut state_lost: Option<String> = None;
    let complete = ordered::run(
        entries.len(),
        workers,
        WINDOW_PER_WORKER * workers,
        |i, worker| {
            if interrupt::requested() {
                return None;
            }
            let entry = entries[i].discovered(&plan.roots);
            let office = plan.config.office_for(&entry.relative);
            let cache = readers.as_ref().map(|r| (r, worker));
            let (result, stamp, stats) = examine_cached(&entry, &office, &ctx, cache);
            progress.tick();
            let examined = Examined {
                report_path: entry.report_path,
                root: entry.root,
                office,
                result,
            };
            Some((examined, stamp, stats))
        },
        |_, (examined, stamp, stats)| {
            read.add(stats);
            if let (Some(s), Some(run)) = (state.as_mut(), run)
                && let Err(e) = remember(s, run, &plan.keys.examine, &examined, stamp, stats)
            {
                // Results are consumed on worker threads: the warning is given
                // once the workers are done.
                state_lost = Some(format!(
                    "cannot save file results in the state ({e}); the next run reads them again"
                ));
                state = None;
            }
            if failure.is_some() {
                return;
            }
            let written = part
                .as_mut()
                .map_or(Ok(()), |p| p.write(&examined))
                .and_then(|()| reporter.add(examined));
            if let Err(e) = written {
                failure = Some(e);
            }
        },
    );
    progress.finish();
    drop(readers);
    if let Some(w) = state_lost {
        warn(w);
    }
    if let Some(e) = failure {
        reporter.abandon();
        return Err(e.context(format!("cannot write reports in {}", plan.out.display())));
    }
    if !complete {
        if let Some(s) = state.as_mut()
            && let Err(e) = s.commit()
        {
            warn(format!("cannot save file results in the state ({e})"));
        }
        reporter.abandon();
        let summary = ScanSummary {
            interrupted: true,
            read,
            ..ScanSummary::default()
        };
        nightly::append_run_line(plan, started, &summary, "interrupted", warn);
        return Ok(summary);
    }
    if let (Some(s), Some(run)) = (state.as_mut(), run)
        && let Err(e) = s.forget_files_not_in(run)
    {
        warn(format!("cannot tidy the state ({e})"));
    }
    if let (Some(p), Some(shard)) = (part, plan.shard) {
        p.finish(plan, shard, read)?;
    }
    finish(plan, started, reporter, read, state, run, warn)
}

/// Keeps the entries of this run's shard (all of them without `--shard`).
fn shard_of(plan: &ScanPlan, mut entries: Vec<Entry>) -> Vec<Entry> {
    if let Some(s) = plan.shard {
        let owner = shard::assign(entries.iter().map(|e| e.report_path(&plan.roots)), s.count);
        let mut i = 0;
        entries.retain(|_| {
            i += 1;
            owner[i - 1] == s.index
        });
        entries.shrink_to_fit();
    }
    entries
}

/// Records in the state what examining one entry showed.
fn remember(
    state: &mut State,
    run: i64,
    examine_key: &str,
    e: &Examined,
    stamp: Option<Stamp>,
    stats: ReadStats,
) -> anyhow::Result<()> {
    match stamp {
        Some(st) => state.put_file(
            run,
            examine_key,
            &FileRecord {
                path: &e.report_path,
                size: st.size,
                mtime_ns: st.mtime_ns,
                hash: &st.hash,
                result: &e.result,
            },
        ),
        None if stats.reused > 0 => state.touch_file(run, &e.report_path),
        None if stats.parsed > 0 => state.forget_file(&e.report_path),
        None => Ok(()),
    }
}

/// Merges shard outputs (`parts`) into `plan.out`. `Err` with a [`PartsRejected`]
/// when the parts do not belong together or to this merge.
pub fn merge(
    plan: &ScanPlan,
    parts: &[PathBuf],
    warn: &mut dyn FnMut(String),
) -> anyhow::Result<ScanSummary> {
    let started = Utc::now();
    let parts = part::check(parts, plan).map_err(PartsRejected)?;
    let _lock = lock::acquire(&plan.out, &started.to_rfc3339())?;
    let mut state = open_state(plan, warn);
    let run = begin_run(&mut state, started, plan, warn);
    let mut reporter = Reporter::start(plan, started)?;
    let read = match part::read_entries(&parts, |e| reporter.add(e)) {
        Ok(read) => read,
        Err(e) => {
            reporter.abandon();
            return Err(e);
        }
    };
    finish(plan, started, reporter, read, state, run, warn)
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
fn open_state(plan: &ScanPlan, warn: &mut dyn FnMut(String)) -> Option<State> {
    let path = plan.state.as_ref()?;
    match State::open(path) {
        Ok((state, warnings)) => {
            warnings.into_iter().for_each(&mut *warn);
            Some(state)
        }
        Err(e) => {
            warn(format!(
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
    warn: &mut dyn FnMut(String),
) -> Option<i64> {
    let s = state.as_mut()?;
    match s.begin_run(&nightly::iso(started), &plan.settle.as_of.to_string()) {
        Ok(id) => Some(id),
        Err(e) => {
            warn(format!(
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
    warn: &mut dyn FnMut(String),
) -> anyhow::Result<ScanSummary> {
    let mut summary = reporter
        .finish(state, run, warn)
        .with_context(|| format!("cannot write reports in {}", plan.out.display()))?;
    summary.read = read;
    nightly::append_run_line(plan, started, &summary, "complete", warn);
    Ok(summary)
}

/// A file's fingerprint: size, modification time, content hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    pub size: u64,
    pub mtime_ns: i64,
    pub hash: String,
}

/// Examines one entry, or takes its result from the state when the file is
/// unchanged: same size and modification time, or (when only the time moved) the
/// same content hash. `cache` is the state's readers and this worker's number.
fn examine_cached(
    entry: &Discovered,
    office: &str,
    ctx: &Context<'_>,
    cache: Option<(&Readers, usize)>,
) -> (EntryResult, Option<Stamp>, ReadStats) {
    let EntryKind::File { size, modified } = &entry.kind else {
        return (
            examine::examine(entry, office, ctx),
            None,
            ReadStats::default(),
        );
    };
    let parsed = ReadStats {
        parsed: 1,
        reused: 0,
    };
    let reused = ReadStats {
        parsed: 0,
        reused: 1,
    };
    let Some((readers, worker)) = cache else {
        return (examine::examine(entry, office, ctx), None, parsed);
    };
    let mtime_ns = modified.and_then(nanos);
    if let Some(c) = readers.get(worker, &entry.report_path)
        && c.size == *size
    {
        if mtime_ns == Some(c.mtime_ns)
            && let Some(r) = readers.load(worker, &c)
        {
            return (r, None, reused);
        }
        if let Some(stamp) = stamp_of(&entry.path, *size, *modified)
            && stamp.hash == c.hash
            && let Some(mut r) = readers.load(worker, &c)
        {
            if let Some(row) = r.outcomes.first_mut() {
                row.modified = modified.map(|t| examine::iso_time(t, ctx.parse.timezone));
            }
            return (r, Some(stamp), reused);
        }
    }
    let result = examine::examine(entry, office, ctx);
    let stamp = stamp_of(&entry.path, *size, *modified);
    (result, stamp, parsed)
}

/// Hashes a file and returns its stamp if it still has the size and time the walk saw
/// (a file that changed meanwhile is not remembered, so the next run reads it again).
fn stamp_of(path: &Path, size: u64, modified: Option<SystemTime>) -> Option<Stamp> {
    let mtime_ns = nanos(modified?)?;
    let mut hasher = blake3::Hasher::new();
    let file = crate::source::open_regular(path).ok()?;
    hasher.update_reader(file).ok()?;
    let md = std::fs::metadata(path).ok()?;
    (md.len() == size && md.modified().ok().and_then(nanos) == Some(mtime_ns)).then(|| Stamp {
        size,
        mtime_ns,
        hash: hasher.finalize().to_hex().to_string(),
    })
}

fn nanos(t: SystemTime) -> Option<i64> {
    let d = t.duration_since(UNIX_EPOCH).ok()?;
    i64::try_from(d.as_nanos()).ok()
}
