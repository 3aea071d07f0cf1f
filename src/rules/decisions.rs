//! Rule kind `decision`: messages that record a decision (see `crate::decision`
//! for the language), collected as candidates to settle against the official
//! register after the scan (see `crate::register`).

use serde::{Deserialize, Serialize};

use super::finding::Severity;
use crate::decision::{DecisionCue, DecisionDetector, DecisionSettings};
use crate::model::{Location, Platform, Timestamp};

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
