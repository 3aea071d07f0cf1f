//! Explicit flags (`DECISION:`, `#decision`, `For the record:`) and in-chat
//! acknowledgements that a decision reached the record.

use super::context::Context;
use super::detect::{Candidate, has_content, subject_or, trim_subject};
use super::words::sentences;
use super::{Acknowledgement, DecisionDetector, Family, FlagStrength};

impl DecisionDetector {
    pub(super) fn flag_cues(&self, text: &str, ctx: &Context) -> Vec<Candidate> {
        let mut out = Vec::new();
        let (colon, hash) = (text.contains(':'), text.contains('#'));
        for flag in &self.flags {
            let absent = match flag.needs {
                Some(':') => !colon,
                Some('#') => !hash,
                Some(c) => !text.contains(c),
                None => false,
            };
            if absent {
                continue;
            }
            for m in flag.regex.find_iter(text) {
                let (line_rest, subject) = if flag.hashtag {
                    let without = format!("{}{}", &text[..m.start()], &text[m.end()..]);
                    let sentence = hashtag_sentence(text, m.start(), m.end());
                    let subject = subject_or(&sentence, "");
                    let subject = if has_content(&subject) {
                        subject
                    } else {
                        trim_subject(first_line_with_content(&without))
                    };
                    (sentence, subject)
                } else {
                    let line = first_line_with_content(&text[m.end()..]);
                    (line.to_string(), trim_subject(line))
                };
                let toks = self.tokens(&subject);
                let void = line_rest.trim_end().ends_with('?')
                    || toks.is_empty()
                    || self.lists.flag_void.len_at(&toks, 0) > 0
                    || !has_content(&subject);
                if void {
                    continue;
                }
                let l = &self.lists;
                let decisive = l.roles.occurs_in(&toks)
                    || l.committees.occurs_in(&toks)
                    || l.predicates.occurs_in(&toks)
                    || l.refusals.occurs_in(&toks)
                    || ctx.principals.last_mentioned(&subject, &toks).is_some();
                let actor = ctx
                    .principals
                    .last_mentioned(&subject, &toks)
                    .map(|p| ctx.principals.get(p).name.clone())
                    .or_else(|| ctx.sender.map(|p| ctx.principals.get(p).name.clone()))
                    .unwrap_or_default();
                let base = match (flag.strength, decisive) {
                    (FlagStrength::Strong, true) => 0.95,
                    (FlagStrength::Strong, false) => 0.90,
                    (FlagStrength::Weak, true) => 0.75,
                    (FlagStrength::Weak, false) => 0.45,
                };
                if let Some(confidence) = self.adjust(base, &toks, false, false) {
                    let written: String = m
                        .as_str()
                        .chars()
                        .filter(|c| !matches!(c, '*' | '_'))
                        .collect();
                    let cue = written
                        .trim_start_matches(|c: char| !c.is_alphanumeric() && c != '#')
                        .to_string();
                    out.push(Candidate {
                        confidence,
                        cue,
                        family: Family::Flag,
                        actor,
                        subject,
                        reply_to: None,
                        reply_marked: false,
                    });
                }
            }
        }
        out
    }

    pub(super) fn find_acknowledgement(&self, text: &str) -> Option<Acknowledgement> {
        for (s, e) in sentences(text) {
            let sentence = &text[s..e];
            let toks = self.tokens(sentence);
            if toks.is_empty() || self.is_question(sentence, &toks) {
                continue;
            }
            for i in 0..toks.len() {
                let n = self.lists.acknowledgements.len_at(&toks, i);
                if n == 0 {
                    continue;
                }
                let after = &toks[i + n..(i + n + 2).min(toks.len())];
                if self.is_voided_before(&toks[..i]) || self.is_negation(after) {
                    break;
                }
                let mut references = self.references_in(sentence);
                if references.is_empty() {
                    references = self.references_in(text);
                }
                let cue = sentence[toks[i].start..toks[i + n - 1].end].to_string();
                return Some(Acknowledgement { references, cue });
            }
        }
        None
    }
}

/// The first line of `text` with a word in it; flags are often on a line of their
/// own with the decision below.
fn first_line_with_content(text: &str) -> &str {
    text.lines()
        .find(|l| l.chars().any(char::is_alphanumeric))
        .unwrap_or_default()
}

/// The sentence holding the `#tag` at `text[at..end]`, without the tag.
fn hashtag_sentence(text: &str, at: usize, end: usize) -> String {
    sentences(text)
        .into_iter()
        .find(|&(s, e)| s <= at && at < e)
        .map_or_else(String::new, |(s, e)| {
            format!("{}{}", &text[s..at], &text[end..e])
        })
}
