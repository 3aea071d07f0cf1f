//! What rule packs may cost: a limit on the total compiled size of the pattern
//! rules' regular expressions. Each regex is already capped on its own (the `regex`
//! crate refuses one over 10 MiB), but a pack of many large ones would make every
//! worker hold, and every message pay for, their sum; the limit stops that at load
//! time with an error naming the rules that weigh most.

use super::config::RuleError;
use super::{Rule, RuleKind};

/// The most the pattern rules' compiled patterns may take together.
pub const MAX_PATTERN_BYTES: usize = 32 * 1024 * 1024;

/// How many of the heaviest rules the error names.
const NAMED: usize = 5;

/// The compiled size of one pattern (its Thompson NFA, what the `regex` crate's
/// size limit also measures); 0 if it does not compile (reported elsewhere).
pub fn compiled_size(source: &str) -> usize {
    regex_automata::nfa::thompson::NFA::new(source).map_or(0, |nfa| nfa.memory_usage())
}

/// An error when the pattern rules together compile beyond [`MAX_PATTERN_BYTES`]
/// (`file_of` gives the pack a rule came from).
pub fn check(rules: &[Rule], file_of: impl Fn(&str) -> String) -> Option<RuleError> {
    let mut sizes: Vec<(usize, &Rule)> = rules
        .iter()
        .filter_map(|r| match &r.kind {
            RuleKind::Pattern(p) => Some((p.compiled_bytes, r)),
            _ => None,
        })
        .collect();
    let total: usize = sizes.iter().map(|(n, _)| n).sum();
    if total <= MAX_PATTERN_BYTES {
        return None;
    }
    sizes.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.id.cmp(&b.1.id)));
    let heaviest: Vec<String> = sizes
        .iter()
        .take(NAMED)
        .map(|(n, r)| format!("{} ({}, {})", r.id, mib(*n), file_of(&r.id)))
        .collect();
    Some(RuleError {
        file: "rule packs".into(),
        rule: None,
        field: Some("patterns".into()),
        message: format!(
            "the pattern rules compile to {} together, over the limit of {}; the largest: {}. \
             Simplify or disable some of them (`[pack] disable = [...]`)",
            mib(total),
            mib(MAX_PATTERN_BYTES),
            heaviest.join(", ")
        ),
    })
}

fn mib(bytes: usize) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shipped packs use a small part of the budget; a long run of Unicode
    /// word characters is what costs (about 3.4 MiB for `\w{1,200}`).
    #[test]
    fn the_shipped_packs_are_well_within_the_budget() {
        let set = super::super::config::load(&[]).unwrap();
        let total: usize = set
            .rules
            .iter()
            .filter_map(|r| match &r.kind {
                RuleKind::Pattern(p) => Some(p.compiled_bytes),
                _ => None,
            })
            .sum();
        assert!(total < MAX_PATTERN_BYTES / 8, "{total}");
        let heavy = compiled_size(r"\w{1,200}");
        assert!((3 << 20..4 << 20).contains(&heavy), "{heavy}");
        assert!(check(&set.rules, |_| String::new()).is_none());
    }
}
