//! Rule kind `classification`: security-classification markings found by the
//! marking grammar (see `marking`), in message text and in attachment names.
//!
//! All classification rules share one grammar pass per message (built once in the
//! rule set); each rule then keeps the markings of the classes it selects.

use serde::Deserialize;

use super::marking::{GrammarSettings, Marking, MarkingGrammar, MarkingMatch};

/// Documentation shown by `onrecord rules explain`.
pub const DOC: &str = "\
Kind `classification`: flags security-classification markings recognised by their
grammar (GSCP: PREFIX CLASSIFICATION - HANDLING - CODEWORD - CAVEAT, with the
variants seen in real text), not by a word: `Secretary of State` or `Secret Santa`
never match. Each marking falls in one class: `secret-or-above` (SECRET, TOP SECRET,
or a national caveat, which implies SECRET), `official-sensitive`, `official`,
`legacy` (PROTECT, RESTRICTED, CONFIDENTIAL, NOT PROTECTIVELY MARKED) or `foreign`
(NATO, COSMIC, US `//` markings). Settings: `classes` (required), `extra-descriptors`
(department descriptors, upper case), `attachments` (default true: also check the
names of attached or omitted documents). Excerpts of these findings are redacted by
default: the report names the marking and where it is, never the message text.";

/// Settings as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawClassification {
    pub classes: Vec<String>,
    #[serde(default)]
    pub extra_descriptors: Vec<String>,
    #[serde(default = "yes")]
    pub attachments: bool,
}

fn yes() -> bool {
    true
}

/// The class a marking falls in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    SecretOrAbove,
    OfficialSensitive,
    Official,
    Legacy,
    Foreign,
}

impl Class {
    const NAMES: [(&'static str, Class); 5] = [
        ("secret-or-above", Class::SecretOrAbove),
        ("official-sensitive", Class::OfficialSensitive),
        ("official", Class::Official),
        ("legacy", Class::Legacy),
        ("foreign", Class::Foreign),
    ];

    /// The class of a marking.
    pub fn of(m: &Marking) -> Class {
        use super::marking::Tier;
        if m.foreign.is_some() {
            Class::Foreign
        } else if m.is_secret_or_above() {
            Class::SecretOrAbove
        } else if m.tier == Some(Tier::OfficialSensitive) {
            Class::OfficialSensitive
        } else if m.legacy.is_some() {
            Class::Legacy
        } else {
            Class::Official
        }
    }
}

/// A compiled classification rule.
#[derive(Debug)]
pub struct Classification {
    classes: Vec<Class>,
    pub extra_descriptors: Vec<String>,
    pub attachments: bool,
    /// This rule's own grammar, for its samples.
    grammar: MarkingGrammar,
}

impl Classification {
    /// Compiles the settings.
    pub fn compile(raw: RawClassification) -> Result<Self, (Option<String>, String)> {
        let classes = raw
            .classes
            .iter()
            .map(|c| {
                Class::NAMES
                    .iter()
                    .find(|(n, _)| n == c)
                    .map(|(_, k)| *k)
                    .ok_or_else(|| {
                        let known: Vec<&str> = Class::NAMES.iter().map(|(n, _)| *n).collect();
                        (
                            Some("classes".into()),
                            format!("{c:?} is not one of {}", known.join(", ")),
                        )
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        if classes.is_empty() {
            return Err((Some("classes".into()), "list at least one class".into()));
        }
        let grammar = MarkingGrammar::new(&settings(&raw.extra_descriptors))
            .map_err(|e| (Some("extra-descriptors".into()), e))?;
        Ok(Classification {
            classes,
            extra_descriptors: raw.extra_descriptors,
            attachments: raw.attachments,
            grammar,
        })
    }

    /// The markings among `found` that this rule reports.
    pub fn select<'m>(&self, found: &'m [MarkingMatch]) -> Vec<&'m MarkingMatch> {
        found
            .iter()
            .filter(|m| self.classes.contains(&Class::of(&m.marking)))
            .collect()
    }

    /// True when the sample text holds a marking of a selected class.
    pub fn sample_fires(&self, sample: &str) -> bool {
        !self.select(&self.grammar.find(sample)).is_empty()
    }
}

/// Grammar settings covering every class, with these extra descriptors.
pub fn settings(extra_descriptors: &[String]) -> GrammarSettings {
    GrammarSettings {
        extra_descriptors: extra_descriptors.to_vec(),
        include_legacy: true,
        include_foreign: true,
    }
}

/// The canonical markings of a selection, de-duplicated, in order: `A; B`.
pub fn describe(selected: &[&MarkingMatch]) -> String {
    let mut names: Vec<String> = Vec::new();
    for m in selected {
        let c = m.marking.canonical();
        if !names.contains(&c) {
            names.push(c);
        }
    }
    names.join("; ")
}
