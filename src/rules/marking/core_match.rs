//! Filling in the marking of one core match (tier, legacy, foreign, caveat,
//! abbreviation) and the word-level checks the judge makes around it: unlisted
//! codewords, software secrets, what follows a short abbreviation or a marking
//! opening its line, a bare word inside a sentence.

use regex::Captures;

use super::canonical::canonical_caveat;
use super::context::{is_line_start, next_word, previous_word};
use super::grammar::collapse_spaces;
use super::judge::{Evidence, Strength};
use super::talk_words::{COPULAS, TIER_WORDS};
use super::vocab::{
    NOT_CODEWORDS, NOT_EXPANSION, NOUN_AFTER, NOUN_BEFORE, ORDINARY_SECRECY, PUBLICITY,
    SOFTWARE_AFTER, SOFTWARE_BEFORE,
};
use super::{Marking, Tier};

/// A bare `SECRET` that is a software secret: after a word such as `JWT`,
/// `API` or `CLIENT`, or before one such as `KEY` or `ROTATION`
/// (`JWT_SECRET_rotation_runbook.md`, `client-secret.json`).
pub(super) fn is_software_secret(
    text: &str,
    start: usize,
    end: usize,
    m: &Marking,
    tail_evidence: bool,
) -> bool {
    if tail_evidence || m.tier != Some(Tier::Secret) || m.prefix.is_some() || m.codeword {
        return false;
    }
    // Joined by one blank (a `_`, `-` or `.` in a file name) or `-`, not a gap.
    let before = text[..start]
        .strip_suffix([' ', '-'])
        .unwrap_or(&text[..start]);
    let prev = previous_word(text, start)
        .filter(|w| before.ends_with(w))
        .is_some_and(|w| SOFTWARE_BEFORE.iter().any(|s| s.eq_ignore_ascii_case(w)));
    let after = &text[end..];
    let after = after.strip_prefix([' ', '-']).unwrap_or(after);
    let word = &after[..after
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(after.len())];
    let next = SOFTWARE_AFTER.iter().any(|s| s.eq_ignore_ascii_case(word));
    prev || next
}

/// The most words a line that is a title has (see [`is_publicity`]).
const TITLE_WORDS: usize = 14;

/// A bare marking word on a line that advertises a show, a book, a song or a
/// product (`TOP SECRET: THE MUSICAL – NOW BOOKING`, `NEW IN PAPERBACK:
/// CONFIDENTIAL, A NOVEL BY …`, `TOP SECRET FRAGRANCE – 50ML EDP`, see
/// [`PUBLICITY`]): a title, not a marking. Only a line short enough to be a title
/// (at most [`TITLE_WORDS`] words) is read so, not a paragraph that mentions an
/// episode. (An unlisted word read as a codeword does not stand in the way, `listed`
/// says whether one was listed.)
pub(super) fn is_publicity(
    text: &str,
    start: usize,
    m: &Marking,
    tail_evidence: bool,
    listed: bool,
) -> bool {
    if tail_evidence || listed || m.prefix.is_some() || !m.descriptors.is_empty() {
        return false;
    }
    let s = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let e = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let title: Vec<&str> = text[s..e]
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(TITLE_WORDS + 1)
        .collect();
    title.len() <= TITLE_WORDS
        && title
            .iter()
            .any(|w| PUBLICITY.iter().any(|p| p.eq_ignore_ascii_case(w)))
}

/// Fills in the tier (or legacy, foreign, caveat) of a core match; returns its
/// strength and, for abbreviations, which one (`OFFSEN` for the distinctive ones).
/// In a file name `official sensitive` counts in any case, its `-` having become a blank.
pub(super) fn core_marking(
    caps: &Captures,
    m: &mut Marking,
    file_name: bool,
) -> Option<(Strength, Option<&'static str>)> {
    let whole = caps.get(0)?;
    let mut strength = Strength::Bare;
    let mut abbreviation = None;
    if let Some(nato) = caps.name("nato") {
        let nato = collapse_spaces(nato.as_str());
        m.foreign = Some(
            nato.strip_prefix("NATO ")
                .filter(|n| n.starts_with("COSMIC"))
                .unwrap_or(&nato)
                .to_string(),
        );
        strength = Strength::Distinctive;
    } else if caps.name("os").is_some() {
        let upper = !whole.as_str().bytes().any(|b| b.is_ascii_lowercase());
        let sep = &caps["os_sep"];
        // In a file name every `-` has become a blank, so any separator will do, and
        // the two words may run together (`OFFICIALSENSITIVE_rota.xlsx`); in text run
        // together only in capitals, as a bare word that must stand as a marking
        // (`OFFICIALSENSITIVE – draft lines`, see `judge`).
        let run_together = sep.is_empty() && !file_name;
        if (!upper && !file_name && sep != "-") || (run_together && !upper) {
            return None;
        }
        // Each word may be misspelt by one letter (`OFFICAL`, `SENSITVE`, `SENSTIVE`):
        // the pair is distinctive enough.
        let official = typos(&caps["os_word"], "OFFICIAL")?;
        let sensitive = typos(&caps["os_sens"], "SENSITIVE")?;
        m.tier = Some(Tier::OfficialSensitive);
        m.typo = official + sensitive > 0;
        if !run_together {
            strength = Strength::Always;
        }
    } else if let Some(ts) = caps.name("ts") {
        // `TOPSECRET` run together: in text only in capitals, as a bare word that
        // must stand as a marking (`TOPSECRET – strap 1 pack attached`, see `judge`);
        // `#topsecret` and `config.TOPSECRET=1` are a hashtag and an identifier.
        if !file_name && !ts.as_str().contains([' ', '\t', '-']) && ts.as_str() != "TOPSECRET" {
            return None;
        }
        m.tier = Some(Tier::TopSecret);
    } else if caps.name("s").is_some() {
        m.tier = Some(Tier::Secret);
    } else if let Some(official) = caps.name("o") {
        m.tier = Some(Tier::Official);
        m.typo = official.as_str() == "OFFICAL";
    } else if let Some(ab) = caps.name("ab") {
        match ab.as_str() {
            // (`OFF SEN` with a blank, in text, as a bare word: `OFF SEN – lines …`)
            "OFF SEN" | "OFF SENS" | "OFF\tSEN" | "OFF\tSENS" if !file_name => {
                m.tier = Some(Tier::OfficialSensitive);
                abbreviation = Some("OFFSEN");
            }
            "OFFSEN" | "OFFSENS" | "OFF-SEN" | "OFF-SENS" | "OFF SEN" | "OFF SENS" => {
                m.tier = Some(Tier::OfficialSensitive);
                strength = Strength::Distinctive;
                abbreviation = Some("OFFSEN");
            }
            "O-S" | "OS" => {
                m.tier = Some(Tier::OfficialSensitive);
                abbreviation = Some("OS");
            }
            // (`O-S_draft_response.docx`, its `-` become a blank in a file name)
            "O S" | "O\tS" => {
                if !file_name {
                    return None;
                }
                m.tier = Some(Tier::OfficialSensitive);
                abbreviation = Some("OS");
            }
            "TS" => {
                m.tier = Some(Tier::TopSecret);
                abbreviation = Some("TS");
            }
            "CTS" => {
                m.foreign = Some("COSMIC TOP SECRET".into());
                abbreviation = Some("CTS");
            }
            "NS" => {
                m.foreign = Some("NATO SECRET".into());
                abbreviation = Some("NS");
            }
            _ => {
                m.tier = Some(Tier::Secret);
                abbreviation = Some("S");
            }
        }
        if m.prefix.is_some() {
            return None;
        }
    } else if let Some(legacy) = caps.name("legacy") {
        let legacy = collapse_spaces(legacy.as_str());
        if legacy == "NOT PROTECTIVELY MARKED" {
            strength = Strength::Always;
        }
        m.legacy = Some(legacy);
    } else if let Some(caveat) = caps.name("caveat") {
        m.caveats.push(canonical_caveat(caveat.as_str()));
        strength = Strength::Always;
    }
    Some((strength, abbreviation))
}

/// How many typing slips (a letter left out, added, changed, or two swapped) turn
/// `word` (any case) into `keyword`: 0 or 1, `None` for more, or for a plural
/// (`OFFICIALS`).
fn typos(word: &str, keyword: &str) -> Option<usize> {
    let (w, k) = (word.to_ascii_uppercase(), keyword.as_bytes());
    let w = w.as_bytes();
    if w == k {
        return Some(0);
    }
    if w.len() == k.len() + 1 && w.ends_with(b"S") {
        return None;
    }
    let prefix = w.iter().zip(k).take_while(|(a, b)| a == b).count();
    let (w, k) = (&w[prefix..], &k[prefix..]);
    let one = match w.len() as isize - k.len() as isize {
        0 => w[1..] == k[1..] || (w.len() >= 2 && w[0] == k[1] && w[1] == k[0] && w[2..] == k[2..]),
        1 => w[1..] == *k,
        -1 => w == &k[1..],
        _ => false,
    };
    one.then_some(1)
}

/// The rest of a line speaks of a secret kept from someone (`Top secret: … for
/// Sam's birthday, don't tell him`; see [`ORDINARY_SECRECY`]).
pub(super) fn is_ordinary_secrecy(rest: &str) -> bool {
    let rest = rest.replace('’', "'").to_lowercase();
    ORDINARY_SECRECY.iter().any(|p| rest.contains(p))
}

/// A bare `SECRET` or `TOP SECRET` in capitals opens its line and ordinary-case
/// words follow it after one blank (`TOP SECRET the plan is attached`, `SECRET
/// readout below`, `TOP SECRET Harrowgate plan`): the capitals set the marking off
/// from the text it heads. Not when the next word is one that ordinary English puts
/// after "secret" (`TOP SECRET recipe`, `SECRET Santa draw`, see [`NOT_CODEWORDS`])
/// or the line speaks of a surprise kept from someone.
pub(super) fn heads_line_of_text(text: &str, start: usize, end: usize, m: &Marking) -> bool {
    if m.tier.is_none_or(|t| t < Tier::Secret) || !is_line_start(text, start) {
        return false;
    }
    let Some(rest) = text[end..].strip_prefix(' ') else {
        return false;
    };
    let line = rest.split('\n').next().unwrap_or_default();
    next_word(text, end).is_some_and(|w| {
        rest.starts_with(w)
            && w.chars().any(char::is_lowercase)
            && !NOT_CODEWORDS.iter().any(|n| n.eq_ignore_ascii_case(w))
    }) && !is_ordinary_secrecy(line)
}

/// An upper-case word with an English plural or `-ING` ending (`ESCAPES`, `DEALS`,
/// `SHOPPING`): an ordinary word, where a codeword is a coined name in the singular
/// (`DUSKROW`; `ATLAS`, `NEXUS` and `IRIS` are singular).
pub(super) fn is_inflected(word: &str) -> bool {
    word.ends_with("ING") || is_plural(word)
}

/// An upper-case word ending in a plural `S` (not `-SS`, `-US`, `-IS`, `-AS`, `-OS`):
/// `TOURS`, `CORPS`.
pub(super) fn is_plural(word: &str) -> bool {
    word.ends_with('S')
        && !["SS", "US", "IS", "AS", "OS"]
            .iter()
            .any(|e| word.ends_with(e))
}

/// An upper-case word of four or more letters that is not ordinary English after
/// a tier (`SECRET SANTA`).
pub(super) fn is_unlisted_codeword(word: &str) -> bool {
    word.len() >= 4
        && word.bytes().all(|b| b.is_ascii_uppercase())
        && !NOT_CODEWORDS.contains(&word)
}

/// The abbreviation `abbr` (`OS`, `TS`) at `start..end` stands beside words whose
/// initials spell it, so it is their acronym: `Ordnance Survey (OS)`, `OS (open
/// source)`, `OS - open source licence review`, `operating system (OS)`. Only the
/// words right before it (ending at an opening bracket) or right after it (past a
/// bracket, dash, `:` or `=`) count, and none of them a function word
/// ([`NOT_EXPANSION`]), all written alike.
pub(super) fn is_spelt_out(text: &str, start: usize, end: usize, abbr: &str) -> bool {
    let n = abbr.len();
    // (all capitalised or all in lower case, as a name or a term is written:
    // `Tuesday session` is no expansion)
    let initials = |words: &[&str]| {
        let capitalised = |w: &&str| w.starts_with(char::is_uppercase);
        words.len() == n
            && (words.iter().all(capitalised) || !words.iter().any(capitalised))
            && words.iter().zip(abbr.bytes()).all(|(w, a)| {
                w.as_bytes()[0].eq_ignore_ascii_case(&a)
                    && !NOT_EXPANSION.iter().any(|x| x.eq_ignore_ascii_case(w))
            })
    };
    let before = text[..start].trim_end_matches([' ', '\t']);
    if let Some(before) = before.strip_suffix('(') {
        let line = before.rsplit('\n').next().unwrap_or_default();
        let words: Vec<&str> = line
            .split(|c: char| !(c.is_alphanumeric() || c == '\''))
            .filter(|w| !w.is_empty())
            .collect();
        // (a trailing letter or number of a site or unit is no initial: `Test Site B
        // (TS-B)`; one word's capitals may spell it: `TypeScript (TS)`)
        let kept = words
            .iter()
            .rposition(|w| w.len() > 2 || !w.chars().all(|c| c.is_uppercase() || c.is_numeric()))
            .map_or(0, |i| i + 1);
        let words = &words[..kept];
        let camel = words.last().is_some_and(|w| {
            w.chars().any(char::is_lowercase)
                && w.chars().filter(|c| c.is_uppercase()).eq(abbr.chars())
        });
        if camel || (words.len() >= n && initials(&words[words.len() - n..])) {
            return true;
        }
        // (whatever the initials, a bracket right after a word in lower or title
        // case, not a tier, with the sentence going on after it, glosses that word's
        // run: `Timestamp (TS) column`, `Carpal tunnel syndrome (CTS) – referral`;
        // not `Top Secret (TS) annex`, `… as agreed (TS).`)
        let last = before.trim_end_matches([' ', '\t']);
        let word = last
            .rsplit(|c: char| !c.is_alphabetic())
            .next()
            .unwrap_or_default();
        let goes_on = text[end..]
            .strip_prefix(')')
            .and_then(|r| r.split('\n').next())
            .is_some_and(|r| {
                r.trim()
                    .starts_with(|c: char| c.is_alphanumeric() || "–-:".contains(c))
            });
        if word.len() >= 3
            && word.len() == last.rsplit(' ').next().unwrap_or_default().len()
            && word.chars().any(char::is_lowercase)
            && !TIER_WORDS.contains(&word.to_lowercase().as_str())
            && goes_on
        {
            return true;
        }
    }
    // (`Ordnance Survey / OS – 1:50 000`: the words before a `/`)
    if let Some(before) = before.strip_suffix('/') {
        let words: Vec<&str> = before
            .rsplit('\n')
            .next()
            .unwrap_or_default()
            .split(|c: char| !(c.is_alphanumeric() || c == '\''))
            .filter(|w| !w.is_empty())
            .collect();
        if words.len() >= n && initials(&words[words.len() - n..]) {
            return true;
        }
    }
    let after = text[end..].trim_start_matches([' ', '\t', ')', ']', '(', '-', ':', '=']);
    let line = after.split('\n').next().unwrap_or_default();
    // (words joined by `-` count one each: `open-source`)
    let words: Vec<&str> = line
        .split(|c: char| c.is_whitespace() || c == ')' || c == '-')
        .filter(|w| w.starts_with(char::is_alphabetic))
        .take(n)
        .collect();
    initials(&words)
}

/// `after` is not `:`, or is `:` and a word all in lower or all in upper case
/// (`: readout below`, `: HR`; not `: The Waste Land`, `: iOS 17`, `: 16:04`).
pub(super) fn before_lower_word(after: &str) -> bool {
    let Some(rest) = after.strip_prefix(':') else {
        return true;
    };
    let word: &str = rest
        .trim_start_matches([' ', '\t'])
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or_default();
    !word.is_empty()
        && (word.chars().all(char::is_lowercase) || word.chars().all(char::is_uppercase))
}

/// The line holding `start` has one of `words` as a whole word (any case).
pub(super) fn has_word(text: &str, start: usize, words: &[&str]) -> bool {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    text[line_start..line_end]
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| words.iter().any(|x| x.eq_ignore_ascii_case(w)))
}

/// A bare marking word inside a sentence (`this is SECRET so don't forward`):
/// lower-case words around it, not used as a noun (`it's no SECRET that`), not
/// after `keep`. A bare `OFFICIAL` or `PROTECT` is only ever a mention.
pub(super) fn in_sentence(text: &str, start: usize, end: usize, m: &Marking) -> Option<Evidence> {
    let prev = previous_word(text, start)?;
    if !prev.chars().any(char::is_lowercase) {
        return None;
    }
    let next = next_word(text, end);
    if next.is_some_and(|w| !w.chars().any(char::is_lowercase)) {
        return None;
    }
    if text[end..].starts_with(['_', '=', '!']) {
        return None;
    }
    let prev = prev.to_lowercase();
    // `grandma's SECRET recipe`, `we're doing SECRET Santa`: a word ordinary English
    // puts after "secret" (after a copula only a name: `it's SECRET Santa`, while
    // `is SECRET from now on` carries the marking).
    // (and after `as`: `treat this thread as SECRET from here on`)
    let complement = COPULAS.contains(&prev.as_str()) || prev == "as";
    let ordinary = m.tier.is_some_and(|t| t >= Tier::Secret)
        && next.is_some_and(|w| {
            NOT_CODEWORDS.iter().any(|n| n.eq_ignore_ascii_case(w))
                && (!complement || w.starts_with(char::is_uppercase))
        });
    let next = next.map(str::to_lowercase);
    let noun = NOUN_BEFORE.contains(&prev.as_str())
        && next.as_deref().is_none_or(|n| NOUN_AFTER.contains(&n));
    let line = text[..start].rsplit('\n').next().unwrap_or_default();
    let kept = line.split_whitespace().rev().take(3).any(|w| {
        let w = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        ["keep", "kept", "keeping", "keeps"].contains(&w.as_str())
    });
    if noun || kept || ordinary {
        return None;
    }
    // `the numbers are SECRET until …`: after a copula or `as` the marking is carried.
    // (A legacy word is an ordinary adjective too: `the lane is RESTRICTED to buses`.)
    let preposition = (!complement || m.legacy.is_some())
        && next.as_deref().is_some_and(|n| {
            ["to", "for", "from", "by", "until", "at", "on", "in", "with"].contains(&n)
        });
    let weak = m.tier == Some(Tier::Official) || m.legacy.as_deref() == Some("PROTECT");
    Some(if weak || preposition {
        Evidence::MentionOnly
    } else {
        Evidence::Running
    })
}

/// `rest` (the text after a marking opening its line) goes on as running text
/// after a comma (`RESTRICTED, PROTECT and CONFIDENTIAL were retired …`) or after a
/// closing quote (`"SECRET" on its own means …`, `«SECRET» timings attached`), so
/// the sentence may talk about the marking rather than be marked by it.
pub(super) fn goes_on_as_a_sentence(rest: &str) -> bool {
    // (or with a verb of a statement about it, `OFFICIAL-SENSITIVE: PERSONAL is what
    // we use for HR cases`, or offering another marking, `OFFICIAL-SENSITIVE: PERSONAL
    // or just OFFICIAL: PERSONAL for …?`)
    if let Some(after) = rest.strip_prefix(' ')
        && ["is ", "are ", "was ", "were ", "means ", "implies ", "or "]
            .iter()
            .any(|v| after.starts_with(v))
    {
        return true;
    }
    let t = rest.trim_start_matches([' ', '\t']);
    let t = if let Some(after) = t.strip_prefix(',') {
        after
    } else if let Some(after) = t.strip_prefix(['"', '”', '’', '\'', '»']) {
        after
    } else {
        return false;
    };
    t.trim_start_matches([' ', '\t'])
        .starts_with(char::is_alphanumeric)
}

/// `rest` (the text after a title- or lower-case marking) opens with `:` or a dash
/// after optional blanks; a hyphen joined to a letter makes a compound word
/// (`Restricted-access lift`), not a dash.
pub(super) fn is_colon_or_dash(rest: &str) -> bool {
    let t = rest.trim_start_matches([' ', '\t']);
    t.starts_with(':')
        || (t.starts_with('-')
            && !(t.len() == rest.len() && t[1..].starts_with(|c: char| c.is_alphabetic())))
}
