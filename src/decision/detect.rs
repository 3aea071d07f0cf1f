//! The sentence analysis behind [`DecisionDetector::detect`]: actor + verb,
//! passive, instruction and bare-verb cues; the scoring is documented on the module.

use super::vocab::{FILLERS, OPENERS, OPINION_WITH, QUESTION_STARTERS};
use super::words::{Token, content_words, sentences, tokens};
use super::{DecisionDetector, Phrases};

/// A scored cue before the threshold is applied.
#[derive(Debug, Clone)]
pub(super) struct Candidate {
    pub confidence: f32,
    pub cue: String,
    pub subject: String,
}

const HEDGE_PENALTY: f32 = 0.25;
const CHIT_CHAT_PENALTY: f32 = 0.40;
/// Longest subject kept, in characters.
const SUBJECT_MAX: usize = 300;

impl Phrases {
    /// Length in words of the longest phrase starting at `toks[i]`, or 0. `toks`
    /// must come from [`DecisionDetector::tokens`] (they carry word numbers).
    pub(super) fn len_at(&self, toks: &[Token], i: usize) -> usize {
        let Some(starting) = toks.get(i).and_then(|t| self.0.by_first.get(t.id as usize)) else {
            return 0;
        };
        let rest = &toks[i..];
        starting
            .iter()
            .map(|&k| &self.0.ids[k])
            .filter(|p| p.len() <= rest.len() && p.iter().zip(rest).all(|(&w, t)| w == t.id))
            .map(Vec::len)
            .max()
            .unwrap_or(0)
    }

    /// Start of the longest phrase ending just before `toks[end]`.
    fn start_ending_at(&self, toks: &[Token], end: usize) -> Option<usize> {
        let ending = self
            .0
            .by_last
            .get(toks.get(end.checked_sub(1)?)?.id as usize)?;
        ending
            .iter()
            .map(|&k| &self.0.ids[k])
            .filter(|p| p.len() <= end)
            .filter(|p| {
                p.iter()
                    .zip(&toks[end - p.len()..end])
                    .all(|(&w, t)| w == t.id)
            })
            .map(|p| end - p.len())
            .min()
    }

    pub(super) fn occurs_in(&self, toks: &[Token]) -> bool {
        (0..toks.len()).any(|i| self.len_at(toks, i) > 0)
    }
}

/// Where a verb's actor was found.
enum Link {
    /// `actor … verb`: where the actor starts.
    Active(usize),
    /// `verb by/with actor`: where the actor ends.
    Passive(usize),
    /// No actor: a verb opening the sentence.
    Bare,
}

impl DecisionDetector {
    /// [`tokens`] with each word's number in the vocabulary, for phrase matching.
    pub(super) fn tokens<'a>(&self, text: &'a str) -> Vec<Token<'a>> {
        let mut toks = tokens(text);
        for t in &mut toks {
            if let Some(&id) = self.vocabulary.0.get(t.word()) {
                t.id = id;
            }
        }
        toks
    }

    pub(super) fn best_cue(&self, text: &str) -> Option<Candidate> {
        let mut best: Option<Candidate> = None;
        let mut offer = |c: Candidate| {
            if best.as_ref().is_none_or(|b| c.confidence > b.confidence) {
                best = Some(c);
            }
        };
        self.flag_cues(text).into_iter().for_each(&mut offer);
        for (s, e) in sentences(text) {
            self.sentence_cues(&text[s..e])
                .into_iter()
                .for_each(&mut offer);
        }
        best
    }

    pub(super) fn is_negation(&self, toks: &[Token]) -> bool {
        toks.iter().any(|t| t.word().ends_with("n't")) || self.negations.occurs_in(toks)
    }

    pub(super) fn is_question(&self, sentence: &str, toks: &[Token]) -> bool {
        if sentence.trim_end().ends_with('?') {
            return true;
        }
        let first = toks.first().map(|t| t.word());
        let second = toks.get(1).map(|t| t.word());
        let declarative = matches!(
            (first, second),
            (Some("can"), Some("confirm")) | (Some("has" | "have"), Some("been"))
        );
        !declarative && first.is_some_and(|w| QUESTION_STARTERS.contains(&w))
    }

    /// True when the words before a cue make it a non-decision.
    pub(super) fn is_voided_before(&self, before: &[Token]) -> bool {
        self.is_negation(before)
            || self.conditionals.occurs_in(before)
            || self.pending.occurs_in(before)
    }

    fn sentence_cues(&self, sentence: &str) -> Vec<Candidate> {
        let toks = self.tokens(sentence);
        if toks.is_empty() || self.is_question(sentence, &toks) || self.reversals.occurs_in(&toks) {
            return Vec::new();
        }
        let mut out = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            let n = self.verbs.len_at(&toks, i);
            if n == 0 {
                i += 1;
                continue;
            }
            out.extend(self.verb_cue(sentence, &toks, i, i + n));
            i += n;
        }
        out.extend(self.instruction_cue(sentence, &toks));
        out
    }

    /// Scores the verb at `toks[vi..vj]`, finding its actor.
    fn verb_cue(&self, sentence: &str, toks: &[Token], vi: usize, vj: usize) -> Option<Candidate> {
        if self.is_voided_before(&toks[..vi])
            || self.is_negation(&toks[vj..(vj + 2).min(toks.len())])
        {
            return None;
        }
        // `agreed with me` is an opinion; `agreed with the recommendation` a decision.
        let with_at = if toks[vj - 1].word() == "with" {
            vj
        } else {
            vj + 1
        };
        let opinion = (with_at == vj || toks.get(vj).is_some_and(|t| t.word() == "with"))
            && toks
                .get(with_at)
                .is_some_and(|t| OPINION_WITH.contains(&t.word()));
        if opinion {
            return None;
        }
        let link = self
            .active_actor(toks, vi)
            .or_else(|| self.passive_actor(toks, vi, vj));
        let link = match link {
            Some(link) => link,
            None if toks[..vi].iter().all(|t| OPENERS.contains(&t.word())) => Link::Bare,
            None => return None,
        };
        let span = |a: usize, b: usize| sentence[toks[a].start..toks[b - 1].end].to_string();
        let after = |k: usize| toks.get(k).map_or("", |t| &sentence[t.start..]);
        let before = |k: usize| &sentence[..toks[k].start];
        let (base, cue, subject) = match link {
            Link::Active(a) => {
                let subject = subject_or(after(vj), before(a));
                let base = if has_content(&subject) { 0.85 } else { 0.60 };
                (base, format!("actor+verb: {}", span(a, vj)), subject)
            }
            Link::Passive(b) => {
                let subject = subject_or(before(vi), after(b));
                let base = if has_content(&subject) { 0.85 } else { 0.60 };
                (base, format!("verb+actor: {}", span(vi, b)), subject)
            }
            Link::Bare => {
                let subject = trim_subject(after(vj));
                let base = if content_words(&subject).len() >= 2 {
                    0.35
                } else {
                    0.10
                };
                (base, format!("verb: {}", span(vi, vj)), subject)
            }
        };
        let has_actor = !matches!(link, Link::Bare);
        let hedged = self.conditionals.occurs_in(&toks[vj..]);
        self.adjust(base, toks, has_actor, hedged)
            .map(|confidence| Candidate {
                confidence,
                cue,
                subject,
            })
    }

    /// Applies hedge and chit-chat rules; `None` voids the cue.
    pub(super) fn adjust(
        &self,
        base: f32,
        toks: &[Token],
        has_actor: bool,
        hedged: bool,
    ) -> Option<f32> {
        let mut confidence = base;
        if hedged || self.hedges.occurs_in(toks) {
            confidence -= HEDGE_PENALTY;
        }
        if self.chit_chat.occurs_in(toks) {
            if !has_actor {
                return None;
            }
            confidence -= CHIT_CHAT_PENALTY;
        }
        Some(confidence.clamp(0.0, 1.0))
    }

    /// `actor [fillers] verb`: walks back from the verb over filler words.
    fn active_actor(&self, toks: &[Token], vi: usize) -> Option<Link> {
        let mut end = vi;
        loop {
            if let Some(mut start) = self.actors.start_ending_at(toks, end) {
                // Joint decisions: `SoS and Chancellor have agreed`.
                while start > 1 && toks[start - 1].word() == "and" {
                    match self.actors.start_ending_at(toks, start - 1) {
                        Some(s) => start = s,
                        None => break,
                    }
                }
                return Some(Link::Active(start));
            }
            if end == 0 || !FILLERS.contains(&toks[end - 1].word()) {
                return None;
            }
            end -= 1;
        }
    }

    /// `verb by|with [the] actor`, unless the verb is still to happen (`to be signed off by`).
    fn passive_actor(&self, toks: &[Token], vi: usize, vj: usize) -> Option<Link> {
        let unfinished = toks[vi.saturating_sub(2)..vi]
            .iter()
            .any(|t| matches!(t.word(), "to" | "be" | "being" | "get" | "getting"));
        if unfinished
            || !toks
                .get(vj)
                .is_some_and(|t| t.word() == "by" || t.word() == "with")
        {
            return None;
        }
        let mut a = vj + 1;
        while toks
            .get(a)
            .is_some_and(|t| matches!(t.word(), "the" | "both"))
        {
            a += 1;
        }
        let n = if a < toks.len() {
            self.actors.len_at(toks, a)
        } else {
            0
        };
        (n > 0).then_some(Link::Passive(a + n))
    }

    /// `[openers] [actor [says]] go ahead with …` opening a sentence.
    fn instruction_cue(&self, sentence: &str, toks: &[Token]) -> Option<Candidate> {
        let mut i = 0;
        let mut has_actor = false;
        while i < toks.len() {
            let n = self.instructions.len_at(toks, i);
            if n > 0 {
                let subject = trim_subject(toks.get(i + n).map_or("", |t| &sentence[t.start..]));
                if !has_content(&subject) {
                    return None;
                }
                let base = if has_actor { 0.80 } else { 0.60 };
                let hedged = self.conditionals.occurs_in(&toks[i + n..]);
                let cue = format!(
                    "instruction: {}",
                    &sentence[toks[0].start..toks[i + n - 1].end]
                );
                return self
                    .adjust(base, toks, has_actor, hedged)
                    .map(|confidence| Candidate {
                        confidence,
                        cue,
                        subject,
                    });
            }
            let actor = self.actors.len_at(toks, i);
            let w = toks[i].word();
            if actor > 0 {
                has_actor = true;
                i += actor;
            } else if OPENERS.contains(&w) || FILLERS.contains(&w) || w == "please" {
                i += 1;
            } else {
                return None;
            }
        }
        None
    }
}

pub(super) fn has_content(subject: &str) -> bool {
    !content_words(subject).is_empty()
}

/// The first of the two with content words, trimmed; empty when neither has any.
pub(super) fn subject_or(first: &str, second: &str) -> String {
    [first, second]
        .into_iter()
        .map(trim_subject)
        .find(|s| has_content(s))
        .unwrap_or_default()
}

/// Trims connecting words and punctuation from both ends of a subject and caps it.
pub(super) fn trim_subject(text: &str) -> String {
    const LEAD: &[&str] = &["with", "on", "to", "that", "for", "re"];
    const TRAIL: &[&str] = &["the", "and", "but", "so", "that", "re"];
    let toks = tokens(text);
    let mut a = 0;
    let mut b = toks.len();
    while a < b && LEAD.contains(&toks[a].word()) {
        a += 1;
    }
    while b > a && TRAIL.contains(&toks[b - 1].word()) {
        b -= 1;
    }
    if a == b {
        return String::new();
    }
    let start = if a == 0 { 0 } else { toks[a].start };
    let end = if b == toks.len() {
        text.len()
    } else {
        toks[b - 1].end
    };
    let s = text[start..end]
        .trim_matches(|c: char| !c.is_alphanumeric() && !matches!(c, ')' | '"' | '\'' | '’' | '%'));
    s.chars().take(SUBJECT_MAX).collect()
}
