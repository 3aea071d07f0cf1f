//! The surroundings of a candidate marking in normalised text: what stands before
//! it on its line and what follows it. These checks replace the look-around the
//! `regex` crate does not have (see the bare-word rule in the module doc).

use super::talk_words::{COURSES, TIER_WORDS};
use super::vocab::ORDINARY_EMOJI;

/// Labels and lead-ins after which a bare classification word is a marking
/// (compared case-insensitively, as whole words, an optional `:` or `=` after them:
/// `Marking = SECRET`).
pub(super) const LABELS: &[&str] = &[
    "classification",
    "security classification",
    "protective marking",
    "security marking",
    "marking",
    // a label written as a sentence (`Marking is TS STRAP 2 so …`)
    "marking is",
    "classification is",
    "marked",
    "marked as",
    "classified",
    "classified as",
    "graded",
    "graded as",
    // E-mail label headers as the e-mail parser writes them (`Sensitivity: …`,
    // `Sensitivity label: …` for Microsoft Purview labels).
    "sensitivity",
    "sensitivity label",
    // the page banner named as such in a pasted layout (`Footer: OFFICIAL-SENSITIVE – …`)
    "header",
    "footer",
];

/// Document extensions that make `… SECRET.pdf` in body text a document name.
const DOC_EXTENSIONS: &[&str] = &[
    "pdf", "doc", "docx", "xls", "xlsx", "xlsm", "ppt", "pptx", "odt", "ods", "odp", "rtf", "txt",
    "csv", "msg", "eml", "zip", "jpg", "jpeg", "png", "heic", "kmz", "kml",
];

fn trim_blanks_end(s: &str) -> &str {
    s.trim_end_matches([' ', '\t'])
}

fn trim_blanks_start(s: &str) -> &str {
    s.trim_start_matches([' ', '\t'])
}

/// The part of `text[..start]` on the same line.
fn line_before(text: &str, start: usize) -> &str {
    let before = &text[..start];
    before.rfind('\n').map_or(before, |i| &before[i + 1..])
}

/// Nothing but blanks follows `end` on its line.
pub(super) fn line_rest_is_blank(text: &str, end: usize) -> bool {
    line_after(text, end).trim().is_empty()
}

/// The part of `text[end..]` on the same line.
fn line_after(text: &str, end: usize) -> &str {
    let after = &text[end..];
    let line = after.find('\n').map_or(after, |i| &after[..i]);
    line.strip_suffix('\r').unwrap_or(line)
}

/// Nothing alphanumeric precedes `start` on its line (`*SECRET*`, `🔒 SECRET`) but
/// reply and forward prefixes (`Re: TOP SECRET – …`, `FW: RE: SECRET`).
pub(super) fn is_line_start(text: &str, start: usize) -> bool {
    let before = line_before(text, start);
    !before[reply_prefix_end(before)..]
        .chars()
        .any(char::is_alphanumeric)
}

/// Prefixes a mail or message subject takes when replied to or forwarded, lower
/// case: they come before the subject's first word, so a marking after them still
/// opens the line.
pub(super) const REPLY_PREFIXES: &[&str] = &["re", "fw", "fwd"];

/// The offset in `line` past its leading reply and forward prefixes (`Re: `, `FW: RE:
/// `) and the blanks after them; 0 when it has none.
pub(super) fn reply_prefix_end(line: &str) -> usize {
    let mut at = 0;
    loop {
        let rest = &line[at..];
        let lead = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        let word = rest[lead..]
            .bytes()
            .take_while(u8::is_ascii_alphabetic)
            .count();
        let is_prefix = REPLY_PREFIXES
            .iter()
            .any(|p| p.len() == word && rest[lead..lead + word].eq_ignore_ascii_case(p));
        if !is_prefix || !rest[lead + word..].starts_with(':') {
            return at;
        }
        let after = &rest[lead + word + 1..];
        at = line.len() - after.trim_start_matches([' ', '\t']).len();
    }
}

/// Characters that open a quote or bracket a marking may stand in.
const OPENERS: &[char] = &['"', '\'', '“', '‘', '«', '{', '(', '[', '<'];

/// The line ends after `end`, continues with a separator rather than a word, or
/// continues after a gap of two or more blanks (a header or footer cell).
pub(super) fn is_followed_by_separator(text: &str, end: usize) -> bool {
    let after = line_after(text, end);
    if after.starts_with("  ") || after.starts_with('\t') {
        return true;
    }
    let rest = trim_blanks_start(after);
    match rest.chars().next() {
        None => true,
        // An emoji or symbol sets the marking off like a dash (`SECRET 🔒 grid for
        // Saturday`), unless it is one a jokey "secret" takes (`SECRET 🤫`).
        Some(c) if is_symbol(c) => !starts_with_ordinary_emoji(rest),
        // A closing single quote (`'TOP SECRET' – …`), not an apostrophe (`SECRET's`).
        Some('\'') => !rest[1..].starts_with(|c: char| c.is_alphanumeric()),
        // A run of `=` or `#` closing a banner (`=== SECRET ===`), not an assignment
        // (`SECRET = …`).
        Some('=' | '#') => rest.starts_with("==") || rest.starts_with("##"),
        Some(c) => matches!(
            c,
            '-' | ':'
                | '.'
                | ','
                | ';'
                | '/'
                | '|'
                | ')'
                | ']'
                | '}'
                | '>'
                | '*'
                | '_'
                | '~'
                | '"'
                | '”'
                | '’'
                | '»'
        ),
    }
}

/// A character outside ASCII that is neither a letter, a digit, a blank nor a
/// quotation mark: an emoji, arrow, bullet or other symbol (`🔒`, `→`, `•`, `⚠`).
pub(super) fn is_symbol(c: char) -> bool {
    !c.is_ascii()
        && !c.is_alphanumeric()
        && !c.is_whitespace()
        && !matches!(c, '‘' | '’' | '“' | '”' | '«' | '»')
}

/// `rest` opens with one of the [`ORDINARY_EMOJI`].
fn starts_with_ordinary_emoji(rest: &str) -> bool {
    ORDINARY_EMOJI.iter().any(|e| rest.starts_with(e))
}

/// `start` begins a segment of its line: the line start, or just after a gap of
/// two or more blanks, a `|`, a `-` or `:` and a blank, or an opening quote or
/// bracket (`Page 3 of 8  |  TOP SECRET`, `«TOP SECRET – STRAP 1»`).
pub(super) fn is_segment_start(text: &str, start: usize) -> bool {
    if is_line_start(text, start) {
        return true;
    }
    let before = line_before(text, start);
    if before.ends_with("  ") || before.ends_with('\t') {
        return true;
    }
    let trimmed = trim_blanks_end(before);
    let blank = trimmed.len() < before.len();
    trimmed.ends_with('|')
        || trimmed.ends_with(OPENERS)
        || (blank && trimmed.ends_with(SEGMENT_BREAKS))
}

/// Symbols that, with a blank after them, start a segment of a header or footer
/// line as `|` does (`Ref: CWK/1150 · SECRET · p.3`, `1 of 5 • SECRET`, `== SECRET
/// ==`), beside a dash or `:` in running text (`Update - SECRET - …`).
// (`.` and `/` too: a marking as a sentence of its own in page furniture, `Copy 1 of
// 2. TOP SECRET. Do not photocopy.`, or between slashes in a signal's heading, `DTG
// 130915Z MAR 24 / SECRET / REF …`)
const SEGMENT_BREAKS: &[char] = &['-', ':', '·', '•', '‖', '¦', '▪', '●', '◦', '=', '.', '/'];

/// `start` follows a gap of two or more blanks or a `|` on its line (a header or
/// footer cell rather than a sentence).
pub(super) fn is_after_cell_break(text: &str, start: usize) -> bool {
    let before = line_before(text, start);
    let trimmed = trim_blanks_end(before);
    before.ends_with("  ")
        || before.ends_with('\t')
        || trimmed.ends_with('|')
        || (trimmed.len() < before.len()
            && trimmed.ends_with(|c| c != '-' && c != ':' && SEGMENT_BREAKS.contains(&c)))
}

/// The text starts (after blanks) with `=`, or with `+` or `@` and a function
/// name and `(`: a spreadsheet formula (`=HYPERLINK(…)`, `+HYPERLINK(…)`).
pub(super) fn is_formula(text: &str) -> bool {
    let t = text.trim_start();
    // (a run of `=` is a banner, `=== SECRET ===`)
    if let Some(rest) = t.strip_prefix('=') {
        return !rest.starts_with('=');
    }
    let Some(rest) = t.strip_prefix(['+', '@']) else {
        return false;
    };
    let name = rest.bytes().take_while(|b| b.is_ascii_alphabetic()).count();
    name > 1 && rest[name..].starts_with('(')
}

/// Words of a file name that make it a document *about* markings rather than a
/// marked one (`Handling_guide_SECRET_and_TOP_SECRET.pdf`, `Guide_to_…_marking_FAQ.pdf`).
pub(super) const FILE_TALK: &[&str] = &[
    "guide",
    "guidance",
    "faq",
    "faqs",
    "explainer",
    "explained",
    "how",
    "markings",
    "means",
    "meaning",
    "tier",
    "tiers",
    "descriptor",
    "descriptors",
    "classifications",
    "cheat",
    "cheatsheet",
    "crib",
    "primer",
    "induction",
    "awareness",
    "refresher",
    "quiz",
    // courses and histories of the scheme (`Training_deck_TOP_SECRET_handling.pptx`,
    // `e-learning_SECRET_…`, `GPMS_history_PROTECT_to_CONFIDENTIAL.pptx`)
    "training",
    "learning",
    "elearning",
    "module",
    "course",
    "gpms",
    "history",
    "caveats",
    "marking",
];

/// Words of a file name that compare tiers (`Marking_OFFICIAL_vs_OFFICIAL-SENSITIVE.pptx`,
/// `TOP SECRET_vs_SECRET_quick_guide.pdf`): talk wherever the marking stands in it.
pub(super) const FILE_COMPARISON: &[&str] = &["vs", "versus"];

/// Words right after a marking in a file name (opening it or not) that make the marking its
/// topic (`NATO_RESTRICTED_handling_for_newcomers.pptx`, `SECRET-explained.pdf`), where
/// other words are the marked document's (`SECRET_guide_to_the_Ashcombe_site.pdf`).
pub(super) const FILE_TOPIC_AFTER: &[&str] = &[
    "handling",
    "explained",
    "explainer",
    "guidance",
    "rules",
    "basics",
    "primer",
    "faq",
    "faqs",
    "awareness",
    "training",
    "descriptor",
    "descriptors",
    "cheat",
    "cheatsheet",
    "marking",
    "markings",
    "examples",
    "what",
    "when",
    "how",
];

/// The file name `text` is about the marking scheme: the word before the marking
/// at `start..end` is in [`FILE_ABOUT`], or one of its words (split at anything but
/// letters and digits) is in [`FILE_TALK`], in any case, and the marking does not
/// open the name (`SECRET_guide_to_the_site.pdf` is a marked guide); or a word of a
/// course ([`COURSES`]) or in [`FILE_COMPARISON`] is, wherever the marking stands; or
/// a word in [`FILE_TOPIC_AFTER`] follows the marking
/// (`Security_Briefing_SECRET_handling_2024.pptx`).
pub(super) fn is_talk_file_name(text: &str, start: usize, end: usize) -> bool {
    let is_in = |words: &[&str], w: &str| words.iter().any(|t| t.eq_ignore_ascii_case(w));
    let topic = previous_word(text, start).is_some_and(|w| is_in(FILE_ABOUT, w));
    let opens = !text[..start].chars().any(char::is_alphanumeric);
    let has_word = |list: &[&str]| {
        text.split(|c: char| !c.is_alphanumeric())
            .any(|w| is_in(list, w))
    };
    topic
        || has_word(FILE_COMPARISON)
        || (!opens && has_word(FILE_TALK))
        || has_word(COURSES)
        || next_word(text, end).is_some_and(|w| is_in(FILE_TOPIC_AFTER, w))
}

/// Words right before a marking in a file name that make it the document's topic
/// (`DSO_note_on_SECRET_in_messaging_apps.pdf`).
pub(super) const FILE_ABOUT: &[&str] = &["on", "about"];

/// In a formula, the marking at `start` is a value compared with a cell
/// (`=IF(C2="OFFICIAL-SENSITIVE",…)`, `B4<>"SECRET"`): a test about the marking, not
/// the formula's result.
pub(super) fn is_formula_test(text: &str, start: usize) -> bool {
    let before = trim_blanks_end(&text[..start]);
    let before = trim_blanks_end(before.trim_end_matches(['"', '“', '\'']));
    if before.ends_with("<>") {
        return true;
    }
    let Some(rest) = before.strip_suffix('=') else {
        return false;
    };
    trim_blanks_end(rest).ends_with(|c: char| c.is_alphanumeric() || c == ')')
}

/// Just after an opening quote (`"`, `“`, `«`) or bracket.
pub(super) fn is_after_opener(text: &str, start: usize) -> bool {
    trim_blanks_end(&text[..start]).ends_with(OPENERS)
}

/// The label before `start` is itself at the start of its line (`Classification: X`,
/// `Marking: TS`), as opposed to a lead-in inside a sentence (`files marked X`).
pub(super) fn is_label_at_line_start(text: &str, start: usize) -> bool {
    let before = trim_blanks_end(line_before(text, start));
    let colon = before.strip_suffix([':', '=']);
    let before = trim_blanks_end(colon.unwrap_or(before));
    LABELS.iter().any(|label| {
        before.len() >= label.len()
            && ends_with_word_ignore_case(before, label)
            && is_label_head(&before[..before.len() - label.len()], colon.is_some())
    })
}

/// `head`, what precedes a label on its line, leaves the label opening it: nothing
/// alphanumeric, or before a `:` up to two words of letters (a label of a few words
/// ending in a label word: `Prot marking:`, `Document classification:`).
fn is_label_head(head: &str, colon: bool) -> bool {
    let head = head.trim_start_matches(|c: char| !c.is_alphanumeric());
    head.is_empty()
        || (colon
            && head.split_whitespace().count() <= 2
            && head
                .chars()
                .all(|c| c.is_alphabetic() || c == ' ' || c == '.'))
}

/// The offset just past a label at the start of `line` and the blanks and `:`
/// after it (`Sensitivity: ` in `Sensitivity: Secret`), when one is there.
pub(super) fn label_end(line: &str) -> Option<usize> {
    let lead = line.len() - line.trim_start().len();
    let rest = &line[lead..];
    let first = rest.as_bytes().first()?.to_ascii_lowercase();
    LABELS
        .iter()
        .filter(|label| {
            label.as_bytes()[0] == first
                && rest.len() > label.len()
                && rest.is_char_boundary(label.len())
                && rest[..label.len()].eq_ignore_ascii_case(label)
                && !rest[label.len()..].starts_with(|c: char| c.is_alphanumeric())
        })
        .map(|label| {
            let after = rest[label.len()..].trim_start_matches([' ', '\t']);
            let after = after.strip_prefix([':', '=']).unwrap_or(after);
            let after = after.trim_start_matches([' ', '\t']);
            line.len() - after.len()
        })
        .max()
}

/// The previous word on the line, if any (letters, digits, `'`, `-`).
pub(super) fn previous_word(text: &str, start: usize) -> Option<&str> {
    let before = line_before(text, start);
    let trimmed = before.trim_end_matches(|c: char| !c.is_alphanumeric());
    if trimmed.is_empty() {
        return None;
    }
    let from = trimmed
        .rfind(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'))
        .map_or(0, |i| {
            i + trimmed[i..].chars().next().map_or(1, char::len_utf8)
        });
    Some(&trimmed[from..])
}

/// The next word on the line after `end` past blanks only, if a word follows.
pub(super) fn next_word(text: &str, end: usize) -> Option<&str> {
    let after = line_after(text, end);
    let rest = trim_blanks_start(after);
    let word_end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .unwrap_or(rest.len());
    (word_end > 0).then(|| &rest[..word_end])
}

/// `[` or `(` right before `start` and `]` or `)` right after `end` (blanks allowed).
pub(super) fn is_bracketed(text: &str, start: usize, end: usize) -> bool {
    let before = trim_blanks_end(&text[..start]);
    let after = trim_blanks_start(&text[end..]);
    (before.ends_with('[') && after.starts_with(']'))
        || (before.ends_with('(') && after.starts_with(')'))
}

/// A label such as `Classification:` or a lead-in such as `marked` precedes `start`.
pub(super) fn is_labelled(text: &str, start: usize) -> bool {
    let before = trim_blanks_end(&text[..start]);
    let before = trim_blanks_end(before.strip_suffix([':', '=']).unwrap_or(before));
    LABELS
        .iter()
        .any(|label| ends_with_word_ignore_case(before, label))
}

fn ends_with_word_ignore_case(haystack: &str, word: &str) -> bool {
    let Some(cut) = haystack.len().checked_sub(word.len()) else {
        return false;
    };
    let (Some(head), Some(tail)) = (haystack.get(..cut), haystack.get(cut..)) else {
        return false;
    };
    tail.eq_ignore_ascii_case(word) && !head.chars().next_back().is_some_and(char::is_alphanumeric)
}

/// The next word after `end` (past blanks, and past `-` in file names) is an
/// upper-case word: the candidate is part of a shouted phrase (`SECRET SANTA`).
pub(super) fn is_upper_continuation(text: &str, end: usize, file_name: bool) -> bool {
    let after = &text[end..];
    // A gap of two or more blanks ends a header or footer cell (`NATO SECRET    NS/…`).
    if !file_name && (after.starts_with("  ") || after.starts_with('\t')) {
        return false;
    }
    // (A `-` left in a normalised file name was a typographic dash, `TOP SECRET – PM
    // note.docx`: a separator, as every `-` joining words became a blank.)
    let rest = trim_blanks_start(after);
    if rest.len() == after.len() {
        return false; // punctuation or end, not a word after a space
    }
    let word: &str = rest
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or_default();
    word.chars().next().is_some_and(char::is_uppercase) && !word.chars().any(char::is_lowercase)
}

/// The word at `start..end` is an item of a list of two or more other words in
/// capitals (not tiers) joined by `,`, `&` or `AND` (`CYBER MONTH: PROTECT, DETECT, RESPOND`,
/// `PLAN, PROTECT AND RECOVER`): a slogan in upper case, not a marking.
pub(super) fn is_upper_list_item(text: &str, start: usize, end: usize) -> bool {
    // (other tiers make a list of markings, which is talk: see `talk`)
    let is_item = |w: &str| {
        w.len() > 1
            && w.bytes().all(|b| b.is_ascii_uppercase())
            && !TIER_WORDS.contains(&w.to_ascii_lowercase().as_str())
    };
    let mut items = 0;
    let mut rest = line_after(text, end);
    while let Some(r) = trim_blanks_start(rest)
        .strip_prefix([',', '&'])
        .or_else(|| trim_blanks_start(rest).strip_prefix("AND "))
    {
        let r = trim_blanks_start(r);
        let len = r.find(|c: char| !c.is_alphanumeric()).unwrap_or(r.len());
        if !is_item(&r[..len]) {
            break;
        }
        items += 1;
        rest = &r[len..];
    }
    let mut before = line_before(text, start);
    while let Some(b) = trim_blanks_end(before)
        .strip_suffix([',', '&'])
        .or_else(|| trim_blanks_end(before).strip_suffix(" AND"))
    {
        let b = trim_blanks_end(b);
        let from = b.rfind(|c: char| !c.is_alphanumeric()).map_or(0, |i| i + 1);
        if !is_item(&b[from..]) {
            break;
        }
        items += 1;
        before = &b[..from];
    }
    items >= 2
}

/// `.ext` with a document extension directly after `end` (`Budget SECRET.pdf`).
pub(super) fn is_document_extension(text: &str, end: usize) -> bool {
    let Some(rest) = text[end..].strip_prefix('.') else {
        return false;
    };
    let ext_len = rest
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    DOC_EXTENSIONS
        .iter()
        .any(|ext| rest[..ext_len].eq_ignore_ascii_case(ext))
}

/// Document names in message text, with their offsets: words (split at blanks,
/// `/` and brackets or quotes) ending in a document extension (see
/// [`DOC_EXTENSIONS`]) that join words by `_`, `-` or `.` (`Readout_SECRET_v3.pdf`).
pub(super) fn pasted_file_names(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let is_break = |c: char| c.is_whitespace() || "/\\\"'()[]<>{}«»“”‘’,;|".contains(c);
    text.split(is_break)
        .filter(|w| w.contains(['_', '-']) || w.matches('.').count() > 1)
        .filter_map(move |w| {
            let name = w.trim_end_matches(['.', ':', '!', '?']);
            let dot = name.rfind('.')?;
            let ext = &name[dot + 1..];
            let listed = DOC_EXTENSIONS.iter().any(|e| e.eq_ignore_ascii_case(ext));
            let at = name.as_ptr() as usize - text.as_ptr() as usize;
            (listed && dot > 0).then_some((at, name))
        })
}

/// Byte length of a file name without its extension (`.pdf`, `.docx`, up to 5
/// alphanumerics); the whole name when there is none.
pub(super) fn file_stem_len(name: &str) -> usize {
    match name.rfind('.') {
        Some(dot)
            if dot > 0
                && (2..=6).contains(&(name.len() - dot))
                && name[dot + 1..].bytes().all(|b| b.is_ascii_alphanumeric()) =>
        {
            dot
        }
        _ => name.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_whole_words() {
        assert!(is_labelled("Classification: SECRET", 16));
        assert!(is_labelled("this is marked SECRET", 15));
        assert!(!is_labelled("unmarked SECRET", 9));
        assert!(is_labelled("X-Protective-Marking: SECRET", 22));
        assert!(is_labelled("Sensitivity: CONFIDENTIAL", 13));
        assert!(is_labelled("Sensitivity label: OFFICIAL", 19));
        assert!(!is_labelled("insensitivity: OFFICIAL", 16));
    }

    #[test]
    fn pasted_names() {
        let text = "see Readout_SECRET_v3.pdf, and (Annex-B.docx) or v1.2 notes.";
        let names: Vec<_> = pasted_file_names(text).collect();
        assert_eq!(
            names,
            vec![(4, "Readout_SECRET_v3.pdf"), (32, "Annex-B.docx")]
        );
    }

    #[test]
    fn stems() {
        assert_eq!(file_stem_len("Budget SECRET.pdf"), 13);
        assert_eq!(file_stem_len("notes"), 5);
        assert_eq!(file_stem_len("v1.2 final SECRET"), 17);
    }
}
