//! The compiled marking grammar: a literal prefilter, the classification ("core") regex,
//! the tail-element regex and the US-controls regex, and the loop that runs them
//! and judges each candidate by its context (module doc: the bare-word rule).

use regex::{Captures, Regex, RegexBuilder};

use super::context::{
    file_stem_len, is_bracketed, is_document_extension, is_followed_by_separator, is_labelled,
    is_line_start, is_upper_continuation,
};
use super::normalize::{Normalized, may_hide_keyword};
use super::{GrammarSettings, Marking, MarkingMatch, Tier};

/// Cheap case-sensitive keywords: text containing none of them has no marking.
/// Keywords are upper case except the any-case hyphenated `Official-Sensitive`.
const KEYWORDS: &[&str] = &[
    "SECRET",
    "OFFICIAL",
    "OFFICAL",
    "PROTECT",
    "RESTRICTED",
    "CONFIDENTIAL",
    "EYES",
    "UKEO",
    "-Sensitive",
    "-sensitive",
];

/// National caveats. Countries are a closed list so `FOR YOUR EYES ONLY` is not one.
const CAVEAT: &str =
    r"UKEO|(?:UK|GBR?|USA?|AUS|CAN|NZL?|FIVE)(?:␣*/␣*(?:UK|GBR?|USA?|AUS|CAN|NZL?))*␣+EYES␣+ONLY";

const HANDLING: &str = r"RECIPIENTS␣+ONLY|FOR␣+PUBLIC␣+RELEASE|EMBARGOED|(?P<org>[A-Z][A-Z0-9&]*(?:␣+[A-Z][A-Z0-9&]*){0,2})␣+USE␣+ONLY";

/// Built-in descriptors, longest alternatives first.
const DESCRIPTORS: &str = r"PERSONAL␣+DATA|LEGAL␣+PROFESSIONAL␣+PRIVILEGE|LPP|MARKET[␣-]+SENSITIVE|COMMERCIAL|HR␣*/␣*MANAGEMENT|LOCSEN|LEGAL|PERSONAL";

/// US dissemination controls after `//`: `NOFORN`, `SI/TK`, `REL TO USA, GBR`.
const US_CONTROL: &str =
    r"REL␣+TO␣+[A-Z]{2,5}(?:␣*,␣*[A-Z]{2,5})*|[A-Z][A-Z0-9-]*(?:/[A-Z][A-Z0-9-]*)*";

/// Words that make `… USE ONLY` ordinary English rather than `<ORG> USE ONLY`.
const NOT_ORGS: &[&str] = &[
    "FOR", "THE", "MY", "YOUR", "OUR", "HIS", "HER", "THEIR", "PERSONAL", "PRIVATE", "INTERNAL",
];

/// Compiled marking grammar; build once, share across threads.
#[derive(Debug, Clone)]
pub struct MarkingGrammar {
    /// Literal alternation of [`KEYWORDS`]: the regex crate runs it with a SIMD
    /// multi-literal searcher, 4–8× faster on chat-sized text than an Aho-Corasick
    /// automaton was when measured during development (`examples/bench_markings.rs`
    /// times the whole recogniser).
    prefilter: Regex,
    core: Regex,
    tail: Regex,
    us_controls: Option<Regex>,
}

/// How much context a candidate needs before it counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Strength {
    /// Unmistakable: `OFFICIAL-SENSITIVE`, a caveat, `NOT PROTECTIVELY MARKED`.
    Always,
    /// Counts unless an upper-case word continues it (`UK SECRET`, `NATO SECRET`).
    Distinctive,
    /// A bare word: needs brackets, a label, a line of its own, …
    Bare,
}

fn compile(pattern: &str) -> Result<Regex, String> {
    RegexBuilder::new(&pattern.replace('␣', r"[ \t]"))
        .unicode(false)
        .build()
        .map_err(|e| format!("internal marking pattern failed to compile: {e}"))
}

fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Validates one configured descriptor and returns its canonical form.
fn validate_descriptor(raw: &str) -> Result<String, String> {
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
            "extra descriptor {raw:?} is not valid: use upper-case letters, digits, spaces, \
             '&', '/' or '-' (at most 40 characters, not a classification), e.g. \"HONOURS\""
        ));
    }
    Ok(canonical)
}

impl MarkingGrammar {
    /// Compiles the grammar. The error names the first invalid extra descriptor.
    pub fn new(settings: &GrammarSettings) -> Result<Self, String> {
        let mut descriptors = DESCRIPTORS.to_string();
        for raw in &settings.extra_descriptors {
            let canonical = validate_descriptor(raw)?;
            let words: Vec<String> = canonical.split(' ').map(regex::escape).collect();
            descriptors = format!("{}|{descriptors}", words.join("␣+"));
        }
        let mut core = vec![];
        if settings.include_foreign {
            core.push(r"(?P<nato>\b(?:NATO␣+(?:SECRET|CONFIDENTIAL|RESTRICTED)|(?:NATO␣+)?COSMIC␣+TOP␣+SECRET)\b)".to_string());
        }
        core.push(
            r"(?P<os>\b(?P<os_word>(?i:OFFICIAL|OFFICAL))(?P<os_sep>␣*[-:]␣*|␣+)(?i:SENSITIVE)\b)"
                .into(),
        );
        core.push(
            r"(?P<ts>\bTOP␣+SECRET\b)|(?P<s>\bSECRET\b)|(?P<o>\b(?:OFFICIAL|OFFICAL)\b)".into(),
        );
        if settings.include_legacy {
            core.push(
                r"(?P<legacy>\b(?:NOT␣+PROTECTIVELY␣+MARKED|PROTECT|RESTRICTED|CONFIDENTIAL)\b)"
                    .into(),
            );
        }
        core.push(format!(r"(?P<caveat>\b(?:{CAVEAT})\b)"));
        let core = format!(r"(?P<prefix>\bUK␣+)?(?:{})", core.join("|"));
        let tail = format!(
            r"^(?:␣*(?P<punct>[-:,|/])␣*|␣*(?P<open>[\[(])␣*|␣+)(?P<el>(?P<caveat>{CAVEAT})|(?P<handling>{HANDLING})|(?P<desc>{descriptors})|(?P<code>[A-Z][A-Z0-9]{{2,}}))\b(?P<close>␣*[\])])?"
        );
        let us_controls = settings
            .include_foreign
            .then(|| {
                compile(&format!(
                    r"^//␣*(?:{US_CONTROL})(?:␣*//␣*(?:{US_CONTROL}))*\b"
                ))
            })
            .transpose()?;
        Ok(MarkingGrammar {
            prefilter: compile(&KEYWORDS.join("|"))?,
            core: compile(&core)?,
            tail: compile(&tail)?,
            us_controls,
        })
    }

    /// Finds markings in a message body, subject or other free text.
    pub fn find(&self, text: &str) -> Vec<MarkingMatch> {
        self.scan(text, false)
    }

    /// Finds markings in an attachment or document name: `_`, `.` and `-` separate
    /// words, the extension is ignored, and a whole upper-case `SECRET` counts
    /// unless an upper-case word follows it (`Budget_SECRET_v2.docx` matches,
    /// `SECRET_SANTA_LIST.xlsx` does not).
    pub fn find_in_file_name(&self, name: &str) -> Vec<MarkingMatch> {
        self.scan(&name[..file_stem_len(name)], true)
    }

    fn scan(&self, original: &str, file_name: bool) -> Vec<MarkingMatch> {
        let raw_hit = self.prefilter.is_match(original);
        if !raw_hit && !may_hide_keyword(original) {
            return Vec::new();
        }
        let norm = Normalized::new(original, file_name);
        let text = norm.text();
        if !raw_hit && !self.prefilter.is_match(text) {
            return Vec::new();
        }
        let mut found = Vec::new();
        let mut pos = 0;
        while let Some(caps) = self.core.captures_at(text, pos) {
            let whole = caps.get(0).expect("group 0 always matches");
            match self.judge(text, &caps, file_name) {
                Some((end, marking)) => {
                    let (start, end_orig) = norm.original_range(whole.start(), end);
                    found.push(MarkingMatch {
                        start,
                        end: end_orig,
                        marking,
                    });
                    pos = end;
                }
                None => pos = whole.end(),
            }
        }
        found
    }

    /// Builds the marking for one core match and decides whether it stands as a
    /// marking; returns its end in the normalised text.
    fn judge(&self, text: &str, caps: &Captures, file_name: bool) -> Option<(usize, Marking)> {
        let whole = caps.get(0)?;
        let start = whole.start();
        let mut m = Marking {
            prefix: caps.name("prefix").map(|_| "UK".to_string()),
            ..Marking::default()
        };
        let mut strength = Strength::Bare;
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
            if !upper && &caps["os_sep"] != "-" {
                return None;
            }
            m.tier = Some(Tier::OfficialSensitive);
            m.typo = caps["os_word"].len() == "OFFICAL".len();
            strength = Strength::Always;
        } else if caps.name("ts").is_some() {
            m.tier = Some(Tier::TopSecret);
        } else if caps.name("s").is_some() {
            m.tier = Some(Tier::Secret);
        } else if let Some(official) = caps.name("o") {
            m.tier = Some(Tier::Official);
            m.typo = official.as_str() == "OFFICAL";
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
        let core_end = whole.end();
        let mut end = core_end;
        if let Some(foreign_end) = self.us_form(text, end, &mut m) {
            end = foreign_end;
            strength = Strength::Distinctive;
        }
        let (tail_end, punct_descriptor) = self.parse_tail(text, end, &mut m);
        end = tail_end;
        if !m.caveats.is_empty() {
            // Caveats are only valid on SECRET and above.
            m.implied_secret = !m.is_secret_or_above();
            strength = Strength::Always;
        } else if !m.handling.is_empty() && strength == Strength::Bare {
            strength = Strength::Always;
        } else if (m.prefix.is_some() || punct_descriptor) && strength == Strength::Bare {
            strength = Strength::Distinctive;
        }
        let stands = match strength {
            Strength::Always => true,
            Strength::Distinctive => !is_upper_continuation(text, end, file_name),
            Strength::Bare if file_name => !is_upper_continuation(text, end, true),
            Strength::Bare => {
                (is_line_start(text, start)
                    && (is_followed_by_separator(text, core_end)
                        || is_followed_by_separator(text, end)))
                    || is_document_extension(text, end)
            }
        };
        let labelled = is_labelled(text, start) && !is_upper_continuation(text, end, file_name);
        (stands || labelled || is_bracketed(text, start, end)).then_some((end, m))
    }

    /// Recognises US controls after `SECRET`/`TOP SECRET`/`CONFIDENTIAL`
    /// (`TOP SECRET//NOFORN`) and turns the marking into a foreign one.
    fn us_form(&self, text: &str, end: usize, m: &mut Marking) -> Option<usize> {
        let us = self.us_controls.as_ref()?;
        let base = match (m.tier, m.legacy.as_deref()) {
            (Some(t @ (Tier::Secret | Tier::TopSecret)), _) => t.as_str(),
            (None, Some("CONFIDENTIAL")) => "CONFIDENTIAL",
            _ => return None,
        };
        if m.prefix.is_some() {
            return None;
        }
        let controls = us.find(&text[end..])?;
        let parts: Vec<String> = controls
            .as_str()
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
        m.foreign = Some(format!("{base}//{}", parts.join("//")));
        m.tier = None;
        m.legacy = None;
        Some(end + controls.end())
    }

    /// Attaches handling instructions, descriptors, codewords and caveats following
    /// `pos`. Returns the end of the last one taken and whether a descriptor was
    /// attached with punctuation or brackets (stronger evidence than a space).
    fn parse_tail(&self, text: &str, mut pos: usize, m: &mut Marking) -> (usize, bool) {
        let mut punct_descriptor = false;
        while let Some(caps) = self.tail.captures(&text[pos..]) {
            let bracketed = caps.name("open").is_some();
            if bracketed && caps.name("close").is_none() {
                break;
            }
            let el = caps.name("el").expect("el always matches");
            let next = pos
                + if bracketed {
                    caps.get(0).expect("group 0").end()
                } else {
                    el.end()
                };
            let dashed = caps.name("punct").is_some_and(|p| p.as_str() == "-");
            if let Some(org) = caps.name("org")
                && org
                    .as_str()
                    .split_whitespace()
                    .any(|w| NOT_ORGS.contains(&w))
            {
                break;
            }
            if caps.name("code").is_some() {
                let before_caveat = self.tail.captures(&text[next..]).is_some_and(|n| {
                    n.name("punct").is_some_and(|p| p.as_str() == "-")
                        && (n.name("caveat").is_some() || n.name("handling").is_some())
                });
                if !dashed || !before_caveat {
                    break;
                }
                m.codeword = true;
            } else if let Some(caveat) = caps.name("caveat") {
                push_unique(&mut m.caveats, canonical_caveat(caveat.as_str()));
            } else if let Some(handling) = caps.name("handling") {
                push_unique(&mut m.handling, collapse_spaces(handling.as_str()));
            } else if let Some(desc) = caps.name("desc") {
                punct_descriptor |= bracketed || caps.name("punct").is_some();
                push_unique(&mut m.descriptors, canonical_descriptor(desc.as_str()));
            }
            pos = next;
        }
        (pos, punct_descriptor)
    }
}

fn push_unique(list: &mut Vec<String>, item: String) {
    if !list.contains(&item) {
        list.push(item);
    }
}

/// `UKEO` → `UK EYES ONLY`; `UK / US EYES ONLY` → `UK/US EYES ONLY`.
fn canonical_caveat(raw: &str) -> String {
    if raw == "UKEO" {
        return "UK EYES ONLY".into();
    }
    let countries = raw.split("EYES").next().unwrap_or_default();
    let countries: String = countries.chars().filter(|c| !c.is_whitespace()).collect();
    format!("{countries} EYES ONLY")
}

/// `LPP` → `LEGAL PROFESSIONAL PRIVILEGE`, `MARKET-SENSITIVE` → `MARKET SENSITIVE`,
/// `HR/MANAGEMENT` → `HR / MANAGEMENT`; others with single spaces.
fn canonical_descriptor(raw: &str) -> String {
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
