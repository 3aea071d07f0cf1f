//! The decision vocabulary as settings: read from the decision rule's
//! `[rule.vocabulary]` table in the rule pack (`rules/uk-default.toml` ships the UK
//! private-office one). A pack of a department's own restates only the lists it
//! changes; every other list comes from the shipped pack.

use std::sync::OnceLock;

use serde::Deserialize;

/// The shipped pack, whose decision rule holds the default vocabulary.
const SHIPPED_PACK: &str = include_str!("../../rules/uk-default.toml");

/// The vocabulary the detector is compiled from. Every phrase is matched as whole
/// words in any case; see the comments in the shipped pack for each list.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DecisionSettings {
    pub roles: Vec<String>,
    pub roles_for: Vec<String>,
    pub committees: Vec<String>,
    pub committee_heads: Vec<String>,
    pub honorifics: Vec<String>,
    pub pronouns: Vec<String>,
    pub first_person: Vec<String>,
    pub foreign: Vec<String>,
    pub predicates: Vec<String>,
    pub refusals: Vec<String>,
    pub impersonal: Vec<String>,
    pub nominal: Vec<String>,
    pub instructions: Vec<String>,
    pub flags: Vec<String>,
    pub weak_flags: Vec<String>,
    pub relays: Vec<String>,
    pub after_void: Vec<String>,
    pub acknowledgements: Vec<String>,
    pub negations: Vec<String>,
    pub conditionals: Vec<String>,
    pub pending: Vec<String>,
    pub hedges: Vec<String>,
    pub chit_chat: Vec<String>,
    pub fillers: Vec<String>,
    pub openers: Vec<String>,
    pub question_starters: Vec<String>,
    pub flag_void: Vec<String>,
    pub opinion_with: Vec<String>,
    pub reversals: Vec<String>,
    pub reply_assents: Vec<String>,
    pub reply_void: Vec<String>,
    pub proposal_cues: Vec<String>,
    pub reply_max_words: usize,
    /// Regex for cited register references (`DOC-123`, `SUB-2021-044`).
    pub reference_pattern: String,
    /// Matches of `reference-pattern` that are not references (`COVID-19`).
    pub reference_ignore: Vec<String>,
    /// Cues below this confidence are not reported (0..=1).
    pub min_confidence: f32,
}

/// The shipped pack's `[rule.vocabulary]` table of its decision rule.
pub fn shipped_table() -> &'static toml::Table {
    static TABLE: OnceLock<toml::Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let pack: toml::Table = toml::from_str(SHIPPED_PACK).expect("shipped pack is TOML");
        pack.get("rule")
            .and_then(toml::Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(toml::Value::as_table)
            .find(|r| r.get("kind").and_then(toml::Value::as_str) == Some("decision"))
            .and_then(|r| r.get("vocabulary"))
            .and_then(toml::Value::as_table)
            .cloned()
            .expect("shipped pack has a decision rule with a vocabulary")
    })
}

impl DecisionSettings {
    /// The shipped vocabulary with the lists of `overrides` replacing its own; an
    /// unknown key or a wrong type is an error naming it.
    pub fn with_overrides(overrides: &toml::Table) -> Result<Self, String> {
        let mut table = shipped_table().clone();
        for (k, v) in overrides {
            table.insert(k.clone(), v.clone());
        }
        DecisionSettings::deserialize(toml::Value::Table(table))
            .map_err(|e| e.to_string().trim_end().to_string())
    }

    /// The lists by their names in the pack, for `rules explain`.
    pub fn lists(&self) -> Vec<(&'static str, &[String])> {
        vec![
            ("roles", &self.roles),
            ("roles-for", &self.roles_for),
            ("committees", &self.committees),
            ("committee-heads", &self.committee_heads),
            ("honorifics", &self.honorifics),
            ("pronouns", &self.pronouns),
            ("first-person", &self.first_person),
            ("foreign", &self.foreign),
            ("predicates", &self.predicates),
            ("refusals", &self.refusals),
            ("impersonal", &self.impersonal),
            ("nominal", &self.nominal),
            ("instructions", &self.instructions),
            ("flags", &self.flags),
            ("weak-flags", &self.weak_flags),
            ("relays", &self.relays),
            ("after-void", &self.after_void),
            ("acknowledgements", &self.acknowledgements),
            ("negations", &self.negations),
            ("conditionals", &self.conditionals),
            ("pending", &self.pending),
            ("hedges", &self.hedges),
            ("chit-chat", &self.chit_chat),
            ("fillers", &self.fillers),
            ("openers", &self.openers),
            ("question-starters", &self.question_starters),
            ("flag-void", &self.flag_void),
            ("opinion-with", &self.opinion_with),
            ("reversals", &self.reversals),
            ("reply-assents", &self.reply_assents),
            ("reply-void", &self.reply_void),
            ("proposal-cues", &self.proposal_cues),
            ("reference-ignore", &self.reference_ignore),
        ]
    }
}

impl Default for DecisionSettings {
    /// The shipped UK private-office vocabulary.
    fn default() -> Self {
        DecisionSettings::with_overrides(&toml::Table::new()).expect("shipped vocabulary is valid")
    }
}
