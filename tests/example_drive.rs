//! End to end on the bundled example drive (realistic fictional exports of three
//! offices, with a decision register): the exact findings and decisions a records
//! manager should see, decoys left alone, and no classified text quoted.

use crate::common;

use std::path::Path;

use common::*;

fn scan_examples() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    scan_example_drive(Path::new("examples/register.csv"), "2021-07-01", out.path());
    out
}

#[test]
fn findings_are_exactly_the_planted_ones() {
    let out = scan_examples();
    let findings = read_csv(&out.path().join("findings.csv"));
    let mut got: Vec<(String, String, String, String)> = findings
        .iter()
        .filter(|f| f["category"] != "coverage")
        .map(|f| {
            let file = f["source_path"].rsplit('/').next().unwrap().to_string();
            (
                f["rule_id"].clone(),
                f["severity"].clone(),
                file,
                f["message_time"].get(..10).unwrap_or("").to_string(),
            )
        })
        .collect();
    got.sort();
    // The Telegram chat and its copy cut off half way are one conversation: each of
    // its findings once (the timer's as the whole export sees it: critical).
    let want: Vec<(&str, &str, &str, &str)> = vec![
        (
            "classification-official-sensitive",
            "medium",
            "Alex Reid - 7.txt",
            "2021-06-07",
        ),
        (
            "classification-official-sensitive",
            "medium",
            "WhatsApp Chat with Sam Patel.txt",
            "2020-11-25",
        ),
        (
            "classification-official-sensitive",
            "medium",
            "_chat.txt",
            "2021-05-03",
        ),
        (
            "classification-official-sensitive",
            "medium",
            "result.json",
            "2021-05-04",
        ),
        (
            "classification-official-sensitive",
            "medium",
            "sms-20230401.xml",
            "2023-03-15",
        ),
        (
            "classification-secret",
            "critical",
            "WhatsApp Chat with Sam Patel.txt",
            "2020-11-24",
        ),
        (
            "classification-secret",
            "critical",
            "result.json",
            "2021-05-06",
        ),
        (
            "decision-not-recorded",
            "high",
            "WhatsApp Chat with Sam Patel.txt",
            "2020-11-25",
        ),
        ("decision-not-recorded", "high", "_chat.txt", "2021-03-16"),
        ("decision-not-recorded", "high", "result.json", "2021-05-11"),
        ("decision-not-recorded", "medium", "_chat.txt", "2021-06-28"),
        (
            "disappearing-messages-on",
            "critical",
            "Jo Bloggs (_id12).txt",
            "2021-04-20",
        ),
        (
            "disappearing-messages-on",
            "critical",
            "_chat.txt",
            "2021-04-15",
        ),
        (
            "disappearing-messages-on",
            "critical",
            "result.json",
            "2021-05-04",
        ),
        (
            "disappearing-messages-on",
            "high",
            "WhatsApp Chat mit Priya Shah.txt",
            "2021-06-14",
        ),
        (
            "disappearing-messages-on",
            "high",
            "WhatsApp Chat with SR23 Core Team.txt",
            "2023-01-09",
        ),
        (
            "disappearing-messages-on",
            "high",
            "chat backup.txt",
            "2021-02-01",
        ),
    ];
    let want: Vec<(String, String, String, String)> = want
        .into_iter()
        .map(|(a, b, c, d)| (a.into(), b.into(), c.into(), d.into()))
        .collect();
    assert_eq!(got, want);
    // The PM Updates timer ran across the inquiry announcement and was still on.
    let pm = findings
        .iter()
        .find(|f| f["rule_id"] == "disappearing-messages-on" && f["conversation"] == "PM Updates")
        .unwrap();
    assert!(
        pm["detail"].contains("(7 days) by Jo Bloggs"),
        "{}",
        pm["detail"]
    );
    assert!(
        pm["detail"].contains("still on at the end of the export"),
        "{}",
        pm["detail"]
    );
    assert!(
        pm["detail"].contains("UK Covid-19 Inquiry announced"),
        "{}",
        pm["detail"]
    );
    assert_eq!(pm["office"], "No10 Private Office");
}

#[test]
fn classified_text_is_never_quoted() {
    let out = scan_examples();
    for name in ["findings.csv", "decisions.csv"] {
        let text = std::fs::read_to_string(out.path().join(name)).unwrap();
        assert!(
            !text.contains("assessment, don't forward"),
            "{name} quotes a SECRET message"
        );
    }
    let findings = read_csv(&out.path().join("findings.csv"));
    let secret = findings
        .iter()
        .find(|f| f["rule_id"] == "classification-secret" && f["conversation"] == "Sam Patel")
        .unwrap();
    assert!(
        secret["excerpt"].starts_with("[redacted"),
        "{}",
        secret["excerpt"]
    );
    assert!(
        secret["detail"].contains("UK SECRET - UK EYES ONLY"),
        "{}",
        secret["detail"]
    );
}

#[test]
fn decisions_are_settled_against_the_register() {
    let out = scan_examples();
    let rows = read_csv(&out.path().join("decisions.csv"));
    let got: Vec<(String, String, String, String, String)> = rows
        .iter()
        .map(|r| {
            (
                r["conversation"].clone(),
                r["message_time"][..10].to_string(),
                r["status"].clone(),
                r["record_ref"].clone(),
                r["days_outstanding"].clone(),
            )
        })
        .collect();
    let want = [
        (
            "Vaccine Deployment",
            "2021-05-06",
            "recorded",
            "DEC-2021-031",
            "0",
        ),
        ("Jo Bloggs", "2021-04-22", "recorded", "DEC-2021-022", "0"),
        ("Tom Hughes", "2021-05-11", "overdue", "", "51"),
        ("PM Updates", "2021-03-08", "recorded", "DEC-2021-009", "0"),
        ("PM Updates", "2021-03-16", "overdue", "", "107"),
        ("PM Updates", "2021-03-23", "recorded", "DEC-2021-014", "0"),
        ("PM Updates", "2021-06-24", "recorded", "DEC-2021-047", "0"),
        ("PM Updates", "2021-06-28", "pending", "", "3"),
        ("Sam Patel", "2020-11-25", "overdue", "", "218"),
    ];
    let want: Vec<_> = want
        .iter()
        .map(|(a, b, c, d, e)| {
            (
                a.to_string(),
                b.to_string(),
                c.to_string(),
                d.to_string(),
                e.to_string(),
            )
        })
        .collect();
    assert_eq!(got, want);
    let unmatched = read_csv(&out.path().join("register-unmatched.csv"));
    assert_eq!(unmatched.len(), 1);
    assert_eq!(unmatched[0]["reference"], "DEC-2021-040");
    let summary = read_csv(&out.path().join("summary.csv"));
    let no10 = summary
        .iter()
        .find(|r| r["office"] == "No10 Private Office")
        .unwrap();
    assert_eq!(
        (
            &no10["decisions_found"][..],
            &no10["decisions_overdue"][..],
            &no10["oldest_overdue_days"][..]
        ),
        ("6", "2", "218")
    );
}

#[test]
fn rules_check_passes_and_a_bad_pack_lists_every_problem() {
    let (code, stdout, _) = onrecord_plain(&["rules", "check"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("ok: 13 rules in 2 pack(s)"), "{stdout}");
    let pack = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(
        pack.path(),
        r#"
[[rule]]
id = "codeword"
kind = "pattern"
category = "classification_marker"
description = "x"
severity = "urgent"
patterns = ["(unclosed"]
colour = "red"
must-match = ["NIGHTJAR"]
must-not-match = ["nightjar"]

[[rule]]
id = "codeword"
kind = "pattern"
description = "duplicate"
severity = "low"
must-match = ["a"]
must-not-match = ["b"]

[[rule]]
id = "samples-wrong"
kind = "pattern"
category = "coverage"
description = "samples that do not hold"
severity = "low"
patterns = ['\bNIGHTJAR\b']
must-match = ["nothing here"]
must-not-match = ["NIGHTJAR"]
"#,
    )
    .unwrap();
    let (code, _, stderr) = onrecord_plain(&["rules", "check", pack.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    for needle in [
        "rule \"codeword\": severity: \"urgent\" is not one of",
        "rule \"codeword\": id: duplicate rule id",
        "rule \"samples-wrong\": must-match: sample does not match: \"nothing here\"",
        "rule \"samples-wrong\": must-not-match: sample matches but must not: \"NIGHTJAR\"",
    ] {
        assert!(stderr.contains(needle), "missing {needle:?} in:\n{stderr}");
    }
    let (code, _, stderr) = onrecord_plain(&[
        "scan",
        "examples/drive",
        "--rules",
        pack.path().to_str().unwrap(),
    ]);
    assert_eq!(
        code, 2,
        "a bad pack stops the scan before it starts: {stderr}"
    );
}
