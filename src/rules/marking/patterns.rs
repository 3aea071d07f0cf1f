//! The text of the grammar's patterns, built from the vocabulary tables: the
//! classification ("core") pattern, configured words as alternations, and the
//! spaced-out keywords the prefilter looks for.

use super::GrammarSettings;
use super::grammar::collapse_spaces;
use super::vocab::{
    CAVEAT, EU_MARKING, PORTION_MARKS, SPACED_EXTRA, SPACED_SECOND, SPACED_SECRET_ONLY,
    SPACED_SEPARATORS, SPACED_WORDS,
};

/// Validates one configured descriptor or codeword and returns its canonical form.
pub(super) fn validate_word(raw: &str, what: &str, example: &str) -> Result<String, String> {
    let canonical = collapse_spaces(raw);
    let well_formed = !canonical.is_empty()
        && canonical.len() <= 40
        && canonical.bytes().any(|b| b.is_ascii_uppercase())
        && canonical
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b" &/-".contains(&b));
    let is_tier =
        ["OFFICIAL", "OFFICIAL-SENSITIVE", "SECRET", "TOP SECRET"].contains(&canonical.as_str());
    if !well_formed || is_tier {
        return Err(format!(
            "extra {what} {raw:?} is not valid: use upper-case letters, digits, spaces, \
             '&', '/' or '-' (at most 40 characters, not a classification), e.g. \"{example}\""
        ));
    }
    Ok(canonical)
}

/// An alternation of configured words, spaces matching any run of blanks.
pub(super) fn alternation(words: &[String]) -> String {
    words
        .iter()
        .map(|w| {
            w.split(' ')
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join("␣+")
        })
        .collect::<Vec<_>>()
        .join("|")
}

/// `word`'s letters with `sep` between them (`S E C R E T`).
fn spelt_out(word: &str, sep: &str) -> String {
    let letters: Vec<String> = word.chars().map(String::from).collect();
    letters.join(sep)
}

/// Each spaced word spelt out with each separator (`S E C R E T`, `S·E·C·R·E·T`), and
/// the forms of [`SPACED_EXTRA`].
pub(super) fn spaced_literals() -> Vec<String> {
    let mut out = Vec::new();
    for word in SPACED_WORDS {
        for (sep, _) in SPACED_SEPARATORS {
            if *word != "SECRET" && SPACED_SECRET_ONLY.contains(sep) {
                continue;
            }
            out.push(spelt_out(word, sep));
        }
    }
    out.extend(SPACED_EXTRA.iter().map(|s| s.to_string()));
    out
}

/// The words of [`SPACED_SECOND`] spelt out with each separator but those for SECRET
/// alone: looked for, with [`spaced_literals`], once the prefilter has seen a keyword.
pub(super) fn spaced_second_literals() -> Vec<String> {
    let mut out = Vec::new();
    for word in SPACED_SECOND {
        for (sep, _) in SPACED_SEPARATORS {
            if !SPACED_SECRET_ONLY.contains(sep) {
                out.push(spelt_out(word, sep));
            }
        }
    }
    out
}

/// The classification ("core") pattern for these settings.
pub(super) fn core_pattern(settings: &GrammarSettings) -> String {
    let mut core = vec![format!(
        r"(?P<portion>(?m:^)(?:[ \t*>-]|•|·)*(?:(?:[0-9]{{1,3}}(?:\.[0-9]{{1,3}})*\.?|[a-z][.)])[ \t]+)?\((?:UK␣)?(?P<pm>{})(?P<pctl>//[A-Z][A-Z0-9 ,/-]{{0,40}})?\))",
        PORTION_MARKS.join("|")
    )];
    if settings.include_foreign {
        core.push(format!(
            r"(?P<nato>\b(?:NATO␣+(?:SECRET|CONFIDENTIAL|RESTRICTED)|(?:NATO␣+)?COSMIC␣+TOP␣+SECRET|{EU_MARKING})\b)"
        ));
    }
    core.push(
        r"(?P<os>\b(?P<os_word>(?i:OF[A-Z]{5,7}))(?P<os_sep>␣*[-:]␣*|␣+|\.|)(?P<os_sens>(?i:SEN[A-Z]{5,7}))\b)"
            .into(),
    );
    core.push(
        r"(?P<ts>\bTOP(?:␣+|␣*-␣*|)SECRET\b)|(?P<s>\bSECRET\b)|(?P<o>\b(?:OFFICIAL|OFFICAL)\b)"
            .into(),
    );
    core.push(
        r"(?P<ab>\b(?:OFFSENS|OFFSEN|OFF[␣-]SENS|OFF[␣-]SEN|CTS|TS|NS|O-S|O␣S|OS|S)\b)".into(),
    );
    if settings.include_legacy {
        core.push(
            r"(?P<legacy>\b(?:NOT␣+PROTECTIVELY␣+MARKED|PROTECT|RESTRICTED|CONFIDENTIAL)\b)".into(),
        );
    }
    core.push(format!(r"(?P<caveat>\b(?:{CAVEAT})\b)"));
    format!(r"(?P<prefix>\bUK␣+)?(?:{})", core.join("|"))
}
