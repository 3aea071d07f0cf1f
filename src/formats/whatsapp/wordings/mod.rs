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

use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};
use regex::{Regex, RegexSet, RegexSetBuilder};

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

/// One pattern per row, loose where the row's own regex is strict (a timer's tail
/// is anything): tells which few rows to try.
static SET: LazyLock<RegexSet> = LazyLock::new(|| {
    let patterns = ROWS.iter().map(|r| {
        let tail = if r.table == Table::Timer {
            "(?:[.。].*)?"
        } else {
            "[.。]?"
        };
        format!(r"^(?:{}){tail}\s*$", fragment(r.wording, false))
    });
    RegexSetBuilder::new(patterns)
        .size_limit(64 << 20)
        .build()
        .expect("wording set compiles")
});

/// The prefilter: the literal openings of the rows that start with a literal, and
/// the literal after the leading name of the rows that start with one.
struct Prefilter {
    openings: AhoCorasick,
    after_name: AhoCorasick,
    longest_after_name: usize,
}

static PREFILTER: LazyLock<Prefilter> = LazyLock::new(|| {
    let (mut openings, mut after_name) = (Vec::new(), Vec::new());
    for row in ROWS.iter() {
        match literals(row.wording) {
            Literal::Opening(v) => openings.extend(v),
            Literal::AfterName(v) => after_name.extend(v),
        }
    }
    let longest_after_name = after_name.iter().map(String::len).max().unwrap_or(0);
    let build = |patterns: &[String], start: StartKind| {
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .start_kind(start)
            .build(patterns)
            .expect("prefilter builds")
    };
    Prefilter {
        openings: build(&openings, StartKind::Anchored),
        after_name: build(&after_name, StartKind::Unanchored),
        longest_after_name,
    }
});

/// A cheap test every text a row matches passes; most messages fail it.
pub(super) fn may_match(text: &str) -> bool {
    let p = &*PREFILTER;
    let anchored = Input::new(text).anchored(Anchored::Yes);
    if p.openings.find(anchored).is_some() {
        return true;
    }
    // The leading name holds no colon or line break and is at most 400 bytes, so
    // the literal after it starts before the first of those and by byte 400.
    let bytes = text.as_bytes();
    let stop = memchr::memchr2(b':', b'\n', bytes)
        .unwrap_or(bytes.len())
        .min(4 * MAX_NAME_CHARS);
    let end = (stop + p.longest_after_name).min(bytes.len());
    p.after_name
        .find(Input::new(&bytes[..end]))
        .is_some_and(|m| m.start() <= stop)
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
    if !may_match(text) {
        return None;
    }
    let matched = SET.matches(text);
    if !matched.matched_any() {
        return None;
    }
    matched.iter().find_map(|i| hit(&ROWS[i], text, author))
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
    if name == "You" || name == author {
        return true;
    }
    const PARTICLES: [&str; 12] = [
        "van", "von", "de", "der", "den", "da", "di", "du", "dos", "del", "bin", "al",
    ];
    name.split(' ').all(|word| {
        word.chars().next().is_some_and(|c| !c.is_lowercase()) || PARTICLES.contains(&word)
    })
}

#[cfg(test)]
mod tests;
