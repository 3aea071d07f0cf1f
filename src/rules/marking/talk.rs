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
    "writes",
    "writing",
    "typing",
    "spell",
    "spelling",
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
    // explaining or reporting the marking rather than using it
    "explain",
    "explains",
    "explained",
    "example",
    "answer",
    "quiz",
    "joke",
    // instructions, clearances and the tools that offer a marking
    "mark",
    "use",
    "retired",
    "cleared",
    "vetted",
    "clearance",
    "label",
    "labels",
    "menu",
    "drop-down",
    "dropdown",
    "option",
    "options",
    "instruction",
    "instructions",
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
    "clearance",
    "cleared",
    "vetting",
];

/// The word right after a marking in running text that makes it the subject of a
/// statement about it (`NATO RESTRICTED is roughly equivalent to …`).
pub(super) const AFTER_SUBJECT: &[&str] = &[
    "is",
    "was",
    "are",
    "were",
    "has",
    "have",
    "had",
    "can",
    "could",
    "should",
    "must",
    "will",
    "would",
    "only",
    "goes",
    "go",
    "needs",
    "need",
    "used",
    "becomes",
    "became",
    "lives",
    "sits",
    "belongs",
    "disappeared",
    "replaced",
    "replaces",
    "works",
];

/// Verbs that make the marking after them what the subject *is* (`the numbers are
/// SECRET until …`, `what I send is TOP SECRET and …`): the text carries it.
pub(super) const COPULAS: &[&str] = &[
    "is", "are", "was", "were", "it's", "that's", "stays", "stay", "remains", "remain",
];

/// Words after `or`/`and` that make a marking a threshold talked about (`SECRET or
/// above`) even after a copula.
const THRESHOLD: &[&str] = &["above", "below", "higher", "lower", "over", "under"];

/// Nouns of the policy itself that make a sentence talk about markings wherever they
/// stand in it (`the course covered SECRET, TOP SECRET and the caveats`).
const POLICY_NOUNS: &[&str] = &[
    "tier",
    "tiers",
    "classifications",
    "markings",
    "caveats",
    "descriptors",
    "gscp",
    "scheme",
    // checks of how marked holdings are kept (`the TOP SECRET register audit is next week`)
    "audit",
    "audits",
];

/// Verbs of marking something that, with an object between them and the marking,
/// report how something was marked (`someone marked the tea rota SECRET`) rather
/// than label the text (`marked SECRET`, see the labels in `context`).
const REPORTING: &[&str] = &[
    "marked", "stamped", "labelled", "labeled", "wrote", "written",
];

/// Quantifiers over a kind of material: with a verb of marking earlier in the
/// sentence they state how things are marked in general (`all casework is marked
/// OFFICIAL-SENSITIVE from Monday`) rather than label this text.
const GENERAL: &[&str] = &["all", "every", "any", "each"];

/// Verbs of marking that, after a [`GENERAL`] quantifier, make a rule of practice.
const MARKING_VERBS: &[&str] = &[
    "marked",
    "classified",
    "graded",
    "stamped",
    "labelled",
    "labeled",
];

/// Words after which `that` opens a clause rather than points at a thing
/// (`Reminder that OFFICIAL-SENSITIVE material can …`).
const CLAUSE_THAT: &[&str] = &[
    "reminder",
    "remind",
    "remember",
    "note",
    "noted",
    "aware",
    "clear",
    "confirm",
    "confirmed",
    "agreed",
    "said",
    "says",
    "told",
    "know",
    "understand",
    "mean",
];

/// Closing quotes: a bare marking quoted inside a sentence (`the answer was "TOP
/// SECRET"`) names the word rather than carrying it.
const QUOTES: &[(char, char)] = &[('"', '"'), ('“', '”'), ('‘', '’'), ('\'', '\''), ('«', '»')];

/// Words before the marking that make a generic noun after it specific (`the SECRET
/// material from this morning` carries the marking; `SECRET material must …` is talk).
const SPECIFIC: &[&str] = &[
    "the", "this", "that", "these", "those", "today's", "attached",
];

/// Lower-case words of `s` (letters, digits, `'` and `-`), in order.
fn words(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'))
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .map(|w| w.replace('’', "'").trim_matches(['\'', '-']).to_lowercase())
}

/// True when the byte at `i` ends a sentence: `!`, `?`, `;`, a line break, or a `.`
/// not inside an abbreviation (`e.g.`, `i.e.`: a single letter before it, or a
/// letter right after it).
fn is_stop(text: &str, i: usize) -> bool {
    let b = text.as_bytes();
    match b[i] {
        b'!' | b'?' | b';' | b'\n' => true,
        b'.' => {
            let letter_after = b.get(i + 1).is_some_and(u8::is_ascii_alphabetic);
            let single_before = i >= 1
                && b[i - 1].is_ascii_alphabetic()
                && (i < 2 || !b[i - 2].is_ascii_alphanumeric());
            !(letter_after || single_before)
        }
        _ => false,
    }
}

/// Byte range of the sentence holding `start..end`: from after the previous stop
/// (see [`is_stop`]) to the next one (inclusive of a closing `?`).
fn sentence(text: &str, start: usize, end: usize) -> (usize, usize) {
    let s = (0..start)
        .rev()
        .find(|&i| is_stop(text, i))
        .map_or(0, |i| i + 1);
    let e = (end..text.len())
        .find(|&i| is_stop(text, i))
        .map_or(text.len(), |i| i + 1);
    (s, e)
}

/// The marking at `start..end` is enclosed in quotes and a word precedes the
/// opening quote on its line (`the answer was "TOP SECRET"`).
fn quoted_in_sentence(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].trim_end_matches([' ', '\t']);
    let after = text[end..].trim_start_matches([' ', '\t']);
    let Some(open) = before.chars().next_back() else {
        return false;
    };
    let line = before[..before.len() - open.len_utf8()]
        .rsplit('\n')
        .next()
        .unwrap_or_default();
    QUOTES
        .iter()
        .any(|&(o, c)| o == open && after.starts_with(c))
        && line.chars().any(char::is_alphanumeric)
}

/// True when the marking at `start..end` is talked about rather than carried.
/// `others` counts the other candidate markings in the same text, with their starts;
/// `bare` says the marking is a tier alone (no caveat, handling or descriptor).
pub(super) fn is_talk(text: &str, start: usize, end: usize, others: &[usize], bare: bool) -> bool {
    if bare && quoted_in_sentence(text, start, end) {
        return true;
    }
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
    if before.len() >= 2
        && before[..before.len() - 1]
            .iter()
            .any(|w| REPORTING.contains(&w.as_str()))
    {
        return true;
    }
    if let Some(q) = before.iter().position(|w| GENERAL.contains(&w.as_str()))
        && before[q..]
            .iter()
            .any(|w| MARKING_VERBS.contains(&w.as_str()))
    {
        return true;
    }
    let after: Vec<String> = words(&text[end..e]).collect();
    if after.iter().any(|w| POLICY_NOUNS.contains(&w.as_str())) {
        return true;
    }
    let Some(next) = after.first().cloned() else {
        return false;
    };
    // `X is …` is a statement about the marking wherever it stands in running text
    // (`the slides explain that TOP SECRET is reserved for …`).
    let specific = match before.as_slice() {
        [.., said, that] if that == "that" => !CLAUSE_THAT.contains(&said.as_str()),
        [.., last] => SPECIFIC.contains(&last.as_str()),
        [] => false,
    };
    let joins = ["or", "and"].contains(&next.as_str());
    // `… is TOP SECRET and shouldn't be on here`: a clause goes on after the marking.
    let clause_after = joins
        && before.last().is_some_and(|w| COPULAS.contains(&w.as_str()))
        && after
            .get(1)
            .is_some_and(|w| !THRESHOLD.contains(&w.as_str()));
    if clause_after {
        return false;
    }
    (AFTER.contains(&next.as_str()) && (!specific || joins))
        || (AFTER_SUBJECT.contains(&next.as_str()))
}

#[cfg(test)]
#[path = "talk_tests.rs"]
mod tests;
