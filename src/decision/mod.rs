//! Decision-language detection: does a chat message record a decision that must be
//! transferred to the official record, and does a message acknowledge that it was?
//!
//! Precision comes first: a records manager who gets fifty false "overdue decisions"
//! a night stops reading. A message is looked at sentence by sentence (a sentence
//! ends at a line break, `?`, `!`, `;`, or `.` before a space) and the best cue wins.
//!
//! # Cues and scoring
//! | cue | confidence |
//! |---|---|
//! | strong flag at line start (`DECISION:`, `Decision:`, `Agreed:`) or `#decision` | 0.90, 0.95 if the rest also names an actor or a decision verb |
//! | actor + verb (`PM is content with option B`, `SoS has now formally agreed …`) | 0.85; 0.60 when no subject matter is named (`PM has agreed.`) |
//! | verb + `by`/`with` + actor (`Option B signed off by the Chancellor`) | as actor + verb |
//! | instruction opening a sentence, after an actor (`PM says go ahead with option B`) | 0.80 |
//! | instruction opening a sentence, no actor (`Go ahead with option B`) | 0.60 |
//! | weak flag (`For the record:`) naming an actor or decision verb | 0.75, otherwise 0.45 |
//! | bare verb opening a sentence, no actor (`Approved: revised comms grid`) | 0.35 with subject matter, 0.10 without |
//!
//! Adjustments: a hedge (`I think`, `apparently`, `in principle`) or a conditional
//! after the verb (`… if the costs hold`) −0.25; chit-chat (`coffee`, `lunch`, `lol`)
//! voids a cue with no actor and costs −0.40 otherwise. [`DecisionDetector::detect`]
//! returns only cues at or above `min-confidence` (default 0.5), so by default bare
//! verbs and weak flags alone never surface.
//!
//! # What voids a cue
//! - Questions: the sentence ends with `?` or opens with `has`, `is`, `can`, `did`,
//!   `who`, … (`Has the PM agreed yet`); `Can confirm …` and `Has been signed off
//!   by …` are declarative.
//! - Negations anywhere before the verb or within two words after it (`not`, `never`,
//!   `yet`, any `…n't`): `PM has not signed off`, `Not agreed yet`.
//! - Conditionals before the verb (`if`, `once`, `when`, `whether`, `until`…):
//!   `If the PM agrees we'll…`, `once SoS signs off`.
//! - Requests and plans before the verb (`will`, `need`, `awaiting`, `pending`,
//!   `hoping`, `please`…): `we need the Chancellor to sign off`, `awaiting sign off`.
//! - Between an actor and its verb only filler words may stand (`has`, `now`,
//!   `formally`, `said that she`…); anything else (`to`, `not`, a name) breaks the
//!   link, so `PM will decide tomorrow` and `need the PM to sign off` never pair.
//! - A flag followed by nothing, a question, or `TBC` / `none` / `not yet` / `pending`.
//! - Opinions and reversals: `agreed with me`, `… but has since changed his mind`.
//!
//! # Who decided, and the families
//! Each decision names its family in `cue` (`role: PM is content with`) and who
//! decided in `actor`: `flag`, `role` (a role title), `named` (a principal or a
//! name after an honorific: `Mr Hale`), `first-person` (a principal writing
//! `I'm content`), `pronoun` (`She's signed it off` after a principal or role was
//! named just before), `committee` (`XO agreed`), `passive` (`signed off by the
//! PM`), `impersonal` (`It was agreed that …`), `nominal` (`The PM's decision: …`),
//! `relayed` (`PS confirms the PM is content`), `reply` (a principal's short
//! `Agreed` to a proposal put just before) and `refusal` (`CX has rejected …`).
//!
//! All vocabulary — actors, predicates, constructions, void words, grammar words —
//! is data: the decision rule's `[rule.vocabulary]` in the rule pack
//! ([`DecisionSettings`]); the gate is built from the same lists.

mod actors;
mod context;
mod detect;
pub mod eval;
mod family;
mod flags;
mod gate;
mod instruction;
mod nominal;
mod phrases;
pub mod principals;
mod reply;
mod settings;
mod words;

#[cfg(test)]
mod tests;

use gate::Gate;
use phrases::{Phrases, Vocabulary};
use regex::Regex;

pub use context::{Context, Recent};
pub use family::Family;
pub use principals::Principals;
pub use settings::DecisionSettings;
pub use words::{content_words, is_stop_word, stem};

/// A message found to record a decision.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DecisionCue {
    /// 0..=1; see the module doc for the scoring.
    pub confidence: f32,
    /// What fired, for evidence: `flag DECISION:`, `role: PM is content with`.
    pub cue: String,
    #[serde(default)]
    pub family: Family,
    /// Who decided, as written or as the principal's name; empty when unsaid.
    #[serde(default)]
    pub actor: String,
    /// For a reply: the proposal it answers (capped).
    #[serde(default)]
    pub reply_to: Option<String>,
    /// The proposal in `reply_to` carries a classification marking.
    #[serde(default)]
    pub reply_to_marked: bool,
    /// The decided matter with the cue words stripped, for matching a register summary.
    pub subject: String,
    /// References cited anywhere in the message, in order, without duplicates.
    pub references: Vec<String>,
}

/// A message saying a decision reached the record (`Noted on file DOC-123`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acknowledgement {
    /// References in the acknowledging sentence, else anywhere in the message.
    pub references: Vec<String>,
    /// The phrase that fired, as written.
    pub cue: String,
}

/// What [`DecisionDetector::examine`] found in one message.
#[derive(Debug, Clone, PartialEq)]
pub struct Examined {
    pub acknowledgement: Option<Acknowledgement>,
    pub decision: Option<DecisionCue>,
}

/// Whether a flag is decisive on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FlagStrength {
    Strong,
    Weak,
}

/// A compiled flag: a line-start or `#tag` regex whose match end is where the subject starts.
#[derive(Debug)]
struct Flag {
    regex: Regex,
    hashtag: bool,
    strength: FlagStrength,
    /// A character every match holds (`#` of a tag, `:` of a `Flag:`): a message
    /// without it (most) is not searched for this flag.
    needs: Option<char>,
}

/// The phrase lists, compiled (see [`DecisionSettings`] for each).
#[derive(Debug)]
struct Lists {
    roles: Phrases,
    roles_for: Phrases,
    committees: Phrases,
    committee_heads: Phrases,
    honorifics: Phrases,
    pronouns: Phrases,
    first_person: Phrases,
    foreign: Phrases,
    predicates: Phrases,
    refusals: Phrases,
    impersonal: Phrases,
    nominal: Phrases,
    instructions: Phrases,
    relays: Phrases,
    after_void: Phrases,
    acknowledgements: Phrases,
    negations: Phrases,
    conditionals: Phrases,
    pending: Phrases,
    hedges: Phrases,
    chit_chat: Phrases,
    fillers: Phrases,
    openers: Phrases,
    question_starters: Phrases,
    flag_void: Phrases,
    opinion_with: Phrases,
    reversals: Phrases,
    reply_assents: Phrases,
    reply_void: Phrases,
    proposal_cues: Phrases,
}

/// The compiled detector; build once, share across threads.
#[derive(Debug)]
pub struct DecisionDetector {
    lists: Lists,
    flags: Vec<Flag>,
    /// Every word of the phrase lists, numbered.
    vocabulary: Vocabulary,
    references: Regex,
    reference_ignore: Vec<String>,
    min_confidence: f32,
    reply_max_words: usize,
    /// Any cue but a principal's reply needs a decision phrase (predicate, refusal,
    /// construction, instruction or flag), an acknowledgement one of its phrases;
    /// most messages have none and stop here.
    gate: Gate,
    settings: DecisionSettings,
}

impl DecisionDetector {
    /// Compiles `settings`; the error names the bad field and value.
    pub fn new(s: &DecisionSettings) -> Result<Self, String> {
        if !(0.0..=1.0).contains(&s.min_confidence) {
            return Err(format!(
                "decision settings: min-confidence {} is outside 0..=1",
                s.min_confidence
            ));
        }
        let mut flags = Vec::new();
        for (field, list, strength) in [
            ("flags", &s.flags, FlagStrength::Strong),
            ("weak-flags", &s.weak_flags, FlagStrength::Weak),
        ] {
            for (i, text) in list.iter().enumerate() {
                flags.push(
                    compile_flag(text, strength)
                        .map_err(|e| format!("decision settings: {field}[{i}] ({text:?}) {e}"))?,
                );
            }
        }
        let references = Regex::new(&s.reference_pattern).map_err(|e| {
            format!("decision settings: reference-pattern is not a valid regex: {e}")
        })?;
        let mut vocabulary = Vocabulary::default();
        let mut c = |field: &str, items: &[String]| Phrases::compile(field, items, &mut vocabulary);
        let lists = Lists {
            roles: c("roles", &s.roles)?,
            roles_for: c("roles-for", &s.roles_for)?,
            committees: c("committees", &s.committees)?,
            committee_heads: c("committee-heads", &s.committee_heads)?,
            honorifics: c("honorifics", &s.honorifics)?,
            pronouns: c("pronouns", &s.pronouns)?,
            first_person: c("first-person", &s.first_person)?,
            foreign: c("foreign", &s.foreign)?,
            predicates: c("predicates", &s.predicates)?,
            refusals: c("refusals", &s.refusals)?,
            impersonal: c("impersonal", &s.impersonal)?,
            nominal: c("nominal", &s.nominal)?,
            instructions: c("instructions", &s.instructions)?,
            relays: c("relays", &s.relays)?,
            after_void: c("after-void", &s.after_void)?,
            acknowledgements: c("acknowledgements", &s.acknowledgements)?,
            negations: c("negations", &s.negations)?,
            conditionals: c("conditionals", &s.conditionals)?,
            pending: c("pending", &s.pending)?,
            hedges: c("hedges", &s.hedges)?,
            chit_chat: c("chit-chat", &s.chit_chat)?,
            fillers: c("fillers", &s.fillers)?,
            openers: c("openers", &s.openers)?,
            question_starters: c("question-starters", &s.question_starters)?,
            flag_void: c("flag-void", &s.flag_void)?,
            opinion_with: c("opinion-with", &s.opinion_with)?,
            reversals: c("reversals", &s.reversals)?,
            reply_assents: c("reply-assents", &s.reply_assents)?,
            reply_void: c("reply-void", &s.reply_void)?,
            proposal_cues: c("proposal-cues", &s.proposal_cues)?,
        };
        let flag_words: Vec<Vec<String>> = s
            .flags
            .iter()
            .chain(&s.weak_flags)
            .map(|f| words::phrase_words(f))
            .collect();
        let l = &lists;
        let gate = Gate::new(
            [
                &l.predicates,
                &l.refusals,
                &l.impersonal,
                &l.nominal,
                &l.instructions,
                &l.acknowledgements,
            ]
            .into_iter()
            .flat_map(|p| p.words())
            .chain(&flag_words)
            .map(Vec::as_slice),
        )?;
        Ok(DecisionDetector {
            lists,
            flags,
            vocabulary,
            references,
            reference_ignore: s
                .reference_ignore
                .iter()
                .map(|r| r.to_uppercase())
                .collect(),
            min_confidence: s.min_confidence,
            reply_max_words: s.reply_max_words,
            gate,
            settings: s.clone(),
        })
    }

    /// The settings compiled, for `rules explain`.
    pub fn settings(&self) -> &DecisionSettings {
        &self.settings
    }

    /// Both questions about one message, `text` cleaned: the acknowledgement it
    /// makes and the decision it records, read in its conversation `ctx`. Unless
    /// the sender is a principal (whose short replies carry no decision phrase),
    /// a message holding no phrase of the gate stops at the gate.
    pub fn examine(&self, text: &str, ctx: &Context) -> Examined {
        let text = crate::text::clean(text);
        let passes = self.gate.passes(&text);
        if !passes && ctx.sender.is_none() {
            return Examined {
                acknowledgement: None,
                decision: None,
            };
        }
        let acknowledgement = if passes {
            self.find_acknowledgement(&text)
        } else {
            None
        };
        Examined {
            acknowledgement,
            decision: self.decision_in(&text, ctx, passes),
        }
    }

    /// The decision `text` records on its own (no sender, no conversation).
    pub fn detect(&self, text: &str) -> Option<DecisionCue> {
        self.examine(text, &Context::default()).decision
    }

    /// Whether `text` says a decision was put on the record.
    pub fn acknowledgement(&self, text: &str) -> Option<Acknowledgement> {
        self.examine(text, &Context::default()).acknowledgement
    }

    /// The best cue in a cleaned text, if it reaches `min-confidence`.
    fn decision_in(&self, text: &str, ctx: &Context, passes: bool) -> Option<DecisionCue> {
        let reply = self.reply_cue(text, ctx);
        let best = match reply {
            Some(r) => r,
            None if passes => self.best_cue(text, ctx)?,
            None => return None,
        };
        if best.confidence < self.min_confidence {
            return None;
        }
        Some(DecisionCue {
            confidence: best.confidence,
            cue: format!("{}: {}", best.family.as_str(), best.cue),
            family: best.family,
            actor: best.actor,
            reply_to: best.reply_to,
            reply_to_marked: best.reply_marked,
            subject: best.subject,
            references: self.references_in(text),
        })
    }

    /// References matching `reference-pattern` in `text`, minus ignored ones, in
    /// order of first appearance, upper-cased.
    pub fn references_in(&self, text: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for m in self.references.find_iter(text) {
            let r = m.as_str().to_uppercase();
            if !self.reference_ignore.contains(&r) && !out.contains(&r) {
                out.push(r);
            }
        }
        out
    }
}

/// Builds the regex for one flag: `#tag` anywhere, or the flag's words at a line
/// start (after spaces, bullets and `*`/`_` emphasis), any case, with its colon.
fn compile_flag(text: &str, strength: FlagStrength) -> Result<Flag, String> {
    let trimmed = text.trim();
    let words = words::phrase_words(trimmed);
    if words.is_empty() {
        return Err("has no words".to_string());
    }
    let body = words
        .iter()
        .map(|w| regex::escape(w))
        .collect::<Vec<_>>()
        .join(r"[^\w\n]+");
    let hashtag = trimmed.starts_with('#');
    let colon = !hashtag && trimmed.ends_with(':');
    let pattern = if hashtag {
        format!(r"(?i)(?:^|[^\w#])#{body}\b")
    } else if colon {
        format!(r"(?im)^[\s\-*•>_~]*{body}[*_]*\s*:")
    } else {
        format!(r"(?im)^[\s\-*•>_~]*{body}\b")
    };
    let regex = Regex::new(&pattern).map_err(|e| e.to_string())?;
    Ok(Flag {
        regex,
        hashtag,
        strength,
        needs: if hashtag {
            Some('#')
        } else {
            colon.then_some(':')
        },
    })
}
