//! The keyword gate in front of the detector: one search of a message for the key
//! words of every decision phrase and acknowledgement, as whole words, any case.
//! Most messages hold no key word and never reach the tokeniser.
//!
//! Each phrase is keyed by up to two of its words, distinctive ones first (`ok` and
//! `with` for `is ok with`, `agreed` for `has agreed`), and passes only when all of
//! its keys are present. A phrase can match a sentence only if each of its words is
//! a whole token there, so the gate never turns away a message the phrases would
//! match; it only spares the detector the messages that merely hold `with`, or `ok`
//! inside `book`.

use aho_corasick::{AhoCorasick, MatchKind};

/// Words too common in chat to key a phrase on their own: a phrase keyed by one of
/// them alone would let most messages through. They still key a phrase as its
/// second word (`is ok with` needs `ok` and `with`).
const COMMON: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "has", "have", "in", "is", "it", "of",
    "on", "or", "the", "to", "with",
];

/// Keys per phrase: two words narrow a phrase enough; more would only add patterns.
const KEYS_PER_PHRASE: usize = 2;

#[derive(Debug)]
pub(super) struct Gate {
    automaton: AhoCorasick,
    /// True when some key holds a character that is not a letter or digit (an
    /// apostrophe): then a rejected match could hide a whole-word one inside it,
    /// and the search must report overlapping matches.
    overlapping: bool,
    keys: usize,
    /// Per decision phrase (verbs, instructions, flags), the key numbers it needs.
    decision: Vec<Vec<usize>>,
    /// Per acknowledgement phrase, the key numbers it needs.
    acknowledgement: Vec<Vec<usize>>,
}

/// What the gate lets through for one message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Passed {
    pub decision: bool,
    pub acknowledgement: bool,
}

impl Gate {
    /// A gate for phrases given as their lower-case words.
    pub(super) fn new<'a>(
        decision: impl IntoIterator<Item = &'a [String]>,
        acknowledgement: impl IntoIterator<Item = &'a [String]>,
    ) -> Result<Gate, String> {
        let mut words: Vec<&'a str> = Vec::new();
        let mut key = |phrase: &'a [String]| -> Vec<usize> {
            let mut ranked: Vec<&'a str> = phrase.iter().map(String::as_str).collect();
            ranked.sort_by_key(|w| (COMMON.contains(w), std::cmp::Reverse(w.len())));
            ranked.dedup();
            ranked
                .into_iter()
                .take(KEYS_PER_PHRASE)
                .map(|w| {
                    words.iter().position(|k| *k == w).unwrap_or_else(|| {
                        words.push(w);
                        words.len() - 1
                    })
                })
                .collect()
        };
        let decision: Vec<Vec<usize>> = decision.into_iter().map(&mut key).collect();
        let acknowledgement: Vec<Vec<usize>> = acknowledgement.into_iter().map(&mut key).collect();
        let overlapping = words.iter().any(|w| !w.chars().all(char::is_alphanumeric));
        let automaton = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(if overlapping {
                MatchKind::Standard
            } else {
                MatchKind::LeftmostLongest
            })
            .build(&words)
            .map_err(|e| format!("decision settings: cannot build prefilter: {e}"))?;
        Ok(Gate {
            automaton,
            overlapping,
            keys: words.len(),
            decision,
            acknowledgement,
        })
    }

    /// Which questions are worth asking of `text` (cleaned).
    pub(super) fn check(&self, text: &str) -> Passed {
        let mut seen: Vec<bool> = Vec::new();
        let mut note = |start: usize, end: usize, key: usize| {
            if is_whole_word(text, start, end) {
                if seen.is_empty() {
                    seen.resize(self.keys, false);
                }
                seen[key] = true;
            }
        };
        if self.overlapping {
            for m in self.automaton.find_overlapping_iter(text) {
                note(m.start(), m.end(), m.pattern().as_usize());
            }
        } else {
            for m in self.automaton.find_iter(text) {
                note(m.start(), m.end(), m.pattern().as_usize());
            }
        }
        if seen.is_empty() {
            return Passed {
                decision: false,
                acknowledgement: false,
            };
        }
        let any = |phrases: &[Vec<usize>]| phrases.iter().any(|p| p.iter().all(|&k| seen[k]));
        Passed {
            decision: any(&self.decision),
            acknowledgement: any(&self.acknowledgement),
        }
    }
}

/// True when `text[start..end]` is not part of a longer run of letters and digits
/// (the tokeniser's words, `super::words::tokens`).
fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phrases(list: &[&str]) -> Vec<Vec<String>> {
        list.iter()
            .map(|p| super::super::words::phrase_words(p))
            .collect()
    }

    fn gate(decision: &[&str], ack: &[&str]) -> Gate {
        let (d, a) = (phrases(decision), phrases(ack));
        Gate::new(d.iter().map(Vec::as_slice), a.iter().map(Vec::as_slice)).unwrap()
    }

    fn passed(g: &Gate, text: &str) -> (bool, bool) {
        let p = g.check(text);
        (p.decision, p.acknowledgement)
    }

    #[test]
    fn keys_are_whole_words_in_any_case() {
        let g = gate(&["agreed", "is ok with"], &["logged as"]);
        assert_eq!(passed(&g, "PM AGREED."), (true, false));
        assert_eq!(passed(&g, "we disagreed about it"), (false, false));
        assert_eq!(passed(&g, "PM ok with option B"), (true, false));
        assert_eq!(passed(&g, "OK, with thanks"), (true, false));
        // `with` alone, or `ok` inside `book`, is not enough.
        assert_eq!(passed(&g, "see you with the book"), (false, false));
        assert_eq!(passed(&g, "Logged as SUB-1, agreed"), (true, true));
        assert_eq!(passed(&g, "ok"), (false, false));
    }

    #[test]
    fn a_rejected_match_does_not_hide_the_next() {
        let g = gate(&["ok with"], &[]);
        // `with` inside `without` is rejected; the later whole `with` still counts.
        assert_eq!(passed(&g, "ok without, ok with"), (true, false));
        assert_eq!(passed(&g, "okwith ok"), (false, false));
    }

    #[test]
    fn keys_with_apostrophes_search_overlapping_matches() {
        let g = gate(&["won't budge", "budge"], &[]);
        assert!(g.overlapping);
        assert_eq!(passed(&g, "PM won't budge"), (true, false));
        assert_eq!(passed(&g, "budge"), (true, false));
        assert!(!gate(&["agreed"], &[]).overlapping);
    }

    #[test]
    fn non_ascii_neighbours_count_as_letters() {
        let g = gate(&["agreed"], &[]);
        assert_eq!(passed(&g, "éagreed"), (false, false));
        assert_eq!(passed(&g, "“agreed”"), (true, false));
    }
}
