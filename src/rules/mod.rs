//! The rule registry: a closed set of rule kinds (one module each), the compiled
//! [`RuleSet`], and the [`Checker`] that runs it over one input's conversations.
//!
//! Rule kinds never do I/O and never know the register; findings about decisions
//! are settled against the register later (see `register.rs`).

pub mod classification;
pub mod config;
pub mod coverage;
pub mod decisions;
pub mod disappearing;
pub mod finding;
pub mod marking;
pub mod pattern;

use chrono::NaiveDate;

use crate::model::{
    Conversation, Item, ItemKind, Location, Platform, TimerChange, Timestamp, Visitor,
};
pub use finding::{Category, Finding, Severity};

/// How much message text findings may quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
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
    /// Parses `full`, `redacted`, `none`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "full" => Some(ExcerptMode::Full),
            "redacted" => Some(ExcerptMode::Redacted),
            "none" => Some(ExcerptMode::None),
            _ => None,
        }
    }
}

/// Longest excerpt quoted in a report, in characters.
pub const EXCERPT_CHARS: usize = 200;

/// The excerpt written for a redacted message.
pub const REDACTED: &str = "[redacted: message carries a classification marking]";

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
    pub const NAMES: [&'static str; 5] = [
        "classification",
        "decision",
        "pattern",
        "disappearing-messages",
        "coverage",
    ];

    /// The kind's name as written in rule files.
    pub fn name(&self) -> &'static str {
        match self {
            RuleKind::Classification(_) => "classification",
            RuleKind::Decision(_) => "decision",
            RuleKind::Pattern(_) => "pattern",
            RuleKind::Disappearing(_) => "disappearing-messages",
            RuleKind::Coverage(_) => "coverage",
        }
    }

    /// The category of the findings this kind produces.
    pub fn category(&self) -> Category {
        match self {
            RuleKind::Classification(_) => Category::ClassificationMarker,
            RuleKind::Decision(_) => Category::UnrecordedDecision,
            RuleKind::Pattern(p) => p.category,
            RuleKind::Disappearing(_) => Category::DisappearingMessages,
            RuleKind::Coverage(_) => Category::Coverage,
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
    markings: Option<marking::MarkingGrammar>,
}

impl RuleSet {
    /// Assembles a set and builds the shared prefilters.
    pub fn new(rules: Vec<Rule>, packs: Vec<(String, String)>) -> Self {
        let patterns = pattern::Prefilter::new(&rules);
        let mut extra: Vec<String> = Vec::new();
        let mut any = false;
        for r in &rules {
            if let RuleKind::Classification(c) = &r.kind {
                any = true;
                extra.extend(c.extra_descriptors.iter().cloned());
            }
        }
        extra.sort();
        extra.dedup();
        // Each rule's descriptors were validated when it compiled, so the union is valid.
        let markings = any
            .then(|| marking::MarkingGrammar::new(&classification::settings(&extra)).ok())
            .flatten();
        RuleSet {
            rules,
            packs,
            digest: String::new(),
            patterns,
            markings,
        }
    }

    /// The rule with this id.
    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }
}

/// Where the findings of one input belong, and how to write them.
#[derive(Debug, Clone)]
pub struct Scope<'a> {
    pub office: &'a str,
    pub source_path: &'a str,
    pub excerpts: ExcerptMode,
    pub legal_holds: &'a [(String, NaiveDate)],
}

/// Runs a rule set over one input's conversations as the parser streams them.
pub struct Checker<'a> {
    set: &'a RuleSet,
    scope: Scope<'a>,
    conversation: Option<Conversation>,
    timers: disappearing::Tracker,
    coverage: coverage::Counts,
    last_time: Option<Timestamp>,
    findings: Vec<Finding>,
    decisions: Vec<decisions::Candidate>,
    /// Index in `decisions` where the current conversation's candidates start.
    conversation_decisions: usize,
    /// The decision rules' memory of the current conversation.
    decision_state: decisions::ConversationState,
    pub conversations: u64,
    pub messages: u64,
}

impl<'a> Checker<'a> {
    pub fn new(set: &'a RuleSet, scope: Scope<'a>) -> Self {
        Checker {
            set,
            scope,
            conversation: None,
            timers: disappearing::Tracker::default(),
            coverage: coverage::Counts::default(),
            last_time: None,
            findings: Vec::new(),
            decisions: Vec::new(),
            conversation_decisions: 0,
            decision_state: decisions::ConversationState::default(),
            conversations: 0,
            messages: 0,
        }
    }

    /// The findings and decision candidates (all of them once the parser is done).
    pub fn into_results(self) -> (Vec<Finding>, Vec<decisions::Candidate>) {
        (self.findings, self.decisions)
    }

    /// Collects decisions and applies in-chat acknowledgements to earlier ones.
    fn check_decisions(&mut self, item: &Item, marked: bool) {
        let set = self.set;
        for rule in &set.rules {
            let RuleKind::Decision(d) = &rule.kind else {
                continue;
            };
            let found = d.examine(item, &mut self.decision_state);
            if let Some(ack) = found.acknowledgement {
                // An acknowledgement records the decisions citing one of its
                // references; failing that, the latest decision of this conversation.
                let current = &mut self.decisions[self.conversation_decisions..];
                let citing: Vec<usize> = (0..current.len())
                    .filter(|&i| {
                        current[i].rule_id == rule.id
                            && current[i].cited.iter().any(|r| ack.references.contains(r))
                    })
                    .collect();
                let targets = if citing.is_empty() {
                    (0..current.len())
                        .rev()
                        .find(|&i| current[i].rule_id == rule.id)
                        .into_iter()
                        .collect()
                } else {
                    citing
                };
                for i in targets {
                    let c = &mut current[i];
                    for r in &ack.references {
                        if !c.cited.contains(r) {
                            c.cited.push(r.clone());
                        }
                    }
                    c.acknowledged_by.get_or_insert_with(|| ack.cue.clone());
                }
            }
            if let Some(mut cue) = found.decision {
                // Candidates are written to disk (the state, shard parts): a marked
                // message's words go nowhere unless excerpts are `full`. Such a
                // decision is matched to the register by cited reference or
                // acknowledgement only, never by its subject's words.
                let withheld = marked && self.scope.excerpts != ExcerptMode::Full;
                if withheld {
                    cue.subject.clear();
                }
                // The proposal a reply answers is quoted under the same rule.
                if cue.reply_to.is_some()
                    && (withheld || cue.reply_to_marked)
                    && self.scope.excerpts != ExcerptMode::Full
                {
                    cue.reply_to = Some(REDACTED.to_string());
                    cue.subject.clear();
                }
                if self.scope.excerpts == ExcerptMode::None && cue.reply_to.is_some() {
                    cue.reply_to = Some(String::new());
                }
                let text = if withheld {
                    String::new()
                } else {
                    item.text.chars().take(1000).collect()
                };
                let conv = self.conversation.as_ref();
                self.decisions.push(decisions::Candidate {
                    rule_id: rule.id.clone(),
                    office: self.scope.office.to_string(),
                    source_path: self.scope.source_path.to_string(),
                    platform: conv.map(|c| c.platform).unwrap_or(Platform::WhatsApp),
                    conversation: conv.map(|c| c.name.clone()).unwrap_or_default(),
                    time: item.time,
                    sender: item.sender.clone(),
                    location: item.location.clone(),
                    excerpt: self.excerpt(item, marked),
                    text,
                    cited: cue.references.clone(),
                    cue,
                    acknowledged_by: None,
                });
            }
        }
        self.decision_state.observe(item, marked);
    }

    fn push(
        &mut self,
        rule: &Rule,
        item: Option<&Item>,
        matched: &str,
        excerpt: String,
        detail: String,
    ) {
        let conv = self.conversation.as_ref();
        let conversation = conv.map(|c| c.name.clone()).unwrap_or_default();
        let (time, sender, location) = match item {
            Some(i) => (i.time, i.sender.clone(), Some(i.location.clone())),
            None => (None, None, None),
        };
        self.findings.push(Finding {
            id: finding::fingerprint(
                &rule.id,
                self.scope.source_path,
                &conversation,
                time.as_ref(),
                sender.as_deref(),
                matched,
            ),
            rule_id: rule.id.clone(),
            category: rule.kind.category(),
            severity: rule.severity,
            office: self.scope.office.to_string(),
            source_path: self.scope.source_path.to_string(),
            platform: conv.map(|c| c.platform).unwrap_or(Platform::WhatsApp),
            conversation,
            time,
            sender,
            location,
            excerpt,
            detail,
        });
    }

    /// The excerpt of an item under the scope's excerpt mode.
    fn excerpt(&self, item: &Item, marked: bool) -> String {
        match self.scope.excerpts {
            ExcerptMode::None => String::new(),
            ExcerptMode::Redacted if marked => REDACTED.to_string(),
            _ => item.text.chars().take(EXCERPT_CHARS).collect(),
        }
    }

    /// Runs the classification rules; returns true when the item carries a marking
    /// any of them reports (so no report may quote it).
    fn check_markings(&mut self, item: &Item) -> bool {
        let set = self.set;
        let Some(grammar) = &set.markings else {
            return false;
        };
        let in_text = grammar.find(&item.text);
        let in_names: Vec<(usize, Vec<marking::MarkingMatch>)> = item
            .attachments
            .iter()
            .enumerate()
            .map(|(i, a)| (i, grammar.find_in_file_name(a)))
            .filter(|(_, m)| !m.is_empty())
            .collect();
        if in_text.is_empty() && in_names.is_empty() {
            return false;
        }
        let mut hits: Vec<(&Rule, String, String)> = Vec::new();
        for rule in &set.rules {
            let RuleKind::Classification(c) = &rule.kind else {
                continue;
            };
            let mut selected = c.select(&in_text);
            let mut places = Vec::new();
            if !selected.is_empty() {
                places.push("message text".to_string());
            }
            if c.attachments {
                for (i, found) in &in_names {
                    let before = selected.len();
                    selected.extend(c.select(found));
                    if selected.len() > before {
                        places.push(format!("attachment #{}", i + 1));
                    }
                }
            }
            if !selected.is_empty() {
                let names = classification::describe(&selected);
                let detail = format!("marking {names} in {}", places.join(", "));
                hits.push((rule, names, detail));
            }
        }
        let marked = !hits.is_empty();
        for (rule, names, detail) in hits {
            let excerpt = self.excerpt(item, true);
            self.push(rule, Some(item), &names, excerpt, detail);
        }
        marked
    }

    fn check_text(&mut self, item: &Item) {
        let set = self.set;
        let marked = self.check_markings(item);
        let hits = set.patterns.matching(&set.rules, &item.text);
        let marked = marked
            || hits
                .iter()
                .any(|(r, _)| r.kind.category() == Category::ClassificationMarker);
        if item.kind.is_message() {
            self.check_decisions(item, marked);
        }
        for (rule, matched) in hits {
            let excerpt = self.excerpt(item, marked);
            // A classification pattern's match may itself be sensitive: name the rule only.
            let detail = if marked {
                format!("matched a pattern of rule {}", rule.id)
            } else {
                format!("matched {matched:?}")
            };
            self.push(rule, Some(item), &matched, excerpt, detail);
        }
    }
}

impl Visitor for Checker<'_> {
    fn conversation(&mut self, conversation: &Conversation) {
        self.conversations += 1;
        self.conversation = Some(conversation.clone());
        self.timers = disappearing::Tracker::default();
        self.coverage = coverage::Counts::default();
        self.last_time = None;
        self.conversation_decisions = self.decisions.len();
        self.decision_state.clear();
    }

    fn item(&mut self, item: &Item) {
        if item.kind.is_message() {
            self.messages += 1;
        }
        if item.time.is_some() {
            self.last_time = item.time;
        }
        self.coverage.observe(&item.kind);
        if let ItemKind::Timer(change) = item.kind {
            self.timers.observe(change, item);
        }
        if !item.text.is_empty() || !item.attachments.is_empty() {
            self.check_text(item);
        }
    }

    fn end_conversation(&mut self) {
        let set = self.set;
        let windows = std::mem::take(&mut self.timers).finish(self.last_time);
        let counts = std::mem::take(&mut self.coverage);
        for rule in &set.rules {
            match &rule.kind {
                RuleKind::Disappearing(d) => {
                    for w in windows
                        .iter()
                        .filter(|w| !w.is_default || d.counts(TimerChange::Default(None)))
                    {
                        let (severity, detail) = d.assess(w, self.scope.legal_holds, rule.severity);
                        let item = w.start_item.clone();
                        let excerpt = self.excerpt(&item, false);
                        self.push(rule, Some(&item), &w.describe_setting(), excerpt, detail);
                        if let Some(last) = self.findings.last_mut() {
                            last.severity = severity;
                        }
                    }
                }
                RuleKind::Coverage(c) => {
                    if let Some(detail) = c.assess(&counts) {
                        let matched = c.kinds_label();
                        self.push(rule, None, &matched, String::new(), detail);
                    }
                }
                RuleKind::Pattern(_) | RuleKind::Classification(_) | RuleKind::Decision(_) => {}
            }
        }
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
