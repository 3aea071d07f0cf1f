//! Nominal decisions: `Decision from the SoS – proceed with option 2`,
//! `The PM's decision: statement on Tuesday`, `HS decision - phased rollout`,
//! `Perm Sec's decision is to stand up the incident team`.
//!
//! A `nominal` noun with an actor before it (possessive or not) or after
//! `from`/`by`/`of`, then a separator (`:`, a dash, or `is`/`was`) and the decided
//! matter. Voided like any cue (questions, negations or requests before it), and
//! by a `flag-void` word after the separator (`… decision: pending`).

use super::actors::Actor;
use super::context::Context;
use super::detect::{Candidate, trim_subject};
use super::words::Token;
use super::{DecisionDetector, Family};

impl DecisionDetector {
    pub(super) fn nominal_cue(
        &self,
        sentence: &str,
        toks: &[Token],
        ctx: &Context,
    ) -> Option<Candidate> {
        let l = &self.lists;
        let quiet = Context {
            sender: None,
            ..*ctx
        };
        for i in 0..toks.len() {
            if !l.nominal.has_word(&toks[i]) {
                continue;
            }
            // The actor: `PM's decision`, `SoS decision`, or `decision from the PM`.
            let before = if i > 0 && toks[i - 1].word() == "'s" {
                i - 1
            } else {
                i
            };
            let actor = self
                .actor_ending(sentence, toks, before, &quiet)
                .map(|a| (a, i + 1))
                .or_else(|| self.actor_after(sentence, toks, i + 1, &quiet));
            let Some((actor, rest_at)) = actor else {
                continue;
            };
            if self.is_voided_before(&toks[..actor.start.min(i)]) {
                return None;
            }
            let Some(subject_at) = separator_end(sentence, toks, rest_at) else {
                continue;
            };
            let rest = &sentence[subject_at..];
            let rest_toks = self.tokens(rest);
            if l.flag_void.len_at(&rest_toks, 0) > 0
                || rest_toks
                    .iter()
                    .any(|t| matches!(t.word(), "pending" | "outstanding" | "awaited"))
            {
                return None;
            }
            // `…: yes` decides as much as `…: approve option 2`.
            let subject = trim_subject(rest);
            if rest_toks.is_empty() {
                continue;
            }
            let confidence = self.adjust(0.85, toks, true, false)?;
            // The cue is the noun and its actor only: the matter may be marked text.
            let end = i.max(actor.end - 1);
            let start = actor.start.min(i);
            return Some(Candidate {
                confidence,
                cue: sentence[toks[start].start..toks[end].end].to_string(),
                family: Family::Nominal,
                actor: actor.name,
                subject,
                reply_to: None,
                reply_marked: false,
            });
        }
        None
    }

    /// `from|by|of [the] actor` at `toks[at..]`, with where the rest starts. A
    /// `(CST)` in brackets counts: `Ministerial decision (CST): …`.
    fn actor_after(
        &self,
        sentence: &str,
        toks: &[Token],
        at: usize,
        ctx: &Context,
    ) -> Option<(Actor, usize)> {
        let mut a = at;
        if toks
            .get(a)
            .is_some_and(|t| matches!(t.word(), "from" | "by" | "of"))
        {
            a += 1;
        } else if !sentence[toks.get(at.checked_sub(1)?)?.end..toks.get(a)?.start].contains('(') {
            return None;
        }
        let actor = self.actor_after_determiners(sentence, toks, a, ctx)?;
        let end = actor.end;
        Some((actor, end))
    }
}

/// Where the decided matter starts after `toks[at..]`: after a `:` or dash
/// within the next few words (`on the reserve claim: …`), or after `is`/`was`.
fn separator_end(sentence: &str, toks: &[Token], at: usize) -> Option<usize> {
    let from = toks.get(at.checked_sub(1)?)?.end;
    let window_end = toks.get(at + 8).map_or(sentence.len(), |t| t.start);
    let window = &sentence[from..window_end];
    if let Some(k) = window.find([':', '–', '—']).or_else(|| window.find(" - ")) {
        let skip = window[k..].chars().next().map_or(1, char::len_utf8);
        let skip = if window[k..].starts_with(" - ") {
            3
        } else {
            skip
        };
        return Some(from + k + skip);
    }
    let next = toks.get(at)?;
    matches!(next.word(), "is" | "was").then_some(next.end)
}
