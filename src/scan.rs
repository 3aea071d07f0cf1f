//! The scan pipeline, top to bottom: lock → discover → examine (in parallel, reusing
//! what the state remembers of unchanged files) → settle decisions → track what is
//! new, open, reviewed or resolved → write reports (see [`crate::publish`]).
//!
//! A sharded scan (`--shard K/N`) examines its share of the entries and also writes
//! the part files `onrecord merge` combines (see [`crate::part`]); the merge then
//! runs the same [`finish`] over every shard's entries, which is why its reports are
//! byte-identical to an unsharded run.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::discover::{self, Discovered, EntryKind, Root, WalkOptions};
use crate::examine::{self, Context, EntryResult};
use crate::formats::ParseOptions;
use crate::interrupt;
use crate::lock;
use crate::nightly;
use crate::part;
use crate::progress::Progress;
use crate::register::Register;
use crate::report::CsvOptions;
use crate::review::Reviews;
use crate::rules::{ExcerptMode, RuleSet, Severity};
use crate::settle::SettleOptions;
use crate::shard::{self, Shard};
use crate::state::{CachedFile, FileRecord, State};

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

/// Runs a scan and writes its reports into `plan.out`. Warnings (state problems,
/// unknown reviews) go to `warn` as they happen.
pub fn run(plan: &ScanPlan, warn: &mut dyn FnMut(String)) -> anyhow::Result<ScanSummary> {
    let started = Utc::now();
    let _lock = lock::acquire(&plan.out, &started.to_rfc3339())?;
    interrupt::install();
    let mut state = open_state(plan, warn);
    let cache = match &state {
        Some(s) => s.cached_files(&plan.keys.examine).unwrap_or_else(|e| {
            warn(format!("cannot read the state ({e}); every file is read"));
            HashMap::new()
        }),
        None => HashMap::new(),
    };
    if let Some(s) = &state
        && cache.is_empty()
        && s.file_count().unwrap_or(0) > 0
    {
        warn("the rule packs, configuration or onrecord version changed since the last run: every file is read again".into());
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(plan.jobs.unwrap_or(0))
        .build()
        .context("cannot start worker threads")?;
    let progress = Progress::new(plan.progress);
    let caching = state.is_some().then_some(&cache);
    let exam = pool.install(|| examine_all(plan, &progress, caching));
    progress.finish();
    drop(cache);
    if let Some(s) = &mut state {
        let records: Vec<FileRecord<'_>> = exam
            .entries
            .iter()
            .zip(&exam.stamps)
            .filter_map(|(e, stamp)| {
                stamp.as_ref().map(|st| FileRecord {
                    path: &e.report_path,
                    size: st.size,
                    mtime_ns: st.mtime_ns,
                    hash: &st.hash,
                    result: &e.result,
                })
            })
            .collect();
        let keep: Vec<&str> = exam.listed.iter().map(String::as_str).collect();
        let keep = (!exam.interrupted).then_some(keep.as_slice());
        if let Err(e) = s.store_files(&plan.keys.examine, &records, keep) {
            warn(format!(
                "cannot save file results in the state ({e}); the next run reads them again"
            ));
        }
    }
    if exam.interrupted {
        let summary = ScanSummary {
            interrupted: true,
            read: exam.read,
            ..ScanSummary::default()
        };
        nightly::append_run_line(plan, started, &summary, "interrupted", warn);
        return Ok(summary);
    }
    if let Some(shard) = plan.shard {
        part::write(&plan.out, plan, shard, &exam.entries, exam.read)?;
    }
    finish(plan, started, exam.entries, exam.read, state, warn)
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
    let (entries, read) = part::read_entries(&parts)?;
    let state = open_state(plan, warn);
    finish(plan, started, entries, read, state, warn)
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

/// Settles, tracks and reports a complete set of examined entries (in report order).
pub fn finish(
    plan: &ScanPlan,
    started: DateTime<Utc>,
    entries: Vec<Examined>,
    read: ReadStats,
    state: Option<State>,
    warn: &mut dyn FnMut(String),
) -> anyhow::Result<ScanSummary> {
    let mut summary = nightly::report(plan, started, entries, state, warn)?;
    summary.read = read;
    nightly::append_run_line(plan, started, &summary, "complete", warn);
    Ok(summary)
}

/// What examining produced, in report order.
pub struct Examination {
    pub entries: Vec<Examined>,
    /// Per entry: the fingerprint to remember it under (files read or re-checked
    /// this run); `None` for entries the state already holds as they are, or cannot hold.
    pub stamps: Vec<Option<Stamp>>,
    /// Every report path of this run's share (what the state should keep).
    pub listed: Vec<String>,
    pub read: ReadStats,
    /// A stop was requested: some entries were not examined.
    pub interrupted: bool,
}

/// A file's fingerprint: size, modification time, content hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    pub size: u64,
    pub mtime_ns: i64,
    pub hash: String,
}

/// Discovers this run's share of the entries and examines them in parallel;
/// `cache` (when the state is on) supplies results of unchanged files.
pub fn examine_all(
    plan: &ScanPlan,
    progress: &Progress,
    cache: Option<&HashMap<String, CachedFile>>,
) -> Examination {
    let mut entries = discover::discover(&plan.roots, &plan.walk);
    if let Some(s) = plan.shard {
        let paths: Vec<&str> = entries.iter().map(|e| e.report_path.as_str()).collect();
        let owner = shard::assign(&paths, s.count);
        let mut i = 0;
        entries.retain(|_| {
            i += 1;
            owner[i - 1] == s.index
        });
    }
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
    let done: Vec<Option<(Examined, Option<Stamp>, ReadStats)>> = entries
        .par_iter()
        .map(|entry| {
            if interrupt::requested() {
                return None;
            }
            let office = plan.config.office_for(&entry.relative);
            let (result, stamp, read) = examine_cached(entry, &office, &ctx, cache);
            progress.tick();
            Some((
                Examined {
                    report_path: entry.report_path.clone(),
                    root: entry.root,
                    office,
                    result,
                },
                stamp,
                read,
            ))
        })
        .collect();
    let interrupted = done.iter().any(Option::is_none);
    let mut exam = Examination {
        entries: Vec::with_capacity(done.len()),
        stamps: Vec::with_capacity(done.len()),
        listed: entries.into_iter().map(|e| e.report_path).collect(),
        read: ReadStats::default(),
        interrupted,
    };
    for (examined, stamp, read) in done.into_iter().flatten() {
        exam.entries.push(examined);
        exam.stamps.push(stamp);
        exam.read.add(read);
    }
    exam
}

/// Examines one entry, or takes its result from the state when the file is
/// unchanged: same size and modification time, or (when only the time moved) the
/// same content hash.
fn examine_cached(
    entry: &Discovered,
    office: &str,
    ctx: &Context<'_>,
    cache: Option<&HashMap<String, CachedFile>>,
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
    let Some(cache) = cache else {
        return (examine::examine(entry, office, ctx), None, parsed);
    };
    let mtime_ns = modified.and_then(nanos);
    if let Some(c) = cache.get(&entry.report_path)
        && c.size == *size
    {
        if mtime_ns == Some(c.mtime_ns)
            && let Some(r) = c.decode()
        {
            return (r, None, reused);
        }
        if let Some(stamp) = stamp_of(&entry.path, *size, *modified)
            && stamp.hash == c.hash
            && let Some(mut r) = c.decode()
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
    let file = std::fs::File::open(path).ok()?;
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
