//! Word-level text handling for the decision detector and the register matcher:
//! tokens with byte spans, sentence splitting, and content words (stop-words removed,
//! lightly stemmed) for subject overlap.

use std::borrow::Cow;
use std::collections::BTreeSet;

/// [`Token::id`] of a word that is in no phrase of the decision vocabulary.
pub(crate) const NO_WORD: u32 = u32::MAX;

/// One word of a text: its lower-cased form and its byte span in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token<'a> {
    /// The lower-cased word; borrowed from the text when it is lower-case ASCII already.
    pub lower: Cow<'a, str>,
    pub start: usize,
    pub end: usize,
    /// The word's number in the decision detector's vocabulary, or [`NO_WORD`]:
    /// set by the detector's own tokeniser, [`NO_WORD`] from [`tokens`].
    pub id: u32,
}

impl Token<'_> {
    /// The lower-cased word.
    pub fn word(&self) -> &str {
        &self.lower
    }
}

/// Splits `text` into word tokens: runs of letters and digits, keeping inner
/// apostrophes (`hasn't`), and splitting a trailing `'s` into its own token so
/// `PM's content` reads as `pm 's content`. Curly apostrophes become `'`.
pub(crate) fn tokens(text: &str) -> Vec<Token<'_>> {
    // About one word in six bytes of chat; sized once instead of grown.
    let mut out = Vec::with_capacity(text.len() / 6 + 1);
    let mut i = 0;
    while let Some((c, n)) = char_at(text, i) {
        if !c.is_alphanumeric() {
            i += n;
            continue;
        }
        let start = i;
        i += n;
        while let Some((d, m)) = char_at(text, i) {
            let inner_apostrophe =
                is_apostrophe(d) && text[i + m..].starts_with(char::is_alphabetic);
            if !(d.is_alphanumeric() || inner_apostrophe) {
                break;
            }
            i += m;
        }
        push_word(&mut out, text, start, i);
    }
    out
}

/// The char at byte `i` of `text` (a char boundary) and its length in bytes, or
/// `None` at the end; ASCII bytes, most of chat, are taken without UTF-8 decoding.
fn char_at(text: &str, i: usize) -> Option<(char, usize)> {
    let &b = text.as_bytes().get(i)?;
    if b.is_ascii() {
        return Some((char::from(b), 1));
    }
    let c = text[i..].chars().next()?;
    Some((c, c.len_utf8()))
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}')
}

fn push_word<'a>(out: &mut Vec<Token<'a>>, text: &'a str, start: usize, end: usize) {
    let raw = &text[start..end];
    let token = |lower, start, end| Token {
        lower,
        start,
        end,
        id: NO_WORD,
    };
    // Fast path: an ASCII word without an apostrophe (most chat words) needs no
    // Unicode lower-casing and no `'s` split; already lower case, it is borrowed.
    if raw.bytes().all(|b| b.is_ascii_alphanumeric()) {
        let lower = if raw.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(raw.to_ascii_lowercase())
        } else {
            Cow::Borrowed(raw)
        };
        out.push(token(lower, start, end));
        return;
    }
    let word: String = raw
        .chars()
        .map(|c| if is_apostrophe(c) { '\'' } else { c })
        .flat_map(char::to_lowercase)
        .collect();
    if let Some(base) = word.strip_suffix("'s").filter(|b| !b.is_empty()) {
        // The apostrophe in the original may be 3 bytes (U+2019); split there.
        let split = raw
            .char_indices()
            .rev()
            .find(|&(_, c)| is_apostrophe(c))
            .map_or(end, |(i, _)| start + i);
        out.push(token(Cow::Owned(base.to_string()), start, split));
        out.push(token(Cow::Borrowed("'s"), split, end));
    } else {
        out.push(token(Cow::Owned(word), start, end));
    }
}

/// Tokenises a vocabulary phrase (an actor, verb, flag…) into its lower-cased words.
/// A phrase opening with an apostrophe (`'s`, `'ll`) keeps it, as the split-off
/// possessive token does.
pub(crate) fn phrase_words(phrase: &str) -> Vec<String> {
    let mut words: Vec<String> = tokens(phrase)
        .into_iter()
        .map(|t| t.lower.into_owned())
        .collect();
    if phrase.trim_start().starts_with(is_apostrophe)
        && let Some(first) = words.first_mut()
    {
        first.insert(0, '\'');
    }
    words
}

/// Byte ranges of the sentences of `text`. A sentence ends at a line break, at `?`,
/// `!` or `;`, or at a `.` followed by whitespace or the end (so `No.10` and `v1.2`
/// stay whole).
pub(crate) fn sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        let ends = match c {
            '\n' | '\r' | '?' | '!' | ';' => true,
            '.' => bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace()),
            _ => false,
        };
        if ends {
            push_sentence(&mut out, text, start, i + c.len_utf8());
            start = i + c.len_utf8();
        }
    }
    push_sentence(&mut out, text, start, text.len());
    out
}

fn push_sentence(out: &mut Vec<(usize, usize)>, text: &str, start: usize, end: usize) {
    if text[start..end].chars().any(char::is_alphanumeric) {
        out.push((start, end));
    }
}

/// Function words ignored when comparing a chat subject with a register summary,
/// plus chat filler that carries no subject matter.
const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be",
    "been", "before", "but", "by", "can", "could", "did", "do", "does", "for", "from", "had",
    "has", "have", "he", "her", "him", "his", "i", "if", "in", "into", "is", "it", "its", "just",
    "me", "my", "no", "not", "now", "of", "off", "ok", "okay", "on", "or", "our", "out", "over",
    "please", "re", "s", "she", "so", "that", "the", "their", "them", "then", "there", "these",
    "they", "this", "those", "thanks", "to", "today", "up", "us", "was", "we", "were", "what",
    "when", "which", "who", "will", "with", "would", "yes", "you", "your", "'s", "ll", "ve", "re",
    "d", "t",
];

/// True when `word` (lower case) is a stop-word.
pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.contains(&word)
}

/// Reduces a lower-cased word to a crude stem so `approve`, `approved`, `approval`
/// and `approves` meet: strips a few English suffixes while at least four
/// characters remain.
pub fn stem(word: &str) -> String {
    const SUFFIXES: &[&str] = &[
        "ational", "ations", "ation", "ings", "ing", "ies", "ed", "es", "al", "s", "e",
    ];
    let n = word.chars().count();
    for suffix in SUFFIXES {
        if let Some(base) = word.strip_suffix(suffix)
            && n - suffix.chars().count() >= 4
        {
            return base.to_string();
        }
    }
    word.to_string()
}

/// The set of stemmed content words of `text`: tokens that are not stop-words.
/// Single letters other than stop-words stay (`option B` differs from `option C`).
pub fn content_words(text: &str) -> BTreeSet<String> {
    tokens(text)
        .into_iter()
        .filter(|t| !is_stop_word(t.word()))
        .map(|t| stem(t.word()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        tokens(text)
            .into_iter()
            .map(|t| t.lower.into_owned())
            .collect()
    }

    #[test]
    fn tokens_split_possessive_and_keep_contractions() {
        assert_eq!(
            words("PM’s content; SoS hasn't"),
            ["pm", "'s", "content", "sos", "hasn't"]
        );
        let t = tokens("PM’s ok");
        assert_eq!(&"PM’s ok"[t[0].start..t[0].end], "PM");
        assert_eq!(&"PM’s ok"[t[1].start..t[1].end], "’s");
        assert_eq!(
            words("go-ahead for No.10"),
            ["go", "ahead", "for", "no", "10"]
        );
    }

    #[test]
    fn sentences_keep_no10_whole() {
        let text = "Thanks. No.10 agreed v1.2? Yes!\nnext";
        let got: Vec<&str> = sentences(text)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect();
        assert_eq!(got, ["Thanks.", " No.10 agreed v1.2?", " Yes!", "next"]);
    }

    #[test]
    fn content_words_drop_stop_words_and_stem() {
        let got = content_words("The PM approved the approval of Option B");
        assert_eq!(
            got,
            ["approv", "b", "option", "pm"].map(String::from).into()
        );
    }
}
