//! Rule kind `decision`: messages that record a decision (see `crate::decision`
//! for the language), collected as candidates to settle against the official
//! register after the scan (see `crate::register`).
//!
//! The kind's hook on each message is [`Collector::check_item`]; the collector
//! holds the kind's state across one input (its candidates, where the current
//! conversation's begin, and that conversation's last few messages — bounded —
//! for pronouns and replies), so in-chat acknowledgements reach earlier decisions.

use serde::{Deserialize, Serialize};

use super::emit::Emitter;
use super::finding::Severity;
use super::{ExcerptMode, REDACTED, Rule, RuleKind};
use crate::decision::principals::{self, RawPrincipal};
use crate::decision::{
    Acknowledgement, Context, DecisionCue, DecisionDetector, DecisionSettings, Examined, Family,
    Principals, Recent,
};
use crate::model::{Item, Location, Platform, Timestamp};

mod samples;
pub use samples::{RawFamily, Sample};

/// Documentation shown by `onrecord rules explain`.
pub const DOC: &str = "\
Kind `decision`: finds decisions made in chat, in twelve families (the `cue` column
starts with the family): `flag` (`DECISION:`, `#decision`), `role` (`PM is content with
…`), `named` (a principal, `Mr Hale`), `first-person` (a principal's `I'm content`),
`pronoun` (`She's signed it off` after a principal was named), `committee` (`XO
agreed`), `passive` (`signed off by the PM`), `impersonal` (`It was agreed that …`),
`nominal` (`The PM's decision: …`), `relayed` (`PS confirms the PM is content`),
`reply` (a principal's `Agreed` to a proposal just before; `reply_to` quotes it) and
`refusal` (`CX has rejected …`); ignoring questions, requests, plans, conditionals,
hypotheticals, opinions, pending decisions and decision words in passing. Principals
come from `[[principals]]` in the run configuration. Each decision is checked against
the registers given with --register: `recorded` when a register row cites it or the
chat acknowledges it (`Noted on file DOC-123`); otherwise `pending` until
`deadline-days` pass, then `overdue`. Settings: `pending-severity` (default medium),
`vocabulary` (a table of phrase lists; a list given replaces the shipped one),
`[[family]]` (name, must-match, must-not-match: samples per family, each a text or
{ text, sender, prev, prev-sender }), `[[sample-principals]]` (for those samples).";

/// Settings as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawDecision {
    #[serde(default = "medium")]
    pub pending_severity: Severity,
    #[serde(default)]
    pub vocabulary: toml::Table,
    #[serde(default)]
    pub family: Vec<RawFamily>,
    #[serde(default)]
    pub sample_principals: Vec<RawPrincipal>,
}

fn medium() -> Severity {
    Severity::Medium
}

/// A compiled decision rule.
#[derive(Debug)]
pub struct Decision {
    pub pending_severity: Severity,
    pub detector: Box<DecisionDetector>,
    /// The office's principals, from the run configuration.
    pub principals: Box<Principals>,
    /// Per family: samples that must and must not read as a decision of it.
    pub families: Vec<(Family, Vec<Sample>, Vec<Sample>)>,
    sample_principals: Box<Principals>,
}

/// What the kind remembers of the conversation being read: the last few
/// messages and who sent the latest one (senders repeat, so the lookup is cached).
#[derive(Debug, Default)]
pub struct ConversationState {
    recent: Recent,
    last_sender: String,
    last_principal: Option<usize>,
}

impl ConversationState {
    /// A new conversation starts.
    pub fn clear(&mut self) {
        self.recent.clear();
    }

    /// The principal who sent `sender`, cached for runs of one sender.
    fn principal(&mut self, principals: &Principals, sender: &str) -> Option<usize> {
        if principals.is_empty() {
            return None;
        }
        if self.last_sender != sender {
            self.last_sender.clear();
            self.last_sender.push_str(sender);
            self.last_principal = principals.sender(Some(sender));
        }
        self.last_principal
    }

    /// Remembers a message once every decision rule has seen it.
    pub fn observe(&mut self, item: &Item, marked: bool) {
        let sender = item.sender.as_deref().unwrap_or("");
        let principal = self.last_principal.filter(|_| self.last_sender == sender);
        self.recent
            .push(sender, principal, &item.text, item.time, marked);
    }
}

impl Decision {
    /// Compiles the settings; the error names the bad field, or lists every failing
    /// family sample.
    pub fn compile(raw: RawDecision) -> Result<Self, super::SettingError> {
        let settings = DecisionSettings::with_overrides(&raw.vocabulary)
            .map_err(|e| (Some("vocabulary".into()), e))?;
        let detector =
            DecisionDetector::new(&settings).map_err(|e| (Some("vocabulary".into()), e))?;
        let sample_principals = principals::validate(&raw.sample_principals)
            .map_err(|e| (Some("sample-principals".into()), e.join("; ")))?;
        let mut families = Vec::new();
        for f in raw.family {
            let family = Family::parse(&f.name).ok_or_else(|| {
                let names: Vec<&str> = Family::ALL.iter().map(|f| f.as_str()).collect();
                (
                    Some("family".into()),
                    format!("unknown family {:?} (known: {})", f.name, names.join(", ")),
                )
            })?;
            families.push((family, f.must_match, f.must_not_match));
        }
        Ok(Decision {
            pending_severity: raw.pending_severity,
            detector: Box::new(detector),
            principals: Box::default(),
            families,
            sample_principals: Box::new(sample_principals),
        })
    }

    /// Reads one message in its conversation.
    pub fn examine(&self, item: &Item, state: &mut ConversationState) -> Examined {
        let sender_name = item.sender.as_deref().unwrap_or("");
        let sender = state.principal(&self.principals, sender_name);
        let ctx = Context {
            principals: &self.principals,
            sender_name,
            sender,
            time: item.time,
            recent: Some(&state.recent),
        };
        self.detector.examine(&item.text, &ctx)
    }

    /// True when the sample reads as a decision.
    pub fn sample_fires(&self, sample: &str) -> bool {
        self.detector.detect(sample).is_some()
    }
}

/// Gives every decision rule of `set` the office's principals (from the run
/// configuration, loaded apart from the rule packs).
pub fn attach_principals(set: &mut super::RuleSet, principals: &Principals) {
    for rule in &mut set.rules {
        if let super::RuleKind::Decision(d) = &mut rule.kind {
            *d.principals = principals.clone();
        }
    }
}

/// A decision found in a chat, waiting to be settled against the register.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub rule_id: String,
    pub office: String,
    pub source_path: String,
    pub platform: Platform,
    pub conversation: String,
    pub time: Option<Timestamp>,
    pub sender: Option<String>,
    pub location: Location,
    pub excerpt: String,
    /// The message text used to match a register summary (capped).
    pub text: String,
    pub cue: DecisionCue,
    /// References cited by the message or acknowledged later in the same chat.
    pub cited: Vec<String>,
    /// An in-chat acknowledgement said it reached the record.
    pub acknowledged_by: Option<String>,
}

/// The decision rules' state across one input: the candidates found so far.
#[derive(Debug, Default)]
pub struct Collector {
    candidates: Vec<Candidate>,
    /// Index in `candidates` where the current conversation's start.
    conversation_start: usize,
    /// The current conversation's last few messages.
    state: ConversationState,
}

impl Collector {
    /// Starts a conversation: acknowledgements reach back only to its decisions.
    pub fn begin_conversation(&mut self) {
        self.conversation_start = self.candidates.len();
        self.state.clear();
    }

    /// The kind's hook on each message: collects its decisions and applies its
    /// acknowledgements to earlier ones. `marked` says the message carries a
    /// classification marking (its words then go nowhere unless excerpts are `full`).
    #[inline]
    pub fn check_item(&mut self, rules: &[Rule], item: &Item, marked: bool, out: &Emitter) {
        for rule in rules {
            let RuleKind::Decision(d) = &rule.kind else {
                continue;
            };
            let found = d.examine(item, &mut self.state);
            if let Some(ack) = found.acknowledgement {
                self.acknowledge(&rule.id, &ack);
            }
            if let Some(cue) = found.decision {
                let candidate = candidate(&rule.id, cue, item, marked, out);
                self.candidates.push(candidate);
            }
        }
        self.state.observe(item, marked);
    }

    /// An acknowledgement records the decisions citing one of its references;
    /// failing that, the latest decision of this conversation.
    fn acknowledge(&mut self, rule_id: &str, ack: &Acknowledgement) {
        let current = &mut self.candidates[self.conversation_start..];
        let citing: Vec<usize> = (0..current.len())
            .filter(|&i| {
                current[i].rule_id == rule_id
                    && current[i].cited.iter().any(|r| ack.references.contains(r))
            })
            .collect();
        let targets = if citing.is_empty() {
            (0..current.len())
                .rev()
                .find(|&i| current[i].rule_id == rule_id)
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

    /// Every candidate found in the input.
    pub fn into_candidates(self) -> Vec<Candidate> {
        self.candidates
    }
}

/// The candidate for a decision `cue` found in `item`.
fn candidate(
    rule_id: &str,
    mut cue: DecisionCue,
    item: &Item,
    marked: bool,
    out: &Emitter,
) -> Candidate {
    // Candidates are written to disk (the state, shard parts): a marked message's
    // words go nowhere unless excerpts are `full`. Such a decision is matched to
    // the register by cited reference or acknowledgement only, never by its
    // subject's words.
    let withheld = marked && out.scope().excerpts != ExcerptMode::Full;
    if withheld {
        cue.subject.clear();
    }
    // Who decided may be a sender's name: shown as one.
    cue.actor = out.shown(&cue.actor);
    // The proposal a reply answers is quoted under the same rule, and its own
    // marking counts as well.
    match out.scope().excerpts {
        ExcerptMode::Full => {}
        ExcerptMode::None => {
            if cue.reply_to.is_some() {
                cue.reply_to = Some(String::new());
            }
        }
        ExcerptMode::Redacted => {
            if cue.reply_to.is_some() && (withheld || cue.reply_to_marked) {
                cue.reply_to = Some(REDACTED.to_string());
                cue.subject.clear();
            }
        }
    }
    let text = if withheld {
        String::new()
    } else {
        item.text.chars().take(1000).collect()
    };
    Candidate {
        rule_id: rule_id.to_string(),
        office: out.scope().office.to_string(),
        source_path: out.scope().source_path.to_string(),
        platform: out.platform(),
        conversation: out.conversation_shown(),
        time: item.time,
        sender: item.sender.as_deref().map(|s| out.shown(s)),
        location: item.location.clone(),
        excerpt: out.excerpt(item, marked),
        text,
        cited: cue.references.clone(),
        cue,
        acknowledged_by: None,
    }
}
