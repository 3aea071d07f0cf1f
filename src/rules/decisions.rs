//! Rule kind `decision`: messages that record a decision (see `crate::decision`
//! for the language), collected as candidates to settle against the official
//! register after the scan (see `crate::register`).
//!
//! The kind's hook on each message is [`Collector::check_item`]; the collector
//! holds the kind's state across one input (its candidates, and where the current
//! conversation's begin), so in-chat acknowledgements reach earlier decisions.

use serde::{Deserialize, Serialize};

use super::emit::Emitter;
use super::finding::Severity;
use super::{ExcerptMode, Rule, RuleKind};
use crate::decision::{Acknowledgement, DecisionCue, DecisionDetector, DecisionSettings};
use crate::model::{Item, Location, Platform, Timestamp};

/// Documentation shown by `onrecord rules explain`.
pub const DOC: &str = "\
Kind `decision`: finds decisions made in chat (explicit flags such as `DECISION:`,
`#decision`, `For the record:` with an actor or verb; private-office language such as
`PM is content with…`, `SoS has agreed…`), ignoring questions, negations,
hypotheticals and chit-chat. Each decision is checked against the decision registers
given with --register: `recorded` when a register row cites it (reference, or same
conversation + date window + subject overlap) or the chat acknowledges it (`Noted on
file DOC-123`); otherwise `pending` until `deadline-days` (config) pass, then
`overdue`. Pending and overdue decisions become findings: overdue at the rule's
severity, pending at `pending-severity`. Settings: `pending-severity` (default
medium), `vocabulary` (a table: actors, verbs, flags, … `min-confidence`).";

/// Settings as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawDecision {
    #[serde(default = "medium")]
    pub pending_severity: Severity,
    #[serde(default)]
    pub vocabulary: DecisionSettings,
}

fn medium() -> Severity {
    Severity::Medium
}

/// A compiled decision rule.
#[derive(Debug)]
pub struct Decision {
    pub pending_severity: Severity,
    pub detector: DecisionDetector,
}

impl Decision {
    /// Compiles the settings; the error names the bad vocabulary field.
    pub fn compile(raw: RawDecision) -> Result<Self, super::SettingError> {
        let detector =
            DecisionDetector::new(&raw.vocabulary).map_err(|e| (Some("vocabulary".into()), e))?;
        Ok(Decision {
            pending_severity: raw.pending_severity,
            detector,
        })
    }

    /// True when the sample reads as a decision.
    pub fn sample_fires(&self, sample: &str) -> bool {
        self.detector.detect(sample).is_some()
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
}

impl Collector {
    /// Starts a conversation: acknowledgements reach back only to its decisions.
    pub fn begin_conversation(&mut self) {
        self.conversation_start = self.candidates.len();
    }

    /// The kind's hook on each message: collects its decisions and applies its
    /// acknowledgements to earlier ones. `marked` says the message carries a
    /// classification marking (its words then go nowhere unless excerpts are `full`).
    pub fn check_item(&mut self, rules: &[Rule], item: &Item, marked: bool, out: &Emitter) {
        for rule in rules {
            let RuleKind::Decision(d) = &rule.kind else {
                continue;
            };
            let found = d.detector.examine(&item.text);
            if let Some(ack) = found.acknowledgement {
                self.acknowledge(&rule.id, &ack);
            }
            if let Some(cue) = found.decision {
                let candidate = candidate(&rule.id, cue, item, marked, out);
                self.candidates.push(candidate);
            }
        }
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
        conversation: out.conversation_name(),
        time: item.time,
        sender: item.sender.clone(),
        location: item.location.clone(),
        excerpt: out.excerpt(item, marked),
        text,
        cited: cue.references.clone(),
        cue,
        acknowledged_by: None,
    }
}
