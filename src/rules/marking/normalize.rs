//! Normalising text for marking matching while keeping a map back to the original
//! byte offsets: NFKC, dashes → `-`, unusual spaces → ` `, invisible characters
//! dropped, emphasis underscores (`_SECRET_`, WhatsApp italics) → ` `, and in file
//! names every `_`, `.` and `-` → ` ` (so `SECRET-RECIPIENTS-ONLY` reads as words).
//!
//! NFKC is applied per segment (a starter plus its combining marks), which is exact
//! for everything a marking is made of; compositions across starters (Hangul jamo)
//! are not performed, which cannot affect an ASCII keyword.

use std::borrow::Cow;

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

use crate::text::{is_invisible, is_space_like};

/// One original segment and where its output starts in the normalised text.
#[derive(Debug, Clone, Copy)]
struct Span {
    norm: usize,
    orig_start: usize,
    orig_end: usize,
}

/// Normalised text plus the offset map (empty when the text is borrowed unchanged).
#[derive(Debug)]
pub(super) struct Normalized<'a> {
    text: Cow<'a, str>,
    spans: Vec<Span>,
}

/// True for the dash and minus characters people (and word processors) put
/// between marking parts.
fn is_dash(c: char) -> bool {
    matches!(
        c,
        '\u{2010}'
            ..='\u{2015}'
                | '\u{2212}'
                | '\u{2e3a}'
                | '\u{2e3b}'
                | '\u{fe58}'
                | '\u{fe63}'
                | '\u{ff0d}'
    )
}

/// The replacement for one (already NFKC) character, or `None` to drop it.
fn map_char(c: char, file_name: bool) -> Option<char> {
    if is_invisible(c) || c == '\u{ad}' {
        None
    } else if is_space_like(c) {
        Some(' ')
    } else if is_dash(c) {
        Some('-')
    } else if file_name && (c == '_' || c == '.' || c == '-') {
        Some(' ')
    } else {
        Some(c)
    }
}

/// True for an underscore that opens or closes emphasis (`_SECRET_`): a word
/// character on exactly one side. `SECRET_KEY` and `__init__` keep theirs.
fn is_emphasis_underscore(prev: Option<char>, next: Option<char>) -> bool {
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let open = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric() && c != '_');
    (open(prev) && word(next)) || (word(prev) && open(next))
}

fn has_emphasis_underscore(text: &str) -> bool {
    text.match_indices('_').any(|(i, _)| {
        is_emphasis_underscore(text[..i].chars().next_back(), text[i + 1..].chars().next())
    })
}

/// True when normalisation would change the text. Allocation-free; ASCII message
/// text without `_` is decided by one `is_ascii` pass.
fn needs_normalisation(text: &str, file_name: bool) -> bool {
    if file_name && text.contains(['_', '.', '-']) {
        return true;
    }
    if !file_name && text.contains('_') && has_emphasis_underscore(text) {
        return true;
    }
    if text.is_ascii() {
        return false;
    }
    text.chars().any(|c| {
        !c.is_ascii()
            && (is_invisible(c)
                || is_space_like(c)
                || is_dash(c)
                || c == '\u{ad}'
                || is_nfkc_quick(std::iter::once(c)) != IsNormalized::Yes)
    })
}

/// Characters NFKC cannot turn into ASCII letters, skipped without a table look-up:
/// Latin-1 letters, quotation marks, arrows and mathematical and technical symbols,
/// shapes and dingbats, emoji.
fn cannot_become_letters(c: char) -> bool {
    matches!(
        c,
        '\u{c0}'..='\u{ff}'
            | '\u{2018}'..='\u{201f}'
            | '\u{2190}'..='\u{23ff}'
            | '\u{25a0}'..='\u{27bf}'
            | '\u{1f300}'..='\u{1faff}'
    )
}

/// True when normalisation could reveal a keyword the raw text hides, in one pass:
/// invisible characters or soft hyphens inside a word, compatibility letters
/// (`ＳＥＣＲＥＴ`), or letters spaced out with unusual spaces or dashes
/// (`S\u{a0}E\u{a0}C…`, `S\u{2011}E\u{2011}C…`: a single upper-case letter, a
/// non-ASCII space or dash, an upper-case letter), which the prefilter's `S E C R E
/// T` and `S-E-C-R-E-T` cannot see until they are normalised. Other spaces and dashes
/// cannot, so an NBSP or a dash between words costs nothing.
pub(super) fn may_hide_keyword(text: &str) -> bool {
    if text.is_ascii() {
        return false;
    }
    // (the character before the letter, the letter, the space)
    let mut window: [Option<char>; 3] = [None; 3];
    for c in text.chars() {
        if !c.is_ascii() {
            if is_invisible(c) || c == '\u{ad}' {
                return true;
            }
            let space = is_space_like(c);
            if !space
                && !cannot_become_letters(c)
                && !is_dash(c)
                && is_nfkc_quick(std::iter::once(c)) != IsNormalized::Yes
            {
                return true;
            }
        } else if let [before, Some(letter), Some(space)] = window
            && c.is_ascii_uppercase()
            && letter.is_ascii_uppercase()
            && !space.is_ascii()
            && (is_space_like(space) || is_dash(space))
            && before.is_none_or(|b| !b.is_alphanumeric())
        {
            return true;
        }
        window = [window[1], window[2], Some(c)];
    }
    false
}

impl<'a> Normalized<'a> {
    /// Normalises `original`; `file_name` also turns `_`, `.` and `-` into spaces.
    pub(super) fn new(original: &'a str, file_name: bool) -> Self {
        if !needs_normalisation(original, file_name) {
            return Normalized {
                text: Cow::Borrowed(original),
                spans: Vec::new(),
            };
        }
        let mut text = String::with_capacity(original.len());
        let mut spans = Vec::with_capacity(original.len());
        let mut chars = original.char_indices().peekable();
        while let Some((start, c)) = chars.next() {
            let mut end = start + c.len_utf8();
            while let Some(&(i, next)) = chars.peek() {
                if canonical_combining_class(next) == 0 {
                    break;
                }
                end = i + next.len_utf8();
                chars.next();
            }
            let norm = text.len();
            let segment = &original[start..end];
            if !file_name
                && segment == "_"
                && is_emphasis_underscore(
                    original[..start].chars().next_back(),
                    original[end..].chars().next(),
                )
            {
                text.push(' ');
            } else if segment.is_ascii() {
                text.extend(segment.chars().filter_map(|c| map_char(c, file_name)));
            } else {
                text.extend(segment.nfkc().filter_map(|c| map_char(c, file_name)));
            }
            if text.len() > norm {
                spans.push(Span {
                    norm,
                    orig_start: start,
                    orig_end: end,
                });
            }
        }
        Normalized {
            text: Cow::Owned(text),
            spans,
        }
    }

    /// The normalised text.
    pub(super) fn text(&self) -> &str {
        &self.text
    }

    /// Maps a non-empty normalised byte range back to the original text.
    pub(super) fn original_range(&self, start: usize, end: usize) -> (usize, usize) {
        if self.spans.is_empty() {
            return (start, end);
        }
        let span_of = |i: usize| self.spans[self.spans.partition_point(|s| s.norm <= i) - 1];
        (span_of(start).orig_start, span_of(end - 1).orig_end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_text_is_borrowed() {
        let n = Normalized::new("plain SECRET text", false);
        assert!(matches!(n.text, Cow::Borrowed(_)));
        assert_eq!(n.original_range(6, 12), (6, 12));
    }

    #[test]
    fn letters_spaced_with_unusual_spaces_may_hide_a_keyword() {
        assert!(may_hide_keyword("S\u{a0}E\u{a0}C\u{a0}R\u{a0}E\u{a0}T"));
        assert!(!may_hide_keyword("Lunch\u{a0}at 1 🎅 café — see you"));
        assert!(!may_hide_keyword("S E C R E T"));
        assert!(may_hide_keyword("ＳＥＣＲＥＴ"));
        assert!(may_hide_keyword("SEC\u{200b}RET"));
    }

    #[test]
    fn emoji_and_accents_are_borrowed() {
        let n = Normalized::new("café 🎅 déjà vu", false);
        assert!(matches!(n.text, Cow::Borrowed(_)));
    }

    #[test]
    fn maps_dashes_spaces_invisibles_and_fullwidth() {
        let original = "\u{200e}\u{a0}ＴＯＰ SECRET \u{2013} UK\u{200b}EO";
        let n = Normalized::new(original, false);
        assert_eq!(n.text(), " TOP SECRET - UKEO");
        let start = n.text().find("TOP").unwrap();
        let (s, e) = n.original_range(start, n.text().len());
        assert_eq!(&original[s..e], "ＴＯＰ SECRET \u{2013} UK\u{200b}EO");
    }

    #[test]
    fn emphasis_underscores_become_spaces() {
        assert_eq!(
            Normalized::new("_SECRET_ now", false).text(),
            " SECRET  now"
        );
        let n = Normalized::new("SECRET_KEY=1 __init__", false);
        assert!(matches!(n.text, Cow::Borrowed(_)));
    }

    #[test]
    fn file_names_turn_underscores_and_dots_into_spaces() {
        let n = Normalized::new("Budget_SECRET.v2-final", true);
        assert_eq!(n.text(), "Budget SECRET v2 final");
    }
}
