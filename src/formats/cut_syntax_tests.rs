//! The cutters on small limits, through every buffer size: what is kept parses,
//! and input with no over-long record passes through byte for byte.

use std::io::{BufReader, Read};

use crate::formats::cap::{Capped, Cuts, Syntax};

fn capped(bytes: &[u8], syntax: Syntax, max: usize, capacity: usize) -> (Vec<u8>, Cuts) {
    let mut inner = BufReader::with_capacity(capacity, bytes);
    let mut reader = Capped::new(&mut inner, syntax, max);
    let mut out = Vec::new();
    reader.read_to_end(&mut out).unwrap();
    (out, reader.cuts())
}

/// The same output and cuts for every buffer size.
fn capped_everywhere(bytes: &[u8], syntax: Syntax, max: usize) -> (Vec<u8>, Cuts) {
    let first = capped(bytes, syntax, max, 1);
    for capacity in [2, 3, 5, 7, 16, 64, 8192] {
        assert_eq!(
            capped(bytes, syntax, max, capacity),
            first,
            "capacity {capacity}"
        );
    }
    first
}

#[test]
fn short_records_pass_untouched() {
    let cases: [(&[u8], Syntax); 3] = [
        (b"one\r\ntwo\n\nthr\xc3\xa9e", Syntax::Lines),
        (
            br#"{"a": "x\"y\\", "b": ["\ud83d\ude00", 12, "caf\u00e9"]}"#,
            Syntax::Json,
        ),
        (
            b"<?xml version='1.0'?><!-- don't --><smses><sms body=\"a &amp; b\" x='it\"s'/>text &lt;</smses>",
            Syntax::Xml,
        ),
    ];
    for (bytes, syntax) in cases {
        let (out, cuts) = capped_everywhere(bytes, syntax, 16);
        assert_eq!(out, bytes, "{syntax:?}");
        assert_eq!(cuts, Cuts::default());
    }
}

#[test]
fn a_long_line_keeps_its_start_and_the_next_lines() {
    let text = "short\nthis line is much longer than the limit\né\nlast";
    let (out, cuts) = capped_everywhere(text.as_bytes(), Syntax::Lines, 10);
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "short\nthis line \né\nlast"
    );
    assert_eq!(cuts.records, 1);
    assert_eq!(cuts.first_at, Some(16));
    assert_eq!(cuts.dropped_bytes, 29);
    // Never half a character: "éééééé" is 12 bytes; cut at 9, five are kept.
    let (out, cuts) = capped_everywhere("éééééé\n".as_bytes(), Syntax::Lines, 9);
    assert_eq!(String::from_utf8(out).unwrap(), "ééééé\n");
    assert_eq!(cuts.dropped_bytes, 2);
}

#[test]
fn a_long_json_string_is_cut_and_still_parses() {
    let long = format!(
        r#"[{{"text": "{}", "from": "Ann"}}, {{"text": "ok"}}]"#,
        "ab\\\"cd\\u00e9\\ud83d\\ude00".repeat(20)
    );
    for max in 4..40 {
        let (out, cuts) = capped_everywhere(long.as_bytes(), Syntax::Json, max);
        let value: serde_json::Value = serde_json::from_slice(&out)
            .unwrap_or_else(|e| panic!("max {max}: {e}: {}", String::from_utf8_lossy(&out)));
        let kept = value[0]["text"].as_str().unwrap();
        assert!(kept.len() <= max + 6, "max {max}: {kept:?}");
        assert!("ab\"cdé😀".repeat(20).starts_with(kept), "{kept:?}");
        assert_eq!(value[0]["from"], "Ann");
        assert_eq!(value[1]["text"], "ok");
        assert_eq!(cuts.records, 1, "max {max}");
    }
}

#[test]
fn a_long_xml_value_is_cut_never_inside_an_entity() {
    let body = "fish &amp; chips &#128512; ".repeat(10);
    let xml = format!(
        "<!-- it's a test --><smses count=\"2\"><sms body=\"{body}\" date='1'/><mms><part text='{body}'/></mms>{body}</smses>"
    );
    for max in 1..30 {
        let (out, cuts) = capped_everywhere(xml.as_bytes(), Syntax::Xml, max);
        let mut reader = quick_xml::Reader::from_reader(out.as_slice());
        let mut buf = Vec::new();
        let mut bodies = Vec::new();
        loop {
            match reader.read_event_into(&mut buf) {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(quick_xml::events::Event::Empty(e)) => {
                    for a in e.attributes() {
                        let a = a.unwrap();
                        bodies.push(
                            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .unwrap()
                                .into_owned(),
                        );
                    }
                }
                // Text comes in pieces around entity references: only parsed.
                Ok(_) => {}
                Err(e) => panic!("max {max}: {e}: {}", String::from_utf8_lossy(&out)),
            }
            buf.clear();
        }
        assert!(
            bodies
                .iter()
                .all(|b| "fish & chips 😀 ".repeat(10).starts_with(b.as_str()) || b == "1"),
            "max {max}: {bodies:?}"
        );
        assert_eq!(cuts.records, 3, "max {max}");
    }
}
