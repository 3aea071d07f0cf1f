//! Canonical spellings of a marking's parts (caveats, descriptors, US controls) and
//! the portion marks that open a paragraph (`(S) …`, `(TS//SI) …`).

use regex::Captures;

use super::context::next_word;
use super::forms::Form;
use super::grammar::collapse_spaces;
use super::judge::{Candidate, Ctx, Evidence};
use super::vocab::NOT_PORTION;
use super::{Marking, Tier};

/// A portion mark opening a paragraph: `(S) The delegation …`, `(TS//SI) …`.
pub(super) fn portion(text: &str, caps: &Captures, ctx: &Ctx) -> Option<Candidate> {
    if ctx.file_name || ctx.case_mode {
        return None;
    }
    let whole = caps.get(0)?;
    let next = next_word(text, whole.end())?;
    if !next.starts_with(|c: char| c.is_ascii_uppercase()) || NOT_PORTION.contains(&next) {
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
        form: Form::Portion,
        evidence: Evidence::Strong,
    })
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
