//! Rule kind `classification`: security-classification markings found by the
//! marking grammar (see `marking`), in message text and in attachment names.
//!
//! All classification rules share one grammar pass per message ([`Markings`], built
//! once in the rule set); each rule then keeps the markings of the classes it selects.

use serde::Deserialize;

use super::emit::Emitter;
use super::finding::hundredths;
use super::marking::{GrammarSettings, Marking, MarkingGrammar, MarkingMatch};
use super::{Rule, RuleKind};
use crate::model::Item;

/// Documentation shown by `onrecord rules explain`.
pub const DOC: &str = "\
Kind `classification`: flags security-classification markings recognised by their
grammar (GSCP: PREFIX CLASSIFICATION - HANDLING - CODEWORD - CAVEAT, with the
variants seen in real text), not by a word: `Secretary of State` or `Secret Santa`
never match. Each marking falls in one class: `secret-or-above` (SECRET, TOP SECRET,
or a national caveat, which implies SECRET), `official-sensitive`, `official`,
`legacy` (PROTECT, RESTRICTED, CONFIDENTIAL, NOT PROTECTIVELY MARKED) or `foreign`
(NATO, COSMIC, US `//` markings below SECRET; foreign SECRET and above count as
`secret-or-above`). Settings: `classes` (required), `extra-descriptors` (department
descriptors, upper case), `codewords` (department codewords, upper case, read as
codewords after a tier beside STRAP, CODEWORD, ATOMAL), `attachments` (default true:
also check the names of attached or omitted documents), `mentions` (default false:
when true the rule reports only text that talks about a marking rather than carrying
it, e.g. \"must be marked OFFICIAL-SENSITIVE\"; such text is never reported by the
other rules), `min-confidence` (default 0: markings found in a form with a lower
confidence are left out). Findings carry the confidence of the form the marking was
written in. Excerpts of these findings are redacted by default: the report names the
marking and where it is, never the message text.";

/// Settings as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawClassification {
    pub classes: Vec<String>,
    #[serde(default)]
    pub extra_descriptors: Vec<String>,
    #[serde(default)]
    pub codewords: Vec<String>,
    #[serde(default = "yes")]
    pub attachments: bool,
    #[serde(default)]
    pub mentions: bool,
    #[serde(default)]
    pub min_confidence: f32,
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

    /// The class named `name` (`secret-or-above`, …).
    pub fn parse(name: &str) -> Option<Class> {
        Class::NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, c)| *c)
    }

    /// The class's name as written in rule files and reports.
    pub fn name(self) -> &'static str {
        Class::NAMES
            .iter()
            .find(|(_, c)| *c == self)
            .map(|(n, _)| *n)
            .expect("every class is named")
    }

    /// The class of a marking. A foreign marking at SECRET or above (`NATO SECRET`,
    /// `TOP SECRET//NOFORN`) is `secret-or-above`: the ban is on the level.
    pub fn of(m: &Marking) -> Class {
        use super::marking::Tier;
        if m.is_secret_or_above() {
            Class::SecretOrAbove
        } else if m.foreign.is_some() {
            Class::Foreign
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
    pub codewords: Vec<String>,
    pub attachments: bool,
    /// Report talk about markings only (and nothing else).
    pub mentions: bool,
    pub min_confidence: f32,
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
        if !(0.0..=1.0).contains(&raw.min_confidence) {
            return Err((
                Some("min-confidence".into()),
                format!("{} is not between 0 and 1", raw.min_confidence),
            ));
        }
        let grammar = MarkingGrammar::new(&settings(&raw.extra_descriptors, &raw.codewords))
            .map_err(|e| {
                let field = if e.contains("codeword") {
                    "codewords"
                } else {
                    "extra-descriptors"
                };
                (Some(field.into()), e)
            })?;
        Ok(Classification {
            classes,
            extra_descriptors: raw.extra_descriptors,
            codewords: raw.codewords,
            attachments: raw.attachments,
            mentions: raw.mentions,
            min_confidence: raw.min_confidence,
            grammar,
        })
    }

    /// The markings among `found` that this rule reports: of its classes, carried
    /// (or, for a `mentions` rule, talked about), at its minimum confidence.
    pub fn select<'m>(&self, found: &'m [MarkingMatch]) -> Vec<&'m MarkingMatch> {
        found
            .iter()
            .filter(|m| {
                m.mention == self.mentions
                    && m.confidence() >= self.min_confidence
                    && self.classes.contains(&Class::of(&m.marking))
            })
            .collect()
    }

    /// True when every marking this rule reports is carried (not talked about) at
    /// SECRET or above: its findings are what summary.csv and the office page count as
    /// SECRET or above shared.
    pub fn reports_secret_or_above(&self) -> bool {
        !self.mentions
            && !self.classes.is_empty()
            && self.classes.iter().all(|c| *c == Class::SecretOrAbove)
    }

    /// True when the sample text holds a marking of a selected class.
    pub fn sample_fires(&self, sample: &str) -> bool {
        !self.select(&self.grammar.find(sample)).is_empty()
    }

    /// The classes of the markings this rule reports in an item's text and (when
    /// it checks them) attachment names, by this rule's own grammar.
    pub fn classes_in(&self, item: &crate::model::Item) -> Vec<Class> {
        let mut found = self.grammar.find(&item.text);
        if self.attachments {
            for a in &item.attachments {
                found.extend(self.grammar.find_in_file_name(a));
            }
        }
        self.select(&found)
            .into_iter()
            .map(|m| Class::of(&m.marking))
            .collect()
    }
}

/// The highest confidence among selected markings (for the finding).
pub fn confidence(selected: &[&MarkingMatch]) -> f32 {
    selected.iter().map(|m| m.confidence()).fold(0.0, f32::max)
}

/// The grammar shared by every classification rule of a set (their extra
/// descriptors and codewords merged), and the kind's hook on each item.
#[derive(Debug)]
pub struct Markings {
    grammar: Option<MarkingGrammar>,
}

impl Markings {
    /// Builds the shared grammar; none when the set has no classification rule.
    pub fn new(rules: &[Rule]) -> Self {
        let mut extra: Vec<String> = Vec::new();
        let mut codewords: Vec<String> = Vec::new();
        let mut any = false;
        for r in rules {
            if let RuleKind::Classification(c) = &r.kind {
                any = true;
                extra.extend(c.extra_descriptors.iter().cloned());
                codewords.extend(c.codewords.iter().cloned());
            }
        }
        extra.sort();
        extra.dedup();
        codewords.sort();
        codewords.dedup();
        // Each rule's words were validated when it compiled, so the union is valid.
        let grammar = any
            .then(|| MarkingGrammar::new(&settings(&extra, &codewords)).ok())
            .flatten();
        Markings { grammar }
    }

    /// True when any classification rule would report a marking in `text`, read as
    /// message text and as a file name: the decision [`super::RuleSet::is_marked`]
    /// makes for everything else taken from an export.
    pub fn marks(&self, rules: &[Rule], text: &str) -> bool {
        let Some(grammar) = &self.grammar else {
            return false;
        };
        let (in_text, in_name) = (grammar.find(text), grammar.find_in_file_name(text));
        if in_text.is_empty() && in_name.is_empty() {
            return false;
        }
        rules.iter().any(|r| match &r.kind {
            RuleKind::Classification(c) => {
                !c.select(&in_text).is_empty() || !c.select(&in_name).is_empty()
            }
            _ => false,
        })
    }

    /// Reports the markings each classification rule selects in the item's text
    /// and attachment names; returns true when any rule reported one (so no
    /// report may quote the item).
    #[inline]
    pub fn check_item(&self, rules: &[Rule], item: &Item, out: &mut Emitter) -> bool {
        let Some(grammar) = &self.grammar else {
            return false;
        };
        let in_text = grammar.find(&item.text);
        let in_names: Vec<(usize, Vec<MarkingMatch>)> = item
            .attachments
            .iter()
            .enumerate()
            .map(|(i, a)| (i, grammar.find_in_file_name(a)))
            .filter(|(_, m)| !m.is_empty())
            .collect();
        if in_text.is_empty() && in_names.is_empty() {
            return false;
        }
        let mut marked = false;
        for rule in rules {
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
                marked = true;
                let names = describe(&selected);
                let detail = format!("marking {names} in {}", places.join(", "));
                let excerpt = out.excerpt(item, true);
                let confidence = hundredths(confidence(&selected));
                out.push(rule, Some(item), &names, excerpt, detail)
                    .confidence = Some(confidence);
            }
        }
        marked
    }
}

/// Grammar settings covering every class, with these extra descriptors and codewords.
pub fn settings(extra_descriptors: &[String], codewords: &[String]) -> GrammarSettings {
    GrammarSettings {
        extra_descriptors: extra_descriptors.to_vec(),
        codewords: codewords.to_vec(),
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
