//! What rules report: [`Finding`]s with a severity and a category, identified by a
//! content fingerprint that survives re-exports (never a line number).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::{Location, Platform, Timestamp};

/// How serious a finding is. Ordered: `Info < Low < Medium < High < Critical`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    /// All severities, most serious first (report column order).
    pub const ALL: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    /// Parses `info`, `low`, `medium`, `high`, `critical`.
    pub fn parse(s: &str) -> Option<Severity> {
        Severity::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What kind of gap a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    ClassificationMarker,
    DisappearingMessages,
    UnrecordedDecision,
    Coverage,
}

impl Category {
    /// All categories in report column order.
    pub const ALL: [Category; 4] = [
        Category::ClassificationMarker,
        Category::DisappearingMessages,
        Category::UnrecordedDecision,
        Category::Coverage,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::ClassificationMarker => "classification_marker",
            Category::DisappearingMessages => "disappearing_messages",
            Category::UnrecordedDecision => "unrecorded_decision",
            Category::Coverage => "coverage",
        }
    }
}

/// One row of findings.csv.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Content fingerprint: see [`fingerprint`].
    pub id: String,
    pub rule_id: String,
    pub category: Category,
    pub severity: Severity,
    pub office: String,
    pub source_path: String,
    pub platform: Platform,
    pub conversation: String,
    pub time: Option<Timestamp>,
    pub sender: Option<String>,
    pub location: Option<Location>,
    /// What may be quoted from the message (already redacted as configured).
    pub excerpt: String,
    pub detail: String,
    /// How sure the detector is, in hundredths (85 = 0.85), for the kinds that say
    /// (classification: the form the marking was written in; decisions: the cue).
    #[serde(default)]
    pub confidence: Option<u8>,
}

/// A 0–1 confidence in hundredths, for [`Finding::confidence`].
pub fn hundredths(confidence: f32) -> u8 {
    (confidence.clamp(0.0, 1.0) * 100.0).round() as u8
}

/// A confidence in hundredths as written in reports: `0.85`; empty for none.
pub fn confidence_text(confidence: Option<u8>) -> String {
    confidence.map_or_else(String::new, |c| format!("{}.{:02}", c / 100, c % 100))
}

/// A stable identifier from what a finding is about: rule, source, conversation,
/// message time, sender and the normalised match. Line numbers are left out on
/// purpose: re-made exports shift lines, and reviews must follow the finding.
pub fn fingerprint(
    rule_id: &str,
    source_path: &str,
    conversation: &str,
    time: Option<&Timestamp>,
    sender: Option<&str>,
    matched: &str,
) -> String {
    let time = time.map(Timestamp::to_iso).unwrap_or_default();
    let digest = crate::keys::digest_bytes(&[
        rule_id.as_bytes(),
        source_path.as_bytes(),
        conversation.as_bytes(),
        time.as_bytes(),
        sender.unwrap_or("").as_bytes(),
        matched.as_bytes(),
    ]);
    crate::keys::hex(&digest[..8])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_is_stable_and_sensitive_to_content() {
        let a = fingerprint("r", "p.txt", "PM Updates", None, Some("Jo"), "SECRET");
        assert_eq!(
            a,
            fingerprint("r", "p.txt", "PM Updates", None, Some("Jo"), "SECRET")
        );
        assert_eq!(a.len(), 16);
        assert_ne!(
            a,
            fingerprint("r", "p.txt", "PM Updates", None, Some("Sam"), "SECRET")
        );
        // Field boundaries matter: ("ab","c") differs from ("a","bc").
        assert_ne!(
            fingerprint("r", "ab", "c", None, None, ""),
            fingerprint("r", "a", "bc", None, None, "")
        );
    }

    #[test]
    fn confidence_is_written_with_two_decimals() {
        assert_eq!(confidence_text(Some(hundredths(0.85))), "0.85");
        assert_eq!(confidence_text(Some(hundredths(1.0))), "1.00");
        assert_eq!(confidence_text(Some(hundredths(0.6))), "0.60");
        assert_eq!(confidence_text(None), "");
    }

    #[test]
    fn severities_order() {
        assert!(Severity::Critical > Severity::High && Severity::Low > Severity::Info);
        assert_eq!(Severity::parse("medium"), Some(Severity::Medium));
        assert_eq!(Severity::parse("urgent"), None);
    }
}
