//! The register prepared for matching, and the compact key a chat decision is
//! matched by.
//!
//! Matching compares a decision's content words with register summaries, its
//! conversation with register conversations and its cited references with register
//! references. So a decision needs to keep only what can meet the register: the
//! conversation's group (if any register row has it), the cited references the
//! register carries, and, per word set, how many words it has plus which of them
//! occur in some summary (as numbers). A word no summary holds can never be shared,
//! it only counts towards the union, so its count is all that is kept. Overlaps
//! computed from a [`DecisionKey`] equal those from the full text, bit for bit; the
//! key is a few dozen bytes however long the message, and a decision that can meet
//! no register row (the common case) keeps no key at all ([`DecisionKeys`]).

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;

use super::RegisterEntry;
use super::reconcile::{ChatDecision, MatchSettings, normalise_conversation, normalise_reference};
use crate::decision::{content_words, stem};

/// The content words of one text as far as the register can see them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct WordSet<'k> {
    /// Distinct content words (after the ignore list), known to the register or not.
    pub(super) len: usize,
    /// The ones some summary holds, as word numbers, ascending.
    pub(super) known: &'k [u32],
}

/// What reconciliation needs of one chat decision (see the module doc).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionKey {
    /// The register's conversation group with the same normalised name.
    conversation: Option<u32>,
    date: NaiveDate,
    /// Cited reference groups, then the subject's known words, then the text's.
    numbers: Box<[u32]>,
    cited: u32,
    subject_known: u32,
    subject_len: u32,
    text_len: u32,
}

impl DecisionKey {
    pub(super) fn conversation(&self) -> Option<u32> {
        self.conversation
    }

    pub(super) fn date(&self) -> NaiveDate {
        self.date
    }

    /// The register's reference groups the decision cites, in citation order.
    pub(super) fn cited(&self) -> &[u32] {
        &self.numbers[..self.cited as usize]
    }

    pub(super) fn subject(&self) -> WordSet<'_> {
        let start = self.cited as usize;
        WordSet {
            len: self.subject_len as usize,
            known: &self.numbers[start..start + self.subject_known as usize],
        }
    }

    pub(super) fn text(&self) -> WordSet<'_> {
        WordSet {
            len: self.text_len as usize,
            known: &self.numbers[(self.cited + self.subject_known) as usize..],
        }
    }
}

/// The keys of a run's decisions, in order. A decision that can meet no register
/// row (its conversation is in no row and it cites no row's reference) takes no
/// room: with no register, none does.
#[derive(Debug, Default)]
pub struct DecisionKeys {
    count: usize,
    /// Decision number and key of the ones that can meet a row, ascending.
    pub(super) keys: Vec<(usize, DecisionKey)>,
}

impl DecisionKeys {
    /// Adds the next decision's key (`None`: it can meet no row).
    pub fn push(&mut self, key: Option<DecisionKey>) {
        if let Some(key) = key {
            self.keys.push((self.count, key));
        }
        self.count += 1;
    }

    /// How many decisions were added.
    pub fn len(&self) -> usize {
        self.count
    }

    /// True when none were.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }
}

/// Register entries indexed by reference, conversation and summary words.
#[derive(Debug)]
pub struct RegisterIndex<'a> {
    pub(super) entries: &'a [RegisterEntry],
    pub(super) settings: MatchSettings,
    /// Words ignored in overlap: stop-words aside, the settings' ignore list.
    ignore: BTreeSet<String>,
    /// Every summary word, numbered.
    words: HashMap<String, u32>,
    /// Each entry's summary words, ascending.
    pub(super) summaries: Vec<Box<[u32]>>,
    references: HashMap<String, u32>,
    /// Per reference group: the normalised reference and its entries.
    pub(super) by_reference: Vec<(String, Vec<usize>)>,
    conversations: HashMap<String, u32>,
    /// Per conversation group: its entries.
    pub(super) by_conversation: Vec<Vec<usize>>,
}

impl<'a> RegisterIndex<'a> {
    /// Indexes `entries` for matching with `settings`.
    pub fn new(entries: &'a [RegisterEntry], settings: &MatchSettings) -> RegisterIndex<'a> {
        let mut index = RegisterIndex {
            entries,
            settings: settings.clone(),
            ignore: settings
                .ignore_words
                .iter()
                .map(|w| stem(&w.to_lowercase()))
                .collect(),
            words: HashMap::new(),
            summaries: Vec::with_capacity(entries.len()),
            references: HashMap::new(),
            by_reference: Vec::new(),
            conversations: HashMap::new(),
            by_conversation: Vec::new(),
        };
        for (i, e) in entries.iter().enumerate() {
            let reference = normalise_reference(&e.reference);
            if !reference.is_empty() {
                let next = index.by_reference.len() as u32;
                let group = *index.references.entry(reference.clone()).or_insert(next);
                if group == next {
                    index.by_reference.push((reference, Vec::new()));
                }
                index.by_reference[group as usize].1.push(i);
            }
            let conversation = normalise_conversation(&e.conversation);
            if !conversation.is_empty() {
                let next = index.by_conversation.len() as u32;
                let group = *index.conversations.entry(conversation).or_insert(next);
                if group == next {
                    index.by_conversation.push(Vec::new());
                }
                index.by_conversation[group as usize].push(i);
            }
            let mut summary: Vec<u32> = index
                .content_words(&e.summary)
                .into_iter()
                .map(|w| {
                    let next = index.words.len() as u32;
                    *index.words.entry(w).or_insert(next)
                })
                .collect();
            summary.sort_unstable();
            index.summaries.push(summary.into_boxed_slice());
        }
        index
    }

    /// Content words for overlap: stop-words and the ignore list left out.
    fn content_words(&self, text: &str) -> BTreeSet<String> {
        let mut words = content_words(text);
        words.retain(|w| !self.ignore.contains(w));
        words
    }

    /// Appends the numbers of `text`'s words some summary holds; returns how
    /// many words it has and how many of them were appended.
    /// `None` past 4 billion words, far beyond any (capped) message.
    fn add_words(&self, text: &str, numbers: &mut Vec<u32>) -> Option<(u32, u32)> {
        let words = self.content_words(text);
        let start = numbers.len();
        numbers.extend(words.iter().filter_map(|w| self.words.get(w).copied()));
        numbers[start..].sort_unstable();
        let known = numbers.len() - start;
        Some((u32::try_from(words.len()).ok()?, u32::try_from(known).ok()?))
    }

    /// The compact key of one decision, `None` when it can meet no register row
    /// (its `key` field is not part of it: keys are matched in the order given).
    pub fn key(&self, decision: &ChatDecision<'_>) -> Option<DecisionKey> {
        let mut numbers: Vec<u32> = decision
            .cited
            .iter()
            .filter_map(|c| self.references.get(&normalise_reference(c)).copied())
            .collect();
        let conversation = self
            .conversations
            .get(&normalise_conversation(&decision.conversation))
            .copied();
        if conversation.is_none() && numbers.is_empty() {
            return None;
        }
        let cited = numbers.len();
        let (subject_len, subject_known) = self.add_words(&decision.subject, &mut numbers)?;
        let (text_len, _) = self.add_words(&decision.text, &mut numbers)?;
        Some(DecisionKey {
            conversation,
            date: decision.date,
            numbers: numbers.into_boxed_slice(),
            cited: u32::try_from(cited).ok()?,
            subject_known,
            subject_len,
            text_len,
        })
    }
}

/// Jaccard overlap and shared-word count of a decision's words and a summary's.
pub(super) fn overlap(a: WordSet<'_>, summary: &[u32]) -> (f32, usize) {
    let shared = shared(a.known, summary);
    let union = a.len + summary.len() - shared;
    if union == 0 {
        return (0.0, 0);
    }
    (shared as f32 / union as f32, shared)
}

/// How many numbers two ascending lists have in common.
fn shared(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}
