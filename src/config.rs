//! The run configuration file (`--config FILE`, TOML): loaded raw with serde
//! (`deny_unknown_fields`, kebab-case keys), then validated in one go so every
//! problem is reported at once, naming the file and the field.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use chrono_tz::Tz;
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use crate::decision::principals::{self, Principals, RawPrincipal};
use crate::formats::DateOrder;
use crate::register::{MatchSettings, RegisterColumns};
use crate::source::archive::ZipLimits;
use crate::tomlread;

/// The file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawConfig {
    pub timezone: Option<String>,
    /// `day-first` (en-GB, default) or `month-first` (en-US): for dates a file
    /// cannot settle on its own.
    pub date_order: Option<String>,
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Bytes, or a number with a unit: `500MB`, `4GiB`.
    pub max_file_size: Option<toml::Value>,
    /// Longest line, JSON string or XML value read (`1MiB` by default).
    pub max_record_size: Option<toml::Value>,
    pub follow_links: Option<bool>,
    #[serde(default)]
    pub zip: RawZip,
    #[serde(default)]
    pub offices: Vec<RawOffice>,
    #[serde(default)]
    pub legal_holds: Vec<RawLegalHold>,
    #[serde(default)]
    pub decisions: RawDecisions,
    /// Column names of the decision registers (case-insensitive).
    #[serde(default)]
    pub register_columns: RegisterColumns,
    /// The office's decision-makers: their first-person messages and short
    /// replies are decisions, and pronouns can refer to them.
    #[serde(default)]
    pub principals: Vec<RawPrincipal>,
}

/// How decisions are settled against the register, as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawDecisions {
    /// Days a decision may wait for the record (default 30).
    pub deadline_days: Option<u32>,
    /// `us-44-usc-2911`: the US federal 20-day rule.
    pub preset: Option<String>,
    #[serde(default)]
    pub matching: MatchSettings,
}

/// Archive limits as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawZip {
    pub max_entries: Option<usize>,
    pub max_total_size: Option<toml::Value>,
    pub max_ratio: Option<u64>,
    pub max_depth: Option<u32>,
    /// Largest archive inside an archive (held in memory to be read).
    pub max_nested_size: Option<toml::Value>,
}

/// An office and the paths (globs relative to a root) whose exports belong to it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawOffice {
    pub name: String,
    pub paths: Vec<String>,
}

/// A date from which records had to be preserved (an inquiry announcement, a
/// litigation hold): timers running across it are escalated.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawLegalHold {
    pub name: String,
    pub date: String,
}

/// The office of a file under no configured office.
pub const ROOT_OFFICE: &str = "(root)";

/// Validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub timezone: Tz,
    pub date_order: DateOrder,
    pub exclude: Vec<String>,
    pub max_file_size: Option<u64>,
    pub max_record_bytes: usize,
    pub follow_links: bool,
    pub zip: ZipLimits,
    pub offices: Vec<Office>,
    pub legal_holds: Vec<LegalHold>,
    pub deadline_days: u32,
    pub matching: MatchSettings,
    pub register_columns: RegisterColumns,
    pub principals: Principals,
}

/// Default days a chat decision may wait for the official record.
pub const DEFAULT_DEADLINE_DAYS: u32 = 30;

impl Default for Config {
    fn default() -> Self {
        Config {
            timezone: chrono_tz::Europe::London,
            date_order: DateOrder::DayFirst,
            exclude: Vec::new(),
            max_file_size: None,
            max_record_bytes: crate::formats::DEFAULT_MAX_RECORD_BYTES,
            follow_links: false,
            zip: ZipLimits::default(),
            offices: Vec::new(),
            legal_holds: Vec::new(),
            deadline_days: DEFAULT_DEADLINE_DAYS,
            matching: MatchSettings::default(),
            register_columns: RegisterColumns::default(),
            principals: Principals::default(),
        }
    }
}

/// An office with its compiled path globs.
#[derive(Debug, Clone)]
pub struct Office {
    pub name: String,
    pub paths: GlobSet,
}

/// A validated legal hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegalHold {
    pub name: String,
    pub date: NaiveDate,
}

impl Config {
    /// The office a report path belongs to: the first configured office whose globs
    /// match the path relative to its root, else the first folder under the root,
    /// else `(root)`.
    pub fn office_for(&self, relative: &str) -> String {
        if let Some(o) = self.offices.iter().find(|o| o.paths.is_match(relative)) {
            return o.name.clone();
        }
        match relative.split_once('/') {
            Some((first, _)) if !first.is_empty() => first.to_string(),
            _ => ROOT_OFFICE.to_string(),
        }
    }
}

/// Reads and validates a config file; `Err` lists every problem found: unknown keys,
/// wrong types and invalid values alike (see [`crate::tomlread`]).
pub fn load(path: &Path) -> Result<Config, Vec<String>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| vec![format!("{}: cannot read config file: {e}", path.display())])?;
    let (raw, problems) = tomlread::read_document::<RawConfig>(&text);
    let mut problems: Vec<String> = problems
        .iter()
        .map(|p| format!("{}: {p}", path.display()))
        .collect();
    match raw.map(|raw| validate(raw, path)) {
        Some(Ok(config)) if problems.is_empty() => return Ok(config),
        Some(Err(more)) => problems.extend(more),
        _ => {}
    }
    Err(problems)
}

/// The smallest value each limit takes: below it a limit stops ordinary exports
/// being read (a typo such as `max-file-size = 0`, or bytes meant as megabytes).
const FLOORS: [(&str, u64, &str); 7] = [
    ("max-file-size", 1 << 10, "1KiB"),
    ("max-record-size", 1 << 10, "1KiB"),
    ("zip.max-entries", 1, "1"),
    ("zip.max-total-size", 1 << 20, "1MiB"),
    ("zip.max-ratio", 10, "10 (text routinely deflates 10:1)"),
    ("zip.max-depth", 1, "1 (an archive on the drive is depth 1)"),
    ("zip.max-nested-size", 64 << 10, "64KiB"),
];

/// `n` if it is at least the limit's floor, else why not.
pub fn check_limit(field: &str, n: u64) -> Result<u64, String> {
    match FLOORS.iter().find(|(f, _, _)| *f == field) {
        Some((_, floor, shown)) if n < *floor => Err(format!(
            "{n} is below the smallest sensible value, {shown}: nothing real would be read"
        )),
        _ => Ok(n),
    }
}

/// Turns a raw config into a validated one, collecting every problem.
pub fn validate(raw: RawConfig, path: &Path) -> Result<Config, Vec<String>> {
    let mut problems = Vec::new();
    let mut bad =
        |field: &str, msg: String| problems.push(format!("{}: {field}: {msg}", path.display()));
    let mut config = Config::default();
    if let Some(tz) = &raw.timezone {
        match parse_timezone(tz) {
            Ok(t) => config.timezone = t,
            Err(e) => bad("timezone", e),
        }
    }
    match raw.date_order.as_deref() {
        None | Some("day-first") => {}
        Some("month-first") => config.date_order = DateOrder::MonthFirst,
        Some(other) => bad(
            "date-order",
            format!("{other:?} is not `day-first` or `month-first`"),
        ),
    }
    if let Err(e) = build_globs(&raw.exclude) {
        bad("exclude", e);
    }
    config.exclude = raw.exclude;
    let mut size = |field: &str, v: &Option<toml::Value>| -> Option<u64> {
        let result = parse_size(v.as_ref()?).and_then(|n| check_limit(field, n));
        result.map_err(|e| bad(field, e)).ok()
    };
    config.max_file_size = size("max-file-size", &raw.max_file_size);
    if let Some(n) = size("max-record-size", &raw.max_record_size) {
        config.max_record_bytes = n.min(usize::MAX as u64) as usize;
    }
    let zip = &mut config.zip;
    if let Some(n) = size("zip.max-total-size", &raw.zip.max_total_size) {
        zip.max_total_bytes = n;
    }
    if let Some(n) = size("zip.max-nested-size", &raw.zip.max_nested_size) {
        zip.max_nested_bytes = n;
    }
    let mut count = |field: &str, v: Option<u64>| -> Option<u64> {
        check_limit(field, v?).map_err(|e| bad(field, e)).ok()
    };
    if let Some(n) = count("zip.max-entries", raw.zip.max_entries.map(|n| n as u64)) {
        zip.max_entries = n as usize;
    }
    if let Some(n) = count("zip.max-ratio", raw.zip.max_ratio) {
        zip.max_ratio = n;
    }
    if let Some(n) = count("zip.max-depth", raw.zip.max_depth.map(u64::from)) {
        zip.max_depth = n as u32;
    }
    config.follow_links = raw.follow_links.unwrap_or(false);
    for (i, o) in raw.offices.into_iter().enumerate() {
        match build_globs(&o.paths) {
            Ok(paths) => config.offices.push(Office {
                name: o.name,
                paths,
            }),
            Err(e) => bad(&format!("offices[{i}] ({}).paths", o.name), e),
        }
    }
    for (i, h) in raw.legal_holds.into_iter().enumerate() {
        match crate::dates::parse_date(&h.date) {
            Some(date) => config.legal_holds.push(LegalHold { name: h.name, date }),
            None => bad(
                &format!("legal-holds[{i}] ({}).date", h.name),
                format!("{:?} is not a date (use yyyy-mm-dd)", h.date),
            ),
        }
    }
    match principals::validate(&raw.principals) {
        Ok(p) => config.principals = p,
        Err(errs) => {
            for e in errs {
                let (field, msg) = e.split_once(": ").unwrap_or(("principals", &e));
                bad(field, msg.to_string());
            }
        }
    }
    if problems.is_empty() {
        Ok(config)
    } else {
        Err(problems)
    }
}

/// An IANA zone name such as `Europe/London`.
pub fn parse_timezone(name: &str) -> Result<Tz, String> {
    name.parse::<Tz>()
        .map_err(|_| format!("{name:?} is not an IANA time zone name (e.g. Europe/London)"))
}

/// Compiles globs matched against `/`-separated paths relative to a root.
pub fn build_globs(patterns: &[String]) -> Result<GlobSet, String> {
    let mut builder = GlobSetBuilder::new();
    for p in patterns {
        let glob = Glob::new(p).map_err(|e| format!("bad glob {p:?}: {e}"))?;
        builder.add(glob);
        // `drafts` or `drafts/` should also exclude what is under the folder.
        if !p.contains('*') {
            let under = format!("{}/**", p.trim_end_matches('/'));
            builder.add(Glob::new(&under).map_err(|e| format!("bad glob {p:?}: {e}"))?);
        }
    }
    builder.build().map_err(|e| e.to_string())
}

/// A size: a plain number of bytes or `N[KB|MB|GB|TB|KiB|MiB|GiB|TiB]`.
pub fn parse_size(value: &toml::Value) -> Result<u64, String> {
    match value {
        toml::Value::Integer(n) if *n >= 0 => Ok(*n as u64),
        toml::Value::String(s) => parse_size_text(s),
        other => Err(format!("{other} is not a size (e.g. 500MB, 4GiB)")),
    }
}

/// Parses `4GiB`, `500MB`, `1024`.
pub fn parse_size_text(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: f64 = num
        .parse()
        .map_err(|_| format!("{s:?} is not a size (e.g. 500MB, 4GiB)"))?;
    let mult: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "kb" => 1_000,
        "mb" => 1_000_000,
        "gb" => 1_000_000_000,
        "tb" => 1_000_000_000_000,
        "kib" | "k" => 1 << 10,
        "mib" | "m" => 1 << 20,
        "gib" | "g" => 1 << 30,
        "tib" | "t" => 1 << 40,
        _ => return Err(format!("{s:?}: unknown size unit {unit:?}")),
    };
    Ok((n * mult as f64) as u64)
}

/// The config file's path, if one was given.
pub fn describe(path: Option<&PathBuf>) -> String {
    path.map(|p| p.display().to_string())
        .unwrap_or_else(|| "(built-in defaults)".into())
}

#[cfg(test)]
#[path = "config_tests.rs"]
mod tests;
