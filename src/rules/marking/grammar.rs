//! The compiled marking grammar: a literal prefilter, the classification ("core") regex,
//! the tail-element regex and the US-controls regex, and the passes that run them:
//! upper-case markings anywhere, title- and lower-case markings at the start of a
//! line, spaced and dotted letters joined first, then talk told from carrying.

use regex::{Regex, RegexBuilder};

use super::context::{file_stem_len, is_formula, label_end};
use super::forms::Form;
use super::judge::{Candidate, Ctx, Evidence};
use super::normalize::{Normalized, may_hide_keyword};
use super::spaced::Collapsed;
use super::talk::is_talk;
use super::vocab::{
    ABBREVIATION_ENDS, ABBREVIATIONS, CAVEAT, DEFAULT_CODEWORDS, DESCRIPTORS, EU_MARKING, HANDLING,
    KEYWORDS, LINE_HEADS, PORTION_OPEN, SPACED_SEPARATORS, SPACED_WORDS, US_CONTROL,
};
use super::{GrammarSettings, MarkingMatch};

/// Compiled marking grammar; build once, share across threads.
#[derive(Debug, Clone)]
pub struct MarkingGrammar {
    /// Literal alternation of every keyword, abbreviation and spaced-out word (see `vocab`): the regex crate runs it with a SIMD
    /// multi-literal searcher, 4–8× faster on chat-sized text than an Aho-Corasick
    /// automaton was when measured during development (`examples/bench_markings.rs`
    /// times the whole recogniser).
    prefilter: Regex,
    /// The spaced and dotted words alone: when one is present, runs are joined first.
    spaced: Regex,
    pub(super) core: Regex,
    pub(super) tail: Regex,
    /// The tail without its generic-codeword alternative, for a quick look.
    tail_known: Regex,
    pub(super) us_controls: Option<Regex>,
}

pub(super) fn compile(pattern: &str) -> Result<Regex, String> {
    RegexBuilder::new(&pattern.replace('␣', r"[ \t]"))
        .unicode(false)
        .build()
        .map_err(|e| format!("internal marking pattern failed to compile: {e}"))
}

pub(super) fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Validates one configured descriptor or codeword and returns its canonical form.
fn validate_word(raw: &str, what: &str, example: &str) -> Result<String, String> {
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
            "extra {what} {raw:?} is not valid: use upper-case letters, digits, spaces, \
             '&', '/' or '-' (at most 40 characters, not a classification), e.g. \"{example}\""
        ));
    }
    Ok(canonical)
}

/// An alternation of configured words, spaces matching any run of blanks.
fn alternation(words: &[String]) -> String {
    words
        .iter()
        .map(|w| {
            w.split(' ')
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join("␣+")
        })
        .collect::<Vec<_>>()
        .join("|")
}

/// Each spaced word spelt out with each separator (`S E C R E T`, `S·E·C·R·E·T`).
fn spaced_literals() -> Vec<String> {
    let mut out = Vec::new();
    for word in SPACED_WORDS {
        for (sep, _) in SPACED_SEPARATORS {
            let letters: Vec<String> = word.chars().map(String::from).collect();
            out.push(regex::escape(&letters.join(sep)));
        }
    }
    out
}

impl MarkingGrammar {
    /// Compiles the grammar. The error names the first invalid extra descriptor or codeword.
    pub fn new(settings: &GrammarSettings) -> Result<Self, String> {
        let mut extra = Vec::new();
        for raw in &settings.extra_descriptors {
            extra.push(validate_word(raw, "descriptor", "HONOURS")?);
        }
        let mut descriptors = alternation(&extra);
        if !descriptors.is_empty() {
            descriptors.push('|');
        }
        descriptors.push_str(DESCRIPTORS);
        let mut codewords: Vec<String> = DEFAULT_CODEWORDS.iter().map(|c| c.to_string()).collect();
        for raw in &settings.codewords {
            codewords.push(validate_word(raw, "codeword", "KESTREL")?);
        }
        codewords.sort_by_key(|c| std::cmp::Reverse(c.len()));
        let codewords = alternation(&codewords);
        let core = core_pattern(settings);
        let known = format!(
            r"(?P<caveat>{CAVEAT})|(?P<handling>{HANDLING})|(?P<desc>{descriptors})|(?P<cfg>(?:{codewords})(?:␣*[0-9]{{1,2}})?)"
        );
        let lead = r"^(?:␣*(?P<punct>[-:,|/])␣*|␣*(?P<open>[\[(])␣*|␣+)";
        let tail =
            format!(r"{lead}(?P<el>{known}|(?P<code>[A-Z][A-Z0-9]{{2,}}))\b(?P<close>␣*[\])])?");
        let tail_known = format!(r"{lead}(?:{known})\b");
        let us_controls = settings
            .include_foreign
            .then(|| {
                compile(&format!(
                    r"^//␣*(?:{US_CONTROL})(?:␣*//␣*(?:{US_CONTROL}))*\b"
                ))
            })
            .transpose()?;
        let spaced = spaced_literals();
        let mut literals: Vec<String> = KEYWORDS
            .iter()
            .chain(ABBREVIATIONS)
            .map(|k| regex::escape(k))
            .collect();
        literals.extend(spaced.iter().cloned());
        Ok(MarkingGrammar {
            prefilter: compile(&literals.join("|"))?,
            spaced: compile(&spaced.join("|"))?,
            core: compile(&core)?,
            tail: compile(&tail)?,
            tail_known: compile(&tail_known)?,
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
        // A file name not in upper case is also looked at upper-cased
        // (`brief-secret-ukeo-final.pdf`); file names are short and few.
        let mixed_name = file_name && original.bytes().any(|b| b.is_ascii_lowercase());
        let raw_hit = self.prefilter.is_match(original)
            || ABBREVIATION_ENDS.iter().any(|a| original.ends_with(a))
            || (mixed_name && self.prefilter.is_match(&original.to_ascii_uppercase()));
        let head_hit = !file_name && has_line_head(original);
        let hidden = !raw_hit && may_hide_keyword(original);
        if !raw_hit && !head_hit && !hidden {
            return Vec::new();
        }
        let norm = Normalized::new(original, file_name);
        let text1 = norm.text();
        let keyword = raw_hit || (hidden && self.prefilter.is_match(text1));
        if !keyword && !head_hit {
            return Vec::new();
        }
        let collapsed = if self.spaced.is_match(text1) {
            Collapsed::new(text1)
        } else {
            None
        };
        let text = collapsed.as_ref().map_or(text1, |c| c.text.as_str());
        let ctx = Ctx {
            file_name,
            case_mode: false,
            formula: !file_name && is_formula(text),
        };
        let mut found = if keyword || (!file_name && has_portion_line(text)) {
            self.upper_pass(text, &ctx)
        } else {
            Vec::new()
        };
        if !file_name && has_line_head(text) {
            self.case_pass(text, &mut found);
        }
        if mixed_name {
            self.file_case_pass(text, &mut found);
        }
        found.sort_by_key(|c| c.start);
        let running: Vec<usize> = found
            .iter()
            .filter(|c| c.evidence != Evidence::Strong)
            .map(|c| c.start)
            .collect();
        let mut out = Vec::new();
        for c in found {
            let others: Vec<usize> = running.iter().copied().filter(|&s| s != c.start).collect();
            let mention = match c.evidence {
                Evidence::Strong => false,
                Evidence::Running | Evidence::MentionOnly => {
                    let bare = c.marking.caveats.is_empty()
                        && c.marking.handling.is_empty()
                        && c.marking.descriptors.is_empty()
                        && !c.marking.codeword;
                    is_talk(text, c.start, c.end, &others, bare)
                }
            };
            if c.evidence == Evidence::MentionOnly && !mention {
                continue;
            }
            let (mut start, mut end) = (c.start, c.end);
            let mut form = c.form;
            if let Some(col) = &collapsed {
                if let Some(f) = col.form_in(start, end) {
                    form = f;
                }
                (start, end) = col.source_range(start, end);
            }
            let (start, end) = norm.original_range(start, end);
            out.push(MarkingMatch {
                start,
                end,
                marking: c.marking,
                form,
                mention,
            });
        }
        out
    }

    /// Upper-case markings anywhere in `text`.
    fn upper_pass(&self, text: &str, ctx: &Ctx) -> Vec<Candidate> {
        let mut found = Vec::new();
        let mut pos = 0;
        // The lazy DFA finds each match; captures are taken only where one starts.
        while let Some(next) = self.core.find_at(text, pos) {
            let Some(caps) = self.core.captures_at(text, next.start()) else {
                break;
            };
            let whole = caps.get(0).expect("group 0 always matches");
            match self.judge(text, &caps, ctx) {
                Some(c) => {
                    pos = c.end.max(whole.end());
                    found.push(c);
                }
                None => pos = whole.end(),
            }
        }
        found
    }

    /// Title- and lower-case markings at the start of a line before `:` or `-`
    /// (`Top Secret: …`, `secret – …`): each such line is read in upper case. A fast
    /// match and a look at what follows it come before the capturing match.
    fn case_pass(&self, text: &str, found: &mut Vec<Candidate>) {
        let ctx = Ctx {
            file_name: false,
            case_mode: true,
            formula: false,
        };
        let mut line_start = 0;
        for line in text.split('\n') {
            let offset = line_start;
            line_start += line.len() + 1;
            // After a label (`Sensitivity: Secret`) the tier needs no `:` or `-`.
            let labelled = label_end(line).filter(|&h| line_head(&line[h..]) == Some(0));
            let Some(head) = labelled.or_else(|| line_head(line)) else {
                continue;
            };
            if !line.bytes().any(|b| b.is_ascii_lowercase())
                || found
                    .iter()
                    .any(|c| c.start <= offset + head && offset + head < c.end)
            {
                continue; // upper-case lines are the upper pass's
            }
            let upper = line.to_ascii_uppercase();
            if !self.core.find_at(&upper, head).is_some_and(|m| {
                m.start() == head
                    && (labelled.is_some() || self.may_end_case_form(&upper[m.end()..]))
            }) {
                continue;
            }
            let Some(caps) = self.core.captures_at(&upper, head) else {
                continue;
            };
            if let Some(mut c) = self.judge(&upper, &caps, &ctx) {
                let original = &line[c.start..c.end];
                if !original.bytes().any(|b| b.is_ascii_lowercase()) {
                    continue;
                }
                c.form = if original.bytes().any(|b| b.is_ascii_uppercase()) {
                    Form::TitleCase
                } else {
                    Form::LowerCase
                };
                c.start += offset;
                c.end += offset;
                found.push(c);
            }
        }
    }

    /// Markings not in upper case in a file name, found in its upper-cased copy:
    /// the judge keeps only those with a caveat, handling instruction, US control
    /// or listed codeword (`brief-secret-ukeo-final`, not `secret_santa`).
    fn file_case_pass(&self, text: &str, found: &mut Vec<Candidate>) {
        let ctx = Ctx {
            file_name: true,
            case_mode: true,
            formula: false,
        };
        let upper = text.to_ascii_uppercase();
        for c in self.upper_pass(&upper, &ctx) {
            let lower = text[c.start..c.end].bytes().any(|b| b.is_ascii_lowercase());
            if lower && !found.iter().any(|f| f.start < c.end && c.start < f.end) {
                found.push(c);
            }
        }
    }

    /// What may follow a title- or lower-case tier: `:`, `-` or `/`, or a caveat,
    /// handling instruction, descriptor or listed codeword.
    fn may_end_case_form(&self, after: &str) -> bool {
        after
            .trim_start_matches([' ', '\t'])
            .starts_with([':', '-', '/'])
            || self.tail_known.is_match(after)
    }
}

/// Offset in `line` of its first word when that word begins a marking in any case
/// (`Top Secret`, `secret`, `uk secret`); `None` otherwise.
fn line_head(line: &str) -> Option<usize> {
    let head = line.find(|c: char| c.is_alphanumeric())?;
    let rest = &line.as_bytes()[head..];
    let first = rest[0].to_ascii_lowercase();
    LINE_HEADS
        .iter()
        .any(|w| {
            w.as_bytes()[0] == first
                && rest.len() >= w.len()
                && rest[..w.len()].eq_ignore_ascii_case(w.as_bytes())
                && rest.get(w.len()).is_none_or(|b| !b.is_ascii_alphabetic())
        })
        .then_some(head)
}

/// True when some line of `text` starts (perhaps after a label) with a marking's
/// first word in any case, or could open with a portion mark.
fn has_line_head(text: &str) -> bool {
    text.split('\n').any(|line| {
        is_portion_line(line)
            || line_head(line).is_some()
            || label_end(line).is_some_and(|h| line_head(&line[h..]) == Some(0))
    })
}

/// The line opens with `(` after blanks, bullets or `>` (`(S) The delegation …`).
fn is_portion_line(line: &str) -> bool {
    line.trim_start_matches([' ', '\t', '*', '>', '-', '•', '·'])
        .starts_with(PORTION_OPEN)
}

fn has_portion_line(text: &str) -> bool {
    text.split('\n').any(is_portion_line)
}

/// The classification ("core") pattern for these settings.
fn core_pattern(settings: &GrammarSettings) -> String {
    let mut core = vec![
        r"(?P<portion>(?m:^)(?:[ \t*>-]|•|·)*\((?P<pm>CTS|TS|NS|NC|NR|OS|S|C|O)(?P<pctl>//[A-Z][A-Z0-9 ,/-]{0,40})?\))"
            .to_string(),
    ];
    if settings.include_foreign {
        core.push(format!(
            r"(?P<nato>\b(?:NATO␣+(?:SECRET|CONFIDENTIAL|RESTRICTED)|(?:NATO␣+)?COSMIC␣+TOP␣+SECRET|{EU_MARKING})\b)"
        ));
    }
    core.push(
        r"(?P<os>\b(?P<os_word>(?i:OFFICIAL|OFFICAL))(?P<os_sep>␣*[-:]␣*|␣+)(?i:SENSITIVE)\b)"
            .into(),
    );
    core.push(
        r"(?P<ts>\bTOP(?:␣+|␣*-␣*)SECRET\b)|(?P<s>\bSECRET\b)|(?P<o>\b(?:OFFICIAL|OFFICAL)\b)"
            .into(),
    );
    core.push(r"(?P<ab>\b(?:OFFSENS|OFFSEN|OFF-SENS|OFF-SEN|CTS|TS|O-S|OS|S)\b)".into());
    if settings.include_legacy {
        core.push(
            r"(?P<legacy>\b(?:NOT␣+PROTECTIVELY␣+MARKED|PROTECT|RESTRICTED|CONFIDENTIAL)\b)".into(),
        );
    }
    core.push(format!(r"(?P<caveat>\b(?:{CAVEAT})\b)"));
    format!(r"(?P<prefix>\bUK␣+)?(?:{})", core.join("|"))
}
