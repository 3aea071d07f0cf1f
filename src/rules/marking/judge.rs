//! Judging one core match: building its [`Marking`] (tier, tail elements, US
//! controls), deciding whether it stands as a marking by its context (module doc:
//! the bare-word rule), how strong that evidence is, and in which [`Form`].

use regex::Captures;

use super::canonical::{
    canonical_caveat, canonical_controls, canonical_descriptor, portion, push_unique,
};
use super::context::{
    is_after_cell_break, is_after_opener, is_bracketed, is_document_extension,
    is_followed_by_separator, is_label_at_line_start, is_labelled, is_line_start, is_segment_start,
    is_upper_continuation, is_upper_list_item, line_rest_is_blank, next_word,
};
use super::core_match::{
    before_lower_word, core_marking, goes_on_as_a_sentence, has_word, heads_line_of_text,
    in_sentence, is_colon_or_dash, is_inflected, is_ordinary_secrecy, is_plural, is_publicity,
    is_software_secret, is_spelt_out, is_unlisted_codeword,
};
use super::forms::Form;
use super::grammar::{MarkingGrammar, collapse_spaces};
use super::talk::asks_or_explains;
use super::vocab::{
    DOCUMENT_NOUNS, FILE_CONTROLS, FILE_CONTROLS_ALONE, HANDED_OVER, NOT_CODEWORDS, NOT_ORGS,
    NOT_WITH_ABBREVIATION,
};
use super::{Marking, Tier};

/// In a document name, US controls follow `end` (see [`FILE_CONTROLS`]: `TS SI TK
/// assessment`, `S NF cable`, the name's separators having become blanks): the end
/// of the last of them. After a tier written in full any one of them will do
/// (`TOP_SECRET_HCS_…`, `SECRET_SI_…`), as no other phrase goes on so.
fn file_controls_end(text: &str, end: usize, chained_only: bool, full_tier: bool) -> Option<usize> {
    let mut at = end;
    let mut taken = Vec::new();
    while let Some(w) = text[at..]
        .strip_prefix(' ')
        .and_then(|r| r.split(' ').next())
    {
        if !FILE_CONTROLS.contains(&w) {
            break;
        }
        taken.push(w);
        at += 1 + w.len();
    }
    let enough = taken.len() >= 2
        || (full_tier && !taken.is_empty())
        || (!chained_only
            && taken
                .first()
                .is_some_and(|w| FILE_CONTROLS_ALONE.contains(w)));
    enough.then_some(at)
}

/// Where a candidate is being judged.
#[derive(Debug, Clone, Copy)]
pub(super) struct Ctx {
    /// A document name: `_ . -` separate words.
    pub file_name: bool,
    /// The title-/lower-case pass: the text was upper-cased line by line.
    pub case_mode: bool,
    /// The text is a spreadsheet formula.
    pub formula: bool,
}

/// How a candidate counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Evidence {
    /// It stands on its own (a line or header of its own, a file name, a formula,
    /// a label at the start of a line): a marking, never talk.
    Strong,
    /// In running text: a marking unless the sentence talks about it.
    Running,
    /// Only a mention when the sentence talks about it (a bare `OFFICIAL` in a
    /// sentence), otherwise nothing.
    MentionOnly,
}

/// A judged candidate, offsets in the judged text.
#[derive(Debug, Clone)]
pub(super) struct Candidate {
    pub start: usize,
    pub end: usize,
    pub marking: Marking,
    pub form: Form,
    pub evidence: Evidence,
}

/// How much context a candidate needs before it counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Strength {
    /// Unmistakable: `OFFICIAL-SENSITIVE`, a caveat, `NOT PROTECTIVELY MARKED`.
    Always,
    /// Counts unless an upper-case word continues it (`UK SECRET`, `NATO SECRET`).
    Distinctive,
    /// A bare word: needs brackets, a label, a line of its own, …
    Bare,
}

/// What the tail after a tier held.
struct Tail {
    end: usize,
    punct_descriptor: bool,
    codeword: bool,
    /// A listed (built-in or configured) codeword was among them.
    listed: bool,
    /// … with a number (`STRAP 3`, `STRAP1`).
    listed_numbered: bool,
}

impl MarkingGrammar {
    /// Builds the candidate for one core match, or `None` when it is no marking.
    pub(super) fn judge(&self, text: &str, caps: &Captures, ctx: &Ctx) -> Option<Candidate> {
        let whole = caps.get(0)?;
        let start = whole.start();
        if caps.name("portion").is_some() {
            return portion(text, caps, ctx);
        }
        let mut m = Marking {
            prefix: caps.name("prefix").map(|_| "UK".to_string()),
            ..Marking::default()
        };
        let (mut strength, abbreviation) = core_marking(caps, &mut m, ctx.file_name)?;
        let core_end = whole.end();
        let mut end = core_end;
        if let Some(foreign_end) = self.us_form(text, end, &mut m) {
            end = foreign_end;
            strength = Strength::Distinctive;
        }
        // The marking's head: the tier and any US controls (`S//NF`), whose `//` is
        // part of the marking, not a separator after it.
        let head_end = end;
        let generic = !ctx.case_mode
            && m.is_secret_or_above()
            && (ctx.file_name || is_segment_start(text, start));
        let tail = self.parse_tail(text, end, &mut m, generic, ctx.file_name);
        end = tail.end;
        // (US controls in a document name are part of the marking, as after `//`)
        // (in a name not in upper case, two chained: `ts-si-nf_intercept_log.csv`)
        let controls_end = ctx
            .file_name
            .then(|| {
                let full_tier = abbreviation.is_none() && m.is_secret_or_above();
                file_controls_end(text, end, ctx.case_mode, full_tier)
            })
            .flatten();
        if let Some(e) = controls_end {
            end = e;
            strength = Strength::Always;
        }
        // (`CTS` alone names its foreign tier: that is no evidence beyond the letters)
        let beyond_letters =
            !m.caveats.is_empty() || !m.handling.is_empty() || controls_end.is_some();
        // (nor does `NS`'s: `NS` alone is a bare word, `NS – brief for …`, `Marking: NS`)
        let tail_evidence =
            beyond_letters || (m.foreign.is_some() && !matches!(abbreviation, Some("NS")));
        // (`S` alone after a label opening its line: `Marking: S`)
        let labelled_alone =
            !ctx.case_mode && is_label_at_line_start(text, start) && line_rest_is_blank(text, end);
        if abbreviation == Some("S") && !tail_evidence && !labelled_alone {
            return None;
        }
        // In a file name an abbreviation needs a caveat, handling instruction, US
        // control or listed codeword (`TS-STRAP1-…`, not `TS_Eliot`); so does a
        // marking not in upper case (`brief-secret-ukeo-final.pdf`), judged in the
        // file name's upper-cased copy.
        // Lower case needs a number on a listed codeword (`ts-strap2`), as `strap`
        // and `codeword` are English words too.
        // (`OS_PERSONAL_casework.xlsx`, `OS-COMMERCIAL_…`: the abbreviation with a
        // descriptor of its own tier, as written, is OFFICIAL-SENSITIVE's)
        let os_descriptor =
            abbreviation == Some("OS") && !ctx.case_mode && !m.descriptors.is_empty();
        // (`secret - wexmoor site plan.dwg`, `Secret—Obreck lines.docx`: a tier opening
        // the name before a spaced or typographic dash, as a title- or lower-case
        // marking opens a line of text; in the normalised name a spaced `-` is a gap
        // of three blanks, a typographic dash a `-`. Not before a word that follows
        // "secret" in English, `Secret - Santa list.xlsx`. An abbreviation in capitals
        // too: `TS - Tolverne_minutes.pptx`, `TS-LANTERNWISP - Quenby_plan.odt`.)
        let rest = &text[end..];
        let opens_before_dash = (ctx.case_mode != abbreviation.is_some())
            && is_line_start(text, start)
            && (rest.starts_with("   ") || rest.trim_start_matches(' ').starts_with('-'))
            && !next_word(text, text.len() - rest.trim_start_matches([' ', '-']).len())
                .is_some_and(|w| NOT_CODEWORDS.iter().any(|n| n.eq_ignore_ascii_case(w)));
        // (in brackets: `Kettlestone_threat_assessment_[TS].xlsx`, `…_[TS-LANTERNWISP].odt`)
        let in_brackets = ctx.file_name && text[..start].ends_with(['[', '(']);
        let file_evidence = tail_evidence
            || os_descriptor
            || opens_before_dash
            || in_brackets
            || if ctx.case_mode {
                tail.listed_numbered
            } else {
                tail.listed
            };
        // So does an abbreviation opening the name before a word naming the kind of
        // document (`TS_annex_B_v1.pptx`, `OS-minutes-March.docx`; not `OS_map_route`).
        // (Or before a name and then such a word, for `TS` and, in a name not in upper
        // case, a SECRET-level word: `TS_Gannetridge_note_final.pdf`,
        // `secret_duskweir_brief.docx`; not `OS_MasterMap_extract_…`.)
        let name_then_document = if ctx.case_mode {
            abbreviation.is_none() && m.is_secret_or_above()
        } else {
            abbreviation == Some("TS")
        };
        let names_document = ctx.file_name
            && is_line_start(text, start)
            && ((!ctx.case_mode && next_word(text, end).is_some_and(is_document_noun))
                || (name_then_document && names_document_after_name(text, end, ctx.case_mode)));
        // (`OffSen_…` is as distinctive as `OFFSEN_…`, and the hyphenated `O-S_…` as
        // either)
        let offsen =
            abbreviation == Some("OFFSEN") || (abbreviation == Some("OS") && core_end - start == 3);
        if ctx.file_name
            && !offsen
            && (abbreviation.is_some() || ctx.case_mode)
            && !file_evidence
            && !names_document
        {
            return None;
        }
        if (end == core_end && is_software_secret(text, start, end, &m, tail_evidence))
            || is_publicity(text, start, &m, tail_evidence, tail.listed)
        {
            return None;
        }
        // `TS: The Waste Land …`, `TS: Agreed to circulate` (initials as a speaker
        // label), `OS: iOS 17`, `TS: 1699…` (a timestamp): a bare short
        // abbreviation before `:` counts only before a lower-case word; and
        // none counts beside words of other meanings (`TS/SCI clearance`).
        if matches!(abbreviation, Some("TS" | "OS" | "CTS" | "NS"))
            && !text[start..core_end].contains('-')
            && end == core_end
            && !tail_evidence
            && !is_bracketed(text, start, core_end)
            && (!before_lower_word(&text[end..]) || has_word(text, start, NOT_WITH_ABBREVIATION))
        {
            return None;
        }
        // `Ordnance Survey (OS)`, `OS - open source …`: the abbreviation of words
        // beside it, bracketed or not.
        if let Some(abbr @ ("TS" | "OS" | "CTS" | "NS")) = abbreviation
            && end == core_end
            && !(beyond_letters || (m.foreign.is_some() && !matches!(abbr, "CTS" | "NS")))
            && is_spelt_out(text, start, end, abbr)
        {
            return None;
        }
        if !m.caveats.is_empty() {
            // Caveats are only valid on SECRET and above.
            // (A legacy tier keeps its class: `CONFIDENTIAL – UK EYES ONLY` is a GPMS marking.)
            m.implied_secret = !m.is_secret_or_above() && m.legacy.is_none();
            strength = Strength::Always;
        } else if !m.handling.is_empty() && strength == Strength::Bare {
            strength = Strength::Always;
        } else if (m.prefix.is_some() || tail.punct_descriptor || tail.codeword)
            && strength == Strength::Bare
        {
            strength = Strength::Distinctive;
        }
        // (In a file name's upper-cased copy every word looks upper case; the
        // evidence required there stands in for this check.)
        // (Nor after a NATO or COSMIC tier in a file name, which no English phrase
        // goes on from: `NATO_SECRET_MC_brief.pptx`, `NATO_RESTRICTED_WG_minutes.pdf`.)
        let nato = ctx.file_name
            && m.foreign
                .as_deref()
                .is_some_and(|f| f.starts_with("NATO") || f.starts_with("COSMIC"));
        // (Nor after `OFFSEN` or `O-S` there: `O-S_HR_casework_Q2.xlsx`.)
        let upper_cont = !(nato || (ctx.file_name && (ctx.case_mode || offsen)))
            && is_upper_continuation(text, end, ctx.file_name);
        let line = is_line_start(text, start);
        // `OS-level patch`, `TS-compatible`, `TS-Node`: an abbreviation joined to a
        // word (in lower or title case).
        let joined = text[end..].strip_prefix('-').is_some_and(|w| {
            let mut letters = w.chars();
            match (letters.next(), letters.next()) {
                (Some(a), _) if a.is_ascii_lowercase() => true,
                (Some(a), Some(b)) => a.is_ascii_uppercase() && b.is_ascii_lowercase(),
                _ => false,
            }
        });
        if abbreviation.is_some() && end == core_end && joined {
            return None;
        }
        // `TS-01`, `SECRET-2`: a reference number, not a separator.
        let numbered = text[end..].starts_with('-')
            && text[end + 1..].starts_with(|c: char| c.is_ascii_digit());
        let sep = !numbered
            && (is_followed_by_separator(text, head_end) || is_followed_by_separator(text, end));
        if ctx.case_mode && !ctx.file_name {
            let colon_or_dash =
                is_colon_or_dash(&text[end..]) || is_colon_or_dash(&text[head_end..]);
            let labelled = is_label_at_line_start(text, start) && sep;
            let strong = colon_or_dash || labelled || !m.caveats.is_empty();
            // (`offsen contract variation attached`: the abbreviation, which has no
            // other meaning, opening its line before a word; read for talk, as running
            // text, `offsen is fine in a file name`)
            let offsen_opens = abbreviation == Some("OFFSEN")
                && is_line_start(text, start)
                && text[end..].starts_with(' ');
            return (strong || offsen_opens).then_some(Candidate {
                start,
                end,
                marking: m,
                form: Form::TitleCase,
                evidence: if strong {
                    Evidence::Strong
                } else {
                    Evidence::Running
                },
            });
        }
        let labelled = is_labelled(text, start) && !upper_cont;
        let bracketed = is_bracketed(text, start, end);
        let stands = match strength {
            Strength::Always => true,
            Strength::Distinctive => !upper_cont,
            // `SECRET-Santa-2026.xlsx`, `TOP-SECRET-recipe.docx`: an ordinary word
            // after "secret", in any case.
            // (Past a dash too: `TOP SECRET – Recipe for gravy.docx`.)
            Strength::Bare if ctx.file_name => {
                let dash = text[end..].trim_start_matches([' ', '-']);
                !upper_cont
                    && !next_word(text, text.len() - dash.len())
                        .is_some_and(|w| NOT_CODEWORDS.iter().any(|n| n.eq_ignore_ascii_case(w)))
            }
            Strength::Bare if is_upper_list_item(text, start, end) => false,
            Strength::Bare => {
                // (a formula's text opening with the tier before a word:
                // `=HYPERLINK("#Annex!A1","SECRET annex – Bilgehorn")`)
                (ctx.formula
                    && abbreviation.is_none()
                    && m.is_secret_or_above()
                    && is_after_opener(text, start)
                    && text[end..].starts_with(' ')
                    && !next_word(text, end)
                        .is_some_and(|w| NOT_CODEWORDS.iter().any(|n| n.eq_ignore_ascii_case(w))))
                    || (is_segment_start(text, start) && sep)
                    || (abbreviation.is_none() && is_document_extension(text, end))
                    || labelled
                    || bracketed
                    || (abbreviation.is_none() && heads_line_of_text(text, start, end, &m))
                    || (abbreviation.is_some() && labels_content_at_hand(text, start, end))
            }
        };
        let formula = ctx.formula && is_after_opener(text, start);
        let evidence = if stands {
            let strong = ctx.file_name
                || formula
                || (line
                    && sep
                    && !goes_on_as_a_sentence(&text[end..])
                    && !asks_or_explains(&text[end..]))
                || (labelled && is_label_at_line_start(text, start));
            if strong {
                Evidence::Strong
            } else {
                Evidence::Running
            }
        } else if abbreviation.is_none() && !ctx.file_name {
            in_sentence(text, start, end, &m)?
        } else {
            return None;
        };
        let form = if ctx.file_name {
            Form::FileName
        } else if ctx.formula {
            Form::Formula
        } else if abbreviation.is_some() {
            Form::Abbreviation
        } else if tail.codeword || m.codeword {
            Form::Codeword
        } else if !m.caveats.is_empty() || !m.handling.is_empty() || !m.descriptors.is_empty() {
            Form::Caveat
        } else if bracketed || is_after_opener(text, start) {
            Form::Quoted
        } else if is_after_cell_break(text, start) {
            Form::HeaderFooter
        } else if !(line || (labelled && is_label_at_line_start(text, start))) {
            Form::InSentence
        } else {
            Form::Plain
        };
        Some(Candidate {
            start,
            end,
            marking: m,
            form,
            evidence,
        })
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
        m.foreign = Some(format!("{base}{}", canonical_controls(controls.as_str())));
        m.tier = None;
        m.legacy = None;
        Some(end + controls.end())
    }

    /// Attaches handling instructions, descriptors, codewords and caveats following
    /// `pos`. `generic` allows one unlisted upper-case word as a codeword right after
    /// the tier (`SECRET BRACKENFALL`) when nothing but a separator, a caveat or the
    /// end of the line follows it (in file names, also a lower-case word).
    fn parse_tail(
        &self,
        text: &str,
        mut pos: usize,
        m: &mut Marking,
        generic: bool,
        file_name: bool,
    ) -> Tail {
        let mut tail = Tail {
            end: pos,
            punct_descriptor: false,
            codeword: false,
            listed: false,
            listed_numbered: false,
        };
        let mut unlisted_taken = 0;
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
            if let Some(cfg) = caps.name("cfg") {
                m.codeword = true;
                tail.codeword = true;
                tail.listed = true;
                tail.listed_numbered |= cfg.as_str().ends_with(|c: char| c.is_ascii_digit());
            } else if let Some(code) = caps.name("code") {
                let before_caveat = self.tail.captures(&text[next..]).is_some_and(|n| {
                    n.name("punct").is_some_and(|p| p.as_str() == "-")
                        && (n.name("caveat").is_some() || n.name("handling").is_some())
                });
                // At most two unlisted words in a row (`TOP SECRET WHINCHAT
                // RUSHBECK`), the last followed by the end, a separator or a caveat;
                // in message text none a plural, as a brand or a title in capitals
                // has (`TOP SECRET DRUM CORPS – LIVE …`, `SECRET LAGOON TOURS – …`).
                let unlisted = unlisted_taken < 2
                    && generic
                    && caps.name("punct").is_none()
                    && is_unlisted_codeword(code.as_str())
                    && (file_name || !is_plural(code.as_str()))
                    && (self.ends_codeword(text, next, file_name, unlisted_taken == 0)
                        || (unlisted_taken == 0 && self.second_codeword(text, next, file_name)));
                if !(unlisted || dashed && before_caveat) {
                    break;
                }
                unlisted_taken += usize::from(unlisted);
                m.codeword = true;
                tail.codeword = true;
            } else if let Some(caveat) = caps.name("caveat") {
                push_unique(&mut m.caveats, canonical_caveat(caveat.as_str()));
            } else if let Some(handling) = caps.name("handling") {
                push_unique(&mut m.handling, collapse_spaces(handling.as_str()));
            } else if let Some(desc) = caps.name("desc") {
                tail.punct_descriptor |= bracketed || caps.name("punct").is_some();
                push_unique(&mut m.descriptors, canonical_descriptor(desc.as_str()));
            }
            pos = next;
            tail.end = pos;
        }
        tail
    }

    /// One more unlisted codeword follows `pos` and ends the codewords.
    fn second_codeword(&self, text: &str, pos: usize, file_name: bool) -> bool {
        self.tail.captures(&text[pos..]).is_some_and(|n| {
            n.name("punct").is_none()
                && n.name("code").is_some_and(|c| {
                    is_unlisted_codeword(c.as_str()) && (file_name || !is_plural(c.as_str()))
                })
                && self.ends_codeword(
                    text,
                    pos + n.name("el").expect("el").end(),
                    file_name,
                    false,
                )
        })
    }

    /// What may follow an unlisted codeword: the end of the line, a separator, a
    /// caveat or handling instruction, or (in a file name) a word not in upper case;
    /// after a single one (`first`) in message text, one blank and a lower-case word
    /// (`SECRET DUSKROW pls delete after reading`), as an upper-case title would go
    /// on in capitals, unless the word is an inflected English one, as brands in
    /// capitals are (`SECRET ESCAPES deal ends tonight`; see [`is_inflected`]).
    fn ends_codeword(&self, text: &str, end: usize, file_name: bool, first: bool) -> bool {
        if is_followed_by_separator(text, end) {
            return true;
        }
        if self
            .tail
            .captures(&text[end..])
            .is_some_and(|n| n.name("caveat").is_some() || n.name("handling").is_some())
        {
            return true;
        }
        if first && !file_name {
            let rest = text[end..].strip_prefix(' ').unwrap_or_default();
            let word = text[..end].rsplit(' ').next().unwrap_or_default();
            return rest.starts_with(|c: char| c.is_lowercase())
                && !is_inflected(word)
                && !is_ordinary_secrecy(rest.split('\n').next().unwrap_or_default());
        }
        file_name && !is_upper_continuation(text, end, true)
    }
}

/// A word naming the kind of document (see [`DOCUMENT_NOUNS`]), or one with a
/// letter or digit run on (`annexB`, `annex2`).
fn is_document_noun(w: &str) -> bool {
    DOCUMENT_NOUNS.iter().any(|d| {
        w.len() >= d.len()
            && w.is_char_boundary(d.len())
            && w[..d.len()].eq_ignore_ascii_case(d)
            && (w.len() == d.len()
                || (w.len() == d.len() + 1
                    && w[d.len()..]
                        .starts_with(|c: char| c.is_ascii_uppercase() || c.is_ascii_digit())))
    })
}

/// In a document name, the word after `end` is a name (a capital, then lower-case
/// letters: `Gannetridge`; in a name not in upper case, read upper-cased, any word
/// but one ordinary English puts after "secret", see [`NOT_CODEWORDS`]) and the word
/// after it names the kind of document ([`is_document_noun`]).
fn names_document_after_name(text: &str, end: usize, case_mode: bool) -> bool {
    let Some(name) = next_word(text, end) else {
        return false;
    };
    let named = if case_mode {
        !NOT_CODEWORDS.iter().any(|n| n.eq_ignore_ascii_case(name))
    } else {
        name.starts_with(|c: char| c.is_uppercase()) && name.chars().any(char::is_lowercase)
    };
    let name_end = name.as_ptr() as usize - text.as_ptr() as usize + name.len();
    named && next_word(text, name_end).is_some_and(is_document_noun)
}

/// An abbreviated tier opening its line before one blank and the kind of document or
/// a word handing it over (`NS annex is with the J2 cell`, `O-S attached, please …`,
/// see [`DOCUMENT_NOUNS`] and [`HANDED_OVER`]): a label on the paper at hand.
fn labels_content_at_hand(text: &str, start: usize, end: usize) -> bool {
    is_line_start(text, start)
        && text[end..].starts_with(' ')
        && next_word(text, end).is_some_and(|w| {
            DOCUMENT_NOUNS.iter().any(|d| d.eq_ignore_ascii_case(w))
                || HANDED_OVER.iter().any(|h| h.eq_ignore_ascii_case(w))
        })
}
