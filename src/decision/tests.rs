//! Must-match and must-not-match samples for the decision detector (fictional
//! private-office chat), and extraction of cue, subject and references.

use super::*;

fn detector() -> DecisionDetector {
    DecisionDetector::new(&DecisionSettings::default()).unwrap()
}

const DECISIONS: &[&str] = &[
    "PM is content with option B for the Northgate housing bid.",
    "SoS has agreed the revised timetable for the flood defence review",
    "Chancellor signed off the £40m uplift for the Eastfield bypass this morning",
    "DECISION: proceed with the phased reopening of Harbour Road depot",
    "Decision: option 2 on the grants scheme, funded from underspend",
    "#decision PM content with the Q3 comms plan",
    "Agreed: the consultation closes on 14 June",
    "The Prime Minister has approved the draft letter to the Mayor of Westford",
    "Option B signed off by the Chancellor",
    "Go ahead with option B on the depot closure",
    "PM says go ahead with the Westford pilot",
    "Perm Sec has decided to pause the estates review",
    "Minister cleared the press lines on the bus franchising announcement",
    "No10 is happy to proceed with the summit date of 3 March",
    "Just to confirm, SoS has now formally agreed the settlement with Harbourside Trust",
    "Can confirm the PM has signed off the Budget scorecard",
    "Cabinet Secretary approved the revised propriety guidance",
    "PM’s content with the lines on the Northgate report",
    "DG gave the go ahead for the IT contract extension with Brightwave",
    "For the record: the Minister agreed to extend the deadline to 30 April",
    "The Home Secretary has approved the revised visa guidance. Logged as SUB-2021-044",
    "Update: PM has agreed the fishing quota position for Thursday's talks",
    "SoS and Chancellor have agreed the joint funding letter",
    "Rejected by the PM: the proposal to move the summit to Glasgow",
    "*DECISION*: the Westford pilot will run for 12 months",
    "Quick update - Chancellor has signed off the revised fiscal event date",
    "Minister of State has decided against the Harbour Road closure",
    "PM approved the final text of the statement on the Eastfield inquiry",
    "The Perm Sec has endorsed the recommendation to merge the two directorates",
    "Private Secretary here: PM is comfortable with the Westford lines",
    "- Decision: fund the Northgate flood barrier from the reserve",
    "Ok, PM is content.",
    "Thanks all. Following the call, SoS said this morning that she is content with the Eastfield grant",
    "DECISION:\nThe Harbour Road depot stays open until March 2022",
    "For the record: PM has ruled out a second consultation",
    "Cleared with No10 - the Westford statement goes out at 4pm",
    "Has been approved by the PM, I'm told - the Westford pier repairs",
    "Minister said no to the Westford pier",
    "PM ok with option B",
    "No.10 has signed off the Westford statement",
    "PM: content with option B",
    "SoS is not content with the draft",
    "PM's happy for us to go ahead with the Westford visit",
    "Chancellor has given the go-ahead for the bridge loan",
    "SofS okayed the revised rota for the Harbour Road depot",
    "Perm Sec signed off on the estates strategy this morning",
    "The board approved the Northgate business case",
    "Ministers agreed to extend the Westford pilot",
    "It was agreed to defer the consultation to the autumn",
    "Decision from No10: the Westford lines stand",
    "HS's PS confirms she has cleared the statement",
    "The Home Secretary turned down the request for more time",
    "CST has refused the Eastfield bid",
    "The Treasury has approved the business case for the bypass",
    "Revised Westford timetable approved by the minister",
];

const NOT_DECISIONS: &[&str] = &[
    "Does the PM want to see the lines first?",
    "PM to sign off tomorrow",
    "SoS is due to approve the plan next week",
    "We're hoping CX will sign off by Friday",
    "If No10 are content we'll publish",
    "She'll probably approve it",
    "The PM's approval is needed before we go",
    "Need the board to approve the case",
    "Happy Friday everyone!",
    "I'm happy with the room booking",
    "Has the PM agreed yet?",
    "Is the SoS content?",
    "Can we get sign off?",
    "Not agreed yet",
    "PM has not signed off",
    "no decision yet on the Northgate bid",
    "If the PM agrees we'll announce on Monday",
    "once SoS signs off we can publish",
    "we need the Chancellor to sign off the uplift",
    "should the Minister approve, we go live Tuesday",
    "PM will decide tomorrow",
    "awaiting sign off from No10",
    "pending approval by the Chancellor",
    "agreed, the coffee is awful",
    "who needs what coffee",
    "lol agreed",
    "Approved 👍",
    "Has the PM signed off the Northgate lines",
    "PM hasn't agreed the Westford pilot",
    "Decision: TBC",
    "DECISION: not yet, PM wants more on costs",
    "Any decision on the depot?",
    "Do we know whether the SoS has approved the letter",
    "Hoping the PM is content with option B",
    "It still needs to be signed off by the Chancellor",
    "Go ahead and order lunch, I'll be 10 mins",
    "Shall I go ahead with the booking?",
    "The PM's agreed to lunch with the Mayor lol",
    "Approved the sandwich order for the away day",
    "For the record: I said Tuesday, not Wednesday",
    "Don't go ahead with option B until SoS has seen it",
    "When the PM has approved the lines, send them to press office",
    "SoS is yet to sign off the grant",
    "I agreed with Sam that the new printer is rubbish",
    "Waiting to hear whether No10 approved the grid",
    "Secret Santa: Minister approved the £10 limit haha",
    "Would the Chancellor be content with option B?",
    "Let's check if the DG agreed the budget",
    "The PM agreed? Really?",
    "#decision needed on the Westford pilot?",
    "Agreed",
    "Decision:",
    "I think we should go with option B",
    "PM wants option B",
    "SoS has signed off for the day",
    "Chancellor has signed off sick",
    "PM signed off on holiday till Monday",
    "The Minister agreed with me that the meeting ran long",
    "The PM agreed last week but has since changed his mind",
    "DECISION NEEDED: option A or B for Northgate",
    "Decision: do we go with A or B?",
    "Has it been approved by the PM",
    "The SoS may have agreed",
    "Can't believe the PM approved that lol",
    "Great news - Minister has agreed to come to the leaving do!",
    "Perm Sec has approved my leave",
];

#[test]
fn every_decision_sample_is_detected() {
    let d = detector();
    let missed: Vec<&str> = DECISIONS
        .iter()
        .copied()
        .filter(|t| d.detect(t).is_none())
        .collect();
    assert!(missed.is_empty(), "missed: {missed:#?}");
}

#[test]
fn no_non_decision_sample_is_detected() {
    let d = detector();
    let fired: Vec<(&str, DecisionCue)> = NOT_DECISIONS
        .iter()
        .filter_map(|t| d.detect(t).map(|c| (*t, c)))
        .collect();
    assert!(fired.is_empty(), "false positives: {fired:#?}");
}

#[test]
fn confidence_is_in_range_and_ordered_by_strength() {
    let d = detector();
    let c = |t: &str| d.detect(t).unwrap().confidence;
    for t in DECISIONS {
        assert!((0.5..=1.0).contains(&c(t)), "{t}");
    }
    assert!(c("DECISION: fund the Northgate barrier") > c("Go ahead with the Northgate barrier"));
    assert!(c("PM is content with the Northgate barrier") > c("PM is content."));
    assert!(
        c("PM says go ahead with the Northgate barrier") > c("Go ahead with the Northgate barrier")
    );
}

#[test]
fn actor_verb_extraction() {
    let c = detector()
        .detect("PM is content with option B for the Northgate housing bid.")
        .unwrap();
    assert_eq!(c.cue, "role: PM is content with");
    assert_eq!(c.subject, "option B for the Northgate housing bid");
    assert_eq!(c.confidence, 0.85);
    assert!(c.references.is_empty());
}

#[test]
fn subject_before_the_actor_when_nothing_follows() {
    let c = detector()
        .detect("Northgate housing bid: the PM has signed off.")
        .unwrap();
    assert_eq!(c.cue, "role: PM has signed off");
    assert_eq!(c.subject, "Northgate housing bid");
    let c = detector().detect("Ok, PM is content.").unwrap();
    assert_eq!((c.subject.as_str(), c.confidence), ("", 0.6));
}

#[test]
fn passive_and_instruction_extraction() {
    let c = detector()
        .detect("Option B signed off by the Chancellor")
        .unwrap();
    assert_eq!(c.cue, "passive: signed off by the Chancellor");
    assert_eq!(c.subject, "Option B");
    let c = detector()
        .detect("Please go ahead with option B on the depot closure.")
        .unwrap();
    assert_eq!(c.cue, "role: Please go ahead with");
    assert_eq!(c.subject, "option B on the depot closure");
    assert_eq!(c.confidence, 0.6);
}

#[test]
fn flag_extraction_with_references() {
    let c = detector()
        .detect("Morning all\n*DECISION*: fund the Northgate barrier (see SUB-2021-044, DOC-123; not COVID-19)")
        .unwrap();
    assert_eq!(c.cue, "flag: DECISION:");
    assert_eq!(
        c.subject,
        "fund the Northgate barrier (see SUB-2021-044, DOC-123; not COVID-19)"
    );
    assert_eq!(c.references, ["SUB-2021-044", "DOC-123"]);
    assert_eq!(c.confidence, 0.9);
    let c = detector()
        .detect("Decision:\n  Harbour Road depot stays open")
        .unwrap();
    assert_eq!(c.subject, "Harbour Road depot stays open");
    let c = detector()
        .detect("Option C for Westford #decision")
        .unwrap();
    assert_eq!(
        (c.cue.as_str(), c.subject.as_str()),
        ("flag: #decision", "Option C for Westford")
    );
}

#[test]
fn hedges_lower_confidence() {
    let d = detector();
    let plain = d
        .detect("PM has agreed the Westford pilot")
        .unwrap()
        .confidence;
    let hedged = d
        .detect("Apparently the PM has agreed the Westford pilot")
        .unwrap()
        .confidence;
    assert_eq!(plain - hedged, 0.25);
    let conditional = d
        .detect("PM has agreed the Westford pilot if costs hold")
        .unwrap();
    assert_eq!(conditional.confidence, 0.6);
}

#[test]
fn bare_verbs_are_low_confidence_only() {
    let s = DecisionSettings {
        min_confidence: 0.0,
        ..Default::default()
    };
    let d = DecisionDetector::new(&s).unwrap();
    assert_eq!(
        d.detect("Approved: the revised comms grid for Westford")
            .unwrap()
            .confidence,
        0.35
    );
    assert_eq!(d.detect("Approved 👍").unwrap().confidence, 0.1);
    assert!(
        d.detect("lol agreed").is_none(),
        "chit-chat voids a cue without an actor"
    );
    assert_eq!(
        d.detect("For the record: I said Tuesday")
            .unwrap()
            .confidence,
        0.45
    );
}

#[test]
fn acknowledgements() {
    let d = detector();
    let a = d.acknowledgement("Noted on file DOC-123").unwrap();
    assert_eq!(
        (a.cue.as_str(), a.references.clone()),
        ("Noted on file", vec!["DOC-123".to_string()])
    );
    let a = d
        .acknowledgement("Thanks, added to the decision log")
        .unwrap();
    assert_eq!(a.cue, "added to the decision log");
    assert!(a.references.is_empty());
    let a = d.acknowledgement("Done - logged as SUB-2021-044.").unwrap();
    assert_eq!(a.references, ["SUB-2021-044"]);
    let a = d
        .acknowledgement("Ref DEC/2021/07. Recorded in the decision log this afternoon")
        .unwrap();
    assert_eq!(
        a.references,
        ["DEC/2021/07"],
        "falls back to the whole message"
    );
    for not in [
        "Has this been added to the decision log?",
        "Not yet logged as DOC-1",
        "Can someone make sure it's added to the decision log",
        "Please check it was added to the decision log",
        "It will be logged as DEC/2021/07",
        "It hasn't been added to the decision log",
        "PM is content with option B",
    ] {
        assert!(d.acknowledgement(not).is_none(), "{not}");
    }
}

#[test]
fn invisible_characters_do_not_hide_a_decision() {
    let c = detector()
        .detect("\u{200e}PM\u{00a0}is content with the Eastfield grant")
        .unwrap();
    assert_eq!(c.subject, "the Eastfield grant");
}

#[test]
fn settings_errors_name_the_field() {
    let mut s = DecisionSettings::default();
    s.roles.push("  ".into());
    let e = DecisionDetector::new(&s).unwrap_err();
    assert!(e.contains("roles[") && e.contains("no words"), "{e}");
    let s = DecisionSettings {
        reference_pattern: "([A-Z".into(),
        ..Default::default()
    };
    assert!(
        DecisionDetector::new(&s)
            .unwrap_err()
            .contains("reference-pattern")
    );
    let s = DecisionSettings {
        min_confidence: 1.5,
        ..Default::default()
    };
    assert!(
        DecisionDetector::new(&s)
            .unwrap_err()
            .contains("min-confidence")
    );
    let s = DecisionSettings {
        flags: vec![":".into()],
        ..Default::default()
    };
    assert!(DecisionDetector::new(&s).unwrap_err().contains("flags[0]"));
}

#[test]
fn settings_deserialise_kebab_case_with_defaults() {
    let table: toml::Table =
        toml::from_str("roles = [\"Minister for Westford\"]\nmin-confidence = 0.7").unwrap();
    let s = DecisionSettings::with_overrides(&table).unwrap();
    assert_eq!(s.roles, ["Minister for Westford"]);
    assert_eq!(s.predicates, DecisionSettings::default().predicates);
    let d = DecisionDetector::new(&s).unwrap();
    assert!(
        d.detect("Minister for Westford has agreed the pier repairs")
            .is_some()
    );
    assert!(d.detect("PM has agreed the pier repairs").is_none());
    let e = DecisionSettings::with_overrides(&toml::from_str("actor = []").unwrap()).unwrap_err();
    assert!(e.contains("unknown field"), "{e}");
}

#[test]
fn joint_actors_are_named_in_the_cue() {
    let c = detector()
        .detect("SoS and Chancellor have agreed the joint funding letter")
        .unwrap();
    assert_eq!(c.cue, "role: SoS and Chancellor have agreed");
    assert_eq!(c.actor, "SoS and Chancellor");
    assert_eq!(c.subject, "the joint funding letter");
}

/// The keyword gate may only spare work: for every sample, with or without it, the
/// detector finds the same decision and the same acknowledgement.
#[test]
fn the_gate_turns_away_nothing_the_phrases_would_match() {
    let d = detector();
    let more = [
        "Noted on file DOC-123",
        "Done - logged as SUB-2021-044.",
        "Thanks, added to the decision log",
        "Not yet logged as DOC-1",
        "PM ok with option B, logged as DEC-9",
        "ok with me",
        "without the PM's agreement",
        "Agreed:the date",
        "#Decision: option C",
        "FTR: Minister happy to proceed",
    ];
    let mut decisions = 0;
    for text in DECISIONS.iter().chain(NOT_DECISIONS).chain(&more) {
        let clean = crate::text::clean(text);
        let ungated = d.decision_in(&clean, &Context::default(), true);
        decisions += usize::from(ungated.is_some());
        assert_eq!(d.detect(text), ungated, "{text}");
        assert_eq!(
            d.acknowledgement(text),
            d.find_acknowledgement(&clean),
            "{text}"
        );
    }
    assert!(decisions > DECISIONS.len(), "{decisions}");
}
