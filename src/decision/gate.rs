//! The gate in front of the detector: one search of a message for any decision
//! phrase or acknowledgement, its words in order, whole, in any ASCII case, with
//! anything but letters and digits between them. Most messages hold none and never
//! reach the tokeniser.
//!
//! The detector matches a phrase against consecutive tokens of one sentence
//! (`super::words::tokens`: runs of letters and digits, inner apostrophes kept, a
//! trailing `'s` split off). Wherever it would match, the gate's pattern matches
//! too: so the gate spares work and never changes a result. It is looser where
//! that is simpler (an accented letter next to a word counts as a separator).

use regex::bytes::Regex;

/// Letters and digits as the gate sees them: ASCII only, so the search is a small
/// byte automaton (a non-ASCII letter counts as a separator, which only lets more
/// messages through).
const NOT_WORD: &str = "[^0-9A-Za-z]";

#[derive(Debug)]
pub(super) struct Gate {
    /// `None` when some phrase has a non-ASCII letter: ASCII case-folding could
    /// miss it in another case, so every message goes through.
    pattern: Option<Regex>,
}

impl Gate {
    /// A gate for phrases given as their lower-case words (decision phrases and
    /// acknowledgements alike: either opens the gate).
    pub(super) fn new<'a>(phrases: impl IntoIterator<Item = &'a [String]>) -> Result<Gate, String> {
        let mut alternatives = Vec::new();
        for words in phrases {
            if words.iter().any(|w| !w.is_ascii()) {
                return Ok(Gate { pattern: None });
            }
            alternatives.push(phrase_pattern(words));
        }
        alternatives.sort_unstable();
        alternatives.dedup();
        let pattern = Regex::new(&format!(
            "(?i-u)(?:{})(?:$|{NOT_WORD})",
            alternatives.join("|")
        ))
        .map_err(|e| format!("decision settings: cannot build the phrase prefilter: {e}"))?;
        Ok(Gate {
            pattern: Some(pattern),
        })
    }

    /// Whether `text` (cleaned) may hold a phrase.
    pub(super) fn passes(&self, text: &str) -> bool {
        self.pattern
            .as_ref()
            .is_none_or(|p| p.is_match(text.as_bytes()))
    }
}

/// One phrase: each word whole, separators of at least one non-word byte (none
/// before a word that opens with an apostrophe, like the split-off `'s`), and
/// any apostrophe written straight or curly.
fn phrase_pattern(words: &[String]) -> String {
    let mut out = String::new();
    for (i, word) in words.iter().enumerate() {
        let opens_with_letter = word.starts_with(|c: char| c.is_ascii_alphanumeric());
        out.push_str(&match (i, opens_with_letter) {
            (0, true) => format!("(?:^|{NOT_WORD})"),
            (0, false) => String::new(),
            (_, true) => format!("{NOT_WORD}+"),
            (_, false) => format!("{NOT_WORD}*"),
        });
        let escaped: Vec<String> = word.split('\'').map(regex::escape).collect();
        out.push_str(&escaped.join("(?:'|\u{2019}|\u{2018})"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gate(list: &[&str]) -> Gate {
        let phrases: Vec<Vec<String>> = list
            .iter()
            .map(|p| super::super::words::phrase_words(p))
            .collect();
        Gate::new(phrases.iter().map(Vec::as_slice)).unwrap()
    }

    #[test]
    fn phrases_are_whole_words_in_order_in_any_case() {
        let g = gate(&["agreed", "is ok with", "logged as"]);
        assert!(g.passes("PM AGREED."));
        assert!(g.passes("_agreed_"));
        assert!(!g.passes("we disagreed about it"));
        assert!(!g.passes("agreedly"));
        assert!(g.passes("PM is OK, with thanks"));
        assert!(g.passes("Done - logged as SUB-1"));
        // The words alone, out of order, or inside others are not enough.
        assert!(!g.passes("ok, I see it is with the book"));
        assert!(!g.passes("with ok is"));
        assert!(!g.passes("this ok without"));
    }

    #[test]
    fn apostrophes_straight_or_curly() {
        let g = gate(&["won't budge", "PM's call"]);
        assert!(g.passes("PM won't budge"));
        assert!(g.passes("PM won\u{2019}t budge"));
        assert!(g.passes("the PM\u{2019}s call"));
        assert!(!g.passes("PM wont budge"));
    }

    #[test]
    fn non_ascii_phrases_turn_the_gate_off() {
        let g = gate(&["agreed", "beschloß"]);
        assert!(g.pattern.is_none());
        assert!(g.passes("nothing here"));
    }
}
