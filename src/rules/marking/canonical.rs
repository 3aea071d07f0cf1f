//! Canonical spellings of a marking's parts (caveats, descriptors, US controls) and
//! the portion marks that open a paragraph (`(S) …`, `(TS//SI) …`).

use regex::Captures;

use super::context::next_word;
use super::core_match::is_spelt_out;
use super::forms::Form;
use super::grammar::collapse_spaces;
use super::judge::{Candidate, Ctx, Evidence};
use super::vocab::NOT_PORTION;
use super::{Marking, Tier};

/// A portion mark opening a paragraph: `(S) The delegation …`, `(TS//SI) …`.
pub(super) fn portion(text: &str, caps: &Captures, ctx: &Ctx) -> Option<Candidate> {
    let whole = caps.get(0)?;
    // (A document name may open with a portion mark of SECRET or above: `(S)
    // Nettlebarrow costings.xlsx`.)
    let name_opens = ctx.file_name
        && whole.start() == 0
        && caps.name("pctl").is_none()
        && caps
            .name("pm")
            .is_some_and(|pm| ["S", "TS", "NS", "CTS"].contains(&pm.as_str()));
    if (ctx.file_name && !name_opens) || ctx.case_mode {
        return None;
    }
    // A paragraph's number after the mark (`(S) 3. …`, `(TS) a. …`, `(UK S) para 4 …`),
    // or an emoji or symbol set after it as a chat's bullet (`(S) ✅ agreed with …`),
    // shows it opens a paragraph whatever follows; otherwise a capital must.
    let after = text[whole.end()..].trim_start_matches([' ', '\t']);
    let symbol = after
        .chars()
        .next()
        .is_some_and(|c| !c.is_ascii() && !c.is_alphanumeric() && !"\"'“”‘’«»".contains(c));
    if !symbol && !is_paragraph_number(&text[whole.end()..]) {
        let next = next_word(text, whole.end())?;
        if !next.starts_with(|c: char| c.is_ascii_uppercase()) || NOT_PORTION.contains(&next) {
            return None;
        }
    }
    // `(OS) Ordnance Survey base map`: the initials of the words after it.
    let pm = caps.name("pm")?;
    if matches!(pm.as_str(), "TS" | "OS" | "CTS")
        && caps.name("pctl").is_none()
        && is_spelt_out(text, pm.start(), pm.end(), pm.as_str())
    {
        return None;
    }
    let mut m = Marking::default();
    let base = match &caps["pm"] {
        "TS" => {
            m.tier = Some(Tier::TopSecret);
            "TOP SECRET"
        }
        "S" => {
            m.tier = Some(Tier::Secret);
            "SECRET"
        }
        "OS" => {
            m.tier = Some(Tier::OfficialSensitive);
            "OFFICIAL-SENSITIVE"
        }
        "O" => {
            m.tier = Some(Tier::Official);
            "OFFICIAL"
        }
        "CTS" => "COSMIC TOP SECRET",
        "NS" => "NATO SECRET",
        "NC" => "NATO CONFIDENTIAL",
        "NR" => "NATO RESTRICTED",
        _ => "CONFIDENTIAL",
    };
    if m.tier.is_none() || caps.name("pctl").is_some() {
        let controls = caps.name("pctl").map(|c| canonical_controls(c.as_str()));
        m.foreign = Some(format!("{base}{}", controls.unwrap_or_default()));
        m.tier = None;
    }
    let start = text[whole.start()..]
        .find('(')
        .map_or(whole.start(), |i| whole.start() + i);
    Some(Candidate {
        start,
        end: whole.end(),
        marking: m,
        form: if ctx.file_name {
            Form::FileName
        } else {
            Form::Portion
        },
        evidence: Evidence::Strong,
    })
}

/// `rest` opens (after blanks) with a paragraph's number or letter and a `.` or `)`
/// (`3.`, `2.1.`, `a)`, `iv.`), or `para` / `paragraph` / `§` and a number.
fn is_paragraph_number(rest: &str) -> bool {
    let rest = rest.trim_start_matches([' ', '\t']);
    let lower = rest.get(..16).unwrap_or(rest).to_ascii_lowercase();
    for word in ["paragraph", "para", "§"] {
        if let Some(after) = lower.strip_prefix(word) {
            return after
                .trim_start_matches([' ', '.'])
                .starts_with(|c: char| c.is_ascii_digit());
        }
    }
    let digits = rest.starts_with(|c: char| c.is_ascii_digit());
    let len = if digits {
        rest.bytes()
            .take_while(|b| b.is_ascii_digit() || *b == b'.')
            .count()
    } else {
        let n = rest.bytes().take_while(u8::is_ascii_lowercase).count();
        let roman = n <= 4 && rest[..n].bytes().all(|b| b"ivx".contains(&b));
        if n == 1 || roman { n } else { 0 }
    };
    if len == 0 {
        return false;
    }
    let (label, after) = rest.split_at(len);
    // `3.` and `2.1` are numbers as they stand; `3`, `a` need a `.` or `)`.
    let after = if label.contains('.') && digits {
        after
    } else if let Some(after) = after.strip_prefix(['.', ')']) {
        after
    } else {
        return false;
    };
    after.starts_with([' ', '\t'])
}

/// `//SI // TK` → `//SI//TK`; `//REL TO USA,GBR` → `//REL TO USA, GBR`.
pub(super) fn canonical_controls(raw: &str) -> String {
    let parts: Vec<String> = raw
        .split("//")
        .skip(1)
        .map(|part| {
            let part = collapse_spaces(part);
            part.split(',')
                .map(str::trim)
                .collect::<Vec<_>>()
                .join(", ")
        })
        .collect();
    format!("//{}", parts.join("//"))
}

pub(super) fn push_unique(list: &mut Vec<String>, item: String) {
    if !list.contains(&item) {
        list.push(item);
    }
}

/// `UKEO` → `UK EYES ONLY`; `UK / US EYES ONLY` → `UK/US EYES ONLY`;
/// `RELEASABLE TO AUS / CAN` → `RELEASABLE TO AUS/CAN`.
pub(super) fn canonical_caveat(raw: &str) -> String {
    if raw == "UKEO" {
        return "UK EYES ONLY".into();
    }
    if raw == "FVEY" {
        return "FIVE EYES ONLY".into();
    }
    if let Some(countries) = raw
        .strip_prefix("RELEASABLE")
        .or_else(|| raw.strip_prefix("REL"))
    {
        let countries = countries.trim_start().trim_start_matches("TO");
        let list: String = countries
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| if c == ',' { '/' } else { c })
            .collect();
        return format!("RELEASABLE TO {list}");
    }
    let countries = raw.split("EYES").next().unwrap_or_default();
    let countries: String = countries.chars().filter(|c| !c.is_whitespace()).collect();
    format!("{countries} EYES ONLY")
}

/// `LPP` → `LEGAL PROFESSIONAL PRIVILEGE`, `MARKET-SENSITIVE` → `MARKET SENSITIVE`,
/// `HR/MANAGEMENT` → `HR / MANAGEMENT`; others with single spaces.
pub(super) fn canonical_descriptor(raw: &str) -> String {
    let collapsed = collapse_spaces(raw);
    match collapsed.as_str() {
        "LPP" => "LEGAL PROFESSIONAL PRIVILEGE".into(),
        c if c.starts_with("MARKET") && c.ends_with("SENSITIVE") => "MARKET SENSITIVE".into(),
        c if c.starts_with("HR") && c.ends_with("MANAGEMENT") && c.contains('/') => {
            "HR / MANAGEMENT".into()
        }
        _ => collapsed,
    }
}
