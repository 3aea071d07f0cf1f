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
//! All vocabulary lists are settings ([`DecisionSettings`]); the grammar words
//! (fillers, sentence openers, question openers) are fixed in `vocab`.

mod detect;
mod flags;
mod gate;
mod vocab;
mod words;

#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use gate::Gate;
use regex::Regex;
use serde::Deserialize;

pub use words::{content_words, is_stop_word, stem};

/// The configurable vocabulary. Every list replaces its default when given, so a
/// department can add `Minister for X` by restating the actor list.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct DecisionSettings {
    /// Decision-makers (`PM`, `SoS`, `Chancellor`…), matched as whole words, any case.
    pub actors: Vec<String>,
    /// Decision verbs (`is content with`, `signed off`…), matched as whole words.
    pub verbs: Vec<String>,
    /// Strong flags: at the start of a line (`DECISION:`), or `#tags` anywhere.
    pub flags: Vec<String>,
    /// Weak flags (`For the record:`): count only with an actor or verb after them.
    pub weak_flags: Vec<String>,
    /// Imperatives opening a sentence (`go ahead with`).
    pub instructions: Vec<String>,
    /// Phrases saying a decision reached the record (`noted on file`, `logged as`).
    pub acknowledgements: Vec<String>,
    pub negations: Vec<String>,
    pub conditionals: Vec<String>,
    /// Requests, plans and expectations (`will`, `awaiting`, `need`).
    pub pending: Vec<String>,
    pub hedges: Vec<String>,
    pub chit_chat: Vec<String>,
    /// Regex for cited register references (`DOC-123`, `SUB-2021-044`).
    pub reference_pattern: String,
    /// Matches of `reference-pattern` that are not references (`COVID-19`).
    pub reference_ignore: Vec<String>,
    /// Cues below this confidence are not reported (0..=1).
    pub min_confidence: f32,
}

impl Default for DecisionSettings {
    /// The UK private-office vocabulary.
    fn default() -> Self {
        DecisionSettings {
            actors: vocab::actors(),
            verbs: vocab::verbs(),
            flags: vocab::flags(),
            weak_flags: vocab::weak_flags(),
            instructions: vocab::instructions(),
            acknowledgements: vocab::acknowledgements(),
            negations: vocab::negations(),
            conditionals: vocab::conditionals(),
            pending: vocab::pending(),
            hedges: vocab::hedges(),
            chit_chat: vocab::chit_chat(),
            reference_pattern: vocab::REFERENCE_PATTERN.to_string(),
            reference_ignore: vocab::reference_ignore(),
            min_confidence: 0.5,
        }
    }
}

/// A message found to record a decision.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DecisionCue {
    /// 0..=1; see the module doc for the scoring.
    pub confidence: f32,
    /// What fired, for evidence: `flag DECISION:`, `actor+verb: PM is content with`.
    pub cue: String,
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

/// A compiled list of phrases, each a sequence of lower-case words.
///
/// Matching runs at every token of every sentence that passes the gate, for
/// a dozen lists, so phrases are kept as word numbers (see [`Vocabulary`]) and
/// indexed by their first and last word: a token checks only the phrases that can
/// start (or end) with it, and a word in no phrase (most of them) checks none.
///
/// Boxed: eleven lists of four vectors inline would make the detector (and the
/// rule kind holding it) over a kilobyte.
#[derive(Debug)]
struct Phrases(Box<PhraseTable>);

#[derive(Debug)]
struct PhraseTable {
    /// The phrases as written, for the gate's pattern.
    words: Vec<Vec<String>>,
    /// The same phrases as word numbers.
    ids: Vec<Vec<u32>>,
    /// For each word number, the indices in `ids` of the phrases starting with it.
    by_first: Vec<Vec<usize>>,
    /// For each word number, the indices in `ids` of the phrases ending with it.
    by_last: Vec<Vec<usize>>,
}

/// Numbers every word of every phrase list, so a token is looked up once per
/// sentence ([`DecisionDetector::tokens`]) and phrases compare numbers.
#[derive(Debug, Default)]
struct Vocabulary(HashMap<String, u32, BuildHasherDefault<WordHasher>>);

/// FNV-1a for [`Vocabulary`]: it is probed with every token of every sentence the
/// gate lets through, and for words of a few bytes SipHash's rounds cost
/// more than the lookup. The keys are the fixed vocabulary, so flooding is no
/// concern.
#[derive(Debug)]
struct WordHasher(u64);

impl Default for WordHasher {
    fn default() -> Self {
        WordHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl Vocabulary {
    fn intern(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.0.get(word) {
            return id;
        }
        let id = u32::try_from(self.0.len()).expect("vocabulary fits in u32");
        self.0.insert(word.to_owned(), id);
        id
    }
}

/// The compiled detector; build once, share across threads.
#[derive(Debug)]
pub struct DecisionDetector {
    actors: Phrases,
    verbs: Phrases,
    flags: Vec<Flag>,
    instructions: Phrases,
    acknowledgements: Phrases,
    negations: Phrases,
    conditionals: Phrases,
    pending: Phrases,
    hedges: Phrases,
    chit_chat: Phrases,
    /// Fixed: phrases that undo a decision in the same sentence.
    reversals: Phrases,
    /// Every word of the phrase lists above, numbered.
    vocabulary: Vocabulary,
    references: Regex,
    reference_ignore: Vec<String>,
    min_confidence: f32,
    /// Any cue needs a decision phrase (verb, instruction or flag), an
    /// acknowledgement one of its phrases; most messages have none and stop here.
    gate: Gate,
}

impl Phrases {
    fn compile(
        field: &str,
        items: &[String],
        vocabulary: &mut Vocabulary,
    ) -> Result<Phrases, String> {
        let mut words = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let phrase = words::phrase_words(item);
            if phrase.is_empty() {
                return Err(format!(
                    "decision settings: {field}[{i}] ({item:?}) has no words"
                ));
            }
            words.push(phrase);
        }
        let ids: Vec<Vec<u32>> = words
            .iter()
            .map(|p| p.iter().map(|w| vocabulary.intern(w)).collect())
            .collect();
        let index = |pick: fn(&[u32]) -> u32| {
            let mut by: Vec<Vec<usize>> = Vec::new();
            for (k, p) in ids.iter().enumerate() {
                let id = pick(p) as usize;
                if by.len() <= id {
                    by.resize_with(id + 1, Vec::new);
                }
                by[id].push(k);
            }
            by
        };
        let by_first = index(|p| p[0]);
        let by_last = index(|p| p[p.len() - 1]);
        Ok(Phrases(Box::new(PhraseTable {
            words,
            ids,
            by_first,
            by_last,
        })))
    }
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
        let mut compile =
            |field: &str, items: &[String]| Phrases::compile(field, items, &mut vocabulary);
        let actors = compile("actors", &s.actors)?;
        let verbs = compile("verbs", &s.verbs)?;
        let instructions = compile("instructions", &s.instructions)?;
        let acknowledgements = compile("acknowledgements", &s.acknowledgements)?;
        let negations = compile("negations", &s.negations)?;
        let conditionals = compile("conditionals", &s.conditionals)?;
        let pending = compile("pending", &s.pending)?;
        let hedges = compile("hedges", &s.hedges)?;
        let chit_chat = compile("chit-chat", &s.chit_chat)?;
        let reversals = compile("reversals", &vocab::owned(vocab::REVERSALS))?;
        let flag_words: Vec<Vec<String>> = s
            .flags
            .iter()
            .chain(&s.weak_flags)
            .map(|f| words::phrase_words(f))
            .collect();
        let gate = Gate::new(
            verbs
                .0
                .words
                .iter()
                .chain(&instructions.0.words)
                .chain(&flag_words)
                .chain(&acknowledgements.0.words)
                .map(Vec::as_slice),
        )?;
        Ok(DecisionDetector {
            actors,
            verbs,
            flags,
            instructions,
            acknowledgements,
            negations,
            conditionals,
            pending,
            hedges,
            chit_chat,
            reversals,
            vocabulary,
            references,
            reference_ignore: s
                .reference_ignore
                .iter()
                .map(|r| r.to_uppercase())
                .collect(),
            min_confidence: s.min_confidence,
            gate,
        })
    }

    /// Both questions about one message, `text` cleaned and passed through the
    /// phrase gate once: the acknowledgement it makes and the decision it records.
    pub fn examine(&self, text: &str) -> Examined {
        let text = crate::text::clean(text);
        if !self.gate.passes(&text) {
            return Examined {
                acknowledgement: None,
                decision: None,
            };
        }
        Examined {
            acknowledgement: self.find_acknowledgement(&text),
            decision: self.decision_in(&text),
        }
    }

    /// The decision `text` records, if any cue reaches `min-confidence`.
    pub fn detect(&self, text: &str) -> Option<DecisionCue> {
        self.examine(text).decision
    }

    /// Whether `text` says a decision was put on the record.
    pub fn acknowledgement(&self, text: &str) -> Option<Acknowledgement> {
        self.examine(text).acknowledgement
    }

    /// [`DecisionDetector::detect`] for a cleaned text that holds a decision key.
    fn decision_in(&self, text: &str) -> Option<DecisionCue> {
        let best = self.best_cue(text)?;
        if best.confidence < self.min_confidence {
            return None;
        }
        Some(DecisionCue {
            confidence: best.confidence,
            cue: best.cue,
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
