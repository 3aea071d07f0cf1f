//! Compiled phrase lists: each phrase a sequence of word numbers, indexed by its
//! first and last word, so a token checks only the phrases that can start (or end)
//! with it and a word in no phrase (most of them) checks none.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::words::{self, Token};

/// A compiled list of phrases. Boxed: thirty lists inline would make the detector
/// (and the rule kind holding it) several kilobytes.
#[derive(Debug)]
pub(super) struct Phrases(Box<PhraseTable>);

#[derive(Debug)]
pub(super) struct PhraseTable {
    /// The phrases as written (lower-case words), for the gate's pattern.
    pub words: Vec<Vec<String>>,
    ids: Vec<Vec<u32>>,
    /// For each word number, the indices in `ids` of the phrases starting with it.
    by_first: Vec<Vec<usize>>,
    /// For each word number, the indices in `ids` of the phrases ending with it.
    by_last: Vec<Vec<usize>>,
}

/// Numbers every word of every phrase list, so a token is looked up once per
/// sentence and phrases compare numbers.
#[derive(Debug, Default)]
pub(super) struct Vocabulary(pub HashMap<String, u32, BuildHasherDefault<WordHasher>>);

/// FNV-1a for [`Vocabulary`]: it is probed with every token of every sentence the
/// gate lets through, and for words of a few bytes SipHash's rounds cost more than
/// the lookup. The keys are the fixed vocabulary, so flooding is no concern.
#[derive(Debug)]
pub(super) struct WordHasher(u64);

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

impl Phrases {
    /// Compiles the list named `field`; a phrase without words is an error.
    pub(super) fn compile(
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

    pub(super) fn words(&self) -> &[Vec<String>] {
        &self.0.words
    }

    /// Length in words of the longest phrase starting at `toks[i]`, or 0. `toks`
    /// must carry word numbers (`DecisionDetector::tokens`).
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
    pub(super) fn start_ending_at(&self, toks: &[Token], end: usize) -> Option<usize> {
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

    /// Whether a phrase occurs anywhere in `toks`.
    pub(super) fn occurs_in(&self, toks: &[Token]) -> bool {
        (0..toks.len()).any(|i| self.len_at(toks, i) > 0)
    }

    /// Whether `t` is a one-word phrase of the list.
    pub(super) fn has_word(&self, t: &Token) -> bool {
        self.0
            .by_first
            .get(t.id as usize)
            .is_some_and(|ks| ks.iter().any(|&k| self.0.ids[k].len() == 1))
    }
}
