//! The rule registry: a closed set of rule kinds (one module each, owning its
//! settings, compile step and hooks), the compiled [`RuleSet`], and the
//! [`Checker`] that dispatches one input's conversations to the kinds.
//!
//! Rule kinds never do I/O and never know the register; findings about decisions
//! are settled against the register later (see `register.rs`).

pub mod budget;
mod check;
pub mod classification;
pub mod config;
pub mod coverage;
pub mod cross_export;
pub mod decisions;
pub mod disappearing;
mod emit;
pub mod finding;
pub mod marking;
pub mod pattern;

use crate::model::{Item, Location};
pub use check::Checker;
pub use emit::{Emitter, Scope};
pub use finding::{Category, Finding, Severity};

/// How much message text findings may quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ExcerptMode {
    /// Quote messages, except any message carrying a classification marking.
    #[default]
    Redacted,
    /// Quote every message, marked ones included (for cleared reviewers only).
    Full,
    /// Quote nothing.
    None,
}

impl ExcerptMode {
    /// The name given to `--excerpts`: `redacted`, `full`, `none`.
    pub fn as_str(self) -> &'static str {
        match self {
            ExcerptMode::Redacted => "redacted",
            ExcerptMode::Full => "full",
            ExcerptMode::None => "none",
        }
    }
}

/// Longest excerpt quoted in a report, in characters.
pub const EXCERPT_CHARS: usize = 200;

/// The excerpt written for a redacted message.
pub const REDACTED: &str = "[redacted: message carries a classification marking]";

/// What is written for any other text from an export (a conversation title, a
/// sender or file name, a note quoting the export) that carries a marking.
pub const REDACTED_TEXT: &str = "[redacted: carries a classification marking]";

/// A problem in a rule's settings: the field (when known) and what is wrong.
pub type SettingError = (Option<String>, String);

/// One compiled rule kind.
#[derive(Debug)]
pub enum RuleKind {
    Classification(classification::Classification),
    Decision(decisions::Decision),
    Pattern(pattern::Pattern),
    Disappearing(disappearing::Disappearing),
    Coverage(coverage::Coverage),
    CrossExport(cross_export::CrossExport),
}

impl RuleKind {
    /// Compiles the settings of the kind named `kind` (the keys a rule has beyond
    /// the common ones).
    pub fn compile(kind: &str, rest: toml::Table) -> Result<Self, (Option<String>, String)> {
        match kind {
            "classification" => classification::Classification::compile(config::settings(rest)?)
                .map(RuleKind::Classification),
            "decision" => {
                decisions::Decision::compile(config::settings(rest)?).map(RuleKind::Decision)
            }
            "pattern" => pattern::Pattern::compile(config::settings(rest)?).map(RuleKind::Pattern),
            "disappearing-messages" => disappearing::Disappearing::compile(config::settings(rest)?)
                .map(RuleKind::Disappearing),
            "coverage" => {
                coverage::Coverage::compile(config::settings(rest)?).map(RuleKind::Coverage)
            }
            "cross-export" => cross_export::CrossExport::compile(config::settings(rest)?)
                .map(RuleKind::CrossExport),
            other => Err((
                Some("kind".into()),
                format!(
                    "unknown rule kind {other:?} (known: {})",
                    Self::NAMES.join(", ")
                ),
            )),
        }
    }

    /// Every kind's name as written in rule files.
    pub const NAMES: [&'static str; 6] = [
        "classification",
        "decision",
        "pattern",
        "disappearing-messages",
        "coverage",
        "cross-export",
    ];

    /// The kind's name as written in rule files.
    pub fn name(&self) -> &'static str {
        match self {
            RuleKind::Classification(_) => "classification",
            RuleKind::Decision(_) => "decision",
            RuleKind::Pattern(_) => "pattern",
            RuleKind::Disappearing(_) => "disappearing-messages",
            RuleKind::Coverage(_) => "coverage",
            RuleKind::CrossExport(_) => "cross-export",
        }
    }

    /// The category of the findings this kind produces.
    pub fn category(&self) -> Category {
        match self {
            RuleKind::Classification(_) => Category::ClassificationMarker,
            RuleKind::Decision(_) => Category::UnrecordedDecision,
            RuleKind::Pattern(p) => p.category,
            RuleKind::Disappearing(_) => Category::DisappearingMessages,
            RuleKind::Coverage(_) | RuleKind::CrossExport(_) => Category::Coverage,
        }
    }

    /// The kind's documentation, for `rules explain`.
    pub fn doc(&self) -> &'static str {
        match self {
            RuleKind::Classification(_) => classification::DOC,
            RuleKind::Decision(_) => decisions::DOC,
            RuleKind::Pattern(_) => pattern::DOC,
            RuleKind::Disappearing(_) => disappearing::DOC,
            RuleKind::Coverage(_) => coverage::DOC,
            RuleKind::CrossExport(_) => cross_export::DOC,
        }
    }

    /// Samples the kind holds beyond the rule's own (a decision rule's family samples).
    pub fn family_samples(&self) -> usize {
        match self {
            RuleKind::Decision(d) => d.family_samples(),
            _ => 0,
        }
    }

    /// True when a sample fires this kind.
    fn sample_fires(&self, sample: &str) -> bool {
        match self {
            RuleKind::Classification(c) => c.sample_fires(sample),
            RuleKind::Decision(d) => d.sample_fires(sample),
            RuleKind::Pattern(p) => p.find(sample).is_some(),
            RuleKind::Disappearing(d) => d.sample_fires(sample),
            RuleKind::Coverage(c) => c.sample_fires(sample),
            // Compares whole exports: no sample line can fire it.
            RuleKind::CrossExport(_) => false,
        }
    }
}

/// A validated rule.
#[derive(Debug)]
pub struct Rule {
    pub id: String,
    pub description: String,
    pub severity: Severity,
    pub kind: RuleKind,
    pub must_match: Vec<String>,
    pub must_not_match: Vec<String>,
}

impl Rule {
    /// Runs the rule's own samples; each failure is `(field, message)`.
    pub fn check_samples(&self) -> Vec<(Option<String>, String)> {
        let mut problems = Vec::new();
        for s in &self.must_match {
            if !self.kind.sample_fires(s) {
                problems.push((
                    Some("must-match".into()),
                    format!("sample does not match: {s:?}"),
                ));
            }
        }
        for s in &self.must_not_match {
            if self.kind.sample_fires(s) {
                problems.push((
                    Some("must-not-match".into()),
                    format!("sample matches but must not: {s:?}"),
                ));
            }
        }
        if let RuleKind::Decision(d) = &self.kind {
            problems.extend(d.family_sample_problems());
        }
        problems
    }
}

/// All loaded rules, in load order, plus the names of the packs they came from.
#[derive(Debug)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    /// `(name, description)` of each pack loaded, in order.
    pub packs: Vec<(String, String)>,
    /// Digest of the packs' names and texts: changes when any rule changes.
    pub digest: String,
    patterns: pattern::Prefilter,
    /// One grammar for every classification rule (their extra descriptors merged).
    markings: classification::Markings,
}

impl RuleSet {
    /// Assembles a set and builds the shared prefilters.
    pub fn new(rules: Vec<Rule>, packs: Vec<(String, String)>) -> Self {
        let patterns = pattern::Prefilter::new(&rules);
        let markings = classification::Markings::new(&rules);
        RuleSet {
            rules,
            packs,
            digest: String::new(),
            patterns,
            markings,
        }
    }

    /// The redaction decision, one for every piece of text taken from an export:
    /// true when a classification rule would report a marking in `text` or a
    /// pattern rule of category `classification_marker` fires on it (what makes a
    /// message "marked" when the rules check it, see `Checker`).
    pub fn is_marked(&self, text: &str) -> bool {
        !text.is_empty()
            && (self.markings.marks(&self.rules, text)
                || self
                    .patterns
                    .matching(&self.rules, text)
                    .iter()
                    .any(|(r, _)| r.kind.category() == Category::ClassificationMarker))
    }

    /// `text` from an export as a report may show it: as it is with `--excerpts
    /// full`, [`REDACTED_TEXT`] otherwise when [`RuleSet::is_marked`] says it
    /// carries a marking.
    pub fn shown<'t>(&self, excerpts: ExcerptMode, text: &'t str) -> std::borrow::Cow<'t, str> {
        if excerpts != ExcerptMode::Full && self.is_marked(text) {
            std::borrow::Cow::Borrowed(REDACTED_TEXT)
        } else {
            std::borrow::Cow::Borrowed(text)
        }
    }

    /// A message's text as a finding quotes it under `excerpts`: nothing with
    /// `none`; [`REDACTED`] with `redacted` when it is `marked` or
    /// [`RuleSet::is_marked`] says it carries a marking; else its first
    /// [`EXCERPT_CHARS`] characters.
    pub fn excerpt(&self, excerpts: ExcerptMode, text: &str, marked: bool) -> String {
        match excerpts {
            ExcerptMode::None => String::new(),
            ExcerptMode::Redacted if marked || self.is_marked(text) => REDACTED.to_string(),
            _ => text.chars().take(EXCERPT_CHARS).collect(),
        }
    }

    /// The rule with this id.
    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// The ids of the classification rules that report only SECRET-or-above
    /// markings (summary.csv's `secret_or_above`).
    pub fn secret_or_above_rules(&self) -> std::collections::HashSet<&str> {
        self.rules
            .iter()
            .filter(
                |r| matches!(&r.kind, RuleKind::Classification(c) if c.reports_secret_or_above()),
            )
            .map(|r| r.id.as_str())
            .collect()
    }
}

/// Where a finding points, for reports: `line 12`, `id 345`, or empty.
pub fn location_text(location: Option<&Location>) -> String {
    location.map(Location::describe).unwrap_or_default()
}

/// Parses sample export lines (as a real export would be parsed) into items, for
/// the samples of event-based rule kinds.
pub fn sample_items(sample: &str) -> Vec<Item> {
    use crate::formats::{self, Collector, ParseOptions};
    use crate::source::MemoryInput;
    let Some(format) = formats::detect("sample.txt", sample) else {
        return Vec::new();
    };
    let mut out = Collector::default();
    let input = MemoryInput::new("sample.txt", sample.as_bytes().to_vec());
    if formats::parse(format, &input, &ParseOptions::default(), &mut out).is_err() {
        return Vec::new();
    }
    out.conversations
        .into_iter()
        .flat_map(|(_, items)| items)
        .collect()
}
