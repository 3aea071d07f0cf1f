//! Replies: a principal's short answer (`Agreed`, `Content`, `Yes, go ahead`,
//! `OK`) to a proposal or question put to them just before in the same
//! conversation is a decision on that proposal.
//!
//! The reply has at most `reply-max-words` words, opens with a `reply-assents`
//! phrase (after openers), is no question and holds no `reply-void` word
//! (`OK, will read tonight`). The proposal is the latest of the last three
//! messages sent by someone else, within a day when both times are known, and
//! holds a `proposal-cues` phrase.

use super::context::{Context, Earlier};
use super::detect::Candidate;
use super::principals::sender_key;
use super::{DecisionDetector, Family};

/// Longest proposal quoted in `reply_to`, in characters.
const PROPOSAL_MAX: usize = 300;
/// Earlier messages looked at for the proposal.
const LOOK_BACK: usize = 3;
/// Longest gap between proposal and reply when both have times, in seconds.
const MAX_GAP_SECONDS: i64 = 24 * 3600;

impl DecisionDetector {
    pub(super) fn reply_cue(&self, text: &str, ctx: &Context) -> Option<Candidate> {
        let principal = ctx.sender?;
        let l = &self.lists;
        let toks = self.tokens(text);
        if toks.is_empty() || toks.len() > self.reply_max_words || text.contains('?') {
            return None;
        }
        let mut i = 0;
        while i < toks.len()
            && l.openers.has_word(&toks[i])
            && l.reply_assents.len_at(&toks, i) == 0
        {
            i += 1;
        }
        let n = l.reply_assents.len_at(&toks, i);
        if n == 0 || l.reply_void.occurs_in(&toks) || l.conditionals.occurs_in(&toks) {
            return None;
        }
        let proposal = self.proposal_before(ctx)?;
        let reply_to: String = proposal.text.chars().take(PROPOSAL_MAX).collect();
        Some(Candidate {
            confidence: 0.80,
            cue: text[toks[0].start..toks[i + n - 1].end].to_string(),
            family: Family::Reply,
            actor: ctx.principals.get(principal).name.clone(),
            subject: reply_to.clone(),
            reply_to: Some(reply_to),
            reply_marked: proposal.marked,
        })
    }

    /// The proposal a reply answers, if one was put shortly before.
    fn proposal_before<'a>(&self, ctx: &Context<'a>) -> Option<&'a Earlier> {
        let me = sender_key(ctx.sender_name);
        let earlier = ctx
            .earlier()
            .take(LOOK_BACK)
            .find(|e| sender_key(&e.sender) != me)?;
        if let (Some(a), Some(b)) = (earlier.time, ctx.time)
            && (b.0 - a.0).num_seconds() > MAX_GAP_SECONDS
        {
            return None;
        }
        let toks = self.tokens(&earlier.text);
        self.lists.proposal_cues.occurs_in(&toks).then_some(earlier)
    }
}
