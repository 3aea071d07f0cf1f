//! Loading rule packs (TOML) and validating them into a [`RuleSet`], reporting
//! every problem at once with the file, rule id and field.
//!
//! A pack is `[pack]` (name, description, `disable = [ids]`) plus `[[rule]]` tables.
//! Every rule is read with serde into a `RawRule` (`id`, `kind`, `description`,
//! `severity`, `must-match`, `must-not-match`); the remaining keys are the kind's own
//! settings, read into the kind's raw struct with `deny_unknown_fields`. The raw
//! rule is then validated into a compiled [`Rule`], collecting every problem.
//! Later packs replace earlier rules with the same id.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;
use toml::de::DeValue;

use crate::tomlread;

use super::finding::Severity;
use super::{Rule, RuleKind, RuleSet, SettingError};

/// The packs compiled into the binary, in load order.
pub const BUILTIN_PACKS: [(&str, &str); 2] = [
    (
        "rules/uk-default.toml",
        include_str!("../../rules/uk-default.toml"),
    ),
    (
        "rules/other-jurisdictions.toml",
        include_str!("../../rules/other-jurisdictions.toml"),
    ),
];

/// `[pack]` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawPack {
    name: Option<String>,
    #[serde(default)]
    description: String,
    #[serde(default)]
    disable: Vec<String>,
}

/// One problem in a rule pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    pub file: String,
    pub rule: Option<String>,
    pub field: Option<String>,
    pub message: String,
}

impl std::fmt::Display for RuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(r) = &self.rule {
            write!(f, ": rule {r:?}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ": {field}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Loads the built-in packs, then each user path (a `.toml` file, or a folder whose
/// `.toml` files load in name order).
pub fn load(user_paths: &[PathBuf]) -> Result<RuleSet, Vec<RuleError>> {
    let mut sources: Vec<(String, String)> = BUILTIN_PACKS
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    let mut errors = Vec::new();
    for path in user_paths {
        match read_pack_files(path) {
            Ok(files) => sources.extend(files),
            Err(e) => errors.push(e),
        }
    }
    let set = load_sources(&sources, &mut errors);
    if errors.is_empty() {
        Ok(set)
    } else {
        Err(errors)
    }
}

fn read_pack_files(path: &Path) -> Result<Vec<(String, String)>, RuleError> {
    let err = |message: String| RuleError {
        file: path.display().to_string(),
        rule: None,
        field: None,
        message,
    };
    let files: Vec<PathBuf> = if path.is_dir() {
        let mut v: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| err(format!("cannot read folder: {e}")))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        v.sort();
        v
    } else {
        vec![path.to_path_buf()]
    };
    files
        .into_iter()
        .map(|f| {
            std::fs::read_to_string(&f)
                .map(|t| (f.display().to_string(), t))
                .map_err(|e| err(format!("cannot read rule file {}: {e}", f.display())))
        })
        .collect()
}

/// Builds a rule set from `(file name, TOML text)` pairs in order.
pub fn load_sources(sources: &[(String, String)], errors: &mut Vec<RuleError>) -> RuleSet {
    let mut rules: BTreeMap<String, Rule> = BTreeMap::new();
    // The pack each rule was last defined in, for errors about the whole set.
    let mut file_of: BTreeMap<String, String> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut packs = Vec::new();
    for (file, text) in sources {
        let before = errors.len();
        let (pack, pack_rules) = parse_pack(file, text, errors);
        for id in &pack.disable {
            if rules.remove(id).is_none() && !pack_rules.iter().any(|r| &r.id == id) {
                errors.push(RuleError {
                    file: file.clone(),
                    rule: Some(id.clone()),
                    field: Some("pack.disable".into()),
                    message: "no rule with this id is loaded before this pack".into(),
                });
            }
        }
        for rule in pack_rules {
            if !rules.contains_key(&rule.id) {
                order.push(rule.id.clone());
            }
            file_of.insert(rule.id.clone(), file.clone());
            rules.insert(rule.id.clone(), rule);
        }
        if errors.len() == before {
            packs.push((pack.name.unwrap_or_else(|| file.clone()), pack.description));
        }
    }
    let rules = order
        .into_iter()
        .filter_map(|id| rules.remove(&id))
        .collect();
    let rules: Vec<Rule> = rules;
    errors.extend(super::budget::check(&rules, |id| {
        file_of.get(id).cloned().unwrap_or_default()
    }));
    let mut set = RuleSet::new(rules, packs);
    let parts: Vec<&[u8]> = sources
        .iter()
        .flat_map(|(file, text)| [file.as_bytes(), text.as_bytes()])
        .collect();
    set.digest = crate::keys::digest(&parts);
    set
}

fn parse_pack(file: &str, text: &str, errors: &mut Vec<RuleError>) -> (RawPack, Vec<Rule>) {
    let err = |rule: Option<&str>, field: Option<&str>, message: String| RuleError {
        file: file.to_string(),
        rule: rule.map(str::to_string),
        field: field.map(str::to_string),
        message,
    };
    // Read through `tomlread`, as the run configuration is: every syntax error, and
    // every wrong type or unknown key of `[pack]` and of each rule, with its line.
    let mut table = match tomlread::parse(text).map(Spanned::into_inner) {
        Ok(DeValue::Table(t)) => t,
        Ok(_) => return (RawPack::default(), Vec::new()),
        Err(problems) => {
            errors.extend(problems.iter().map(|p| err(None, None, p.to_string())));
            return (RawPack::default(), Vec::new());
        }
    };
    let field = |section: &str, p: &tomlread::Problem| {
        let path = [section, p.path.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(".");
        let line = p.line.map(|l| format!(" (line {l})")).unwrap_or_default();
        (path, format!("{}{line}", p.message))
    };
    let pack: RawPack = match table.remove("pack") {
        None => RawPack::default(),
        Some(v) => {
            let (pack, problems) = tomlread::read(text, v);
            for p in &problems {
                let (path, message) = field("pack", p);
                errors.push(err(None, Some(&path), message));
            }
            pack.unwrap_or_default()
        }
    };
    let raw_rules = match table.remove("rule").map(Spanned::into_inner) {
        None => Vec::new(),
        Some(DeValue::Array(a)) => a.into_iter().collect(),
        Some(_) => {
            errors.push(err(
                None,
                Some("rule"),
                "must be an array of tables: [[rule]]".into(),
            ));
            Vec::new()
        }
    };
    for key in table.keys() {
        errors.push(err(
            None,
            Some(key.get_ref()),
            "unknown top-level key (expected [pack] and [[rule]])".into(),
        ));
    }
    let mut seen = std::collections::BTreeSet::new();
    let mut rules = Vec::new();
    for (i, value) in raw_rules.into_iter().enumerate() {
        let id = value
            .get_ref()
            .get("id")
            .and_then(|v| v.get_ref().as_str())
            .map(str::to_string);
        let label = id.clone().unwrap_or_else(|| format!("#{}", i + 1));
        if !value.get_ref().is_table() {
            errors.push(err(
                None,
                Some(&format!("rule[{i}]")),
                "must be a table".into(),
            ));
            continue;
        }
        if let Some(id) = &id
            && !seen.insert(id.clone())
        {
            errors.push(err(
                Some(id),
                Some("id"),
                "duplicate rule id in this pack".into(),
            ));
            continue;
        }
        let compiled = match tomlread::read::<RawRule>(text, value) {
            (Some(raw), problems) if problems.is_empty() => raw.compile(),
            (_, problems) => Err(problems
                .iter()
                .map(|p| {
                    let (path, message) = field("", p);
                    (Some(path).filter(|p| !p.is_empty()), message)
                })
                .collect()),
        };
        match compiled {
            Ok(rule) => rules.push(rule),
            Err(problems) => errors.extend(
                problems
                    .into_iter()
                    .map(|(field, message)| err(Some(&label), field.as_deref(), message)),
            ),
        }
    }
    (pack, rules)
}

type Problems = Vec<SettingError>;

/// One `[[rule]]` as written: the keys every rule has, and the rest, which are the
/// kind's own settings (read by the kind into its raw struct, with
/// `deny_unknown_fields`, so an unknown key is still an error).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct RawRule {
    id: Option<String>,
    kind: Option<String>,
    description: Option<String>,
    severity: Option<String>,
    #[serde(default)]
    must_match: Vec<String>,
    #[serde(default)]
    must_not_match: Vec<String>,
    #[serde(flatten)]
    settings: toml::Table,
}

/// A required string: present and not blank.
fn required(value: Option<String>, key: &str, problems: &mut Problems) -> Option<String> {
    match value {
        Some(s) if !s.trim().is_empty() => Some(s),
        Some(_) => {
            problems.push((Some(key.into()), "must be a non-empty string".into()));
            None
        }
        None => {
            problems.push((Some(key.into()), "is required".into()));
            None
        }
    }
}

impl RawRule {
    /// Validates the rule into a compiled one, listing every problem; its samples
    /// are run once everything else is valid.
    fn compile(self) -> Result<Rule, Problems> {
        let mut problems: Problems = Vec::new();
        let id = required(self.id, "id", &mut problems);
        if let Some(id) = &id
            && !id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            problems.push((
                Some("id".into()),
                "use lower-case letters, digits and `-`".into(),
            ));
        }
        let kind = required(self.kind, "kind", &mut problems);
        let description = required(self.description, "description", &mut problems);
        let severity = required(self.severity, "severity", &mut problems).and_then(|s| {
            let parsed = Severity::parse(&s);
            if parsed.is_none() {
                problems.push((
                    Some("severity".into()),
                    format!("{s:?} is not one of info, low, medium, high, critical"),
                ));
            }
            parsed
        });
        for (key, samples) in [
            ("must-match", &self.must_match),
            ("must-not-match", &self.must_not_match),
        ] {
            if samples.is_empty() {
                problems.push((Some(key.into()), "at least one sample is required".into()));
            }
        }
        let compiled = kind
            .as_deref()
            .map(|k| RuleKind::compile(k, self.settings))
            .transpose()
            .unwrap_or_else(|problem| {
                problems.push(problem);
                None
            });
        let (Some(id), Some(description), Some(severity), Some(kind)) =
            (id, description, severity, compiled)
        else {
            return Err(problems);
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        let rule = Rule {
            id,
            description,
            severity,
            kind,
            must_match: self.must_match,
            must_not_match: self.must_not_match,
        };
        let sample_problems = rule.check_samples();
        if sample_problems.is_empty() {
            Ok(rule)
        } else {
            Err(sample_problems)
        }
    }
}

/// Deserialises a kind's settings from the keys left after the common ones,
/// naming the offending field on failure (every one, when several are wrong).
pub fn settings<T: serde::de::DeserializeOwned>(rest: toml::Table) -> Result<T, SettingError> {
    tomlread::read_table(rest).map_err(|problems| match problems.as_slice() {
        [one] => (
            Some(one.path.clone()).filter(|p| !p.is_empty()),
            one.message.clone(),
        ),
        many => (
            None,
            many.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; "),
        ),
    })
}

#[cfg(test)]
#[path = "config_tests.rs"]
mod tests;
