//! Samples of talk told from carrying, for `talk`: each cue with a line it makes
//! talk and, where it could over-reach, a line that still carries the marking.

use super::*;

fn talk(text: &str, word: &str) -> bool {
    let start = text.find(word).unwrap();
    is_talk(text, start, start + word.len(), &[], true)
}

#[test]
fn talk_and_carrying() {
    assert!(talk(
        "all such material must be marked OFFICIAL-SENSITIVE",
        "OFFICIAL"
    ));
    assert!(talk("does this need to be SECRET?", "SECRET"));
    assert!(talk(
        "NATO RESTRICTED is roughly equivalent",
        "NATO RESTRICTED"
    ));
    assert!(talk("how to handle SECRET documents", "SECRET"));
    assert!(!talk("this is SECRET so don't forward it", "SECRET"));
    assert!(!talk(
        "Attaching the SECRET sitrep, shout if it doesn't open",
        "SECRET"
    ));
    assert!(!talk("the TOP SECRET annex is in the box", "TOP SECRET"));
    assert!(!talk("here is the SECRET material from the call", "SECRET"));
    assert!(talk("SECRET material must stay in the building", "SECRET"));
    assert!(talk(
        "The quiz answer was \"TOP SECRET\" – the highest tier.",
        "TOP SECRET"
    ));
    assert!(talk(
        "The slides say that TOP SECRET is reserved for the gravest threats.",
        "TOP SECRET"
    ));
    assert!(talk(
        "Reminder: OFFICIAL-SENSITIVE is fine on Teams but not on phones.",
        "OFFICIAL-SENSITIVE"
    ));
    assert!(!talk("\"TOP SECRET\" readout below", "TOP SECRET"));
    assert!(talk(
        "Someone marked the tea rota SECRET as a joke",
        "SECRET"
    ));
    assert!(!talk(
        "this one is marked SECRET so keep it off phones",
        "SECRET"
    ));
    assert!(talk(
        "every returns form is graded SECRET once filled in",
        "SECRET"
    ));
    assert!(!talk("all of it is SECRET so keep it close", "SECRET"));
    assert!(talk(
        "Note that SECRET papers can only be read in the office",
        "SECRET"
    ));
    assert!(!talk("I've sent that SECRET annex to you", "SECRET"));
    assert!(talk("Stop typing SECRET on the rota", "SECRET"));
    assert!(talk(
        "Please mark the budget pack OFFICIAL-SENSITIVE before sending",
        "OFFICIAL-SENSITIVE"
    ));
    assert!(talk("He is now cleared to SECRET (SC)", "SECRET"));
    assert!(talk(
        "The label OFFICIAL-SENSITIVE becomes the default next month",
        "OFFICIAL-SENSITIVE"
    ));
    assert!(talk("From the drop-down pick TOP SECRET", "TOP SECRET"));
    assert!(talk("SECRET lives on the other network", "SECRET"));
    assert!(!talk(
        "what I'm sending is TOP SECRET and should stay off here",
        "TOP SECRET"
    ));
    assert!(talk("the bar is SECRET or above", "SECRET"));
    assert!(talk(
        "The SECRET holdings audit is on Tuesday, check your entries",
        "SECRET"
    ));
    assert!(!talk("the SECRET annex works out at ten pages", "SECRET"));
}

#[test]
fn clauses_quotes_and_practice() {
    // `is that` opens a clause; marking done wrong, or by many, is a practice
    assert!(talk(
        "The lesson is that SECRET material never belongs in a group",
        "SECRET"
    ));
    assert!(talk(
        "too many emails were wrongly marked OFFICIAL-SENSITIVE",
        "OFFICIAL-SENSITIVE"
    ));
    assert!(talk("She's got DV so she can see TOP SECRET", "TOP SECRET"));
    // after a copula, cues of another clause do not reach the marking …
    assert!(!talk("Can't say more here, the rest is SECRET", "SECRET"));
    assert!(!talk("Don't forward this, it's TOP SECRET", "TOP SECRET"));
    // … but conditionals do
    assert!(talk(
        "If it names anyone, it's OFFICIAL-SENSITIVE",
        "OFFICIAL-SENSITIVE"
    ));
    // the word after a comma starts another clause
    assert!(!talk(
        "that whole thread is SECRET, can we move to the proper system",
        "SECRET"
    ));
    assert!(talk("SECRET can go on the other network", "SECRET"));
    // a quoted marking explained later in its sentence
    assert!(talk(
        "\"SECRET\" on its own at the top of an email means it shouldn't be here",
        "SECRET"
    ));
    assert!(!talk(
        "«SECRET» minute on the Ashcombe visit is in the folder",
        "SECRET"
    ));
    // a portion mark explained
    assert!(talk(
        "in the US a paragraph starting (S) is SECRET",
        "SECRET"
    ));
    assert!(talk("TOP SECRET is (TS) in a portion mark", "TOP SECRET"));
}

#[test]
fn copula_clauses_pointing_at_the_text_and_tag_questions() {
    // `everything` with a word pointing at this text, after a copula, carries it …
    assert!(!talk(
        "Everything above this line is TOP SECRET",
        "TOP SECRET"
    ));
    assert!(!talk(
        "everything in this chat from today is SECRET",
        "SECRET"
    ));
    // … but not about material in general
    assert!(talk("Everything is SECRET these days apparently", "SECRET"));
    assert!(talk("Not everything needs to be SECRET", "SECRET"));
    // a conjunction starts the marking's own clause after a copula
    assert!(!talk(
        "I've tidied it up but the whole pack is SECRET",
        "SECRET"
    ));
    assert!(talk("Sam marked the rota SECRET but it isn't", "SECRET"));
    // a tag asking for agreement is no question about the marking
    assert!(!talk(
        "the whole chat is SECRET from here on, ok?",
        "SECRET"
    ));
    assert!(!talk(
        "this thread is TOP SECRET now, understood?",
        "TOP SECRET"
    ));
    assert!(talk("is this whole thread SECRET, then?", "SECRET"));
    assert!(talk("is everything in this folder SECRET?", "SECRET"));
}

#[test]
fn placing_ordering_listing_and_over_marking() {
    // a verb of placing right before it, or a place on the page right after it
    assert!(talk(
        "Don't forget to add OFFICIAL-SENSITIVE to the subject",
        "OFFICIAL-SENSITIVE"
    ));
    assert!(talk(
        "The rule is TOP SECRET in the footer too",
        "TOP SECRET"
    ));
    assert!(talk(
        "the banner reads SECRET at the top of each page",
        "SECRET"
    ));
    assert!(!talk("I'll put the SECRET annex in the safe", "SECRET"));
    assert!(!talk("the Ashby pack is SECRET at the moment", "SECRET"));
    assert!(!talk("this is SECRET so put it in the safe", "SECRET"));
    // where a part of a marking goes
    assert!(talk(
        "PERSONAL goes after OFFICIAL-SENSITIVE",
        "OFFICIAL-SENSITIVE"
    ));
    assert!(talk("UKEO comes after SECRET, never before", "SECRET"));
    // tiers listed together, even one that alone would not count
    assert!(talk(
        "CONFIDENTIAL or RESTRICTED, I forget which",
        "RESTRICTED"
    ));
    assert!(talk("the old stamp said RESTRICTED/PROTECT", "RESTRICTED"));
    // marking too high or too low, classifying at all
    assert!(talk(
        "Overmarking things SECRET wastes everyone's time",
        "SECRET"
    ));
    assert!(talk(
        "under-classifying it as OFFICIAL-SENSITIVE is the bigger risk",
        "OFFICIAL-SENSITIVE"
    ));
}

#[test]
fn a_marking_opening_a_question_or_title_about_it() {
    // (in normalised text, where every dash is `-`)
    assert!(asks_or_explains(" - is this the right level for the rota?"));
    assert!(asks_or_explains(": what it means for your team"));
    assert!(asks_or_explains(" - when to use it and when not"));
    assert!(asks_or_explains(
        " - is that the right classification, do you think?"
    ));
    assert!(!asks_or_explains(
        " - can you check the annex numbers before 3?"
    ));
    assert!(!asks_or_explains(
        " - how to get to the site is in the pack"
    ));
    assert!(!asks_or_explains(": why the date moved, see below"));
    assert!(!asks_or_explains(" revised grid, what level of detail?"));
    // a question in the scheme's words, naming another tier, or about `it`
    assert!(asks_or_explains(
        ": does it have an equivalent in the US system?"
    ));
    assert!(asks_or_explains(" - is that a caveat or a descriptor?"));
    assert!(asks_or_explains(" - is it higher than RESTRICTED was?"));
    assert!(asks_or_explains(": when would a team really use it?"));
    assert!(!asks_or_explains(": when do we land? I'll bring the pack"));
    // a yes-no question about `it`, the scheme's words, past a closing quote
    assert!(asks_or_explains(": can it go on a personal phone?"));
    assert!(asks_or_explains(
        " - remind me, could it be emailed to the council?"
    ));
    assert!(asks_or_explains(
        " - what's the destruction method for old copies?"
    ));
    assert!(asks_or_explains(
        "\" - is that even allowed on our own papers?"
    ));
    assert!(!asks_or_explains(" - can you read the annex before 3?"));
    assert!(!asks_or_explains(" - can we still meet at 0700?"));
    // a course or explainer about the scheme on the rest of the line
    assert!(asks_or_explains(" - caveats e-learning (due by Friday)"));
    assert!(asks_or_explains(
        ": what to do with copies - FAQ for the Merrow team"
    ));
    assert!(asks_or_explains(
        " - refresher for the private office, week 2"
    ));
    assert!(!asks_or_explains(" - guide to the Ashcombe site visit"));
    assert!(!asks_or_explains(
        " - course of action 2 for the Ferrowby landing"
    ));
}

#[test]
fn abbreviations_do_not_end_sentences() {
    let text = "caveats go after the tier, e.g. after SECRET, not before.";
    let at = text.find("SECRET").unwrap();
    assert_eq!(sentence(text, at, at + 6), (0, text.len()));
}

#[test]
fn a_report_of_how_something_was_marked() {
    assert!(talk(
        "Priya spotted a binder marked SECRET on the train and rang us",
        "SECRET"
    ));
    assert!(talk(
        "the note was marked TOP SECRET - UK EYES ONLY, so it stays off Teams",
        "TOP SECRET"
    ));
    assert!(talk(
        "Corwin wants the letters labelled OFFICIAL-SENSITIVE before they go",
        "OFFICIAL-SENSITIVE"
    ));
    assert!(talk(
        "It came through sent as OFFICIAL-SENSITIVE so I filed it",
        "OFFICIAL-SENSITIVE"
    ));
    assert!(talk(
        "Please re-mark the rota from SECRET to OFFICIAL",
        "SECRET"
    ));
    assert!(talk(
        "the auto-labeller keeps setting my drafts to OFFICIAL-SENSITIVE",
        "OFFICIAL-SENSITIVE"
    ));
    // still carried: the text is at the tier, or the tier follows a copula
    assert!(!talk(
        "the whole pack is SECRET so keep it in the safe",
        "SECRET"
    ));
    assert!(!talk("I've sent SECRET notes over the high side", "SECRET"));
    assert!(!talk(
        "Attached is the TOP SECRET annex for Tuesday",
        "TOP SECRET"
    ));
}

#[test]
fn a_marking_named_as_a_thing_or_a_topic() {
    assert!(talk(
        "The TOP SECRET sticker fell off the cabinet",
        "TOP SECRET"
    ));
    assert!(talk("the SECRET marking goes on every page", "SECRET"));
    assert!(talk(
        "Booked onto the SECRET handling course for May",
        "SECRET"
    ));
    assert!(talk(
        "the NATO SECRET induction is on Thursday",
        "NATO SECRET"
    ));
    assert!(talk(
        "an OFFICIAL-SENSITIVE email should never be auto-forwarded",
        "OFFICIAL-SENSITIVE"
    ));
    assert!(talk("we haven't used PROTECT since the reforms", "PROTECT"));
    assert!(talk(
        "Everything's OFFICIAL-SENSITIVE now, even the parking list",
        "OFFICIAL-SENSITIVE"
    ));
    assert!(talk(
        "She still has \"RESTRICTED\" in her email signature",
        "RESTRICTED"
    ));
    assert!(talk("It's TOP SECRET in capitals, right?", "TOP SECRET"));
    // still carried
    assert!(!talk("the SECRET briefing pack is on your chair", "SECRET"));
    assert!(!talk(
        "Grabbed a SECRET copy from the registry for you",
        "SECRET"
    ));
    assert!(!talk("this thread is SECRET from now on, ok?", "SECRET"));
    assert!(!talk("can you bring the SECRET copy to the 2pm?", "SECRET"));
    assert!(talk("Is there a SECRET version of the policy?", "SECRET"));
}

#[test]
fn incidents_complaints_answers_and_rules() {
    // an incident about a marked item, by someone not named
    assert!(talk(
        "honestly who emailed the SECRET pack to the whole Corvell team",
        "SECRET"
    ));
    assert!(talk(
        "Someone leaked the OFFICIAL-SENSITIVE costings to the local paper",
        "OFFICIAL-SENSITIVE"
    ));
    assert!(!talk(
        "I've forwarded the SECRET readout to Tamsin",
        "SECRET"
    ));
    // a practice complained about
    assert!(talk(
        "Branwell reckons we're using SECRET for far too many notes",
        "SECRET"
    ));
    assert!(talk(
        "every minute out of the Pellow unit is TOP SECRET these days",
        "TOP SECRET"
    ));
    assert!(!talk("every page of this pack is SECRET", "SECRET"));
    assert!(!talk("the whole Pellow annex is TOP SECRET", "TOP SECRET"));
    // an answer given, no such thing at all
    assert!(talk(
        "Got the practice test back. I answered SECRET.",
        "SECRET"
    ));
    assert!(talk(
        "Note for the offsite: no TOP SECRET chat on the coach",
        "TOP SECRET"
    ));
    assert!(!talk(
        "Sorry, no time today – SECRET readout below",
        "SECRET"
    ));
    // a rule about where the marking may go (not an imperative to the reader)
    assert!(talk(
        "Reminder: SECRET can't leave the Harcombe building on a laptop",
        "SECRET"
    ));
    assert!(!talk("SECRET don't forward, ta", "SECRET"));
    // audit findings, a banner talked about, a passive report of sending
    assert!(talk(
        "The spot check found that SECRET papers were left on desks overnight",
        "SECRET"
    ));
    assert!(talk(
        "Nobody reads the TOP SECRET banners on the Ferris slides any more",
        "TOP SECRET"
    ));
    assert!(talk(
        "The Lenton memo was sent SECRET but ended up on the intranet",
        "SECRET"
    ));
    assert!(!talk(
        "I've sent SECRET figures to Tamsin, read them on the secure kit",
        "SECRET"
    ));
}

#[test]
fn glosses_hedges_handling_rules_and_removal() {
    // a gloss anywhere in the text explains the term
    assert!(talk(
        "Does anyone remember what UKEO stands for? (it's UK EYES ONLY)",
        "UK EYES ONLY"
    ));
    assert!(talk(
        "OS is short for OFFICIAL-SENSITIVE here",
        "OFFICIAL-SENSITIVE"
    ));
    // a hedge judges the level
    assert!(talk(
        "Legal reckon the letter is basically OFFICIAL-SENSITIVE anyway",
        "OFFICIAL-SENSITIVE"
    ));
    assert!(talk(
        "it felt sort of SECRET but nobody marked it",
        "SECRET"
    ));
    assert!(!talk("the rota is SECRET so keep it to us", "SECRET"));
    // what the marking does
    assert!(talk(
        "The contractor wants to know what OFFICIAL-SENSITIVE PERSONAL means for their staff",
        "OFFICIAL-SENSITIVE"
    ));
    // a handling rule for a kind of paper
    assert!(talk(
        "SECRET printouts must be shredded on the cross-cut machine",
        "SECRET"
    ));
    assert!(talk(
        "Handling rule: TOP SECRET hard copies travel in a locked pouch",
        "TOP SECRET"
    ));
    assert!(talk(
        "Please remind the team that SECRET laptops never go home",
        "SECRET"
    ));
    assert!(!talk(
        "the SECRET copies go back in the safe tonight",
        "SECRET"
    ));
    // taken off something, or put on everything
    assert!(talk(
        "comms keep removing OFFICIAL-SENSITIVE from the lines before sending",
        "OFFICIAL-SENSITIVE"
    ));
    assert!(talk("SECRET on everything is how we got here", "SECRET"));
    // the paper at hand, named by its kind, carries the marking even in a question
    assert!(!talk(
        "Could you drop the SECRET annex round to Tomasz before 4?",
        "SECRET"
    ));
    assert!(!talk(
        "Don't leave the TOP SECRET readout on the printer",
        "TOP SECRET"
    ));
    // but not a course, a phrase in quotes, or an incident by someone not named
    assert!(talk(
        "Has everyone booked the TOP SECRET briefing for new starters?",
        "TOP SECRET"
    ));
    assert!(talk(
        "Can I write \"the SECRET note\" in the grid without saying more?",
        "SECRET"
    ));
    assert!(talk(
        "whoever printed the SECRET summary left it in room 4",
        "SECRET"
    ));
}

#[test]
fn incidents_glosses_typing_stamps_and_named_subjects() {
    assert!(talk(
        "Someone's left SECRET notebooks on the train again",
        "SECRET"
    ));
    assert!(talk(
        "UKEO stood for UK EYES ONLY, if anyone asks",
        "UK EYES ONLY"
    ));
    assert!(talk(
        "people type OFFICIAL-SENSITIVE when they mean OFFICIAL",
        "OFFICIAL-SENSITIVE"
    ));
    assert!(talk(
        "there's an old stamp in the cupboard that says SECRET",
        "SECRET"
    ));
    // a subject pointed at names particular papers
    assert!(!talk(
        "These shift papers are OFFICIAL-SENSITIVE, keep them in the tray",
        "OFFICIAL-SENSITIVE"
    ));
    assert!(talk(
        "papers like these are OFFICIAL-SENSITIVE by default",
        "OFFICIAL-SENSITIVE"
    ));
    assert!(!talk(
        "Grab the SECRET folder off my desk when you're passing?",
        "SECRET"
    ));
}

#[test]
fn a_gerund_opening_a_practice() {
    assert!(talk(
        "Discussing TOP SECRET over the phone is never ok, even on the secure line",
        "TOP SECRET"
    ));
    assert!(talk(
        "Storing OFFICIAL-SENSITIVE on a personal laptop breaks the policy",
        "OFFICIAL-SENSITIVE"
    ));
    assert!(!talk("Sending SECRET readout now, delete after", "SECRET"));
}

#[test]
fn document_names_parts_comparisons_and_adverbs() {
    // a document's name written with blanks says itself whether it is talk
    assert!(!talk(
        "the deck is called TOP SECRET Ravensford options v2.pptx, ask Jo for it",
        "TOP SECRET"
    ));
    assert!(talk(
        "have you read the SECRET handling guide.pdf yet",
        "SECRET"
    ));
    // a part of the document at hand
    assert!(!talk(
        "everything after section 4 is SECRET so I've cut it",
        "SECRET"
    ));
    // a comparison of levels, or a statement past an adverb
    assert!(talk(
        "UK EYES ONLY roughly says who may read it",
        "UK EYES ONLY"
    ));
    assert!(talk("UKEO just means British readers only", "UKEO"));
}

#[test]
fn kinds_of_thing_courses_and_definitions() {
    assert!(talk(
        "TOP SECRET waste is collected on Fridays by the vetted contractor",
        "TOP SECRET"
    ));
    assert!(talk(
        "UK EYES ONLY implies the paper is at SECRET or above",
        "UK EYES ONLY"
    ));
    assert!(talk("SECRET access normally needs SC", "SECRET"));
    assert!(talk(
        "the course module on OFFICIAL-SENSITIVE is mandatory",
        "OFFICIAL-SENSITIVE"
    ));
    assert!(talk(
        "OFFICIAL-SENSITIVE explained for new starters, 10 minutes",
        "OFFICIAL-SENSITIVE"
    ));
    assert!(talk(
        "OFFICIAL-SENSITIVE emails to suppliers go through the secure portal",
        "OFFICIAL-SENSITIVE"
    ));
    assert!(!talk(
        "the OFFICIAL-SENSITIVE emails from Tuesday are in the shared inbox",
        "OFFICIAL-SENSITIVE"
    ));
    assert!(asks_or_explains(" = top secret with a US compartment"));
    assert!(!asks_or_explains(" ==="));
}

#[test]
fn comparisons_thresholds_accounts_and_placements() {
    assert!(talk(
        "EU RESTRICTED material, treat it like OFFICIAL-SENSITIVE",
        "OFFICIAL-SENSITIVE"
    ));
    assert!(talk(
        "most of the old PROTECT files became OFFICIAL-SENSITIVE in 2014",
        "OFFICIAL-SENSITIVE"
    ));
    assert!(talk("a list of agents' names is at least SECRET", "SECRET"));
    assert!(talk(
        "OFFICIAL-SENSITIVE at most for the draft budget lines",
        "OFFICIAL-SENSITIVE"
    ));
    assert!(talk("UKEO might be too tight for the Canadians", "UKEO"));
    assert!(talk(
        "my SECRET account was locked again this morning",
        "SECRET"
    ));
    assert!(talk(
        "put LOCSEN spelled out after OFFICIAL-SENSITIVE please",
        "OFFICIAL-SENSITIVE"
    ));
    assert!(talk(
        "OFFICIAL-SENSITIVE paper must be cross-cut shredded",
        "OFFICIAL-SENSITIVE"
    ));
}

#[test]
fn paperwork_lists_and_content_pointed_at() {
    assert!(talk(
        "NATO SECRET paperwork goes in the registry log as well",
        "NATO SECRET"
    ));
    assert!(talk(
        "the records policy still lists SECRET as a category",
        "SECRET"
    ));
    assert!(!talk(
        "Treat everything after this message as SECRET please",
        "SECRET"
    ));
}

#[test]
fn channels_procedures_pairings_and_lost_papers() {
    assert!(talk(
        "OFFICIAL-SENSITIVE over WhatsApp on a personal phone is a no",
        "OFFICIAL-SENSITIVE"
    ));
    assert!(talk(
        "Team SOP says SECRET on the secure handset only",
        "SECRET"
    ));
    assert!(talk(
        "if they ask, both mean OFFICIAL-SENSITIVE",
        "OFFICIAL-SENSITIVE"
    ));
    assert!(talk(
        "LOCSEN goes with OFFICIAL-SENSITIVE for local stats",
        "OFFICIAL-SENSITIVE"
    ));
    assert!(talk("the SECRET storage room gets new locks", "SECRET"));
    assert!(talk(
        "Mislaid SECRET paper has to be reported within the hour",
        "SECRET"
    ));
    assert!(!talk(
        "Don't post the OFFICIAL-SENSITIVE list in the big group",
        "OFFICIAL-SENSITIVE"
    ));
}

#[test]
fn couriers_handling_survival_and_that() {
    assert!(talk("the SECRET courier calls on Thursdays", "SECRET"));
    assert!(talk(
        "Handling for TOP SECRET paper: approved safe, clear desk",
        "TOP SECRET"
    ));
    assert!(talk(
        "of the old tiers only SECRET survives today",
        "SECRET"
    ));
    assert!(talk("I've only ever seen it with TOP SECRET", "TOP SECRET"));
    assert!(asks_or_explains(" - is that still in use?"));
}

#[test]
fn incidents_reported_and_when_clauses() {
    assert!(talk(
        "the incident log says a SECRET laptop went missing at the station",
        "SECRET"
    ));
    assert!(talk(
        "When a paper is TOP SECRET you need a need-to-know too",
        "TOP SECRET"
    ));
    assert!(!talk(
        "when you get the SECRET annex, read it before the call",
        "SECRET"
    ));
}

#[test]
fn inspections_and_codewords_as_a_kind_of_thing() {
    assert!(talk(
        "The inspection flagged SECRET phones left on desks in the open-plan area",
        "SECRET"
    ));
    assert!(talk(
        "TOP SECRET codeword material needs its own read-in",
        "TOP SECRET"
    ));
    assert!(!talk(
        "the SECRET laptop is in the safe, take it tonight",
        "SECRET"
    ));
}

#[test]
fn a_later_question_about_papers_pointed_at() {
    assert!(!talk(
        "Ravi, those minutes are OFFICIAL-SENSITIVE, can you take them off the noticeboard?",
        "OFFICIAL-SENSITIVE"
    ));
    assert!(talk(
        "those minutes are SECRET, is that too high?",
        "SECRET"
    ));
    assert!(talk("are those minutes SECRET?", "SECRET"));
}
