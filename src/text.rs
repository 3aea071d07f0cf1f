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
    // Most chat lines are ASCII: one vectorised test settles them.
    if text.is_ascii() {
        return Cow::Borrowed(text);
    }
    let Some(first) = next_special(text, 0) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut at = Some(first);
    while let Some((i, c)) = at {
        out.push_str(&text[copied..i]);
        if is_space_like(c) {
            out.push(' ');
        }
        copied = i + c.len_utf8();
        at = next_special(text, copied);
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// The first invisible or space-like character at or after byte `from`, with its
/// position. Every one of them is non-ASCII and its UTF-8 form opens with one of
/// five lead bytes (U+00A0: C2, U+061C: D8, U+2002–U+2069: E2, U+3000: E3,
/// U+FEFF: EF), so the bytes are searched for those and only they are decoded:
/// ASCII, accented Latin (C3) and most other text pass at memory speed.
fn next_special(text: &str, from: usize) -> Option<(usize, char)> {
    let bytes = text.as_bytes();
    let after = |i: usize, found: Option<usize>| found.map(|p| p + i);
    // The common lead bytes (C2: U+00A0, E2: the U+20xx marks, EF: the BOM) and the
    // rare ones (D8, E3) are searched apart, each with a SIMD scan; the rare
    // position is kept until passed.
    let mut i = from;
    let mut rare = after(i, memchr::memchr2(0xD8, 0xE3, &bytes[i..]));
    loop {
        let common = after(i, memchr::memchr3(0xC2, 0xE2, 0xEF, &bytes[i..]));
        let j = match (common, rare) {
            (Some(a), Some(b)) => a.min(b),
            (a, b) => a.or(b)?,
        };
        // A lead byte starts a char, so `j` is a char boundary.
        let c = text[j..].chars().next()?;
        if is_invisible(c) || is_space_like(c) {
            return Some((j, c));
        }
        i = j + c.len_utf8();
        if rare.is_some_and(|r| r < i) {
            rare = after(i, memchr::memchr2(0xD8, 0xE3, &bytes[i..]));
        }
    }
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
        assert!(matches!(clean("Grüße, “café” — ok"), Cow::Borrowed(_)));
    }

    /// The byte search must find what a char-by-char filter finds, next to any
    /// other character sharing a lead byte.
    #[test]
    fn clean_equals_the_char_by_char_filter() {
        let slow = |t: &str| -> String {
            t.chars()
                .filter(|c| !is_invisible(*c))
                .map(|c| if is_space_like(c) { ' ' } else { c })
                .collect()
        };
        for t in [
            "\u{feff}a\u{00a0}b\u{00a9}c\u{061c}\u{0600}d\u{2019}\u{200e}e",
            "\u{3000}\u{3001}\u{2069}\u{206a}\u{202f}\u{2028}x\u{fefe}\u{2060}",
            "end\u{202c}",
            "\u{200b}",
            "ab",
        ] {
            assert_eq!(clean(t), slow(t), "{t:?}");
        }
    }
}
