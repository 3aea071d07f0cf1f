//! Instructions: `Go ahead with option B`, `PM says go ahead with the pilot`,
//! a principal's own `Go ahead` — an imperative opening a sentence, after openers
//! and at most an actor.

use super::actors::Actor;
use super::context::Context;
use super::detect::{Candidate, has_content, trim_subject};
use super::words::Token;
use super::{DecisionDetector, Family};

impl DecisionDetector {
    /// `[openers] [actor [says]] go ahead with …` opening a sentence.
    pub(super) fn instruction_cue(
        &self,
        sentence: &str,
        toks: &[Token],
        ctx: &Context,
    ) -> Option<Candidate> {
        let l = &self.lists;
        let mut i = 0;
        let mut actor: Option<Actor> = None;
        while i < toks.len() {
            let n = l.instructions.len_at(toks, i);
            if n > 0 {
                let subject = trim_subject(toks.get(i + n).map_or("", |t| &sentence[t.start..]));
                if !has_content(&subject) && ctx.sender.is_none() {
                    return None;
                }
                let (base, family, name) = match (&actor, ctx.sender) {
                    (Some(a), _) => (0.80, a.kind.family(), a.name.clone()),
                    (None, Some(p)) => (
                        0.80,
                        Family::FirstPerson,
                        ctx.principals.get(p).name.clone(),
                    ),
                    (None, None) => (0.60, Family::Role, String::new()),
                };
                let hedged = l.conditionals.occurs_in(&toks[i + n..]);
                let cue = sentence[toks[0].start..toks[i + n - 1].end].to_string();
                let confidence = self.adjust(base, toks, actor.is_some(), hedged)?;
                return Some(Candidate {
                    confidence,
                    cue,
                    family,
                    actor: name,
                    subject,
                    reply_to: None,
                    reply_marked: false,
                });
            }
            let quiet = Context {
                sender: None,
                ..*ctx
            };
            if let Some(a) = (i + 1..=(i + 6).min(toks.len())).rev().find_map(|e| {
                self.actor_ending(sentence, toks, e, &quiet)
                    .filter(|a| a.start == i)
            }) {
                i = a.end;
                actor = Some(a);
            } else if l.openers.has_word(&toks[i])
                || l.fillers.has_word(&toks[i])
                || toks[i].word() == "please"
            {
                i += 1;
            } else {
                return None;
            }
        }
        None
    }
}
