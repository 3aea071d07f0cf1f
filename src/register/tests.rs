//! Register loading and reconciliation cases (fictional office and chats).

use chrono::NaiveDate;

use super::*;
use crate::dates::parse_date;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn read(csv: &str) -> Result<Register, Vec<RegisterError>> {
    read_register("log.csv", csv.as_bytes(), &RegisterColumns::default())
}

const HEADER: &str =
    "Reference,Date of decision,Date recorded,Decision maker,Conversation,Channel,Summary\n";

#[test]
fn loads_both_date_styles() {
    let r = read(&format!(
        "{HEADER}DOC-1,15/04/2021,2021-04-16,PM,PM Updates,WhatsApp,Option B for Northgate\n\
         DOC-2,2021-04-15,3/5/2021 09:30,SoS,PM Updates,Signal,\"Eastfield grant, comms grid\"\n"
    ))
    .unwrap();
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert_eq!(r.entries.len(), 2);
    let e = &r.entries[0];
    assert_eq!(
        (e.file.as_str(), e.line, e.reference.as_str()),
        ("log.csv", 2, "DOC-1")
    );
    assert_eq!(
        (e.decided_on, e.recorded_on),
        (Some(d(2021, 4, 15)), Some(d(2021, 4, 16)))
    );
    assert_eq!(e.decision_maker, "PM");
    assert_eq!(e.channel, "WhatsApp");
    assert_eq!(r.entries[1].decided_on, Some(d(2021, 4, 15)));
    assert_eq!(r.entries[1].recorded_on, Some(d(2021, 5, 3)));
    assert_eq!(r.entries[1].summary, "Eastfield grant, comms grid");
}

#[test]
fn parse_date_rejects_ambiguous_and_impossible_dates() {
    assert_eq!(parse_date("1/2/2021"), Some(d(2021, 2, 1)));
    assert_eq!(parse_date(" 2021-2-1 "), Some(d(2021, 2, 1)));
    for bad in [
        "04/15/2021",
        "31/02/2021",
        "15/04/21",
        "2021/04/15",
        "15-04-2021",
        "yesterday",
        "15/04/2021 late",
        "",
    ] {
        assert_eq!(parse_date(bad), None, "{bad}");
    }
}

#[test]
fn renamed_columns_match_case_insensitively_with_bom() {
    let columns: RegisterColumns = toml::from_str(
        "reference = \"Ref No\"\ndate-of-decision = \"Decided\"\nconversation = \"Chat\"\nsummary = \"What was decided\"",
    )
    .unwrap();
    let csv = "\u{feff}  ref no ,DECIDED,chat,  What  Was Decided\nSUB-2021-044,01/04/2021,PM Updates,Option B\n";
    let r = read_register("renamed.csv", csv.as_bytes(), &columns).unwrap();
    assert!(r.problems.is_empty());
    let e = &r.entries[0];
    assert_eq!(
        (e.reference.as_str(), e.decided_on),
        ("SUB-2021-044", Some(d(2021, 4, 1)))
    );
    assert_eq!(
        (e.conversation.as_str(), e.summary.as_str()),
        ("PM Updates", "Option B")
    );
    assert_eq!(
        (e.channel.as_str(), e.recorded_on),
        ("", None),
        "optional columns absent"
    );
    assert!(
        toml::from_str::<RegisterColumns>("ref = \"x\"").is_err(),
        "unknown keys rejected"
    );
}

#[test]
fn bom_on_default_header() {
    let r = read(&format!(
        "\u{feff}{HEADER}DOC-1,15/04/2021,,PM,PM Updates,WhatsApp,X\n"
    ))
    .unwrap();
    assert_eq!(r.entries[0].reference, "DOC-1");
}

#[test]
fn bad_rows_are_reported_with_line_numbers_and_loading_continues() {
    let r = read(&format!(
        "{HEADER}DOC-1,15/04/2021,,PM,PM Updates,WhatsApp,Fine\n\
         DOC-2,31/02/2021,,PM,PM Updates,WhatsApp,Bad decision date\n\
         ,,,,,,\n\
         ,16/04/2021,,PM,PM Updates,WhatsApp,No reference\n\
         DOC-4,\"17/04/2021\",tomorrow,PM,\"PM\nUpdates\",WhatsApp,Bad recorded date\n\
         DOC-5,18/04/2021,,PM,PM Updates,WhatsApp,Fine again\n"
    ))
    .unwrap();
    let refs: Vec<&str> = r.entries.iter().map(|e| e.reference.as_str()).collect();
    assert_eq!(
        refs,
        ["DOC-1", "DOC-2", "", "DOC-4", "DOC-5"],
        "blank row skipped, others kept"
    );
    assert_eq!(r.entries[1].decided_on, None);
    assert_eq!(r.entries[4].line, 8, "a quoted line break counts");
    let problems: Vec<(u64, &str)> = r
        .problems
        .iter()
        .map(|p| (p.line, p.message.as_str()))
        .collect();
    assert_eq!(
        problems,
        [
            (
                3,
                "bad Date of decision \"31/02/2021\": expected a date cell, dd/mm/yyyy or yyyy-mm-dd"
            ),
            (5, "missing Reference"),
            (
                6,
                "bad Date recorded \"tomorrow\": expected a date cell, dd/mm/yyyy or yyyy-mm-dd"
            ),
        ]
    );
    assert_eq!(
        r.problems[0].to_string(),
        format!("log.csv: line 3: {}", problems[0].1)
    );
}

#[test]
fn invalid_utf8_row_is_reported_not_fatal() {
    let mut bytes = HEADER.as_bytes().to_vec();
    bytes.extend_from_slice(b"DOC-1,15/04/2021,,PM,PM Updates,WhatsApp,caf\xe9 budget\n");
    bytes.extend_from_slice("DOC-2,15/04/2021,,PM,PM Updates,WhatsApp,£2m fine\n".as_bytes());
    let r = read_register("log.csv", bytes.as_slice(), &RegisterColumns::default()).unwrap();
    assert_eq!(r.entries.len(), 1);
    assert_eq!(r.entries[0].summary, "£2m fine");
    assert_eq!(r.problems[0].line, 2);
    assert!(r.problems[0].message.contains("UTF-8"));
}

#[test]
fn a_windows_1252_register_is_decoded_not_mojibake() {
    let mut bytes = HEADER.as_bytes().to_vec();
    bytes.extend_from_slice(b"DOC-1,15/04/2021,,PM,PM Updates,WhatsApp,caf\xe9 budget \xa32m\n");
    let r = read_register("log.csv", bytes.as_slice(), &RegisterColumns::default()).unwrap();
    assert_eq!(r.entries[0].summary, "café budget £2m");
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert!(r.notes[0].contains("windows-1252"), "{:?}", r.notes);
}

#[test]
fn rows_missing_a_required_field_are_reported() {
    let r = read(
        "Reference,Date of decision,Date recorded,Decision maker,Conversation,Channel,Summary\n\
         DOC-1,,,PM,PM Updates,WhatsApp,Budget agreed\n\
         DOC-2,15/04/2021,,PM,,WhatsApp,\n\
         DOC-3,15/04/2021,,,PM Updates,,Fine\n",
    )
    .unwrap();
    assert_eq!(r.entries.len(), 3, "rows are kept; their gaps reported");
    let got: Vec<(u64, &str)> = r
        .problems
        .iter()
        .map(|p| (p.line, p.message.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (2, "missing Date of decision"),
            (3, "missing Conversation"),
            (3, "missing Summary"),
        ]
    );
    assert_eq!(
        r.problems[0].to_string(),
        "log.csv: line 2: missing Date of decision"
    );
}

#[test]
fn missing_columns_are_errors_naming_file_and_column() {
    let errors = read("Reference,Date of decision,Conversation\nDOC-1,15/04/2021,X\n").unwrap_err();
    assert_eq!(
        errors,
        [RegisterError::MissingColumn {
            file: "log.csv".into(),
            column: "Summary".into()
        }]
    );
    assert!(
        errors[0].to_string().contains("log.csv") && errors[0].to_string().contains("\"Summary\"")
    );
    assert_eq!(
        read("").unwrap_err().len(),
        4,
        "empty file: every required column missing"
    );
}

#[test]
fn load_registers_concatenates_files_and_collects_errors() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.csv");
    let b = dir.path().join("b.csv");
    std::fs::write(
        &a,
        format!("{HEADER}DOC-1,15/04/2021,,PM,PM Updates,WhatsApp,X\n"),
    )
    .unwrap();
    std::fs::write(&b, format!("{HEADER}DOC-2,bad,,PM,PM Updates,WhatsApp,Y\n")).unwrap();
    let r = load_registers(&[&a, &b], &RegisterColumns::default()).unwrap();
    assert_eq!(r.entries.len(), 2);
    assert_eq!(r.entries[1].file, b.display().to_string());
    assert_eq!(
        (r.problems[0].file.clone(), r.problems[0].line),
        (b.display().to_string(), 2)
    );
    let missing = dir.path().join("missing.csv");
    let errors = load_registers(&[&a, &missing], &RegisterColumns::default()).unwrap_err();
    assert!(
        matches!(&errors[..], [RegisterError::Io { file, .. }] if file.ends_with("missing.csv"))
    );
}

fn entry(reference: &str, decided: NaiveDate, conversation: &str, summary: &str) -> RegisterEntry {
    RegisterEntry {
        file: "log.csv".into(),
        line: 2,
        reference: reference.into(),
        decided_on: Some(decided),
        recorded_on: None,
        decision_maker: "PM".into(),
        conversation: conversation.into(),
        channel: "WhatsApp".into(),
        summary: summary.into(),
    }
}

fn decision<'a>(
    key: usize,
    conversation: &'a str,
    date: NaiveDate,
    subject: &'a str,
) -> ChatDecision<'a> {
    ChatDecision {
        key,
        conversation: conversation.into(),
        date,
        text: format!("PM is content with {subject}").into(),
        subject: subject.into(),
        cited: Vec::new().into(),
    }
}

fn matched_entries(r: &Reconciliation) -> Vec<Option<usize>> {
    r.matches
        .iter()
        .map(|m| m.as_ref().map(|m| m.entry))
        .collect()
}

#[test]
fn same_day_decisions_in_one_chat_are_told_apart_by_subject() {
    let day = d(2021, 4, 15);
    let entries = [
        entry(
            "DOC-1",
            day,
            "PM Updates",
            "Comms grid for the Eastfield launch agreed by PM",
        ),
        entry(
            "DOC-2",
            day,
            "PM Updates",
            "PM agreed option B for the Northgate housing bid",
        ),
    ];
    let decisions = [
        decision(
            10,
            "“PM Updates” 🇬🇧",
            day,
            "option B for the Northgate housing bid",
        ),
        decision(11, "pm  updates", day, "the Eastfield launch comms grid"),
    ];
    let r = reconcile(&decisions, &entries, &MatchSettings::default());
    assert_eq!(matched_entries(&r), [Some(1), Some(0)]);
    assert!(r.unmatched_entries.is_empty());
    let Some(RegisterMatch {
        reason:
            MatchReason::ConversationDateSubject {
                days_apart,
                shared_words,
                overlap,
            },
        ..
    }) = &r.matches[0]
    else {
        panic!("{:?}", r.matches[0]);
    };
    assert_eq!((*days_apart, *shared_words), (0, 5));
    assert!(*overlap > 0.8, "{overlap}");
}

#[test]
fn decision_vocabulary_alone_does_not_match() {
    let day = d(2021, 4, 15);
    let entries = [entry(
        "DOC-1",
        day,
        "PM Updates",
        "PM agreed and signed off the Westford pier",
    )];
    let decisions = [decision(0, "PM Updates", day, "the Eastfield grant")];
    let r = reconcile(&decisions, &entries, &MatchSettings::default());
    assert_eq!(matched_entries(&r), [None]);
    assert_eq!(r.unmatched_entries, [0]);
}

#[test]
fn cited_reference_matches_regardless_of_conversation_and_date() {
    let entries = [
        entry("DOC-9", d(2021, 4, 1), "Other chat", "Westford pier"),
        entry(
            " sub-2021-044 ",
            d(2020, 1, 1),
            "Private office",
            "Unrelated wording",
        ),
    ];
    let mut dec = decision(0, "PM Updates", d(2021, 4, 15), "the Eastfield grant");
    dec.cited = vec!["SUB-2021-044".into(), "DOC-404".into()].into();
    let r = reconcile(&[dec], &entries, &MatchSettings::default());
    assert_eq!(
        r.matches[0],
        Some(RegisterMatch {
            entry: 1,
            reason: MatchReason::CitedReference("SUB-2021-044".into())
        })
    );
    assert_eq!(r.unmatched_entries, [0]);
}

#[test]
fn cited_reference_beats_a_subject_match() {
    let day = d(2021, 4, 15);
    let entries = [
        entry("DOC-1", day, "PM Updates", "Eastfield grant approved"),
        entry(
            "DOC-2",
            day,
            "PM Updates",
            "Eastfield grant approved (final)",
        ),
    ];
    let mut dec = decision(0, "PM Updates", day, "the Eastfield grant");
    dec.cited = vec!["doc-2".into()].into();
    let r = reconcile(&[dec], &entries, &MatchSettings::default());
    assert_eq!(matched_entries(&r), [Some(1)]);
}

#[test]
fn window_edges_are_inclusive() {
    let chat = d(2021, 4, 15);
    let subject = "the Northgate housing bid";
    let summary = "Northgate housing bid option B";
    let settings = MatchSettings::default();
    for (offset, expected) in [(7, true), (-7, true), (8, false), (-8, false)] {
        let on = chat + chrono::Duration::days(offset);
        let r = reconcile(
            &[decision(0, "PM Updates", chat, subject)],
            &[entry("DOC-1", on, "PM Updates", summary)],
            &settings,
        );
        assert_eq!(r.matches[0].is_some(), expected, "offset {offset}");
        if let Some(RegisterMatch {
            reason: MatchReason::ConversationDateSubject { days_apart, .. },
            ..
        }) = &r.matches[0]
        {
            assert_eq!(*days_apart, offset);
        }
    }
    let narrow = MatchSettings {
        window_days: 0,
        ..MatchSettings::default()
    };
    let r = reconcile(
        &[decision(0, "PM Updates", chat, subject)],
        &[entry(
            "DOC-1",
            chat + chrono::Duration::days(1),
            "PM Updates",
            summary,
        )],
        &narrow,
    );
    assert_eq!(r.matches[0], None);
}

#[test]
fn other_conversation_or_undated_entry_needs_a_reference() {
    let day = d(2021, 4, 15);
    let mut undated = entry("DOC-2", day, "PM Updates", "Northgate housing bid");
    undated.decided_on = None;
    let entries = [
        entry("DOC-1", day, "SoS Office", "Northgate housing bid"),
        undated,
    ];
    let r = reconcile(
        &[decision(0, "PM Updates", day, "the Northgate housing bid")],
        &entries,
        &MatchSettings::default(),
    );
    assert_eq!(matched_entries(&r), [None]);
    assert_eq!(r.unmatched_entries, [0, 1]);
}

#[test]
fn one_entry_cannot_record_two_decisions() {
    let day = d(2021, 4, 15);
    let entries = [entry(
        "DOC-1",
        day,
        "PM Updates",
        "Northgate housing bid option B",
    )];
    let decisions = [
        decision(
            0,
            "PM Updates",
            day + chrono::Duration::days(2),
            "Northgate housing bid",
        ),
        decision(1, "PM Updates", day, "Northgate housing bid"),
    ];
    let r = reconcile(&decisions, &entries, &MatchSettings::default());
    assert_eq!(
        matched_entries(&r),
        [None, Some(0)],
        "the closer date wins the tie"
    );
    // Both citing the same reference: still one entry, one decision (input order breaks the tie).
    let mut cited = decisions.clone();
    cited[0].date = day;
    for c in &mut cited {
        c.cited = vec!["DOC-1".into()].into();
    }
    let r = reconcile(&cited, &entries, &MatchSettings::default());
    assert_eq!(matched_entries(&r), [Some(0), None]);
}

#[test]
fn unmatched_entries_are_listed_in_order() {
    let day = d(2021, 4, 15);
    let entries = [
        entry("DOC-1", day, "PM Updates", "Westford pier repairs"),
        entry("DOC-2", day, "PM Updates", "Northgate housing bid"),
        entry("DOC-3", day, "Chancellor office", "Budget scorecard"),
    ];
    let r = reconcile(
        &[decision(0, "PM Updates", day, "Northgate housing bid")],
        &entries,
        &MatchSettings::default(),
    );
    assert_eq!(matched_entries(&r), [Some(1)]);
    assert_eq!(r.unmatched_entries, [0, 2]);
    assert_eq!(
        reconcile(&[], &entries, &MatchSettings::default()).unmatched_entries,
        [0, 1, 2]
    );
}

#[test]
fn thresholds_are_configurable() {
    let day = d(2021, 4, 15);
    let entries = [entry(
        "DOC-1",
        day,
        "PM Updates",
        "Northgate bid, housing and roads package, phase two",
    )];
    let decisions = [decision(0, "PM Updates", day, "Northgate")];
    let strict = MatchSettings::default();
    assert_eq!(
        matched_entries(&reconcile(&decisions, &entries, &strict)),
        [None]
    );
    let loose = MatchSettings {
        min_overlap: 0.1,
        ..MatchSettings::default()
    };
    assert_eq!(
        matched_entries(&reconcile(&decisions, &entries, &loose)),
        [Some(0)]
    );
    let s: MatchSettings = toml::from_str("window-days = 3\nmin-shared-words = 3").unwrap();
    assert_eq!(
        (s.window_days, s.min_shared_words, s.min_overlap),
        (3, 3, 0.3)
    );
}

#[test]
fn status_edges() {
    let decided = d(2021, 3, 1);
    assert_eq!(
        status(decided, true, d(2021, 6, 1), 20),
        (Status::Recorded, 0)
    );
    assert_eq!(
        status(decided, false, d(2021, 3, 1), 20),
        (Status::Pending, 0)
    );
    assert_eq!(
        status(decided, false, d(2021, 3, 20), 20),
        (Status::Pending, 19)
    );
    assert_eq!(
        status(decided, false, d(2021, 3, 21), 20),
        (Status::Overdue, 20)
    );
    assert_eq!(
        status(decided, false, d(2021, 4, 1), 20),
        (Status::Overdue, 31)
    );
    assert_eq!(
        status(decided, false, d(2021, 2, 27), 20),
        (Status::Pending, -2)
    );
    assert_eq!(status(decided, false, decided, 0), (Status::Overdue, 0));
}
