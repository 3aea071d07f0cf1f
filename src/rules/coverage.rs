//! Rule kind `coverage`: per conversation, counts the content the export does not
//! hold — deleted-message placeholders, media left out, view-once content — which
//! are gaps in the record worth knowing about.

use serde::Deserialize;

use super::Rule;
use super::emit::Emitter;
use crate::model::ItemKind;

/// Documentation shown by `onrecord rules explain`.
pub const DOC: &str = "\
Kind `coverage`: one finding per conversation when the export holds at least
`min-count` items of the listed `kinds` (deleted, media-omitted, view-once):
placeholders for content that is not in the record. Samples are export lines.";

/// Settings as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawCoverage {
    pub kinds: Vec<String>,
    #[serde(default = "one")]
    pub min_count: u64,
}

fn one() -> u64 {
    1
}

/// What is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gap {
    Deleted,
    MediaOmitted,
    ViewOnce,
}

impl Gap {
    fn parse(s: &str) -> Option<Gap> {
        match s {
            "deleted" => Some(Gap::Deleted),
            "media-omitted" => Some(Gap::MediaOmitted),
            "view-once" => Some(Gap::ViewOnce),
            _ => None,
        }
    }

    fn of(kind: &ItemKind) -> Option<Gap> {
        match kind {
            ItemKind::Deleted => Some(Gap::Deleted),
            ItemKind::MediaOmitted => Some(Gap::MediaOmitted),
            ItemKind::ViewOnce => Some(Gap::ViewOnce),
            _ => None,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Gap::Deleted => "deleted-message placeholder(s)",
            Gap::MediaOmitted => "media item(s) left out of the export",
            Gap::ViewOnce => "view-once item(s) withheld",
        }
    }
}

/// A compiled coverage rule.
#[derive(Debug)]
pub struct Coverage {
    kinds: Vec<Gap>,
    min_count: u64,
}

/// Per-conversation counts.
#[derive(Debug, Default, Clone)]
pub struct Counts {
    deleted: u64,
    media_omitted: u64,
    view_once: u64,
    messages: u64,
}

impl Counts {
    /// Counts one item.
    pub fn observe(&mut self, kind: &ItemKind) {
        if kind.is_message() {
            self.messages += 1;
        }
        match Gap::of(kind) {
            Some(Gap::Deleted) => self.deleted += 1,
            Some(Gap::MediaOmitted) => self.media_omitted += 1,
            Some(Gap::ViewOnce) => self.view_once += 1,
            None => {}
        }
    }

    fn get(&self, gap: Gap) -> u64 {
        match gap {
            Gap::Deleted => self.deleted,
            Gap::MediaOmitted => self.media_omitted,
            Gap::ViewOnce => self.view_once,
        }
    }
}

impl Coverage {
    /// Compiles the settings.
    pub fn compile(raw: RawCoverage) -> Result<Self, (Option<String>, String)> {
        let kinds = raw
            .kinds
            .iter()
            .map(|k| {
                Gap::parse(k).ok_or_else(|| {
                    (
                        Some("kinds".into()),
                        format!("{k:?} is not one of deleted, media-omitted, view-once"),
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        if kinds.is_empty() {
            return Err((Some("kinds".into()), "list at least one kind".into()));
        }
        Ok(Coverage {
            kinds,
            min_count: raw.min_count.max(1),
        })
    }

    /// The finding's detail when a conversation's counts reach the threshold.
    pub fn assess(&self, counts: &Counts) -> Option<String> {
        let total: u64 = self.kinds.iter().map(|g| counts.get(*g)).sum();
        if total < self.min_count {
            return None;
        }
        let parts: Vec<String> = self
            .kinds
            .iter()
            .filter(|g| counts.get(**g) > 0)
            .map(|g| format!("{} {}", counts.get(*g), g.label()))
            .collect();
        Some(format!(
            "{} (of {} messages)",
            parts.join(", "),
            counts.messages
        ))
    }

    /// The kind's hook at the end of a conversation: one finding about the whole
    /// conversation when its counts reach the threshold.
    pub fn end_conversation(&self, rule: &Rule, counts: &Counts, out: &mut Emitter) {
        if let Some(detail) = self.assess(counts) {
            out.push(rule, None, &self.kinds_label(), String::new(), detail);
        }
    }

    /// A stable label of what this rule counts (part of the finding id).
    pub fn kinds_label(&self) -> String {
        self.kinds
            .iter()
            .map(|g| g.label())
            .collect::<Vec<_>>()
            .join("+")
    }

    /// True when the sample (export lines) holds an item this rule counts.
    pub fn sample_fires(&self, sample: &str) -> bool {
        super::sample_items(sample)
            .iter()
            .any(|i| Gap::of(&i.kind).is_some_and(|g| self.kinds.contains(&g)))
    }
}
