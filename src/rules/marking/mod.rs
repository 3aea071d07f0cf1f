//! Classification-marking recogniser: finds UK Government Security Classification
//! markings (and legacy and foreign ones) in message text and document names by
//! their *grammar*, not by a word (GUIDANCE.md §3).
//!
//! # Grammar
//! `[UK] CLASSIFICATION [//US-CONTROLS] {SEP (HANDLING | DESCRIPTOR | CODEWORD | CAVEAT)}`
//! where `SEP` is a space, `-`, `:`, `,`, `|`, `/` or a bracket pair (`[PERSONAL]`).
//! A codeword is taken when it is listed (built-in STRAP, CODEWORD, ATOMAL, plus the
//! configured ones), between dashes before a caveat or handling instruction (`UK
//! SECRET - CODEWORD - UK EYES ONLY`), or as one unlisted upper-case word right after
//! a SECRET-level tier at the start of a line or in a file name, when only a
//! separator, a caveat, the end of the line or (a single one) lower-case words follow
//! it and it is not an ordinary word (`SECRET SANTA`; `SECRET DUSKROW pls delete`); its text is never kept, because codewords are sensitive
//! themselves. A national caveat on its own (`UK EYES ONLY`, `UKEO`) is a marking
//! that implies at least SECRET. Abbreviations (`TS`, `CTS`, `O-S`, `OS`, `S-UKEO`)
//! follow the bare-word rule below (`OFFSEN` counts anywhere); portion marks
//! (`(S)`, `(TS//SI)`) count at the start of a paragraph. `S` needs a caveat,
//! handling instruction or US controls (`S//NF`, `S – RECIPIENTS ONLY`); a bare
//! `TS`/`OS` before `:` needs a lower- or upper-case word after it (not `TS: The
//! Waste Land`, `OS: iOS 17`). EU markings (`RESTREINT UE/EU RESTRICTED`) are foreign.
//!
//! # Case
//! Markings are upper case by convention, so keywords are matched in upper case. The
//! exceptions: the distinctive hyphenated `Official-Sensitive` (any case, joined by a
//! single `-`), and a title- or lower-case marking at the start of a line followed by
//! `:` or `-` (`Top Secret: …`, `secret – …`), found by reading such lines in upper
//! case ([`Form::TitleCase`], [`Form::LowerCase`], lower confidence).
//!
//! # Forms, confidence and talk
//! Every match has a [`Form`] (see `forms`, a table with samples) whose confidence it
//! carries. A marking in running text that the sentence *talks about* rather than
//! carries ("must be marked OFFICIAL-SENSITIVE", see `talk`) is a
//! [`MarkingMatch::mention`]; a marking standing on its own (its own line or header
//! cell, a file name, a formula, a label at the line start) never is. A bare
//! upper-case word inside a lower-case sentence (`this is SECRET so …`) counts unless
//! used as a noun (`it's no SECRET that`) or after `keep`; a bare `OFFICIAL` there is
//! only ever a mention.
//!
//! # The bare-word rule
//! A *bare* word — `OFFICIAL`, `SECRET`, `TOP SECRET` or a legacy word, with no
//! caveat, handling instruction or punctuation-separated descriptor after it — is
//! also ordinary shouted English (`KEEP THIS SECRET FROM THE PRESS`, `NO SECRET`,
//! `SECRET SANTA`, `OFFICIAL SECRETS ACT`). It counts only when it stands as a
//! marking:
//! - inside brackets: `[SECRET]`, `(OFFICIAL)`;
//! - after a label: `Classification: SECRET`, `Protective marking: …`, `marked
//!   SECRET`, `classified as TOP SECRET` (unless an upper-case word follows:
//!   `I marked SECRET SANTA in the diary`);
//! - at the start of a line or segment (only non-alphanumerics before it, e.g.
//!   `*SECRET*`, `🔒 SECRET`; or after a gap of two blanks, a `|`, an opening quote)
//!   **and** followed by the end of the line, a gap or a separator
//!   (`- : . , ; / | ) ] } * _ ~ " » '`): `SECRET`, `SECRET - do not forward`,
//!   `Page 3 | TOP SECRET | Ref`; but not `SECRET SANTA draw` or `TS-01`;
//! - a `SECRET` or `TOP SECRET` in capitals opening a line, before one blank and a
//!   word not in capitals (`TOP SECRET the plan is attached`, `SECRET readout
//!   below`), unless that word is one ordinary English puts after "secret" (`TOP
//!   SECRET recipe`, `SECRET lol`) or the line keeps a surprise; such a line is
//!   still read for talk (`TOP SECRET is reserved for …`);
//! - directly before a document extension in body text: `Budget SECRET.pdf`;
//! - in a file name ([`MarkingGrammar::find_in_file_name`], and document names
//!   pasted into message text), where `_`, `-` and `.` separate words, anywhere as
//!   a whole token, unless the next word is upper case (`SECRET_SANTA_LIST.xlsx`;
//!   not after a NATO or COSMIC tier: `NATO_SECRET_WG_outline.pptx`) or it is a
//!   software secret (`JWT_SECRET_rotation.md`); in a file name not in upper case,
//!   or as an abbreviation, only with a caveat, handling instruction, US control or
//!   numbered listed codeword (`brief-secret-ukeo.pdf`, `TS-STRAP1-…`; `OS` also
//!   with a descriptor as written: `OS_PERSONAL_casework.xlsx`).
//!
//! Distinctive forms — the `UK` prefix, NATO/COSMIC, US `//` controls, a bare word
//! with a caveat or handling instruction — count anywhere unless the next word is an
//! upper-case continuation (`UK SECRET INTELLIGENCE SERVICE`). `OFFICIAL-SENSITIVE`,
//! `NOT PROTECTIVELY MARKED` and a caveat alone always count. Keywords must be whole
//! words: `_` is a word character in message text, so `SECRET_KEY=…`, `SECRETS`,
//! `TOPSECRET_TOKEN`, `Secretary` never match. The two words run together in capitals
//! (`TOPSECRET`, `OFFICIALSENSITIVE`) are a bare word in text, and count only where
//! it stands as a marking (`TOPSECRET – read and delete`; not `config.TOPSECRET=1`).
//!
//! # Normalisation and offsets
//! Text is NFKC-normalised, dashes become `-`, unusual spaces become ` ` and
//! invisible characters are dropped before matching (see `normalize`), and letters
//! spaced or dotted out are joined (see `spaced`) when a spaced keyword is present;
//! reported byte
//! offsets always point into the caller's original text. Plain ASCII text, or text
//! that needs none of this, is matched in place without allocating, and a literal
//! keyword prefilter (SIMD multi-substring search, its literals derived from the
//! vocabulary tables: keywords, abbreviations, portion openers, spaced-out words) plus
//! a check of each line's first word reject text with no candidate before the
//! grammar runs.

mod canonical;
mod context;
mod core_match;
pub mod eval;
#[cfg(test)]
mod form_tests;
pub mod forms;
mod grammar;
mod heads;
mod judge;
mod normalize;
mod patterns;
mod spaced;
mod talk;
pub mod talk_model;
mod talk_words;
#[cfg(test)]
mod tests;
mod vocab;

pub use forms::{FORMS, Form, FormSpec};
pub use grammar::MarkingGrammar;
pub use vocab::DEFAULT_CODEWORDS;

/// Options for building a [`MarkingGrammar`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrammarSettings {
    /// Department-specific descriptors, upper case (e.g. `HONOURS`).
    pub extra_descriptors: Vec<String>,
    /// Department codewords, upper case (e.g. `KESTREL`), read as codewords after a
    /// tier beside the built-in [`DEFAULT_CODEWORDS`].
    pub codewords: Vec<String>,
    /// Recognise pre-2014 markings (`PROTECT`, `RESTRICTED`, `CONFIDENTIAL`,
    /// `NOT PROTECTIVELY MARKED`).
    pub include_legacy: bool,
    /// Recognise NATO and US markings. When off, `TOP SECRET//NOFORN` is judged
    /// as a bare `TOP SECRET`.
    pub include_foreign: bool,
}

impl Default for GrammarSettings {
    fn default() -> Self {
        GrammarSettings {
            extra_descriptors: Vec::new(),
            codewords: Vec::new(),
            include_legacy: true,
            include_foreign: true,
        }
    }
}

/// A current (GSCP 2014+) classification tier, lowest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tier {
    Official,
    OfficialSensitive,
    Secret,
    TopSecret,
}

impl Tier {
    /// The canonical spelling: `OFFICIAL`, `OFFICIAL-SENSITIVE`, `SECRET`, `TOP SECRET`.
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Official => "OFFICIAL",
            Tier::OfficialSensitive => "OFFICIAL-SENSITIVE",
            Tier::Secret => "SECRET",
            Tier::TopSecret => "TOP SECRET",
        }
    }
}

/// One recognised marking, normalised into its parts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Marking {
    /// The current tier; `None` when only a caveat, a legacy or a foreign marking was seen.
    pub tier: Option<Tier>,
    /// A national caveat without a SECRET or TOP SECRET tier: caveats are only valid
    /// on SECRET and above, so the information is treated as at least SECRET.
    pub implied_secret: bool,
    /// `UK` for the prefixed forms (`UK SECRET`).
    pub prefix: Option<String>,
    /// Canonical handling instructions: `RECIPIENTS ONLY`, `HMG USE ONLY`,
    /// `<ORG> USE ONLY` (e.g. `MOD USE ONLY`), `EMBARGOED`, `FOR PUBLIC RELEASE`, and
    /// the informal `DO NOT CIRCULATE` (`FORWARD`, `DISTRIBUTE`, `COPY`).
    pub handling: Vec<String>,
    /// Canonical descriptors: `PERSONAL DATA`, `LEGAL PROFESSIONAL PRIVILEGE` (also
    /// for `LPP`), `LEGAL`, `MARKET SENSITIVE`, `COMMERCIAL`, `HR / MANAGEMENT`,
    /// `LOCSEN`, `PERSONAL`, or a configured extra.
    pub descriptors: Vec<String>,
    /// Canonical national caveats: `UK EYES ONLY` (also for `UKEO`), `UK/US EYES
    /// ONLY`, `FIVE EYES ONLY`.
    pub caveats: Vec<String>,
    /// A codeword was present between dashes. Its text is deliberately not kept.
    pub codeword: bool,
    /// `PROTECT`, `RESTRICTED`, `CONFIDENTIAL` or `NOT PROTECTIVELY MARKED`.
    pub legacy: Option<String>,
    /// A foreign marking: `NATO SECRET`, `COSMIC TOP SECRET`, `TOP SECRET//NOFORN`,
    /// `SECRET//REL TO USA, GBR`.
    pub foreign: Option<String>,
    /// The text misspelt a keyword (`OFFICAL`).
    pub typo: bool,
}

impl Marking {
    /// The normalised marking, e.g. `UK SECRET - UK EYES ONLY`,
    /// `OFFICIAL-SENSITIVE: COMMERCIAL`, `UK EYES ONLY`.
    ///
    /// Order: prefix and classification, `: ` descriptors (`, `-joined), then
    /// ` - ` handling instructions, then ` - ` caveats.
    pub fn canonical(&self) -> String {
        let mut out = String::new();
        let base = match (&self.foreign, self.tier, &self.legacy) {
            (Some(foreign), _, _) => Some(foreign.as_str()),
            (None, Some(tier), _) => Some(tier.as_str()),
            (None, None, Some(legacy)) => Some(legacy.as_str()),
            (None, None, None) => None,
        };
        if let Some(base) = base {
            if let Some(prefix) = &self.prefix {
                out.push_str(prefix);
                out.push(' ');
            }
            out.push_str(base);
        }
        if !self.descriptors.is_empty() {
            out.push_str(": ");
            out.push_str(&self.descriptors.join(", "));
        }
        for part in self.handling.iter().chain(&self.caveats) {
            if !out.is_empty() {
                out.push_str(" - ");
            }
            out.push_str(part);
        }
        out
    }

    /// True for SECRET, TOP SECRET, a caveat implying SECRET, or a foreign marking
    /// at SECRET level or above (`NATO SECRET`, `COSMIC TOP SECRET`, `SECRET//…`).
    pub fn is_secret_or_above(&self) -> bool {
        self.tier.is_some_and(|t| t >= Tier::Secret)
            || self.implied_secret
            || self.foreign.as_deref().is_some_and(|f| {
                f.split(|c: char| !c.is_ascii_alphanumeric())
                    .any(|word| word == "SECRET")
            })
    }
}

/// A marking found in a text, with byte offsets into the caller's original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkingMatch {
    /// Byte offset of the marking's first character in the original text.
    pub start: usize,
    /// Byte offset just past the marking in the original text.
    pub end: usize,
    pub marking: Marking,
    /// How it was written.
    pub form: Form,
    /// The text talks about the marking rather than carrying it ("must be marked
    /// OFFICIAL-SENSITIVE"): worth at most an `info` finding.
    pub mention: bool,
}

impl MarkingMatch {
    /// Confidence, 0–1, that the text carries this marking: its form's
    /// confidence, or 0.5 for a mention.
    pub fn confidence(&self) -> f32 {
        if self.mention {
            0.5
        } else {
            self.form.confidence()
        }
    }
}
