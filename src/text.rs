//! Text normalisation shared by parsers and rules: removing invisible format
//! characters and unifying the space characters exports use.
//!
//! Exports wrap names and bodies in bidi marks (LRM, RLM, embeddings, isolates) and
//! put no-break spaces before AM/PM; matching must see through them while evidence
//! keeps the original.

use std::borrow::Cow;

/// True for characters that are invisible formatting: BOM/ZWNBSP, zero-width
/// space/joiners, LRM/RLM, bidi embeddings/overrides (U+202A–U+202E), bidi isolates
/// (U+2066–U+2069) and the Arabic letter mark.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{feff}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
            | '\u{061c}'
            | '\u{2060}'
    )
}

/// True for the space characters exports use between words and before AM/PM.
pub fn is_space_like(c: char) -> bool {
    matches!(
        c,
        '\u{00a0}' | '\u{202f}' | '\u{2009}' | '\u{2007}' | '\u{2002}'..='\u{2006}' | '\u{3000}'
    )
}

/// Removes invisible characters and maps unusual spaces to `' '`, borrowing when the
/// text has neither (the common case, kept allocation-free).
pub fn clean(text: &str) -> Cow<'_, str> {
    // Every invisible and space-like character is non-ASCII: ASCII text (most chat
    // lines) is settled by one vectorised pass instead of a char-by-char scan.
    if text.is_ascii() || !text.chars().any(|c| is_invisible(c) || is_space_like(c)) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .filter(|c| !is_invisible(*c))
            .map(|c| if is_space_like(c) { ' ' } else { c })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_strips_bidi_and_maps_spaces() {
        assert_eq!(
            clean("\u{200e}[1/4/23, 7:02\u{202f}PM] \u{202a}+44\u{00a0}7700\u{202c}"),
            "[1/4/23, 7:02 PM] +44 7700"
        );
        assert_eq!(clean("@\u{2068}Savi\u{2069}"), "@Savi");
    }

    #[test]
    fn clean_borrows_plain_text() {
        assert!(matches!(clean("plain text"), Cow::Borrowed(_)));
    }
}
