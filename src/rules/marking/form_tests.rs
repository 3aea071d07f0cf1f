//! Tests of the forms added to the grammar: every form's samples, talk told from
//! carrying, codewords (listed, configured, unlisted) and the offsets of spaced,
//! lower-case, portion and file-name forms.

use super::tests::{grammar, only};
use super::*;

/// Every form's samples: the must-match ones are found in that form, carried; the
/// must-not-match ones yield no carried marking.
#[test]
fn every_form_has_samples_that_hold() {
    let g = grammar();
    for spec in FORMS {
        assert!(!spec.must_match.is_empty() && !spec.must_not_match.is_empty());
        assert!((0.0..=1.0).contains(&spec.confidence));
        let find = |t: &str| {
            if spec.form == Form::FileName {
                g.find_in_file_name(t)
            } else {
                g.find(t)
            }
        };
        for text in spec.must_match {
            let found = find(text);
            assert!(
                found.iter().any(|m| m.form == spec.form && !m.mention),
                "{}: {text:?} gives {found:#?}",
                spec.name
            );
        }
        for text in spec.must_not_match {
            let found: Vec<_> = find(text).into_iter().filter(|m| !m.mention).collect();
            assert_eq!(found, vec![], "{}: {text:?}", spec.name);
        }
    }
}

#[test]
fn talk_is_a_mention_and_upper_case_prose_is_nothing() {
    let g = grammar();
    for text in [
        "all such material must be marked OFFICIAL-SENSITIVE",
        "the old tiers were PROTECT, RESTRICTED, CONFIDENTIAL, then SECRET and TOP SECRET",
        "does this need to be SECRET?",
        "UK EYES ONLY can only be added to SECRET and TOP SECRET, it says in the guide.",
        "The quiz answer was \"TOP SECRET\" – the highest tier. Points to Sam.",
        "The induction slides explain that TOP SECRET is reserved for the gravest threats.",
        "Reminder: OFFICIAL-SENSITIVE is fine on Teams but not on personal phones.",
        "Someone marked the tea rota SECRET as a joke.",
        "UK/US EYES ONLY goes after the classification, e.g. after SECRET, not before.",
        // US controls are part of the marking, not a separator ending its line
        "S//NF is the one that keeps it from foreign nationals, right?",
        "TS//SI is what the Americans put on intercept",
        // a marking opening a question about its level, or a title about it
        "SECRET – is this the right level for the rota?",
        "OFFICIAL-SENSITIVE: when to use it (drop-in session, Friday 2pm)",
        "TOP SECRET – what it means for your team",
        "Re: SECRET - is that the right classification?",
        // a document name pasted after a verb of placing is still read as one
        "Posted the SECRET_handling_rules.pdf on the intranet",
    ] {
        let found = g.find(text);
        assert!(
            !found.is_empty() && found.iter().all(|m| m.mention),
            "{text:?}: {found:#?}"
        );
        assert!(found.iter().all(|m| m.confidence() < 0.6));
    }
    for text in [
        "THE SECRET GARDEN – MATINEE TICKETS",
        "NO SECRET THAT WE'RE ALL TIRED",
        // an item of a slogan in capitals
        "CYBER AWARENESS WEEK: PROTECT, DETECT, RESPOND",
        "PLAN, PROTECT AND RECOVER – the new strategy",
        "SAFE, SECRET & SOUND",
    ] {
        assert_eq!(g.find(text), vec![], "{text:?}");
    }
}

#[test]
fn configured_and_unlisted_codewords() {
    let g = grammar();
    let m = only("TOP SECRET STRAP 3");
    assert!(m.codeword && m.tier == Some(Tier::TopSecret));
    assert!(!m.canonical().contains("STRAP"), "codewords are never kept");
    assert!(only("SECRET BRACKENFALL").codeword);
    assert_eq!(g.find("SECRET SANTA – NAMES IN THE HAT"), vec![]);
    // An unlisted word is read as one at the start of a line, before lower case …
    assert!(only("SECRET KESTREL readout below").codeword);
    // … but not inside a sentence, where only a configured one is.
    let text = "Sam has the SECRET KESTREL readout below";
    assert_eq!(g.find(text), vec![]);
    let settings = GrammarSettings {
        codewords: vec!["KESTREL".into()],
        ..GrammarSettings::default()
    };
    let with = MarkingGrammar::new(&settings).expect("valid codeword");
    let found = with.find(text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].marking.codeword && found[0].form == Form::Codeword);
    let bad = GrammarSettings {
        codewords: vec!["kestrel".into()],
        ..GrammarSettings::default()
    };
    assert!(
        MarkingGrammar::new(&bad)
            .expect_err("lower case")
            .contains("codeword")
    );
}

#[test]
fn forms_and_offsets_of_the_new_forms() {
    let g = grammar();
    let text = "note\nT O P  S E C R E T – U K  E Y E S  O N L Y";
    let m = &g.find(text)[0];
    assert_eq!(m.form, Form::Spaced);
    assert_eq!(
        &text[m.start..m.end],
        "T O P  S E C R E T – U K  E Y E S  O N L Y"
    );
    assert_eq!(m.marking.canonical(), "TOP SECRET - UK EYES ONLY");
    let text = "hi\nsecret – readout below";
    let m = &g.find(text)[0];
    assert_eq!((m.form, &text[m.start..m.end]), (Form::LowerCase, "secret"));
    let m = &g.find("(TS//SI) Reporting indicates a move.")[0];
    assert_eq!(
        (m.form, m.marking.is_secret_or_above()),
        (Form::Portion, true)
    );
    let m = &g.find_in_file_name("2026_TOP-SECRET_STRAP2_KINGFERN_assessment.pptx")[0];
    assert!(m.marking.is_secret_or_above() && m.form == Form::FileName);
}

#[test]
fn document_names_pasted_into_text_are_read_as_file_names() {
    let g = grammar();
    let text = "Please find attached Readout_SECRET_v3.pdf, shout if it fails";
    let found = g.find(text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].form, Form::FileName);
    assert_eq!(&text[found[0].start..found[0].end], "SECRET");
    assert!(found[0].marking.is_secret_or_above());
    for text in [
        "uploaded JWT_SECRET_rotation_runbook.md to the wiki",
        "SECRET_KEY=abc is in settings.env",
        "see Secret_Santa_list.xlsx",
    ] {
        assert_eq!(g.find(text), vec![], "{text:?}");
    }
}

#[test]
fn carried_despite_a_question_or_a_placing_verb() {
    let g = grammar();
    for text in [
        "SECRET – can you check the annex numbers before 3?",
        "TOP SECRET: why the date moved, see below",
        "I've put TOP-SECRET-options-v2.pdf on the shared stick",
        "SECRET, BRACKENFALL",
    ] {
        let found = g.find(text);
        assert!(
            found
                .iter()
                .any(|m| !m.mention && m.marking.is_secret_or_above()),
            "{text:?}: {found:#?}"
        );
    }
}

#[test]
fn labels_written_as_sentences_and_lower_case_abbreviations() {
    let g = grammar();
    let ts = g.find("Marking is TS STRAP 1 so keep it off phones");
    assert!(
        ts.iter()
            .any(|m| !m.mention && m.marking.is_secret_or_above()),
        "{ts:#?}"
    );
    let os = g.find("offsen – rota for the review team");
    assert!(
        os.iter()
            .any(|m| !m.mention && m.marking.tier == Some(Tier::OfficialSensitive)),
        "{os:#?}"
    );
}
