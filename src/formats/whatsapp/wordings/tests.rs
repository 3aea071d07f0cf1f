//! Every wording of every table with a sample, and ordinary messages that use the
//! same words but are not events.

use super::*;

/// A sample text of a wording: placeholders filled with fictional values,
/// optional parts kept.
fn sample(wording: &str) -> String {
    let mut names = ["Rowan Vale", "Imani Okafor"].into_iter();
    let mut out = String::new();
    let mut rest = wording;
    while let Some(c) = rest.chars().next() {
        if c == '{' {
            let close = rest.find('}').unwrap();
            out.push_str(match &rest[1..close] {
                "name" => names.next().unwrap(),
                "phone" => "+44 7700 900123",
                "text" => "Budget Committee",
                "rest" => " Tap to learn more.",
                "tail" => ". Tap to call back",
                "words" => "change",
                "n" => "7",
                "unit" => "days",
                other => panic!("{other}"),
            });
            rest = &rest[close + 1..];
        } else {
            if c != '[' && c != ']' {
                out.push(c);
            }
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

#[test]
fn every_wording_is_recognised_as_its_kind() {
    assert!(ROWS.len() > 300, "{} rows", ROWS.len());
    for row in ROWS.iter() {
        let text = sample(row.wording);
        assert!(may_match(&text, None), "prefilter hides {text:?}");
        assert!(
            may_match(&text, Some("Sam Patel")),
            "prefilter hides {text:?} in a body"
        );
        for author in [None, Some("Rowan Vale"), Some("Sam Patel")] {
            let hit = recognise(&text, author)
                .unwrap_or_else(|| panic!("{text:?} ({author:?}) not recognised"));
            assert_eq!(
                (hit.row.table, hit.row.event),
                (row.table, row.event),
                "{text:?} ({} {}) read as {:?}",
                row.lang,
                row.platform,
                hit.row.wording
            );
        }
        // A final period is optional; after the wording, a typed sentence is not.
        let dotted = format!("{}.", text.trim_end_matches('.'));
        assert!(recognise(&dotted, None).is_some(), "{dotted:?}");
        if !row.wording.ends_with('}') {
            let typed = format!("{text} Why would you do that?");
            assert!(recognise(&typed, Some("Sam Patel")).is_none(), "{typed:?}");
        }
    }
}

#[test]
fn timer_events_carry_their_duration() {
    let timer = |text: &str| {
        let hit = recognise(text, Some("Sam Patel")).expect(text);
        assert_eq!(hit.row.table, Table::Timer, "{text}");
        (hit.row.event, hit.seconds, hit.actor)
    };
    let explanation = |lang: &str| {
        lines("timer_explanation.txt", EXPLANATIONS)
            .find(|l| l.1 == lang && l.3.contains("{n}"))
            .map(|l| sample(l.3))
    };
    let mut with_duration = 0;
    for row in ROWS.iter().filter(|r| r.table == Table::Timer) {
        if let Some(e) = explanation(row.lang).filter(|_| row.event != "off") {
            let text = format!("{}. {e} Tap to change.", sample(row.wording));
            let (event, seconds, _) = timer(&text);
            assert_eq!((event, seconds), (row.event, Some(7 * 86_400)), "{text}");
            with_duration += 1;
        }
    }
    assert!(with_duration > 20);
    assert_eq!(
        timer(
            "You turned on disappearing messages. All new messages will disappear from this chat 24 hours after they're sent. Tap to change."
        ),
        ("on", Some(86_400), Some("You".into()))
    );
    assert_eq!(
        timer(
            "Jo Bloggs changed the message timer. New messages in this chat will disappear 24 hours after they’re read, except when kept. Click to change."
        ),
        ("changed", Some(86_400), Some("Jo Bloggs".into()))
    );
    assert_eq!(
        timer(
            "You updated the message timer. New messages will disappear from this chat 1 week after they're sent. Change timer."
        ),
        ("changed", Some(604_800), Some("You".into()))
    );
    assert_eq!(
        timer("Disappearing messages were turned off. Tap to change."),
        ("off", None, None)
    );
    assert_eq!(
        timer(
            "Activaste los mensajes temporales. Los mensajes nuevos desaparecerán de este chat después de 7 días de haber sido enviados, a menos que se use la opción para conservarlos. Haz clic para cambiar esto."
        ),
        ("on", Some(7 * 86_400), Some("You".into()))
    );
}

#[test]
fn ordinary_messages_with_the_same_words_are_not_events() {
    let author = Some("Jo Bloggs");
    for text in [
        "should we turn on disappearing messages?",
        "I think Sam turned on disappearing messages.",
        "You turned on disappearing messages. Why?",
        "You turned on disappearing messages. New messages will disappear soon.",
        "Please never use disappearing messages in this chat",
        "Messages will disappear after 24 hours",
        "I added you to the list",
        "Sam added milk to the list",
        "the secretary changed her mind",
        "I left my keys at the office",
        "we left early",
        "I missed voice call yesterday",
        "This message was deleted by mistake, sorry",
        "Diese Nachricht wurde gelöscht, oder?",
        "Wir haben die Gruppe verlassen und sind nach Hause gegangen",
        "el grupo salió del grupo de trabajo ayer",
        "Bu mesaj silindi mi?",
        "そのメッセージは削除されましたか",
        "Messages and calls are end-to-end encrypted? Are you sure",
        "my security code changed yesterday",
    ] {
        assert!(recognise(text, author).is_none(), "{text:?}");
    }
    // Most messages do not pass even the prefilter.
    for text in [
        "Jo Bloggs: see you at 3",
        "hello there, how are you",
        "Jo Bloggs: I changed my mind about the minister",
    ] {
        assert!(!may_match(text, None), "{text}");
        assert!(!may_match(text, Some("Jo Bloggs")), "{text}");
    }
}

#[test]
fn in_a_body_only_a_name_like_start_is_searched() {
    assert_eq!(name_like_prefix("Sam Patel added you", "Group"), 9);
    assert_eq!(name_like_prefix("I think Sam added you", "Group"), 1);
    assert_eq!(name_like_prefix("ok see you", "Group"), 0);
    assert_eq!(name_like_prefix("siddhi added you", "siddhi"), 6);
    assert!(!may_match("i think sam added you", Some("Jo")));
    assert!(may_match("siddhi added you", Some("siddhi")));
    assert!(may_match("Rowan Vale's security code changed.", Some("Jo")));
    assert!(may_match(
        "田中 一郎とのセキュリティコードが変更されました。",
        Some("営業")
    ));
}

#[test]
fn names_are_bounded_and_colon_free() {
    // A name of 100 four-byte characters puts the wording at byte 400…
    let name = "😀".repeat(100);
    assert!(recognise(&format!("{name} added you"), None).is_some());
    assert!(recognise(&format!("{name}😀 added you"), None).is_none());
    assert!(
        recognise(
            &format!("{name}'s security code changed. Tap to learn more."),
            None
        )
        .is_some()
    );
    assert!(recognise("Jo: Sam added you", None).is_none());
    assert_eq!(
        recognise("Sam Patel added Jo Bloggs", Some("Group")).map(|h| h.row.event),
        Some("added")
    );
}

#[test]
fn after_name_literals_hold_no_colon_or_line_break() {
    // `may_match` relies on it: it searches only before the first of them.
    for row in ROWS.iter() {
        if let Literal::AfterName(v) = literals(row.wording) {
            assert!(
                v.iter().all(|l| !l.contains([':', '\n'])),
                "{:?}",
                row.wording
            );
        }
    }
}

#[test]
fn the_index_lists_every_row_under_its_literal() {
    let p = &*PREFILTER;
    let listed = |rows: &Vec<Vec<usize>>, i: usize| rows.iter().any(|r| r.contains(&i));
    for (i, row) in ROWS.iter().enumerate() {
        let list = match literals(row.wording) {
            Literal::Opening(_) => &p.opening_rows,
            Literal::AfterName(_) => &p.after_name_rows,
        };
        assert!(listed(list, i), "{:?} not indexed", row.wording);
    }
}

#[test]
fn tables_are_well_formed() {
    const LANGUAGES: [&str; 22] = [
        "en", "de", "fr", "es", "it", "pt", "pt-BR", "pt-PT", "nl", "ru", "uk", "pl", "cs", "tr",
        "ar", "hi", "id", "ja", "th", "vi", "zh", "ko",
    ];
    let all = EVENT_TABLES.iter().map(|(_, f, t)| (*f, *t)).chain([
        ("timer_units.txt", UNITS),
        ("timer_explanation.txt", EXPLANATIONS),
        ("timer_action.txt", ACTIONS),
        ("media_omitted.txt", MEDIA_OMITTED),
        ("edited.txt", EDITED),
    ]);
    for (file, text) in all {
        for (event, lang, platform, wording, _) in lines(file, text) {
            assert!(LANGUAGES.contains(&lang), "{file}: language {lang}");
            assert!(
                ["both", "ios", "android"].contains(&platform),
                "{file}: platform {platform}"
            );
            assert!(!event.is_empty() && !wording.is_empty(), "{file}");
        }
    }
}
