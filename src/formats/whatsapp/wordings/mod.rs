//! WhatsApp's own wordings of system lines and placeholders, as data: one table
//! per event kind (`*.txt` beside this file, embedded with `include_str!`). The
//! tables drive both the cheap prefilter and the recogniser; nothing else lists a
//! wording.
//!
//! Each table line is `event | language | platform | wording [| you]` (`#` starts a
//! comment line). In a wording:
//! - `{name}` a person or group (1–100 characters, no colon); `{phone}` a phone
//!   number; `{text}` a quoted subject; `{rest}` anything to the end of the line;
//!   `{tail}` an optional `. Tap to call back` / `, 12 min`; `{words}` a few words
//!   without a period; `{n}` a number and `{unit}` a unit of `timer_units.txt`;
//! - `[…]` an optional part; any quote mark stands for every quote mark, and `'`
//!   for both apostrophes; a final period (or `。`) is always optional.
//!
//! A fifth column `you` says the actor is the exporter (`You …`, `Du hast …`).

mod compile;

use std::sync::{LazyLock, OnceLock};

use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};
use regex::Regex;

use compile::{Literal, fragment, literals};

/// The event tables, in the order their rows are tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Table {
    Timer,
    Deleted,
    Call,
    Security,
    Encryption,
    Group,
    Other,
}

const EVENT_TABLES: [(Table, &str, &str); 7] = [
    (Table::Timer, "timer.txt", include_str!("timer.txt")),
    (Table::Deleted, "deleted.txt", include_str!("deleted.txt")),
    (Table::Call, "calls.txt", include_str!("calls.txt")),
    (
        Table::Security,
        "security.txt",
        include_str!("security.txt"),
    ),
    (
        Table::Encryption,
        "encryption.txt",
        include_str!("encryption.txt"),
    ),
    (Table::Group, "group.txt", include_str!("group.txt")),
    (Table::Other, "other.txt", include_str!("other.txt")),
];

pub(super) const UNITS: &str = include_str!("timer_units.txt");
const EXPLANATIONS: &str = include_str!("timer_explanation.txt");
const ACTIONS: &str = include_str!("timer_action.txt");
/// Media placeholders (read by `media.rs`) and edited-message suffixes.
pub(super) const MEDIA_OMITTED: &str = include_str!("media_omitted.txt");
pub(super) const EDITED: &str = include_str!("edited.txt");

/// A name is at most this many characters (and so at most 400 bytes).
const MAX_NAME_CHARS: usize = 100;

/// One line of a table.
#[derive(Debug)]
pub(super) struct Row {
    pub table: Table,
    pub event: &'static str,
    /// Language and platform of the wording (read by the tests and their messages).
    #[cfg_attr(not(test), allow(dead_code))]
    pub lang: &'static str,
    #[cfg_attr(not(test), allow(dead_code))]
    pub platform: &'static str,
    pub wording: &'static str,
    /// The exporter is the actor.
    pub you: bool,
    regex: OnceLock<Regex>,
}

/// The lines of one table: `(event, language, platform, wording, you)`.
/// Panics on a malformed line: the tables are compiled in, and tested.
pub(super) fn lines(
    file: &str,
    text: &'static str,
) -> impl Iterator<Item = (&'static str, &'static str, &'static str, &'static str, bool)> {
    let file = file.to_owned();
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(move |l| {
            let f: Vec<&'static str> = l.split('|').map(str::trim).collect();
            match f.as_slice() {
                [e, la, p, w] => (*e, *la, *p, *w, false),
                [e, la, p, w, "you"] => (*e, *la, *p, *w, true),
                _ => panic!("{file}: malformed wording line {l:?}"),
            }
        })
}

/// Every row of every event table, in trial order.
pub(super) static ROWS: LazyLock<Vec<Row>> = LazyLock::new(|| {
    EVENT_TABLES
        .iter()
        .flat_map(|(table, file, text)| {
            lines(file, text).map(|(event, lang, platform, wording, you)| Row {
                table: *table,
                event,
                lang,
                platform,
                wording,
                you,
                regex: OnceLock::new(),
            })
        })
        .collect()
});

/// The optional explanation and call to action after a timer event.
static TIMER_TAIL: LazyLock<String> = LazyLock::new(|| {
    let alternation = |text: &'static str, file: &str| {
        lines(file, text)
            .map(|(_, _, _, w, _)| fragment(w, false))
            .collect::<Vec<_>>()
            .join("|")
    };
    format!(
        r"(?:\s*(?:{}))?(?:\s*(?:{}))?",
        alternation(EXPLANATIONS, "timer_explanation.txt"),
        alternation(ACTIONS, "timer_action.txt")
    )
});

/// Explanations with their `{n}` and `{unit}` captured, for the duration.
static EXPLANATION_REGEXES: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    lines("timer_explanation.txt", EXPLANATIONS)
        .map(|(_, _, _, w, _)| Regex::new(&format!(r"^\s*(?:{})", fragment(w, true))))
        .collect::<Result<_, _>>()
        .expect("explanation regexes compile")
});

impl Row {
    /// The whole-text regex of this row, with its names, number and unit captured.
    fn regex(&self) -> &Regex {
        self.regex.get_or_init(|| {
            let tail = if self.table == Table::Timer {
                format!("(?P<tail>{})", &*TIMER_TAIL)
            } else {
                String::new()
            };
            let pattern = format!(r"^(?:{})[.。]?{tail}\s*$", fragment(self.wording, true));
            Regex::new(&pattern).unwrap_or_else(|e| panic!("{:?}: {e}", self.wording))
        })
    }
}

/// The prefilter, and the index of which rows to try: the literal openings of the
/// rows that start with a literal, and the literal after the leading name of the
/// rows that start with one.
struct Prefilter {
    /// The first two bytes of every opening (a bit per pair).
    opening_pairs: Vec<u64>,
    openings: AhoCorasick,
    /// The rows each opening pattern may start (by pattern id).
    opening_rows: Vec<Vec<usize>>,
    after_name: AhoCorasick,
    after_name_rows: Vec<Vec<usize>>,
    longest_after_name: usize,
}

static PREFILTER: LazyLock<Prefilter> = LazyLock::new(|| {
    let (mut openings, mut after_name) = (Vec::new(), Vec::new());
    for (i, row) in ROWS.iter().enumerate() {
        match literals(row.wording) {
            Literal::Opening(v) => openings.extend(v.into_iter().map(|l| (l, i))),
            Literal::AfterName(v) => after_name.extend(v.into_iter().map(|l| (l, i))),
        }
    }
    let (opening_patterns, opening_rows) = index(&openings, usize::MAX);
    let (after_patterns, after_name_rows) = index(&after_name, 8);
    let mut opening_pairs = vec![0u64; 1 << 10];
    for o in &opening_patterns {
        let pair = first_pair(o.as_bytes()).expect("openings have two bytes");
        opening_pairs[pair >> 6] |= 1 << (pair & 63);
    }
    let longest_after_name = after_patterns.iter().map(String::len).max().unwrap_or(0);
    // The searched spans are short (an opening, a name and a few bytes): a DFA
    // byte loop costs less than starting a SIMD prefilter.
    let build = |patterns: &[String], start: StartKind| {
        AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            .match_kind(MatchKind::Standard)
            .start_kind(start)
            .prefilter(false)
            .build(patterns)
            .expect("prefilter builds")
    };
    Prefilter {
        opening_pairs,
        openings: build(&opening_patterns, StartKind::Anchored),
        opening_rows,
        after_name: build(&after_patterns, StartKind::Unanchored),
        after_name_rows,
        longest_after_name,
    }
});

/// Search patterns for `(literal, row)` pairs: each literal cut to `cut` bytes,
/// none that another one begins (so at most one matches at a place), each with the
/// rows whose literal it begins.
fn index(literals: &[(String, usize)], cut: usize) -> (Vec<String>, Vec<Vec<usize>>) {
    let shorten = |k: &str| {
        let end = (0..=k.len().min(cut))
            .rev()
            .find(|i| k.is_char_boundary(*i));
        k[..end.unwrap_or(0)].to_owned()
    };
    let mut patterns: Vec<String> = literals.iter().map(|(l, _)| shorten(l)).collect();
    patterns.sort();
    patterns.dedup();
    let minimal: Vec<String> = patterns
        .iter()
        .filter(|k| {
            !patterns
                .iter()
                .any(|o| o != *k && k.starts_with(o.as_str()))
        })
        .cloned()
        .collect();
    let rows = minimal
        .iter()
        .map(|p| {
            let mut rows: Vec<usize> = literals
                .iter()
                .filter(|(l, _)| l.starts_with(p.as_str()))
                .map(|(_, r)| *r)
                .collect();
            rows.dedup();
            rows
        })
        .collect();
    (minimal, rows)
}

/// The first two bytes as an index into a 65,536-bit table.
fn first_pair(bytes: &[u8]) -> Option<usize> {
    Some(usize::from(*bytes.first()?) << 8 | usize::from(*bytes.get(1)?))
}

/// A cheap test every text a row matches passes; most messages fail it. `author`
/// is the author of a body, as for [`recognise`].
#[cfg(test)]
fn may_match(text: &str, author: Option<&str>) -> bool {
    !candidates(text, author).is_empty()
}

/// The rows that may match `text`, in table order (empty for most messages).
fn candidates(text: &str, author: Option<&str>) -> Vec<usize> {
    let p = &*PREFILTER;
    let bytes = text.as_bytes();
    let mut rows = Vec::new();
    let opens = first_pair(bytes).is_some_and(|i| p.opening_pairs[i >> 6] & (1 << (i & 63)) != 0);
    if let Some(m) = opens
        .then(|| p.openings.find(Input::new(text).anchored(Anchored::Yes)))
        .flatten()
    {
        rows.extend_from_slice(&p.opening_rows[m.pattern().as_usize()]);
    }
    // The leading name is at most 400 bytes; in a body it is also made of words
    // that read like a name (or is the author), so it ends by `limit`. No
    // after-name literal holds a colon or line break: the literal starts by
    // `limit` and ends before the first of those.
    let limit = match author {
        None => 4 * MAX_NAME_CHARS,
        Some(a) => name_like_prefix(text, a).min(4 * MAX_NAME_CHARS),
    };
    if limit > 0 {
        let end = memchr::memchr2(b':', b'\n', bytes)
            .unwrap_or(bytes.len())
            .min(limit + p.longest_after_name);
        for m in p
            .after_name
            .find_overlapping_iter(Input::new(&bytes[..end]))
        {
            if m.start() > 0 && m.start() <= limit {
                rows.extend_from_slice(&p.after_name_rows[m.pattern().as_usize()]);
            }
        }
    }
    if rows.len() > 1 {
        rows.sort_unstable();
        rows.dedup();
    }
    rows
}

/// The length of the longest run of words at the start of a body that
/// [`is_plausible_name`] would accept (at least the author, when the body starts
/// with the author's name).
fn name_like_prefix(body: &str, author: &str) -> usize {
    let mut end = 0;
    let mut at = 0;
    while at < body.len() {
        let rest = &body[at..];
        // Most bodies open with a lowercase word: decided on its first letter.
        let lower = rest.chars().next().is_some_and(char::is_lowercase);
        if lower && !PARTICLES.iter().any(|p| rest.starts_with(p)) {
            break;
        }
        let len = memchr::memchr(b' ', rest.as_bytes()).unwrap_or(rest.len());
        if !is_name_word(&rest[..len]) {
            break;
        }
        end = at + len;
        at = end + 1;
    }
    if body.starts_with(author) {
        end.max(author.len())
    } else {
        end
    }
}

/// A recognised wording: its row, who acted and any duration it gives.
#[derive(Debug, Clone)]
pub(super) struct Hit {
    pub row: &'static Row,
    /// `You` for a `you` row, else the first name the wording captures.
    pub actor: Option<String>,
    pub seconds: Option<u64>,
}

/// Recognises a whole text (after a header, or a body after `Author: `; `author`
/// is then that author). Names in a body must read like names, so a sentence a
/// user typed ("I think Sam added milk") is not an event.
pub(super) fn recognise(text: &str, author: Option<&str>) -> Option<Hit> {
    let text = text.trim();
    candidates(text, author)
        .into_iter()
        .find_map(|i| hit(&ROWS[i], text, author))
}

fn hit(row: &'static Row, text: &str, author: Option<&str>) -> Option<Hit> {
    let caps = row.regex().captures(text)?;
    let names: Vec<&str> = (0..2)
        .filter_map(|i| caps.name(&format!("name{i}")))
        .map(|m| m.as_str())
        .collect();
    if names.iter().any(|n| n.chars().count() > MAX_NAME_CHARS) {
        return None;
    }
    if names.iter().any(|n| !is_plausible_name(n, author)) {
        return None;
    }
    let seconds = caps.name("tail").and_then(|t| duration(t.as_str()));
    let actor = if row.you {
        Some("You".to_owned())
    } else {
        names.first().map(|n| (*n).to_owned())
    };
    Some(Hit {
        row,
        actor,
        seconds,
    })
}

/// The duration an explanation gives, in seconds.
fn duration(tail: &str) -> Option<u64> {
    EXPLANATION_REGEXES.iter().find_map(|re| {
        let caps = re.captures(tail)?;
        let n: u64 = caps.name("n")?.as_str().parse().ok()?;
        Some(n * unit_seconds(caps.name("unit")?.as_str())?)
    })
}

/// Seconds in one unit word of `timer_units.txt`.
fn unit_seconds(word: &str) -> Option<u64> {
    let (event, ..) = lines("timer_units.txt", UNITS).find(|l| l.3 == word)?;
    Some(match event {
        "second" => 1,
        "minute" => 60,
        "hour" => 3_600,
        "day" => 86_400,
        "week" => 604_800,
        other => panic!("timer_units.txt: unknown unit {other:?}"),
    })
}

/// A name in a body is `You`, the message's own author, or reads like a name (each
/// word capitalised or uncased, a digit or phone number, or a surname particle).
fn is_plausible_name(name: &str, author: Option<&str>) -> bool {
    let Some(author) = author else {
        return true;
    };
    name == "You" || name == author || name.split(' ').all(is_name_word)
}

/// Surname particles a name may hold in lower case.
const PARTICLES: [&str; 12] = [
    "van", "von", "de", "der", "den", "da", "di", "du", "dos", "del", "bin", "al",
];

/// One word of a plausible name.
fn is_name_word(word: &str) -> bool {
    word.chars().next().is_some_and(|c| !c.is_lowercase()) || PARTICLES.contains(&word)
}

#[cfg(test)]
mod coverage;
#[cfg(test)]
mod tests;
