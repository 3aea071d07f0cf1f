//! The validated plan of a scan or merge (made by `cli`), and the builders of each
//! stage's component from it: the walker, the examiner, the report options, the
//! part identity and the run log. A stage receives only its component, never the
//! whole plan (ripgrep's `HiArgs` is the model).

use std::path::PathBuf;
use std::sync::Arc;

use crate::config::Config;
use crate::discover::{Root, WalkOptions, Walker};
use crate::examine::Examiner;
use crate::formats::ParseOptions;
use crate::part::{PartIdentity, ReportFlags};
use crate::pipeline::Keys;
use crate::register::Register;
use crate::report::CsvOptions;
use crate::report::run::RunLog;
use crate::reporter::ReportOptions;
use crate::review::Reviews;
use crate::rules::{ExcerptMode, RuleSet, Severity};
use crate::settle::SettleOptions;
use crate::shard::Shard;

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
    /// The report flags as given, for shard parts and the merge's checks.
    pub flags: ReportFlags,
}

impl ScanPlan {
    /// Worker threads for every stage: `--jobs`, else every core.
    pub fn workers(&self) -> usize {
        self.jobs.unwrap_or_else(|| {
            std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
        })
    }

    /// The discover stage: the roots, how to walk them, on how many threads.
    pub fn walker(&self) -> Walker {
        Walker {
            roots: self.roots.clone(),
            options: self.walk.clone(),
            workers: self.workers(),
        }
    }

    /// The examine stage: parsing options, archive limits, rules and excerpts.
    pub fn examiner(&self) -> Examiner {
        Examiner {
            parse: ParseOptions {
                timezone: self.config.timezone,
                date_order: self.config.date_order,
                max_record_bytes: self.config.max_record_bytes,
            },
            zip: self.config.zip.clone(),
            rules: Arc::clone(&self.rules),
            excerpts: self.excerpts,
            legal_holds: self
                .config
                .legal_holds
                .iter()
                .map(|h| (h.name.clone(), h.date))
                .collect(),
        }
    }

    /// The stages after the entry sinks: settle, track, write and publish.
    pub fn report_options(&self) -> ReportOptions {
        ReportOptions {
            out: self.out.clone(),
            keep_history: self.keep_history,
            csv: self.csv.clone(),
            register: Arc::clone(&self.register),
            settle: self.settle.clone(),
            rules: Arc::clone(&self.rules),
            reviews: Arc::clone(&self.reviews),
            fail_on: self.fail_on,
            timezone: self.config.timezone,
            reread: self.examiner(),
        }
    }

    /// What a shard's part (or a merge's parts) must have been made with.
    pub fn part_identity(&self) -> PartIdentity {
        PartIdentity {
            keys: self.keys.clone(),
            as_of: self.settle.as_of.to_string(),
            roots: self.roots.iter().map(|r| r.label.clone()).collect(),
            flags: self.flags.clone(),
        }
    }

    /// The run log (run.csv) of the report folder.
    pub fn run_log(&self) -> RunLog {
        RunLog {
            out: self.out.clone(),
            keys: self.keys.clone(),
            packs: self
                .rules
                .packs
                .iter()
                .map(|(n, _)| n.as_str())
                .collect::<Vec<_>>()
                .join("; "),
            as_of: self.settle.as_of.to_string(),
            shard: self.shard.map(|s| s.to_string()).unwrap_or_default(),
            csv: self.csv.clone(),
        }
    }
}
