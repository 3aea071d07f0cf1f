//! The compiled marking grammar: a literal prefilter, the classification ("core") regex,
//! the tail-element regex and the US-controls regex, and the passes that run them:
//! upper-case markings anywhere, title- and lower-case markings at the start of a
//! line, spaced and dotted letters joined first, then talk told from carrying.

use std::sync::{Mutex, OnceLock};

use aho_corasick::{AhoCorasick, MatchKind};
use regex::{Regex, RegexBuilder};

use super::context::{
    file_stem_len, is_bracketed, is_formula, is_formula_test, is_talk_file_name, label_end,
    pasted_file_names,
};
use super::core_match::is_ordinary_secrecy;
use super::forms::Form;
use super::heads::{has_line_head, has_portion_line, is_portion_line, line_head};
use super::judge::{Candidate, Ctx, Evidence};
use super::normalize::{Normalized, may_hide_keyword};
use super::patterns::{
    alternation, core_pattern, spaced_literals, spaced_second_literals, validate_word,
};
use super::spaced::Collapsed;
use super::talk::is_talk;
use super::talk_model::says_talk;
use super::vocab::{
    ABBREVIATION_ENDS, ABBREVIATIONS, CAVEAT, DEFAULT_CODEWORDS, DESCRIPTORS, FILE_CONTROLS,
    HANDLING, KEYWORDS, US_CONTROL,
};
use super::{GrammarSettings, MarkingMatch};

/// Compiled marking grammar; build once, share across threads.
#[derive(Debug, Clone)]
pub struct MarkingGrammar {
    /// Every keyword, abbreviation and spaced-out word (see `vocab`) as literals,
    /// searched with a SIMD multi-literal searcher (Teddy). Called directly rather
    /// than as a regex alternation, it takes about two thirds of the instructions on
    /// chat-sized messages (callgrind, docs/PERFORMANCE.md).
    prefilter: AhoCorasick,
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

impl MarkingGrammar {
    /// Compiles the grammar. The error names the first invalid extra descriptor or codeword.
    ///
    /// A grammar is compiled once per distinct settings in a process: every
    /// classification rule of a set (and the set's shared pass) usually has the same
    /// ones, and compiling costs several million instructions. Later calls clone the
    /// compiled one (its regexes share their programs).
    pub fn new(settings: &GrammarSettings) -> Result<Self, String> {
        static COMPILED: OnceLock<Mutex<Vec<(GrammarSettings, MarkingGrammar)>>> = OnceLock::new();
        let compiled = COMPILED.get_or_init(Mutex::default);
        let cached = |list: &Vec<(GrammarSettings, MarkingGrammar)>| {
            list.iter()
                .find(|(s, _)| s == settings)
                .map(|(_, g)| g.clone())
        };
        if let Some(grammar) = cached(&compiled.lock().unwrap_or_else(|e| e.into_inner())) {
            return Ok(grammar);
        }
        let grammar = Self::compile_new(settings)?;
        let mut list = compiled.lock().unwrap_or_else(|e| e.into_inner());
        // A handful of settings per run (one per distinct rule); bounded anyway.
        if list.len() < 64 && cached(&list).is_none() {
            list.push((settings.clone(), grammar.clone()));
        }
        Ok(grammar)
    }

    fn compile_new(settings: &GrammarSettings) -> Result<Self, String> {
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
            .map(|k| k.to_string())
            .collect();
        literals.extend(spaced.iter().cloned());
        let prefilter = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(&literals)
            .map_err(|e| format!("internal marking prefilter failed to build: {e}"))?;
        let spaced: Vec<String> = spaced
            .iter()
            .chain(&spaced_second_literals())
            .map(|s| regex::escape(s))
            .collect();
        Ok(MarkingGrammar {
            prefilter,
            spaced: compile(&spaced.join("|"))?,
            core: compile(&core)?,
            tail: compile(&tail)?,
            tail_known: compile(&tail_known)?,
            us_controls,
        })
    }

    /// Finds markings in a message body, subject or other free text.
    pub fn find(&self, text: &str) -> Vec<MarkingMatch> {
        // A formula that upper-cases its text shows it in capitals (`=UPPER("secret –
        // uk eyes only")`): read as shown (ASCII upper-casing keeps every offset).
        let shown = is_upper_formula(text).then(|| text.to_ascii_uppercase());
        let (mut found, keyword) = self.scan(shown.as_deref().unwrap_or(text), false);
        if keyword {
            self.find_pasted_file_names(text, &mut found);
        }
        found
    }

    /// Document names pasted into message text (`see Readout_SECRET_v3.pdf`), where
    /// `_` would otherwise join the marking to its neighbours: each is read as a
    /// file name, and what it holds is added unless already found carried; a
    /// mention found on the same words gives way, as the document name, not the
    /// sentence, says whether it is talk (`I've put TOP-SECRET-annex-v3.pdf on …`).
    fn find_pasted_file_names(&self, text: &str, found: &mut Vec<MarkingMatch>) {
        let before = found.len();
        let mut changed = false;
        for (at, name) in pasted_file_names(text) {
            for mut m in self.find_in_file_name(name) {
                m.start += at;
                m.end += at;
                let overlaps = |f: &MarkingMatch| f.start < m.end && m.start < f.end;
                if found[..before].iter().any(|f| overlaps(f) && !f.mention) {
                    continue;
                }
                for f in found[..before].iter_mut().filter(|f| overlaps(f)) {
                    (f.start, f.end) = (f.end, f.end); // emptied, removed below
                }
                found.push(m);
                changed = true;
            }
        }
        if changed {
            found.retain(|m| m.start < m.end);
            found.sort_by_key(|m| m.start);
        }
    }

    /// Finds markings in an attachment or document name: `_`, `.` and `-` separate
    /// words, the extension is ignored, and a whole upper-case `SECRET` counts
    /// unless an upper-case word follows it (`Budget_SECRET_v2.docx` matches,
    /// `SECRET_SANTA_LIST.xlsx` does not).
    pub fn find_in_file_name(&self, name: &str) -> Vec<MarkingMatch> {
        self.scan(&name[..file_stem_len(name)], true).0
    }

    /// The markings in `original`, and whether the prefilter saw a keyword in it.
    /// (A document name opening `S` and a US control, `S-NF_…`, `S_NF_…`, has no
    /// keyword for the prefilter: see [`opens_with_controlled_s`].)
    fn scan(&self, original: &str, file_name: bool) -> (Vec<MarkingMatch>, bool) {
        // A file name not in upper case is also looked at upper-cased
        // (`brief-secret-ukeo-final.pdf`); file names are short and few.
        let mixed_name = file_name && original.bytes().any(|b| b.is_ascii_lowercase());
        let raw_hit = self.prefilter.is_match(original)
            || ABBREVIATION_ENDS.iter().any(|a| original.ends_with(a))
            || (file_name
                && (opens_with_controlled_s(original) || opens_with_portion_mark(original)))
            || opens_or_ends_with_ns(original)
            || (mixed_name && self.prefilter.is_match(&original.to_ascii_uppercase()));
        let head_hit = !file_name && has_line_head(original);
        let hidden = !raw_hit && may_hide_keyword(original);
        if !raw_hit && !head_hit && !hidden {
            return (Vec::new(), false);
        }
        let norm = Normalized::new(original, file_name);
        let text1 = norm.text();
        let keyword = raw_hit || (hidden && self.prefilter.is_match(text1));
        if !keyword && !head_hit {
            return (Vec::new(), false);
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
        if !file_name && text.contains(". (") && has_portion_line(text) {
            self.later_portions(text, &ctx, &mut found);
        }
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
            let about = (file_name && is_talk_file_name(text, c.start, c.end))
                || (ctx.formula && is_formula_test(text, c.start));
            let mention = about
                || match c.evidence {
                    Evidence::Strong => false,
                    Evidence::Running | Evidence::MentionOnly => {
                        let bare = c.marking.caveats.is_empty()
                            && c.marking.handling.is_empty()
                            && c.marking.descriptors.is_empty()
                            && !c.marking.codeword;
                        is_talk(text, c.start, c.end, &others, bare)
                    }
                };
            // (a second opinion, learnt, on a marking carried in message text: see
            // `talk_model`)
            let mention = mention
                || (!file_name
                    && !ctx.formula
                    && !matches!(c.form, Form::Portion | Form::HeaderFooter)
                    && !is_bracketed(text, c.start, c.end)
                    && says_talk(text, c.start));
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
        (out, keyword)
    }

    /// Portion marks after a sentence on a line that a portion mark opens (`(U)
    /// Background is at Annex A. (S) The assessment itself is at Annex B.`):
    /// paragraphs run together on one line, as chats and copied text write them.
    /// Each is read as if it opened its line.
    fn later_portions(&self, text: &str, ctx: &Ctx, found: &mut Vec<Candidate>) {
        let mut line_start = 0;
        for line in text.split('\n') {
            let offset = line_start;
            line_start += line.len() + 1;
            if !is_portion_line(line) {
                continue;
            }
            for (i, _) in line.match_indices(". (") {
                let at = offset + i + 2;
                if found.iter().any(|c| c.start <= at && at < c.end) {
                    continue;
                }
                let rest = &text[at..];
                let Some(caps) = self.core.captures_at(rest, 0) else {
                    continue;
                };
                if caps.get(0).is_none_or(|m| m.start() != 0) || caps.name("portion").is_none() {
                    continue;
                }
                if let Some(mut c) = self.judge(rest, &caps, ctx) {
                    c.start += at;
                    c.end += at;
                    found.push(c);
                }
            }
        }
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
                    && (labelled.is_some()
                        || self.may_end_case_form(&upper[m.end()..])
                        // (`offsen contract variation attached`; not the name
                        // `Offsen Street`)
                        || ["offsen", "offsens", "off-sen", "off-sens"]
                            .contains(&&line[m.range()]))
            }) {
                continue;
            }
            let Some(caps) = self.core.captures_at(&upper, head) else {
                continue;
            };
            if let Some(mut c) = self.judge(&upper, &caps, &ctx) {
                let original = &line[c.start..c.end];
                if !original.bytes().any(|b| b.is_ascii_lowercase())
                    || is_ordinary_secrecy(&line[c.end..])
                {
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

/// A document name opening with `S`, a separator and a US control of
/// [`FILE_CONTROLS`] (`S-NF_imagery.pptx`, `S_NF_cable.txt`): SECRET with a US
/// control, which the keyword prefilter cannot see.
fn opens_with_controlled_s(name: &str) -> bool {
    let Some(rest) = name.strip_prefix(['S', 's']) else {
        return false;
    };
    let Some(rest) = rest.strip_prefix(['-', '_', '.', ' ']) else {
        return false;
    };
    let word = &rest[..rest.find(['-', '_', '.', ' ']).unwrap_or(rest.len())];
    FILE_CONTROLS.iter().any(|c| c.eq_ignore_ascii_case(word))
}

/// A document name opening with a portion mark of SECRET or above (`(S) Nettlebarrow
/// costings.xlsx`, `(TS) …`), which the keyword prefilter cannot see.
fn opens_with_portion_mark(name: &str) -> bool {
    name.strip_prefix('(').is_some_and(|rest| {
        ["S)", "TS)", "NS)", "CTS)"]
            .iter()
            .any(|m| rest.starts_with(m))
    })
}

/// The text opens or ends with the word `NS` (`NS – brief for Thursday`, `Marking:
/// NS`): NATO SECRET abbreviated, which no prefilter literal can stand for (`NS` is
/// inside too many words), so only these two places, read in constant time, let it
/// through.
fn opens_or_ends_with_ns(text: &str) -> bool {
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let head = text.trim_start_matches(|c: char| !c.is_alphanumeric());
    let tail = text.trim_end_matches(|c: char| c.is_whitespace() || c == '.');
    (head.starts_with("NS") && !word(head[2..].chars().next()))
        || (tail.ends_with("NS") && !word(tail[..tail.len() - 2].chars().next_back()))
}

/// A spreadsheet formula opening with the function that upper-cases text
/// (`=UPPER(…)`, `+upper(…)`).
fn is_upper_formula(text: &str) -> bool {
    let t = text.trim_start();
    t.strip_prefix(['=', '+', '@'])
        .and_then(|r| r.get(..6))
        .is_some_and(|f| f.eq_ignore_ascii_case("UPPER("))
}
