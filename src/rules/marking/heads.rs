//! Lines that may open with a marking in any case: the first word of a line is a
//! marking's first word ([`LINE_HEADS`]), or a label ([`LABELS`]) followed by one
//! (`Sensitivity: Secret`), or the line opens with a portion mark's `(`. These
//! decide whether a message with no upper-case keyword is read at all, so the test
//! looks at each line's first word once and reads a label only when that word
//! begins one.

use super::context::{LABELS, REPLY_PREFIXES, label_end, reply_prefix_end};
use super::vocab::{LINE_HEADS, PORTION_OPEN};

/// Offset in `line` of its first word when that word begins a marking in any case
/// (`Top Secret`, `secret`, `uk secret`), after any reply prefixes (`Re: Top
/// Secret – …`); `None` otherwise.
pub(super) fn line_head(line: &str) -> Option<usize> {
    let from = reply_prefix_end(line);
    let head = from + line[from..].find(|c: char| c.is_alphanumeric())?;
    let word = first_word(&line.as_bytes()[head..]);
    is_one_of(word, LINE_HEADS).then_some(head)
}

/// The run of ASCII letters `rest` starts with (empty when it starts otherwise).
fn first_word(rest: &[u8]) -> &[u8] {
    let len = rest
        .iter()
        .position(|b| !b.is_ascii_alphabetic())
        .unwrap_or(rest.len());
    &rest[..len]
}

/// `word` is one of `words` (compared case-insensitively).
fn is_one_of(word: &[u8], words: &[&str]) -> bool {
    !word.is_empty()
        && words
            .iter()
            .any(|w| w.len() == word.len() && w.as_bytes().eq_ignore_ascii_case(word))
}

/// `word` is the first word of one of the [`LABELS`].
fn begins_label(word: &[u8]) -> bool {
    !word.is_empty()
        && LABELS.iter().any(|label| {
            let label = label.as_bytes();
            label.len() >= word.len()
                && label.get(word.len()).is_none_or(|&b| b == b' ')
                && label[..word.len()].eq_ignore_ascii_case(word)
        })
}

/// For each letter, a bit per length (up to 31) of the [`LINE_HEADS`], of the
/// [`LABELS`]' first words and of the [`REPLY_PREFIXES`] starting with it: a first word whose letter and length
/// are not there (most are not) is no head without comparing any strings.
const FIRST_WORDS: [u32; 26] = {
    let mut masks = [0u32; 26];
    let mut i = 0;
    let (heads, labels) = (LINE_HEADS.len(), LABELS.len());
    while i < heads + labels + REPLY_PREFIXES.len() {
        let word = if i < heads {
            LINE_HEADS[i].as_bytes()
        } else if i < heads + labels {
            LABELS[i - heads].as_bytes()
        } else {
            REPLY_PREFIXES[i - heads - labels].as_bytes()
        };
        let mut len = 0;
        while len < word.len() && word[len] != b' ' {
            len += 1;
        }
        assert!(len > 0 && len < 32 && word[0].is_ascii_lowercase());
        masks[(word[0] - b'a') as usize] |= 1 << len;
        i += 1;
    }
    masks
};

/// `word` (ASCII letters) may be a head or a label's first word, by [`FIRST_WORDS`].
fn may_be_first_word(word: &[u8]) -> bool {
    word.first().is_some_and(|b| {
        word.len() < 32
            && FIRST_WORDS[(b.to_ascii_lowercase() - b'a') as usize] & (1 << word.len()) != 0
    })
}

/// The line's first word, at `head`, is a marking's first word, or a reply prefix
/// or label followed by one.
fn is_head_word(line: &str, head: usize) -> bool {
    let word = first_word(&line.as_bytes()[head..]);
    if !may_be_first_word(word) {
        return false;
    }
    is_one_of(word, LINE_HEADS)
        || (is_one_of(word, REPLY_PREFIXES) && line_head(line).is_some())
        || (begins_label(word) && label_end(line).is_some_and(|h| line_head(&line[h..]) == Some(0)))
}

/// True when some line of `text` starts (perhaps after a label) with a marking's
/// first word in any case, or could open with a portion mark. Runs on every
/// message without a keyword, so lines are found with `memchr`, and a line opening
/// with an ASCII letter (most do) goes straight to its first word.
pub(super) fn has_line_head(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut start = 0;
    loop {
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
        let line = &text[start..end];
        let head = if line.as_bytes().first().is_some_and(u8::is_ascii_alphabetic) {
            is_head_word(line, 0)
                || (matches!(line.as_bytes().get(1), Some(b'.' | b')')) && is_portion_line(line))
        } else {
            is_portion_line(line)
                || line
                    .find(|c: char| c.is_alphanumeric())
                    .is_some_and(|h| is_head_word(line, h))
        };
        if head {
            return true;
        }
        if end == bytes.len() {
            return false;
        }
        start = end + 1;
    }
}

/// The line opens with `(` after blanks, bullets or `>`, and perhaps a paragraph
/// number or letter (`(S) The delegation …`, `3. (S) Timings …`, `2.1 (TS) …`, `b.
/// (S) Dates …`, `c) (TS) …`).
pub(super) fn is_portion_line(line: &str) -> bool {
    let rest = line.trim_start_matches([' ', '\t', '*', '>', '-', '•', '·']);
    let letter = rest.as_bytes().first().is_some_and(u8::is_ascii_lowercase)
        && matches!(rest.as_bytes().get(1), Some(b'.' | b')'));
    let number = if letter {
        &rest[2..]
    } else {
        rest.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
    };
    let rest = if number.len() < rest.len() && number.starts_with([' ', '\t']) {
        number.trim_start_matches([' ', '\t'])
    } else {
        rest
    };
    rest.starts_with(PORTION_OPEN)
}

pub(super) fn has_portion_line(text: &str) -> bool {
    text.split('\n').any(is_portion_line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_are_whole_first_words_in_any_case() {
        assert_eq!(line_head("Top Secret: x"), Some(0));
        assert_eq!(line_head("  *secret* – x"), Some(3));
        assert_eq!(line_head("top1"), Some(0));
        assert_eq!(line_head("Topical news"), None);
        assert_eq!(line_head("Éclair"), None);
        assert!(has_line_head("hello\nUK secret"));
        assert!(!has_line_head("The secret is out\nthanks"));
        assert!(may_be_first_word(b"Top") && may_be_first_word(b"SENSITIVITY"));
        assert!(!may_be_first_word(b"thanks") && !may_be_first_word(b"Tops"));
    }

    #[test]
    fn labels_then_heads_and_portion_lines() {
        assert!(has_line_head("Sensitivity: Secret"));
        assert!(has_line_head("\u{a0}Classification: official-sensitive"));
        assert!(has_line_head("Security classification: top secret"));
        assert!(!has_line_head("Sensitivity: low"));
        assert!(!has_line_head("Marking scheme: done"));
        assert!(has_line_head("• (S) The delegation"));
        assert!(!has_line_head("see (S) below"));
        assert!(has_line_head("3. (S) Timings remain under review."));
        assert!(has_line_head("2.1 (TS//SI) Collection"));
        assert!(!has_line_head("3.(S) x") && !has_line_head("v3 (S) x"));
    }
}
