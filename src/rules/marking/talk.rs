//! Telling text that *talks about* a marking ("all such material must be marked
//! OFFICIAL-SENSITIVE", "the old tiers were PROTECT, RESTRICTED, CONFIDENTIAL") from
//! text that *carries* one, for a marking in running text.
//!
//! The cues are vocabulary, kept here as tables: words earlier in the same sentence
//! (modals, questions, conditionals, negation, the vocabulary of the policy itself),
//! the word right after the marking (a verb when the marking is the subject, a generic
//! noun such as "material" or "documents"), a sentence ending in `?`, and several
//! markings in one sentence. A marking that stands on its own (a line of its own, a
//! header, a file name, a formula, a label at the start of a line) is never talk.

use super::context::{is_document_extension, is_talk_file_name};
use super::talk_words::{
    ADVERBS, AFTER, AFTER_SUBJECT, BEFORE, CLAUSE_BREAKS, CLAUSE_THAT, CONDITIONALS, COPULAS,
    COPY_NOUNS, COURSES, DEFINING, DEICTIC, EVERY, EVERYTHING, GENERAL, GENERIC_MODALS, GLOSSES,
    HEDGE_PAIRS, HEDGES, INCIDENT, KIND_ADJECTIVES, KIND_NOUNS, LEVEL_WORDS, MARKING_PREFIXES,
    MARKING_STEMS, MARKING_VERBS, NAMED_AFTER, ORDERING, PARTICIPLES, PLACES, PLACING, POINTING,
    POLICY_NOUNS, PRACTICE_PLACES, QUOTES, REMOVING, REPORTING, RULE_VERBS, SAYING, SPECIFIC,
    TAG_QUESTIONS, THRESHOLD, TIER_WORDS, TOPIC_OBJECTS, TOPIC_OPENERS, YES_NO,
};
use super::vocab::{DOCUMENT_NOUNS, PORTION_MARKS};

/// Lower-case words of `s` (letters, digits, `'` and `-`), in order.
fn words(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'))
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .map(|w| w.replace('’', "'").trim_matches(['\'', '-']).to_lowercase())
}

/// True when the byte at `i` ends a sentence: `!`, `?`, `;`, a line break, or a `.`
/// not inside an abbreviation (`e.g.`, `i.e.`: a single letter before it, or a
/// letter right after it).
fn is_stop(text: &str, i: usize) -> bool {
    let b = text.as_bytes();
    match b[i] {
        b'!' | b'?' | b';' | b'\n' => true,
        b'.' => {
            let letter_after = b.get(i + 1).is_some_and(u8::is_ascii_alphabetic);
            let single_before = i >= 1
                && b[i - 1].is_ascii_alphabetic()
                && (i < 2 || !b[i - 2].is_ascii_alphanumeric());
            !(letter_after || single_before)
        }
        _ => false,
    }
}

/// Byte range of the sentence holding `start..end`: from after the previous stop
/// (see [`is_stop`]) to the next one (inclusive of a closing `?`).
pub(super) fn sentence(text: &str, start: usize, end: usize) -> (usize, usize) {
    let s = (0..start)
        .rev()
        .find(|&i| is_stop(text, i))
        .map_or(0, |i| i + 1);
    let e = (end..text.len())
        .find(|&i| is_stop(text, i))
        .map_or(text.len(), |i| i + 1);
    (s, e)
}

/// A word of [`BEFORE`]; a negation (`haven't`, `won't`); a quantifier over
/// everything with its verb run on (`everything's`); classifying at all; or a verb
/// of marking with a prefix ([`MARKING_PREFIXES`]: `re-mark`, `auto-label`,
/// `over-classifying`, `downgrading`).
fn is_cue_word(w: &str) -> bool {
    let prefixed = MARKING_PREFIXES.iter().any(|p| {
        w.strip_prefix(p).is_some_and(|r| {
            let r = r.strip_prefix('-').unwrap_or(r);
            MARKING_STEMS.iter().any(|m| r.starts_with(m))
        })
    });
    BEFORE.contains(&w)
        || INCIDENT.contains(&w)
        || w == "classifying"
        || w.ends_with("n't")
        || w.strip_suffix("'s")
            .is_some_and(|q| ["everything", "anything", "nothing"].contains(&q))
        || prefixed
}

/// The words before the marking end in a participle of marking or sending (see
/// [`PARTICIPLES`]; `sent` only with `as`) with a word before it: a report of how
/// something was marked. Not after a copula in the present (`this one is marked
/// SECRET so …` says what the text at hand carries).
fn is_reported(before: &[String]) -> bool {
    let (verb, rest) = match before {
        [rest @ .., verb, as_] if as_ == "as" => (verb, rest),
        [rest @ .., verb] if verb != "sent" => (verb, rest),
        // (a past passive: `the advice was sent OFFICIAL-SENSITIVE LEGAL but …`)
        [rest @ .., was, verb] if ["was", "were", "been"].contains(&was.as_str()) => {
            return !rest.is_empty() && verb == "sent";
        }
        _ => return false,
    };
    let present = rest
        .last()
        .is_some_and(|w| ["is", "are", "it's", "that's", "am"].contains(&w.as_str()));
    !rest.is_empty() && !present && PARTICIPLES.contains(&verb.as_str())
}

/// `rest`, the text after a marking opening its sentence, goes on past a `:` or a
/// dash with a question about the level (`SECRET – is that the right level for …?`,
/// `CONFIDENTIAL – was that above or below RESTRICTED?`, see [`LEVEL_WORDS`]), a
/// question about `it` (see [`YES_NO`]), a definition after `=`, a title about the
/// marking (`OFFICIAL-SENSITIVE: when to use it`, see [`TOPIC_OPENERS`]), or, on the
/// rest of its line, a word of a course about the scheme (see [`COURSES`]): it talks
/// about the marking.
pub(super) fn asks_or_explains(rest: &str) -> bool {
    // (past a closing quote: `"SECRET//NOFORN" – is that even allowed …?`)
    let t = rest.trim_start_matches([' ', '\t', '"', '”', '»', '\'', '’']);
    // (`TS//SCI = top secret, sensitive compartmented information`: a definition)
    if t.strip_prefix('=').is_some_and(|d| d.starts_with(' ')) {
        return true;
    }
    // (a course about it: `TOP SECRET – STRAP handling e-learning (mandatory …)`)
    if words(t.split('\n').next().unwrap_or_default()).any(|w| COURSES.contains(&w.as_str())) {
        return true;
    }
    let Some(t) = t.strip_prefix([':', '-']) else {
        return false;
    };
    let stop = (0..t.len())
        .find(|&i| is_stop(t, i))
        .map_or(t.len(), |i| i + 1);
    let first = &t[..stop];
    let said: Vec<String> = words(first).collect();
    let topic = said
        .first()
        .is_some_and(|w| TOPIC_OPENERS.contains(&w.as_str()))
        && said
            .iter()
            .skip(1)
            .take(4)
            .any(|w| TOPIC_OBJECTS.contains(&w.as_str()));
    // (a question about it: the scheme's words, another tier in capitals, `when do you
    // actually need it?`)
    let other_tier = first
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .any(|w| {
            w.len() > 1
                && !w.chars().any(char::is_lowercase)
                && TIER_WORDS.contains(&w.to_lowercase().as_str())
        });
    // (or a yes-no question with `it` as its subject: `can it go to a personal email
    // address?`, `remind me, can it be sent unencrypted …?`)
    let it_subject = said
        .windows(2)
        .any(|p| YES_NO.contains(&p[0].as_str()) && (p[1] == "it" || p[1] == "that"));
    let about_it = (said
        .first()
        .is_some_and(|w| TOPIC_OPENERS.contains(&w.as_str()))
        && said.iter().any(|w| w == "it"))
        || it_subject;
    topic
        || (is_question(first)
            && (other_tier || about_it || said.iter().any(|w| LEVEL_WORDS.contains(&w.as_str()))))
}

/// The marking is listed with another tier written as a word in capitals, joined by
/// `and`, `or`, `/`, `&` or `,` (`PROTECT and RESTRICTED don't map across`): a list
/// of markings talked about.
fn is_listed_with_tier(text: &str, s: usize, start: usize, end: usize, e: usize) -> bool {
    let blanks = [' ', '\t'];
    let is_word = |c: char| c.is_alphanumeric() || c == '-';
    let is_tier = |w: &str| {
        w.len() > 1
            && !w.chars().any(char::is_lowercase)
            && TIER_WORDS.contains(&w.to_lowercase().as_str())
    };
    let before = text[s..start].trim_end_matches(blanks);
    let before = before
        .strip_suffix([',', '/', '&'])
        .or_else(|| before.strip_suffix(" and"))
        .or_else(|| before.strip_suffix(" or"));
    let prev = before.is_some_and(|b| {
        let b = b.trim_end_matches(blanks);
        is_tier(&b[b.rfind(|c: char| !is_word(c)).map_or(0, |i| i + 1)..])
    });
    let after = text[end..e].trim_start_matches(blanks);
    let after = after
        .strip_prefix([',', '/', '&'])
        .or_else(|| after.strip_prefix("and "))
        .or_else(|| after.strip_prefix("or "));
    let next = after.is_some_and(|a| {
        let a = a.trim_start_matches(blanks);
        is_tier(&a[..a.find(|c: char| !is_word(c)).unwrap_or(a.len())])
    });
    prev || next
}

/// The sentence asks a question: it ends in `?`, and not only in a tag after a
/// comma (`the rest of this chat is SECRET until Friday, ok?`, see [`TAG_QUESTIONS`]).
fn is_question(sentence: &str) -> bool {
    let Some(asked) = sentence.trim_end().strip_suffix('?') else {
        return false;
    };
    let tag = asked.rfind(',').map_or("", |i| asked[i + 1..].trim());
    !TAG_QUESTIONS.contains(&tag.to_lowercase().as_str())
}

/// The marking at `start..end` is enclosed in quotes and a word precedes the
/// opening quote on its line (`the answer was "TOP SECRET"`).
fn quoted_in_sentence(text: &str, start: usize, end: usize) -> bool {
    if !is_quoted(text, start, end) {
        return false;
    }
    let before = text[..start].trim_end_matches([' ', '\t']);
    let open = before.chars().next_back().map_or(0, char::len_utf8);
    let line = before[..before.len() - open]
        .rsplit('\n')
        .next()
        .unwrap_or_default();
    line.chars().any(char::is_alphanumeric)
}

/// How many of the words before the marking can make it talk: all of its sentence
/// before it, or, when a copula puts the marking right after its subject (`the rest
/// is SECRET`), only those of its own clause (since the last `,` or a conjunction
/// that starts a clause, see [`CLAUSE_BREAKS`]: `I've marked it up but the whole
/// annex is TOP SECRET`).
fn cue_scope(text: &str, s: usize, start: usize, before: &[String]) -> usize {
    if !before.last().is_some_and(|w| COPULAS.contains(&w.as_str())) {
        return before.len();
    }
    let clause = text[s..start].rfind(',').map_or(s, |i| s + i + 1);
    let clause: Vec<String> = words(&text[clause..start]).collect();
    let from = clause
        .iter()
        .rposition(|w| CLAUSE_BREAKS.contains(&w.as_str()))
        .map_or(0, |i| i + 1);
    clause.len() - from
}

/// A cue word (see [`BEFORE`]) among `scope`, the words of [`cue_scope`], or a
/// conditional anywhere in the sentence before the marking. After a copula,
/// `everything` with a word pointing at the text at hand (`everything in this group
/// is SECRET`, see [`DEICTIC`]) says what this text carries, not how material in
/// general is marked.
fn has_cue_before(scope: &[String], before: &[String]) -> bool {
    let copula = before.last().is_some_and(|w| COPULAS.contains(&w.as_str()));
    // (after `as` too: `treat everything below this line as SECRET`)
    let complement = copula || before.last().is_some_and(|w| w == "as");
    let here = complement && scope.iter().any(|w| DEICTIC.contains(&w.as_str()));
    // (a subject pointed at, `the printed board papers are OFFICIAL-SENSITIVE`, names
    // particular papers: its noun is no cue)
    let named = copula
        && scope
            .first()
            .is_some_and(|w| POINTING.contains(&w.as_str()));
    scope.iter().any(|w| {
        is_cue_word(w)
            && !(here && w == "everything")
            && !(named && KIND_NOUNS.contains(&w.as_str()))
    }) || before.iter().any(|w| CONDITIONALS.contains(&w.as_str()))
}

/// The marking at `start..end` stands between a pair of quotes (see [`QUOTES`]).
fn is_quoted(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].trim_end_matches([' ', '\t']);
    let after = text[end..].trim_start_matches([' ', '\t']);
    before.chars().next_back().is_some_and(|open| {
        QUOTES
            .iter()
            .any(|&(o, c)| o == open && after.starts_with(c))
    })
}

/// A portion mark written inside the sentence (`a paragraph starting (S) is
/// SECRET`): with the marking beside it, the sentence explains the mark.
fn has_portion_mark(s: &str) -> bool {
    s.match_indices('(').any(|(i, _)| {
        let rest = &s[i + 1..];
        PORTION_MARKS.iter().any(|m| {
            rest.strip_prefix(m)
                .is_some_and(|r| r.starts_with(')') || r.starts_with("//"))
        })
    })
}

/// `the`, `this` … before the marking and a noun for a copy or version of a document,
/// or for a document (see [`COPY_NOUNS`], [`DOCUMENT_NOUNS`]: `bring the SECRET pack
/// to the 2pm?`) after it: the sentence points at the marked paper at hand. Not a
/// course (`the TOP SECRET briefing is compulsory`, see [`NAMED_AFTER`]), a phrase in
/// quotes (`is it ok to say "the SECRET paper"`), or an incident by someone not named
/// (`who forwarded the TOP SECRET readout`, see [`INCIDENT`]).
fn names_marked_copy(text: &str, s: usize, start: usize, end: usize) -> bool {
    let head: Vec<String> = words(&text[s..start]).collect();
    let Some(pointer) = head.last().filter(|w| POINTING.contains(&w.as_str())) else {
        return false;
    };
    let before_pointer = text[s..start].trim_end_matches([' ', '\t']);
    let before_pointer = before_pointer[..before_pointer.len() - pointer.len()].trim_end();
    let quoted = before_pointer
        .chars()
        .next_back()
        .is_some_and(|c| QUOTES.iter().any(|&(open, _)| open == c));
    let incident = head.iter().any(|w| INCIDENT.contains(&w.as_str()));
    let noun = words(&text[end..]).next();
    let paper = noun.as_deref().is_some_and(|w| {
        COPY_NOUNS.contains(&w) || (DOCUMENT_NOUNS.contains(&w) && !NAMED_AFTER.contains(&w))
    });
    text[end..].starts_with(' ') && paper && !quoted && !incident
}

/// Where a document name written with blanks ends, when the marking opens one: a
/// word with a document extension (`wrap.pdf`) among the next few words of its
/// sentence (`the file's called TOP SECRET STRAP 2 Calderwisp wrap.pdf and …`).
fn document_name_end(text: &str, end: usize, e: usize) -> Option<usize> {
    let rest = &text[end..e];
    let mut words = 0;
    for (i, c) in rest.char_indices() {
        if c == ' ' {
            words += 1;
            if words > 6 {
                return None;
            }
        } else if c == '.' && is_document_extension(text, end + i) {
            let ext = rest[i + 1..]
                .find(|c: char| !c.is_ascii_alphanumeric())
                .map_or(rest.len(), |n| i + 1 + n);
            return Some(end + ext);
        }
    }
    None
}

/// The text glosses a term (see [`GLOSSES`]: `what OFFSEN stands for`).
fn glosses(text: &str) -> bool {
    GLOSSES.iter().any(|g| {
        text.as_bytes()
            .windows(g.len())
            .any(|w| w.eq_ignore_ascii_case(g.as_bytes()))
    })
}

/// A hedge right before the marking (see [`HEDGES`], [`HEDGE_PAIRS`]): `basically
/// OFFICIAL-SENSITIVE`, `sort of SECRET`.
fn is_hedged(before: &[String]) -> bool {
    match before {
        [.., a, b] if HEDGE_PAIRS.iter().any(|&(x, y)| a == x && b == y) => true,
        [.., last] => HEDGES.contains(&last.as_str()),
        [] => false,
    }
}

/// With nothing pointing at one thing before it (`specific`), the marking, a kind of
/// paper (see [`KIND_NOUNS`]) and a verb of a rule (`SECRET hard copies go by approved
/// courier`, `TOP SECRET papers aren't to leave the building`): a handling rule.
fn states_handling_rule(specific: bool, after: &[String]) -> bool {
    let rule = |words: &[String]| {
        matches!(words, [noun, verb, ..]
            if KIND_NOUNS.contains(&noun.as_str()) && RULE_VERBS.contains(&verb.as_str()))
    };
    let adjective = after
        .first()
        .is_some_and(|a| KIND_ADJECTIVES.contains(&a.as_str()));
    !specific && (rule(after) || (adjective && rule(&after[1..])))
}

/// The marking taken off something (`stripping OFFICIAL-SENSITIVE off drafts`, see
/// [`REMOVING`]) or put on everything (`OFFSEN on everything`, see [`EVERYTHING`]):
/// a practice talked about.
fn removed_or_everywhere(before: &[String], after: &[String]) -> bool {
    let removed = before
        .last()
        .is_some_and(|w| REMOVING.contains(&w.as_str()))
        && after.first().is_some_and(|w| w == "off" || w == "from");
    let everywhere =
        matches!(after, [on, all, ..] if on == "on" && EVERYTHING.contains(&all.as_str()));
    removed || everywhere
}

/// The marking is the complement of a copula whose subject points at papers (`Bea,
/// those minutes are OFFICIAL-SENSITIVE, can you pull them off the noticeboard?`),
/// and the question comes in a later clause, after a comma, about something other than
/// the level (no `it`, `that` or word of the scheme, see [`LEVEL_WORDS`]): it asks what
/// to do with the papers, whose marking the sentence states.
fn asks_of_papers_pointed_at(text: &str, s: usize, start: usize, end: usize, e: usize) -> bool {
    let clause = text[s..start].rfind(',').map_or(s, |i| s + i + 1);
    let subject: Vec<String> = words(&text[clause..start]).collect();
    let copula = subject
        .last()
        .is_some_and(|w| COPULAS.contains(&w.as_str()));
    let pointed = subject
        .first()
        .is_some_and(|w| POINTING.contains(&w.as_str()));
    let Some(later) = text[end..e]
        .trim_start_matches([' ', '\t'])
        .strip_prefix(',')
    else {
        return false;
    };
    let about_level = words(later).any(|w| {
        w == "it"
            || w == "that"
            || LEVEL_WORDS.contains(&w.as_str())
            || TIER_WORDS.contains(&w.as_str())
    });
    copula && pointed && subject.len() >= 3 && !about_level
}

/// True when the marking at `start..end` is talked about rather than carried.
/// `others` counts the other candidate markings in the same text, with their starts;
/// `bare` says the marking is a tier alone (no caveat, handling or descriptor).
pub(super) fn is_talk(text: &str, start: usize, end: usize, others: &[usize], bare: bool) -> bool {
    if bare && quoted_in_sentence(text, start, end) {
        return true;
    }
    if glosses(text) {
        return true;
    }
    let (s, e) = sentence(text, start, end);
    // A document's name, blanks and all: it says itself whether it is talk
    // (`TOP SECRET handling guide.pdf`), not the sentence it is named in.
    if let Some(name_end) = document_name_end(text, end, e) {
        return is_talk_file_name(&text[start..name_end], 0, end - start);
    }
    if names_marked_copy(text, s, start, end) {
        return false;
    }
    if is_question(&text[s..e]) && !asks_of_papers_pointed_at(text, s, start, end, e) {
        return true;
    }
    if others.iter().any(|&o| o >= s && o < e)
        || has_portion_mark(&text[s..start])
        || has_portion_mark(&text[end..e])
    {
        return true;
    }
    let before: Vec<String> = words(&text[s..start]).collect();
    if (before.is_empty() && asks_or_explains(&text[end..e]))
        || is_listed_with_tier(text, s, start, end, e)
    {
        return true;
    }
    // `Remember to put OFFICIAL-SENSITIVE in …`, `LOCSEN goes after OFFICIAL-SENSITIVE`
    let placed = match before.as_slice() {
        [.., verb, order] if ["after", "before", "with"].contains(&order.as_str()) => {
            ORDERING.contains(&verb.as_str())
        }
        [.., verb] => PLACING.contains(&verb.as_str()),
        [] => false,
    };
    // `I said TOP SECRET`, `no SECRET discussion in the bar`: the word said, or no
    // such thing at all.
    // (`who knows what OFFICIAL-SENSITIVE: COMMERCIAL obliges them to do`: what it does)
    let said = before
        .last()
        .is_some_and(|w| w == "no" || w == "what" || (bare && SAYING.contains(&w.as_str())));
    if placed || said || is_hedged(&before) || is_reported(&before) {
        return true;
    }
    let scope = &before[before.len() - cue_scope(text, s, start, &before)..];
    if has_cue_before(scope, &before) {
        return true;
    }
    if scope.len() >= 2
        && scope[..scope.len() - 1]
            .iter()
            .any(|w| REPORTING.contains(&w.as_str()))
    {
        return true;
    }
    // `every paper from that team is SECRET now`: a claim about a kind of material.
    if before.last().is_some_and(|w| COPULAS.contains(&w.as_str()))
        && scope.iter().any(|w| EVERY.contains(&w.as_str()))
        && !scope.iter().any(|w| DEICTIC.contains(&w.as_str()))
    {
        return true;
    }
    if let Some(q) = scope.iter().position(|w| GENERAL.contains(&w.as_str()))
        && scope[q..]
            .iter()
            .any(|w| MARKING_VERBS.contains(&w.as_str()))
    {
        return true;
    }
    let after: Vec<String> = words(&text[end..e]).collect();
    // `X is …` is a statement about the marking wherever it stands in running text
    // (`the slides explain that TOP SECRET is reserved for …`); `that` after a verb
    // taking a clause, or after its object (`remind the team that …`), opens one.
    let specific = match before.as_slice() {
        [head @ .., that] if that == "that" => !head
            .iter()
            .rev()
            .take(3)
            .any(|w| CLAUSE_THAT.contains(&w.as_str())),
        [.., last] => SPECIFIC.contains(&last.as_str()),
        [] => false,
    };
    // `Printing OFFICIAL-SENSITIVE at home isn't banned`, `Sending SECRET over
    // WhatsApp …`: a gerund opening the sentence, the marking its object and a place
    // or channel after it: a practice talked about.
    // (and with no gerund, a channel: `OFFICIAL-SENSITIVE over Signal on personal
    // phones is a no`)
    let practice = (matches!(before.as_slice(), [gerund] if gerund.len() > 4 && gerund.ends_with("ing"))
        && after
            .first()
            .is_some_and(|w| PRACTICE_PLACES.contains(&w.as_str())))
        || after.first().is_some_and(|w| w == "over" || w == "via");
    // `OFFICIAL-SENSITIVE at most for …`, `… at least`: a threshold
    let threshold = matches!(after.as_slice(), [at, bound, ..] if at == "at" && (bound == "most" || bound == "least"));
    if practice
        || threshold
        || states_handling_rule(specific, &after)
        || removed_or_everywhere(&before, &after)
    {
        return true;
    }
    // `SECRET at top and bottom of every page`, `… in their email signature`
    let place = after
        .first()
        .is_some_and(|at| ["at", "in", "on"].contains(&at.as_str()))
        && after
            .iter()
            .skip(1)
            .take(3)
            .any(|w| PLACES.contains(&w.as_str()));
    // `the SECRET marking`, `the SECRET handling refresher` (not `… briefing pack`)
    // (not a title opened by the marking in quotes: `«OFFICIAL-SENSITIVE» briefing for
    // the visit`)
    let opened = before.is_empty() && text[..start].trim_end().ends_with(['«', '"', '“', '[']);
    let named = !opened
        && match after.as_slice() {
            [noun, next, ..] => {
                NAMED_AFTER.contains(&noun.as_str()) && !DOCUMENT_NOUNS.contains(&next.as_str())
            }
            [noun] => NAMED_AFTER.contains(&noun.as_str()),
            [] => false,
        };
    // `a SECRET document must be downgraded by …`: a rule about a kind of thing.
    let generic = before.last().is_some_and(|a| a == "a" || a == "an")
        && after
            .get(1)
            .is_some_and(|m| GENERIC_MODALS.contains(&m.as_str()));
    if place
        || named
        || generic
        || after.iter().any(|w| POLICY_NOUNS.contains(&w.as_str()))
        || (is_quoted(text, start, end) && after.iter().any(|w| DEFINING.contains(&w.as_str())))
    {
        return true;
    }
    // The word right after the marking, when nothing but blanks or a closing quote
    // stands between them (`… is SECRET, can we …` goes on in another clause).
    let direct = text[end..e]
        .trim_start_matches([' ', '\t', '"', '”', '’', '\'', '»'])
        .starts_with(char::is_alphanumeric);
    let Some(next) = after.first().cloned().filter(|_| direct) else {
        return false;
    };
    // (past an adverb: `REL TO USA, GBR just means …`)
    let next = match after.get(1) {
        Some(verb) if ADVERBS.contains(&next.as_str()) => verb.clone(),
        _ => next,
    };
    let joins = ["or", "and"].contains(&next.as_str());
    // `… is TOP SECRET and shouldn't be on here`: a clause goes on after the marking.
    let clause_after = joins
        && before.last().is_some_and(|w| COPULAS.contains(&w.as_str()))
        && after
            .get(1)
            .is_some_and(|w| !THRESHOLD.contains(&w.as_str()));
    if clause_after {
        return false;
    }
    (AFTER.contains(&next.as_str()) && (!specific || joins))
        || (AFTER_SUBJECT.contains(&next.as_str()))
}

#[cfg(test)]
#[path = "talk_tests.rs"]
mod tests;
