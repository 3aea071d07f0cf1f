//! Finding who decided: the actor ending at a token position (walking back from a
//! predicate) or starting at one (after `by`), and what a pronoun refers to.

use super::context::Context;
use super::words::Token;
use super::{DecisionDetector, Family};

/// What kind of actor was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ActorKind {
    Role,
    Committee,
    Named,
    Pronoun,
    FirstPerson,
}

impl ActorKind {
    pub(super) fn family(self) -> Family {
        match self {
            ActorKind::Role => Family::Role,
            ActorKind::Committee => Family::Committee,
            ActorKind::Named => Family::Named,
            ActorKind::Pronoun => Family::Pronoun,
            ActorKind::FirstPerson => Family::FirstPerson,
        }
    }
}

/// An actor found in a sentence: its token span and who it is.
#[derive(Debug, Clone)]
pub(super) struct Actor {
    pub start: usize,
    pub end: usize,
    pub kind: ActorKind,
    pub name: String,
}

fn is_capitalised(text: &str, t: &Token) -> bool {
    text[t.start..t.end].starts_with(|c: char| c.is_uppercase())
}

impl DecisionDetector {
    /// The actor (not a pronoun) whose words end just before `toks[end]`.
    pub(super) fn actor_ending(
        &self,
        text: &str,
        toks: &[Token],
        end: usize,
        ctx: &Context,
    ) -> Option<Actor> {
        let l = &self.lists;
        let span = |s: usize| text[toks[s].start..toks[end - 1].end].to_string();
        let found = |start: usize, kind: ActorKind, name: String| Actor {
            start,
            end,
            kind,
            name,
        };
        if end == 0 {
            return None;
        }
        let actor = if let Some((p, s)) = ctx.principals.mention_ending(text, toks, end) {
            // `the Chancellor, Ann Marsh` / `Minister Atterbury` belong to the name.
            Some(found(
                s,
                ActorKind::Named,
                ctx.principals.get(p).name.clone(),
            ))
        } else if let Some(s) = self.honorific_name_ending(text, toks, end) {
            Some(found(s, ActorKind::Named, span(s)))
        } else if let Some(s) = self.role_for_ending(text, toks, end) {
            Some(found(s, ActorKind::Role, span(s)))
        } else if let Some(s) = l.committees.start_ending_at(toks, end) {
            Some(found(s, ActorKind::Committee, span(s)))
        } else if let Some(s) = self.named_committee_ending(text, toks, end) {
            Some(found(s, ActorKind::Committee, span(s)))
        } else if let Some(s) = l.roles.start_ending_at(toks, end) {
            Some(found(s, ActorKind::Role, span(s)))
        } else if ctx.sender.is_some() && l.first_person.has_word(&toks[end - 1]) {
            let name = ctx.principals.get(ctx.sender?).name.clone();
            Some(found(end - 1, ActorKind::FirstPerson, name))
        } else {
            None
        }?;
        // `The French cabinet approved …` is someone else's.
        let before = actor.start.checked_sub(1).map(|i| &toks[i]);
        let before2 = actor.start.checked_sub(2).map(|i| &toks[i]);
        let foreign = before.is_some_and(|t| l.foreign.has_word(t))
            || (before.is_some_and(|t| t.word() == "the")
                && before2.is_some_and(|t| l.foreign.has_word(t)));
        (!foreign).then_some(actor)
    }

    /// The actor whose words start at `toks[start]` (after `by`).
    pub(super) fn actor_starting(
        &self,
        text: &str,
        toks: &[Token],
        start: usize,
        ctx: &Context,
    ) -> Option<Actor> {
        (start + 1..=(start + 6).min(toks.len()))
            .rev()
            .filter_map(|end| self.actor_ending(text, toks, end, ctx))
            .find(|a| a.start == start)
    }

    /// `Mr Hale`, `Dame Ruth`, `Sir Malcolm Edevane`: an honorific, then one or
    /// two capitalised words ending at `end`.
    fn honorific_name_ending(&self, text: &str, toks: &[Token], end: usize) -> Option<usize> {
        let l = &self.lists;
        for n in [1, 2] {
            let h = end.checked_sub(n + 1)?;
            let names = &toks[h + 1..end];
            let capitalised = names
                .iter()
                .all(|t| is_capitalised(text, t) && !l.fillers.has_word(t) && !l.roles.has_word(t));
            if capitalised && l.honorifics.has_word(&toks[h]) && is_capitalised(text, &toks[h]) {
                return Some(h);
            }
        }
        None
    }

    /// `Executive Committee`, `Comms committee`: a `committee-heads` noun after one
    /// to three capitalised words ending at `end`.
    fn named_committee_ending(&self, text: &str, toks: &[Token], end: usize) -> Option<usize> {
        if !self
            .lists
            .committee_heads
            .has_word(toks.get(end.checked_sub(1)?)?)
        {
            return None;
        }
        let mut s = end - 1;
        while s > 0
            && end - s <= 3
            && is_capitalised(text, &toks[s - 1])
            && !self.lists.fillers.has_word(&toks[s - 1])
        {
            s -= 1;
        }
        (s < end - 1).then_some(s)
    }

    /// `the Minister for Housing and Planning`: a `roles-for` phrase, then up to
    /// four capitalised words (or `and`, `of`, `the`) ending at `end`.
    fn role_for_ending(&self, text: &str, toks: &[Token], end: usize) -> Option<usize> {
        let mut k = end;
        while k > 0 && end - k < 5 {
            let t = &toks[k - 1];
            if let Some(s) = self.lists.roles_for.start_ending_at(toks, k)
                && k < end
            {
                return Some(s);
            }
            let ok = is_capitalised(text, t) || matches!(t.word(), "and" | "of" | "the");
            if !ok {
                return None;
            }
            k -= 1;
        }
        None
    }

    /// Who a pronoun at `toks[at]` stands for: the last principal, named person or
    /// role mentioned earlier in the message, else in the messages before it.
    pub(super) fn antecedent(
        &self,
        text: &str,
        toks: &[Token],
        at: usize,
        ctx: &Context,
    ) -> Option<String> {
        if let Some(name) = self.last_actor_in(text, &toks[..at], ctx) {
            return Some(name);
        }
        for earlier in ctx.earlier() {
            let t = self.tokens(&earlier.text);
            if let Some(name) = self.last_actor_in(&earlier.text, &t, ctx) {
                return Some(name);
            }
        }
        None
    }

    fn last_actor_in(&self, text: &str, toks: &[Token], ctx: &Context) -> Option<String> {
        if let Some(p) = ctx.principals.last_mentioned(text, toks) {
            return Some(ctx.principals.get(p).name.clone());
        }
        let quiet = Context {
            sender: None,
            ..*ctx
        };
        (1..=toks.len()).rev().find_map(|end| {
            self.actor_ending(text, toks, end, &quiet)
                .filter(|a| a.kind != ActorKind::Committee)
                .map(|a| a.name)
        })
    }
}
