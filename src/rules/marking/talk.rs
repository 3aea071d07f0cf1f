//! Telling text that *talks about* a marking ("all such material must be marked
//! OFFICIAL-SENSITIVE", "the old tiers were PROTECT, RESTRICTED, CONFIDENTIAL") from
//! text that *carries* one, for a marking in running text.
//!
//! The cues are vocabulary, kept here as tables: words earlier in the same sentence
//! (modals, questions, conditionals, negation, the vocabulary of the policy itself),
//! the word right after the marking (a verb when the marking is the subject, a generic
//! noun such as "material" or "documents"), a sentence ending in `?`, and several
//! markings in one sentence. A marking that stands on its own (a line of its own, a
//! header, a file name, a formula, a label at the start of a line) is never talk.

/// Words before the marking, in its sentence, that make it talk (lower case).
pub(super) const BEFORE: &[&str] = &[
    // modals, conditionals, hedges
    "must",
    "should",
    "shouldn't",
    "need",
    "needs",
    "would",
    "can't",
    "cannot",
    "whether",
    "if",
    "we'd",
    "i'd",
    "you'd",
    "might",
    "think",
    "forget",
    "unsure",
    "unmarked",
    // negation and quantifiers over material in general
    "don't",
    "doesn't",
    "didn't",
    "isn't",
    "aren't",
    "wasn't",
    "not",
    "never",
    "anything",
    "everything",
    "nothing",
    "whatever",
    "why",
    // the vocabulary of the policy
    "tier",
    "tiers",
    "level",
    "levels",
    "policy",
    "gscp",
    "scheme",
    "template",
    "templates",
    "guide",
    "guidance",
    "training",
    "descriptor",
    "descriptors",
    "caveat",
    "caveats",
    "format",
    "banner",
    "header",
    "footer",
    "marks",
    "marking",
    "markings",
    "over-marking",
    "equivalent",
    "mapping",
    "handle",
    "handled",
    "write",
    "say",
    "called",
    "means",
    "meant",
    "upgraded",
    "downgraded",
    "upgrade",
    "downgrade",
    "dropped",
    "uses",
    "counts",
    "count",
    "files",
    "documents",
    "docs",
    "papers",
    "material",
    "word",
    "words",
    "term",
    "acronym",
    "abbreviation",
];

/// The word right after the marking that makes it talk, anywhere in a sentence.
pub(super) const AFTER: &[&str] = &[
    "material",
    "materials",
    "documents",
    "docs",
    "papers",
    "stuff",
    "information",
    "info",
    "thing",
    "things",
    "files",
    "items",
    "tier",
    "level",
    "marking",
    "markings",
    "descriptor",
    "classification",
    "or",
    "and",
    "isn't",
    "means",
    "meant",
    "covers",
    "applies",
    "stands",
];

/// The word right after a marking that begins its sentence, making it the subject
/// of a statement about it (`NATO RESTRICTED is roughly equivalent to …`).
pub(super) const AFTER_SUBJECT: &[&str] = &[
    "is", "was", "are", "were", "has", "have", "had", "can", "could", "should", "must", "will",
    "would", "only", "goes", "go", "needs", "need", "used",
];

/// Words before the marking that make a generic noun after it specific (`the SECRET
/// material from this morning` carries the marking; `SECRET material must …` is talk).
const SPECIFIC: &[&str] = &[
    "the", "this", "that", "these", "those", "today's", "attached",
];

/// Words that may stand between a sentence start and its subject.
const DETERMINERS: &[&str] = &["the", "a", "an", "our", "their", "your", "my"];

/// Lower-case words of `s` (letters, digits, `'` and `-`), in order.
fn words(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'))
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .map(|w| w.replace('’', "'").trim_matches(['\'', '-']).to_lowercase())
}

/// Byte range of the sentence holding `start..end`: from after the previous `.`,
/// `!`, `?`, `;` or line break to the next one (inclusive of a closing `?`).
fn sentence(text: &str, start: usize, end: usize) -> (usize, usize) {
    let is_stop = |c: char| matches!(c, '.' | '!' | '?' | ';' | '\n');
    let s = text[..start]
        .rfind(|c: char| is_stop(c))
        .map_or(0, |i| i + 1);
    let e = text[end..]
        .find(|c: char| is_stop(c))
        .map_or(text.len(), |i| end + i + 1);
    (s, e)
}

/// True when the marking at `start..end` is talked about rather than carried.
/// `others` counts the other candidate markings in the same text, with their starts.
pub(super) fn is_talk(text: &str, start: usize, end: usize, others: &[usize]) -> bool {
    let (s, e) = sentence(text, start, end);
    if text[s..e].trim_end().ends_with('?') {
        return true;
    }
    if others.iter().any(|&o| o >= s && o < e) {
        return true;
    }
    let before: Vec<String> = words(&text[s..start]).collect();
    if before.iter().any(|w| BEFORE.contains(&w.as_str())) {
        return true;
    }
    let Some(next) = words(&text[end..e]).next() else {
        return false;
    };
    let subject = before.iter().all(|w| DETERMINERS.contains(&w.as_str()));
    let specific = before
        .last()
        .is_some_and(|w| SPECIFIC.contains(&w.as_str()));
    let joins = ["or", "and"].contains(&next.as_str());
    (AFTER.contains(&next.as_str()) && (!specific || joins))
        || (subject && AFTER_SUBJECT.contains(&next.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn talk(text: &str, word: &str) -> bool {
        let start = text.find(word).unwrap();
        is_talk(text, start, start + word.len(), &[])
    }

    #[test]
    fn talk_and_carrying() {
        assert!(talk(
            "all such material must be marked OFFICIAL-SENSITIVE",
            "OFFICIAL"
        ));
        assert!(talk("does this need to be SECRET?", "SECRET"));
        assert!(talk(
            "NATO RESTRICTED is roughly equivalent",
            "NATO RESTRICTED"
        ));
        assert!(talk("how to handle SECRET documents", "SECRET"));
        assert!(!talk("this is SECRET so don't forward it", "SECRET"));
        assert!(!talk(
            "Attaching the SECRET sitrep, shout if it doesn't open",
            "SECRET"
        ));
        assert!(!talk("the TOP SECRET annex is in the box", "TOP SECRET"));
        assert!(!talk("here is the SECRET material from the call", "SECRET"));
        assert!(talk("SECRET material must stay in the building", "SECRET"));
    }
}
