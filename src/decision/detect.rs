//! The sentence analysis behind [`DecisionDetector::examine`]: a predicate, refusal
//! or impersonal construction, and the actor it belongs to (active, passive,
//! relayed, first-person, pronoun) or none; the scoring is documented on the module.

use super::actors::{Actor, ActorKind};
use super::context::Context;
use super::words::{Token, content_words, sentences, tokens};
use super::{DecisionDetector, Family};

/// A scored cue before the threshold is applied.
#[derive(Debug, Clone)]
pub(super) struct Candidate {
    pub confidence: f32,
    /// The words that fired, as written.
    pub cue: String,
    pub family: Family,
    pub actor: String,
    pub subject: String,
    pub reply_to: Option<String>,
    /// The proposal replied to carries a classification marking.
    pub reply_marked: bool,
}

const HEDGE_PENALTY: f32 = 0.25;
const CHIT_CHAT_PENALTY: f32 = 0.40;
/// Longest subject kept, in characters.
const SUBJECT_MAX: usize = 300;

/// Which list a decision phrase came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phrase {
    Predicate,
    Refusal,
    Impersonal,
}

/// Where a phrase's actor was found.
enum Link {
    Active(Actor),
    Passive(Actor),
    /// No actor: the phrase opens the sentence (or is impersonal).
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

    pub(super) fn best_cue(&self, text: &str, ctx: &Context) -> Option<Candidate> {
        let mut best: Option<Candidate> = None;
        let mut offer = |c: Candidate| {
            if best.as_ref().is_none_or(|b| c.confidence > b.confidence) {
                best = Some(c);
            }
        };
        self.flag_cues(text, ctx).into_iter().for_each(&mut offer);
        for (s, e) in sentences(text) {
            let sentence = &text[s..e];
            let toks = self.tokens(sentence);
            if toks.is_empty()
                || self.is_question(sentence, &toks)
                || self.lists.reversals.occurs_in(&toks)
            {
                continue;
            }
            self.nominal_cue(sentence, &toks, ctx)
                .into_iter()
                .for_each(&mut offer);
            self.sentence_cues(sentence, &toks, &text[..s], ctx)
                .into_iter()
                .for_each(&mut offer);
        }
        best
    }

    pub(super) fn is_negation(&self, toks: &[Token]) -> bool {
        toks.iter().any(|t| t.word().ends_with("n't")) || self.lists.negations.occurs_in(toks)
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
        !declarative
            && toks
                .first()
                .is_some_and(|t| self.lists.question_starters.has_word(t))
    }

    /// A negation just after a phrase (`agreed not to`); `no` there is the matter
    /// (`agreed it, no changes`).
    fn is_negation_after(&self, after: &[Token]) -> bool {
        after
            .iter()
            .any(|t| t.word() != "no" && self.is_negation(std::slice::from_ref(t)))
    }

    /// True when the words before a cue make it a non-decision.
    pub(super) fn is_voided_before(&self, before: &[Token]) -> bool {
        self.is_negation(before)
            || self.lists.conditionals.occurs_in(before)
            || self.lists.pending.occurs_in(before)
    }

    /// The longest decision phrase at `toks[i]` and its list.
    fn phrase_at(&self, toks: &[Token], i: usize) -> Option<(Phrase, usize)> {
        let l = &self.lists;
        [
            (Phrase::Impersonal, l.impersonal.len_at(toks, i)),
            (Phrase::Refusal, l.refusals.len_at(toks, i)),
            (Phrase::Predicate, l.predicates.len_at(toks, i)),
        ]
        .into_iter()
        .filter(|&(_, n)| n > 0)
        .max_by_key(|&(_, n)| n)
    }

    fn sentence_cues(
        &self,
        sentence: &str,
        toks: &[Token],
        before_text: &str,
        ctx: &Context,
    ) -> Vec<Candidate> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            let Some((phrase, n)) = self.phrase_at(toks, i) else {
                i += 1;
                continue;
            };
            out.extend(self.phrase_cue(sentence, toks, (i, i + n), phrase, before_text, ctx));
            i += n;
        }
        out.extend(self.instruction_cue(sentence, toks, ctx));
        out
    }

    /// Scores the phrase at `toks[vi..vj]`, finding its actor.
    fn phrase_cue(
        &self,
        sentence: &str,
        toks: &[Token],
        (vi, vj): (usize, usize),
        phrase: Phrase,
        before_text: &str,
        ctx: &Context,
    ) -> Option<Candidate> {
        let l = &self.lists;
        let refusal = phrase == Phrase::Refusal;
        if (self.is_negation_after(&toks[vj..(vj + 2).min(toks.len())]))
            || toks.get(vj).is_some_and(|t| l.after_void.has_word(t))
        {
            return None;
        }
        // `agreed with me` is an opinion; `agreed with the recommendation` a decision.
        let with_at = if toks[vj - 1].word() == "with" {
            vj
        } else {
            vj + 1
        };
        let with_ok = with_at == vj || toks.get(vj).is_some_and(|t| t.word() == "with");
        if with_ok
            && toks
                .get(with_at)
                .is_some_and(|t| l.opinion_with.has_word(t))
        {
            return None;
        }
        let link = if phrase == Phrase::Impersonal {
            // `The dinner move was agreed by the PM`: a passive with its agent.
            match self.passive_actor(sentence, toks, vi, vj, ctx) {
                Some(a) => Link::Passive(a),
                None => Link::Bare,
            }
        } else if let Some(a) = self.active_actor(sentence, toks, vi, before_text, ctx) {
            Link::Active(a)
        } else if let Some(a) = self.passive_actor(sentence, toks, vi, vj, ctx) {
            Link::Passive(a)
        } else if toks[..vi].iter().all(|t| l.openers.has_word(t)) {
            Link::Bare
        } else {
            return None;
        };
        // What stands before the phrase, the actor's own words aside (`No 10`),
        // and after a ` - ` break (`Spoke to Owen's PS - CX has agreed`).
        let from = clause_start(sentence, toks, vi);
        let voided = match &link {
            Link::Active(a) if a.start >= from => {
                self.is_voided_before(&toks[from..a.start])
                    || self.is_voided_before(&toks[a.end..vi])
            }
            _ => self.is_voided_before(&toks[from..vi]),
        };
        if voided {
            return None;
        }
        let span = |a: usize, b: usize| sentence[toks[a].start..toks[b - 1].end].to_string();
        let after = |k: usize| toks.get(k).map_or("", |t| &sentence[t.start..]);
        let before = |k: usize| &sentence[..toks[k].start];
        let with_subject = |subject: &str, full: f32, bare: f32| {
            if has_content(subject) { full } else { bare }
        };
        let (base, cue, subject, family, actor) = match link {
            Link::Active(a) => {
                let subject = subject_or(after(vj), before(a.start));
                let relayed =
                    l.relays.occurs_in(&toks[..a.start]) && a.kind != ActorKind::FirstPerson;
                let family = if relayed {
                    Family::Relayed
                } else {
                    a.kind.family()
                };
                let base = with_subject(&subject, 0.85, 0.60);
                (base, span(a.start, vj), subject, family, a.name)
            }
            Link::Passive(a) => {
                let subject = subject_or(before(vi), after(a.end));
                let base = with_subject(&subject, 0.85, 0.60);
                (base, span(vi, a.end), subject, Family::Passive, a.name)
            }
            Link::Bare if phrase == Phrase::Impersonal => {
                let subject = subject_or(after(vj), before(vi));
                let base = with_subject(&subject, 0.85, 0.60);
                (
                    base,
                    span(vi, vj),
                    subject,
                    Family::Impersonal,
                    String::new(),
                )
            }
            Link::Bare => {
                let subject = trim_subject(after(vj));
                match ctx.sender {
                    Some(p) => {
                        let base = with_subject(&subject, 0.85, 0.65);
                        let name = ctx.principals.get(p).name.clone();
                        (base, span(vi, vj), subject, Family::FirstPerson, name)
                    }
                    None => {
                        let base = if content_words(&subject).len() >= 2 {
                            0.35
                        } else {
                            0.10
                        };
                        (base, span(vi, vj), subject, Family::Role, String::new())
                    }
                }
            }
        };
        let family = if refusal { Family::Refusal } else { family };
        let has_actor = !actor.is_empty() || phrase == Phrase::Impersonal;
        let hedged = l.conditionals.occurs_in(&toks[vj..]);
        let confidence = self.adjust(base, toks, has_actor, hedged)?;
        Some(Candidate {
            confidence,
            cue,
            family,
            actor,
            subject,
            reply_to: None,
            reply_marked: false,
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
        if hedged || self.lists.hedges.occurs_in(toks) {
            confidence -= HEDGE_PENALTY;
        }
        if self.lists.chit_chat.occurs_in(toks) {
            if !has_actor {
                return None;
            }
            confidence -= CHIT_CHAT_PENALTY;
        }
        Some(confidence.clamp(0.0, 1.0))
    }

    /// `actor [fillers] predicate`: walks back from the predicate over filler words;
    /// a pronoun passed on the way is the actor when nothing else is found.
    fn active_actor(
        &self,
        sentence: &str,
        toks: &[Token],
        vi: usize,
        before_text: &str,
        ctx: &Context,
    ) -> Option<Actor> {
        let l = &self.lists;
        let mut end = vi;
        let mut pronoun = None;
        loop {
            if let Some(mut a) = self.actor_ending(sentence, toks, end, ctx) {
                // Joint decisions: `SoS and Chancellor have agreed`.
                while a.start > 1 && toks[a.start - 1].word() == "and" {
                    match self.actor_ending(sentence, toks, a.start - 1, ctx) {
                        Some(b) => {
                            a.name = sentence[toks[b.start].start..toks[a.end - 1].end].to_string();
                            a.start = b.start;
                        }
                        None => break,
                    }
                }
                return Some(a);
            }
            if end == 0 {
                break;
            }
            let t = &toks[end - 1];
            if pronoun.is_none() && l.pronouns.has_word(t) {
                pronoun = Some(end - 1);
            } else if !l.fillers.has_word(t) {
                break;
            }
            end -= 1;
        }
        let at = pronoun?;
        let name = self.antecedent(sentence, toks, at, ctx).or_else(|| {
            let t = self.tokens(before_text);
            self.antecedent(
                before_text,
                &t,
                t.len(),
                &Context {
                    recent: None,
                    ..*ctx
                },
            )
        })?;
        Some(Actor {
            start: at,
            end: at + 1,
            kind: ActorKind::Pronoun,
            name,
        })
    }

    /// `verb by|with [the] actor`, unless the verb is still to happen (`to be signed off by`).
    fn passive_actor(
        &self,
        sentence: &str,
        toks: &[Token],
        vi: usize,
        vj: usize,
        ctx: &Context,
    ) -> Option<Actor> {
        let unfinished = toks[vi.saturating_sub(2)..vi]
            .iter()
            .any(|t| matches!(t.word(), "to" | "be" | "being" | "get" | "getting"));
        if unfinished
            || !toks
                .get(vj)
                .is_some_and(|t| matches!(t.word(), "by" | "with"))
        {
            return None;
        }
        let quiet = Context {
            sender: None,
            ..*ctx
        };
        self.actor_after_determiners(sentence, toks, vj + 1, &quiet)
    }

    /// The actor at `toks[at..]`: one whose phrase holds its article (`the
    /// minister`), else one after `the`/`both` (`the Chancellor`).
    pub(super) fn actor_after_determiners(
        &self,
        sentence: &str,
        toks: &[Token],
        at: usize,
        ctx: &Context,
    ) -> Option<Actor> {
        if let Some(a) = self.actor_starting(sentence, toks, at, ctx) {
            return Some(a);
        }
        let mut a = at;
        while toks
            .get(a)
            .is_some_and(|t| matches!(t.word(), "the" | "both"))
        {
            a += 1;
        }
        (a > at)
            .then(|| self.actor_starting(sentence, toks, a, ctx))
            .flatten()
    }
}

/// The first token of the clause holding `toks[vi]`: after the last ` - ` (a
/// spaced dash) before it, else 0.
fn clause_start(sentence: &str, toks: &[Token], vi: usize) -> usize {
    (1..vi)
        .rev()
        .find(|&k| {
            let gap = &sentence[toks[k - 1].end..toks[k].start];
            gap.contains(" - ") || gap.contains(" – ")
        })
        .unwrap_or(0)
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
