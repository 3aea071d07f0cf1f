//! The headline figures of the office page and trend.csv: one table naming each
//! figure (its trend.csv column, its words on the page, the one line saying what
//! it counts), and the values of one office, taken from the counts summary.csv is
//! written from ([`OfficeCounts`]) and the page's own [`OfficeFacts`].

use super::facts::OfficeFacts;
use super::summary::OfficeCounts;
use crate::rules::{Category, Severity};

/// One figure: where it goes and what it means.
#[derive(Debug, Clone, Copy)]
pub struct Figure {
    /// Its trend.csv column (and, where summary.csv has the same count, its column).
    pub key: &'static str,
    /// Its name on the page.
    pub label: &'static str,
    /// What it counts, in one plain line.
    pub explain: &'static str,
}

/// Every figure, in page and trend.csv column order: the headline figures first,
/// then the findings by severity (most serious first).
pub const FIGURES: [Figure; 14] = [
    Figure {
        key: "secret_or_above",
        label: "SECRET or above shared",
        explain: "Messages or attachment names carrying a SECRET or TOP SECRET marking on a messaging app, where such material must never go.",
    },
    Figure {
        key: "disappearing_messages",
        label: "Disappearing-message timers",
        explain: "Times a chat's disappearing-messages timer was on, so messages may have been deleted automatically.",
    },
    Figure {
        key: "timers_across_legal_hold",
        label: "Timers on across a legal hold",
        explain: "Of those, timers running on a legal-hold date (such as an inquiry being announced), when nothing may be deleted.",
    },
    Figure {
        key: "timers_still_on",
        label: "Timers still on",
        explain: "Timers still running when the chat was exported: messages may still be disappearing.",
    },
    Figure {
        key: "decisions_overdue",
        label: "Decisions overdue",
        explain: "Decisions made in chat, not in the register, and past the deadline for recording them.",
    },
    Figure {
        key: "decisions_pending",
        label: "Decisions pending",
        explain: "Decisions made in chat, not yet in the register, still within the deadline.",
    },
    Figure {
        key: "decisions_recorded",
        label: "Decisions recorded",
        explain: "Decisions made in chat that the register, or the chat itself, shows were recorded.",
    },
    Figure {
        key: "coverage",
        label: "Coverage gaps",
        explain: "Places where an export shows messages deleted or media left out, so the record is incomplete.",
    },
    Figure {
        key: "files_error",
        label: "Files that could not be read",
        explain: "Files on the drive that could not be opened or read; nothing in them is counted here (files.csv says why).",
    },
    Figure {
        key: "findings_critical",
        label: "Critical",
        explain: "Findings to act on first: SECRET or above shared, timers across a legal hold.",
    },
    Figure {
        key: "findings_high",
        label: "High",
        explain: "Serious gaps: timers on, decisions overdue.",
    },
    Figure {
        key: "findings_medium",
        label: "Medium",
        explain: "OFFICIAL-SENSITIVE material, decisions pending.",
    },
    Figure {
        key: "findings_low",
        label: "Low",
        explain: "Deleted messages and smaller gaps.",
    },
    Figure {
        key: "findings_info",
        label: "Info",
        explain: "For information: media not exported, talk about markings.",
    },
];

/// How many of [`FIGURES`] are headline figures (the rest are severities).
pub const HEADLINE: usize = 9;

/// One value per figure, in [`FIGURES`] order.
pub type Values = [u64; FIGURES.len()];

/// Where `key` is in [`FIGURES`].
pub fn index(key: &str) -> Option<usize> {
    FIGURES.iter().position(|f| f.key == key)
}

/// Where the figure of findings at `severity` is in [`FIGURES`].
pub fn severity_index(severity: Severity) -> usize {
    HEADLINE
        + Severity::ALL
            .iter()
            .position(|s| *s == severity)
            .expect("every severity is listed")
}

/// The figures of one office (or of the whole drive, from its summed counts).
pub fn values(counts: &OfficeCounts, facts: &OfficeFacts) -> Values {
    let category = |c: Category| *counts.by_category.get(&c).unwrap_or(&0);
    let mut v: Values = [0; FIGURES.len()];
    v[..HEADLINE].copy_from_slice(&[
        counts.secret_or_above,
        category(Category::DisappearingMessages),
        facts.timers_across_legal_hold,
        facts.timers_still_on,
        counts.overdue,
        counts.pending,
        counts.recorded,
        category(Category::Coverage),
        counts.errors,
    ]);
    for s in Severity::ALL {
        v[severity_index(s)] = *counts.by_severity.get(&s).unwrap_or(&0);
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severity_figures_are_named_as_summary_columns() {
        for s in Severity::ALL {
            assert_eq!(FIGURES[severity_index(s)].key, format!("findings_{s}"));
        }
        let mut keys: Vec<_> = FIGURES.iter().map(|f| f.key).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), FIGURES.len(), "figure keys are unique");
    }

    #[test]
    fn values_come_from_the_counts_and_facts() {
        let mut counts = OfficeCounts::default();
        counts.file(crate::outcome::Status::Error, 0);
        counts.decision(crate::register::Status::Overdue, 40);
        counts.decision(crate::register::Status::Pending, 3);
        counts.by_severity.insert(Severity::High, 2);
        counts.by_category.insert(Category::Coverage, 5);
        counts.secret_or_above = 4;
        let facts = OfficeFacts::default();
        let v = values(&counts, &facts);
        let at = |k| v[index(k).unwrap()];
        assert_eq!(at("secret_or_above"), 4);
        assert_eq!(at("files_error"), 1);
        assert_eq!(at("decisions_overdue"), 1);
        assert_eq!(at("decisions_pending"), 1);
        assert_eq!(at("coverage"), 5);
        assert_eq!(at("findings_high"), 2);
        assert_eq!(at("findings_critical"), 0);
    }
}
