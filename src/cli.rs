//! Command-line arguments (clap) and their validation into a [`ScanPlan`].
//! Raw flags stay dumb; every check happens in [`ScanArgs::plan`], which reports
//! all problems at once.

use std::path::PathBuf;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::{self, Config};
use crate::dates;
use crate::discover::{self, WalkOptions};
use crate::keys;
use crate::part;
use crate::pipeline::Keys;
use crate::plan::ScanPlan;
use crate::register;
use crate::report::CsvOptions;
use crate::review::Reviews;
use crate::rules::{self, ExcerptMode, RuleSet, Severity};
use crate::settle::SettleOptions;
use crate::shard::Shard;

mod flags;

/// Finds record-keeping and security gaps in archived messaging exports
/// (WhatsApp, Telegram, Signal, SMS, iMessage, Slack, e-mail) on shared drives.
#[derive(Debug, Parser)]
#[command(name = "onrecord", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan folders (and .zip exports in them) and write CSV reports.
    ///
    /// Exit codes: 0 clean; 1 findings at or above --fail-on; 3 some files could
    /// not be read (reports still written; files.csv says which); 5 both 1 and 3;
    /// 2 usage or configuration error (nothing scanned); 4 another run is using the
    /// report folder (nothing done); 6 the reports could not be written (--out
    /// read-only, not a folder, disk full); 130 stopped by a signal (no reports written).
    Scan(Box<ScanArgs>),
    /// Combine the outputs of `scan --shard K/N` runs into one report folder,
    /// byte-identical to an unsharded scan with the same flags.
    ///
    /// The flags the shards ran with (--config, --rules, --register, --reviewed,
    /// --timezone, --excerpts, --fail-on, --no-bom; recorded in their parts) are
    /// used unless given; given ones must agree with them. --as-of defaults to the
    /// shards' date. Exit codes as for scan; 2 also when the parts do not belong
    /// together.
    Merge(Box<MergeArgs>),
    /// Inspect the rule packs: list, check samples, explain one rule.
    #[command(subcommand)]
    Rules(RulesCommand),
}

/// `onrecord rules …`.
#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// List every loaded rule: id, kind, severity, description.
    List(RulesArgs),
    /// Load the packs and run every rule's samples; exit 2 on any problem.
    Check(RulesArgs),
    /// Print one rule's documentation and samples.
    Explain {
        /// The rule id.
        id: String,
        #[command(flatten)]
        packs: RulesArgs,
    },
}

/// Which packs to load besides the built-in ones.
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Extra rule pack: a .toml file or a folder of them (repeatable).
    #[arg(long = "rules", value_name = "PATH")]
    pub rules: Vec<PathBuf>,
    /// A pack to check, as `onrecord rules check PATH`.
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,
}

impl RulesArgs {
    /// All user packs named by this command.
    pub fn paths(&self) -> Vec<PathBuf> {
        self.rules
            .iter()
            .cloned()
            .chain(self.path.clone())
            .collect()
    }
}

/// `onrecord scan`.
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Folders (or single files) to scan.
    #[arg(required = true, value_name = "ROOT")]
    pub roots: Vec<PathBuf>,
    #[command(flatten)]
    pub report: ReportArgs,
    /// Worker threads [default: all cores].
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Do not read paths matching this glob (relative to the root; repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Skip files larger than this (e.g. 2GiB); they are listed as skipped.
    #[arg(long, value_name = "SIZE")]
    pub max_file_size: Option<String>,
    /// Follow symbolic links (loops are detected); by default links are listed, not followed.
    #[arg(long)]
    pub follow_links: bool,
    /// Examine only share K of N (1-based), e.g. 2/4, for a job array; the output
    /// folder also gets the part files `onrecord merge` combines.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
}

/// `onrecord merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Output folders of `scan --shard K/N` runs, one per shard.
    #[arg(required = true, value_name = "PART_DIR")]
    pub parts: Vec<PathBuf>,
    #[command(flatten)]
    pub report: ReportArgs,
}

/// What scan and merge share: where reports go, how findings are judged and
/// written, and the nightly state.
#[derive(Debug, Clone, Args)]
pub struct ReportArgs {
    /// Folder the reports are written into (created if missing).
    #[arg(long, default_value = "onrecord-reports", value_name = "DIR")]
    pub out: PathBuf,
    /// Configuration file (TOML): time zone, offices, legal holds, limits.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Extra rule pack: a .toml file or a folder of them (repeatable); rules with the
    /// id of a built-in rule replace it.
    #[arg(long = "rules", value_name = "PATH")]
    pub rules: Vec<PathBuf>,
    /// How much message text reports quote: `redacted` (default) never quotes a
    /// message carrying a classification marking; `full` quotes all; `none` nothing.
    /// [default: redacted]
    #[arg(long, value_name = "MODE")]
    pub excerpts: Option<String>,
    /// Exit 1 when a finding has at least this severity (info, low, medium, high, critical).
    /// [default: high]
    #[arg(long, value_name = "SEVERITY")]
    pub fail_on: Option<String>,
    /// The office's decision register: a CSV, or a workbook (.xlsx, .ods; first
    /// sheet, or FILE#Sheet name). Repeatable, e.g. one per office.
    #[arg(long = "register", value_name = "FILE")]
    pub registers: Vec<PathBuf>,
    /// The date decisions are judged on (yyyy-mm-dd) [default: today]: fixes
    /// "today" so a run can be reproduced.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Time zone for export times that carry none [default: Europe/London].
    #[arg(long, value_name = "IANA")]
    pub timezone: Option<String>,
    /// Write CSV files without the UTF-8 byte-order mark Excel uses to detect UTF-8.
    #[arg(long)]
    pub no_bom: bool,
    /// The state database remembering earlier runs (what each file held, when each
    /// finding was first seen) [default: DIR/onrecord-state.sqlite].
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// Run without a state: read every file, report every finding as new.
    #[arg(long, conflicts_with = "state")]
    pub no_state: bool,
    /// Reviewed findings (CSV or workbook sheet: finding_id, disposition,
    /// reviewer, date, note, expires): findings under a current review leave
    /// findings.csv.
    #[arg(long, value_name = "FILE")]
    pub reviewed: Option<PathBuf>,
    /// Do not draw a progress bar (it is never drawn when stderr is not a terminal).
    #[arg(long, short)]
    pub quiet: bool,
    /// Dated copies of past reports kept under DIR/history/.
    #[arg(long, default_value_t = 60, value_name = "N")]
    pub keep_history: usize,
}

/// Name of the default state file inside the report folder.
pub const STATE_FILE: &str = "onrecord-state.sqlite";

impl ScanArgs {
    /// Validates the arguments and config file into a plan; `Err` lists every problem.
    pub fn plan(&self) -> Result<ScanPlan, Vec<String>> {
        let mut problems = Vec::new();
        for root in &self.roots {
            if !root.exists() {
                problems.push(format!("{}: no such file or folder", root.display()));
            }
        }
        let open_files = crate::jobs::open_file_limit();
        if let Some(jobs) = self.jobs {
            problems.extend(crate::jobs::check(jobs, self.roots.len(), open_files));
        }
        let shard = self.shard.as_deref().and_then(|s| {
            Shard::parse(s)
                .map_err(|e| problems.push(format!("--shard: {e}")))
                .ok()
        });
        let walk = WalkFlags {
            exclude: &self.exclude,
            max_file_size: self.max_file_size.as_deref(),
            follow_links: self.follow_links,
        };
        let mut plan = self.report.plan(walk, None, problems)?;
        plan.roots = discover::label_roots(&self.roots);
        plan.jobs = Some(self.jobs.unwrap_or_else(|| {
            let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
            crate::jobs::default_workers(cores, self.roots.len(), open_files)
        }));
        plan.progress = !self.report.quiet;
        plan.shard = shard;
        Ok(plan)
    }
}

impl MergeArgs {
    /// Validates the arguments into a plan with no roots; `--as-of` defaults to
    /// the date the parts were made for. The parts themselves are checked by
    /// [`part::check`].
    pub fn plan(&self) -> Result<ScanPlan, Vec<String>> {
        let manifest = self.parts.iter().find_map(|p| part::read_manifest(p).ok());
        let parts_date = manifest.as_ref().map(|m| m.as_of.clone());
        let shards = manifest.and_then(|m| m.flags);
        let mut report = self.report.clone();
        if let Some(f) = &shards {
            report.take_omitted(f);
        }
        let walk = WalkFlags {
            exclude: &[],
            max_file_size: None,
            follow_links: false,
        };
        let mut plan = report.plan(walk, parts_date.as_deref(), Vec::new())?;
        if let Some(f) = &shards {
            let conflicts = plan.flags.conflicts(f);
            if !conflicts.is_empty() {
                return Err(conflicts);
            }
        }
        plan.progress = false;
        Ok(plan)
    }
}

/// Walk flags given to scan (merge has none).
struct WalkFlags<'a> {
    exclude: &'a [String],
    max_file_size: Option<&'a str>,
    follow_links: bool,
}

impl ReportArgs {
    fn plan(
        &self,
        flags: WalkFlags<'_>,
        default_as_of: Option<&str>,
        mut problems: Vec<String>,
    ) -> Result<ScanPlan, Vec<String>> {
        let (mut config, config_text) = match &self.config {
            Some(path) => match config::load(path) {
                Ok(c) => (c, std::fs::read(path).unwrap_or_default()),
                Err(e) => {
                    problems.extend(e);
                    (Config::default(), Vec::new())
                }
            },
            None => (Config::default(), Vec::new()),
        };
        if let Some(tz) = &self.timezone {
            match config::parse_timezone(tz) {
                Ok(t) => config.timezone = t,
                Err(e) => problems.push(format!("--timezone: {e}")),
            }
        }
        if let Some(size) = flags.max_file_size {
            match config::parse_size_text(size)
                .and_then(|n| config::check_limit("max-file-size", n))
            {
                Ok(n) => config.max_file_size = Some(n),
                Err(e) => problems.push(format!("--max-file-size: {e}")),
            }
        }
        config.exclude.extend(flags.exclude.iter().cloned());
        config.follow_links |= flags.follow_links;
        let exclude = config::build_globs(&config.exclude).unwrap_or_else(|e| {
            problems.push(format!("--exclude: {e}"));
            Default::default()
        });
        // Parsed here rather than by clap, so a bad value is listed with every
        // other problem instead of stopping at the first.
        let excerpts: Option<ExcerptMode> = choice(
            "--excerpts",
            self.excerpts.as_deref().unwrap_or("redacted"),
            &mut problems,
        );
        let fail_on = choice(
            "--fail-on",
            self.fail_on.as_deref().unwrap_or("high"),
            &mut problems,
        )
        .unwrap_or(Severity::High);
        let excerpts = excerpts.unwrap_or_default();
        let mut rules = rules::config::load(&self.rules).unwrap_or_else(|errors| {
            problems.extend(errors.iter().map(ToString::to_string));
            RuleSet::new(Vec::new(), Vec::new())
        });
        rules::decisions::attach_principals(&mut rules, &config.principals);
        let as_of = match self.as_of.as_deref().or(default_as_of) {
            None => chrono::Utc::now()
                .with_timezone(&config.timezone)
                .date_naive(),
            Some(text) => dates::parse_date(text).unwrap_or_else(|| {
                problems.push(format!("--as-of: {text:?} is not a date (use yyyy-mm-dd)"));
                chrono::NaiveDate::default()
            }),
        };
        let register = match register::load_registers(&self.registers, &config.register_columns) {
            Ok(r) => r,
            Err(errors) => {
                problems.extend(errors.iter().map(|e| format!("--register: {e}")));
                Default::default()
            }
        };
        let reviews = match &self.reviewed {
            Some(path) => Reviews::load(path).unwrap_or_else(|errors| {
                problems.extend(errors.into_iter().map(|e| format!("--reviewed: {e}")));
                Reviews::default()
            }),
            None => Reviews::default(),
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        let state = if self.no_state {
            None
        } else {
            Some(
                self.state
                    .clone()
                    .unwrap_or_else(|| self.out.join(STATE_FILE)),
            )
        };
        let tool_version = env!("CARGO_PKG_VERSION").to_string();
        let examine = keys::digest(&[
            tool_version.as_bytes(),
            rules.digest.as_bytes(),
            &config_text,
            config.timezone.name().as_bytes(),
            excerpts.as_str().as_bytes(),
        ]);
        let walk_key = keys::digest(&[format!(
            "{:?} {:?} {}",
            config.exclude, config.max_file_size, config.follow_links
        )
        .as_bytes()]);
        Ok(ScanPlan {
            settle: SettleOptions {
                as_of,
                deadline_days: config.deadline_days,
                matching: config.matching.clone(),
            },
            register: Arc::new(register),
            roots: Vec::new(),
            out: self.out.clone(),
            walk: WalkOptions {
                exclude,
                follow_links: config.follow_links,
                max_file_size: config.max_file_size,
                own_output: Some(self.out.clone()),
                own_files: crate::publish::own_files(&self.out, state.as_deref()),
            },
            config,
            keys: Keys {
                tool_version,
                rules: rules.digest.clone(),
                examine,
                walk: walk_key,
            },
            rules: Arc::new(rules),
            excerpts,
            fail_on,
            csv: CsvOptions {
                bom: !self.no_bom,
                ..CsvOptions::default()
            },
            jobs: None,
            progress: false,
            state,
            reviews: Arc::new(reviews),
            shard: None,
            keep_history: self.keep_history,
            flags: self.flags(),
        })
    }
}

/// One of a [`ValueEnum`]'s values, by name; a problem naming the choices otherwise.
fn choice<T: ValueEnum>(flag: &str, text: &str, problems: &mut Vec<String>) -> Option<T> {
    T::from_str(text, false).ok().or_else(|| {
        let names: Vec<String> = T::value_variants()
            .iter()
            .filter_map(|v| v.to_possible_value())
            .map(|p| p.get_name().to_string())
            .collect();
        problems.push(format!(
            "{flag}: {text:?} is not one of {}",
            names.join(", ")
        ));
        None
    })
}
