//! Reconciling chat decisions with register entries.
//!
//! A pair is a candidate when (1) the decision cites a reference the entry carries,
//! or (2) the conversations are the same after normalisation, the entry's date of
//! decision is within `window-days` of the chat date (before or after, inclusive),
//! and the subject overlaps the entry's summary enough. Candidates are then assigned
//! greedily, best first, so one entry records at most one decision and each decision
//! gets at most one entry. Order: cited reference before subject match; then higher
//! overlap (Jaccard), more shared words, fewer days apart; then input order.

use chrono::NaiveDate;
use serde::Deserialize;
use std::borrow::Cow;
use std::cmp::Ordering;

use super::RegisterEntry;
use super::index::{DecisionKeys, RegisterIndex, overlap};

/// Matching thresholds.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct MatchSettings {
    /// Days either side of the chat date a register date may fall (inclusive).
    pub window_days: u32,
    /// Jaccard overlap of content words that is enough on its own (0..=1).
    pub min_overlap: f32,
    /// Shared content words that are enough on their own.
    pub min_shared_words: usize,
    /// Words ignored in overlap besides stop-words: decision vocabulary every
    /// summary shares (`PM`, `agreed`…), which would otherwise pair unrelated rows.
    pub ignore_words: Vec<String>,
}

impl Default for MatchSettings {
    fn default() -> Self {
        let ignore = [
            "pm",
            "prime",
            "minister",
            "ministers",
            "sos",
            "sofs",
            "secretary",
            "state",
            "chancellor",
            "perm",
            "sec",
            "permanent",
            "dg",
            "cabinet",
            "private",
            "no10",
            "no",
            "10",
            "number",
            "agreed",
            "agree",
            "approved",
            "approve",
            "approval",
            "signed",
            "sign",
            "off",
            "content",
            "happy",
            "proceed",
            "decided",
            "decide",
            "decision",
            "cleared",
            "go",
            "ahead",
            "endorsed",
            "confirmed",
            "record",
        ];
        MatchSettings {
            window_days: 7,
            min_overlap: 0.3,
            min_shared_words: 2,
            ignore_words: ignore.iter().map(|w| (*w).to_string()).collect(),
        }
    }
}

/// A decision found in a chat, as the caller hands it over (borrowed from the
/// caller's own records where it can be: a drive may hold many thousands).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatDecision<'a> {
    /// The caller's index; carried through untouched.
    pub key: usize,
    pub conversation: Cow<'a, str>,
    pub date: NaiveDate,
    pub text: Cow<'a, str>,
    pub subject: Cow<'a, str>,
    /// References cited in the message or acknowledged later in the same chat.
    pub cited: Cow<'a, [String]>,
}

/// Why a decision was paired with an entry.
#[derive(Debug, Clone, PartialEq)]
pub enum MatchReason {
    /// The decision cites the entry's reference (normalised form).
    CitedReference(String),
    /// Same conversation, register date `days_apart` days after the chat date
    /// (negative: before), subject overlap as Jaccard and shared content words.
    ConversationDateSubject {
        days_apart: i64,
        overlap: f32,
        shared_words: usize,
    },
}

/// A decision's register entry.
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterMatch {
    /// Index into the entries slice given to [`reconcile`].
    pub entry: usize,
    pub reason: MatchReason,
}

/// The outcome of [`reconcile`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Reconciliation {
    /// One per decision, in the order given.
    pub matches: Vec<Option<RegisterMatch>>,
    /// Entries no decision matched, ascending.
    pub unmatched_entries: Vec<usize>,
}

/// A conversation name for comparison: lower case, letters and digits only, so
/// quotes, emoji, punctuation and spacing do not matter (`“PM Updates” 🇬🇧` =
/// `pm updates`).
pub fn normalise_conversation(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A reference for comparison: upper case, no whitespace.
pub fn normalise_reference(reference: &str) -> String {
    reference
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

/// One possible pairing.
struct Candidate {
    decision: usize,
    entry: usize,
    reference: Option<String>,
    overlap: f32,
    shared: usize,
    days: Option<i64>,
}

impl Candidate {
    fn rank(&self, other: &Candidate) -> Ordering {
        let distance = |c: &Candidate| c.days.map_or(i64::MAX, i64::abs);
        other
            .reference
            .is_some()
            .cmp(&self.reference.is_some())
            .then(other.overlap.total_cmp(&self.overlap))
            .then(other.shared.cmp(&self.shared))
            .then(distance(self).cmp(&distance(other)))
            .then(self.decision.cmp(&other.decision))
            .then(self.entry.cmp(&other.entry))
    }
}

/// Pairs decisions with register entries one-to-one; see the module doc.
pub fn reconcile(
    decisions: &[ChatDecision<'_>],
    entries: &[RegisterEntry],
    settings: &MatchSettings,
) -> Reconciliation {
    let index = RegisterIndex::new(entries, settings);
    let mut keys = DecisionKeys::default();
    for d in decisions {
        keys.push(index.key(d));
    }
    reconcile_keys(&index, &keys)
}

/// [`reconcile`] on decisions already reduced to their keys by `index`: the same
/// result, without holding the decisions' texts.
pub fn reconcile_keys(index: &RegisterIndex<'_>, decisions: &DecisionKeys) -> Reconciliation {
    let (entries, settings) = (index.entries, &index.settings);
    let mut candidates = Vec::new();
    for &(d, ref decision) in &decisions.keys {
        let measure = |entry: usize| {
            let summary = &index.summaries[entry];
            let (a, sa) = overlap(decision.subject(), summary);
            let (b, sb) = overlap(decision.text(), summary);
            (a.max(b), sa.max(sb))
        };
        let days = |entry: usize| {
            entries[entry]
                .decided_on
                .map(|on| (on - decision.date()).num_days())
        };
        for &group in decision.cited() {
            let (cited, group_entries) = &index.by_reference[group as usize];
            for &entry in group_entries {
                let (overlap, shared) = measure(entry);
                candidates.push(Candidate {
                    decision: d,
                    entry,
                    reference: Some(cited.clone()),
                    overlap,
                    shared,
                    days: days(entry),
                });
            }
        }
        let group = decision
            .conversation()
            .map(|g| &index.by_conversation[g as usize]);
        for &entry in group.into_iter().flatten() {
            let Some(apart) =
                days(entry).filter(|d| d.unsigned_abs() <= u64::from(settings.window_days))
            else {
                continue;
            };
            let (overlap, shared) = measure(entry);
            if overlap >= settings.min_overlap || shared >= settings.min_shared_words {
                candidates.push(Candidate {
                    decision: d,
                    entry,
                    reference: None,
                    overlap,
                    shared,
                    days: Some(apart),
                });
            }
        }
    }
    assign(candidates, decisions.len(), entries.len())
}

/// Greedy one-to-one assignment, best candidate first.
fn assign(mut candidates: Vec<Candidate>, decisions: usize, entries: usize) -> Reconciliation {
    candidates.sort_by(Candidate::rank);
    let mut matches: Vec<Option<RegisterMatch>> = vec![None; decisions];
    let mut taken = vec![false; entries];
    for c in candidates {
        if matches[c.decision].is_some() || taken[c.entry] {
            continue;
        }
        taken[c.entry] = true;
        let reason = match c.reference {
            Some(reference) => MatchReason::CitedReference(reference),
            None => MatchReason::ConversationDateSubject {
                days_apart: c.days.unwrap_or_default(),
                overlap: c.overlap,
                shared_words: c.shared,
            },
        };
        matches[c.decision] = Some(RegisterMatch {
            entry: c.entry,
            reason,
        });
    }
    let unmatched_entries = (0..entries).filter(|&e| !taken[e]).collect();
    Reconciliation {
        matches,
        unmatched_entries,
    }
}

#[cfg(test)]
mod oracle_tests;
