//! Decisions that need their conversation: a principal's short reply to a
//! proposal, a pronoun for a principal named just before, a principal writing in
//! the first person. Run through the binary on a WhatsApp export with
//! `[[principals]]` in the config; decisions.csv shows `actor` and `reply_to`, and
//! a marked proposal is never quoted unless `--excerpts full`.

use crate::common;

use common::*;

const CHAT: &str = "\
02/03/2024, 09:00 - Lee Cho: Ann - proposal is we keep the fuel duty freeze and hold the 1p cut in reserve. OK to proceed?
02/03/2024, 09:05 - Ann Marsh: Agreed
02/03/2024, 10:00 - Lee Cho: Just been in with Tom on the rail timetable sub
02/03/2024, 10:01 - Lee Cho: He's content with option 2
02/03/2024, 11:00 - +44 7700 900555: I have decided to keep the Leeds office open
02/03/2024, 12:00 - Lee Cho: OFFICIAL-SENSITIVE: pricing annex for the depot sale attached. Content to proceed?
02/03/2024, 12:02 - Ann Marsh: Content
02/03/2024, 13:00 - Lee Cho: I'm in the car, be there in 10
02/03/2024, 13:01 - Ann Marsh: OK
02/03/2024, 14:00 - Lee Cho: She's signed it off
";

const CONFIG: &str = r#"
[[principals]]
name = "Ann Marsh"
role = "Chancellor"
aliases = ["Ann", "AM", "+44 7700 900555"]

[[principals]]
name = "Tom Hale"
role = "Secretary of State for Transport"
aliases = ["Tom", "Mr Hale"]
"#;

fn scan(excerpts: &str) -> Vec<std::collections::BTreeMap<String, String>> {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("drive");
    put(&root, "HMT/WhatsApp Chat with Lee Cho.txt", CHAT);
    let config = put(dir.path(), "onrecord.toml", CONFIG);
    let out = dir.path().join("out");
    let run = onrecord(
        &[
            "scan",
            root.to_str().unwrap(),
            "--config",
            config.to_str().unwrap(),
            "--as-of",
            "2024-03-05",
            "--excerpts",
            excerpts,
        ],
        &out,
    );
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    read_csv(&out.join("decisions.csv"))
}

fn by_time<'a>(
    rows: &'a [std::collections::BTreeMap<String, String>],
    hhmm: &str,
) -> Option<&'a std::collections::BTreeMap<String, String>> {
    rows.iter()
        .find(|r| r["message_time"].contains(&format!("T{hhmm}:")))
}

#[test]
fn replies_pronouns_and_first_person_name_the_principal() {
    let rows = scan("redacted");
    let times: Vec<&str> = rows.iter().map(|r| &r["message_time"][11..16]).collect();
    // Not the `OK` to "I'm in the car", nor `She's signed it off` (no one named before it).
    assert_eq!(times, ["09:05", "10:01", "11:00", "12:02"], "{rows:#?}");
    let reply = by_time(&rows, "09:05").unwrap();
    assert_eq!(reply["cue"], "reply: Agreed");
    assert_eq!(reply["actor"], "Ann Marsh");
    assert!(reply["reply_to"].starts_with("Ann - proposal is we keep the fuel duty freeze"));
    let pronoun = by_time(&rows, "10:01").unwrap();
    assert_eq!(pronoun["cue"], "pronoun: He's content with");
    assert_eq!(pronoun["actor"], "Tom Hale");
    assert_eq!(pronoun["reply_to"], "");
    let first = by_time(&rows, "11:00").unwrap();
    assert!(
        first["cue"].starts_with("first-person: I have decided"),
        "{first:?}"
    );
    assert_eq!(first["actor"], "Ann Marsh");
    // The reply to a marked proposal: found, but the proposal is not quoted.
    let marked = by_time(&rows, "12:02").unwrap();
    assert_eq!(marked["cue"], "reply: Content");
    assert!(marked["reply_to"].starts_with("[redacted"), "{marked:?}");
    assert!(
        !rows
            .iter()
            .any(|r| r.values().any(|v| v.contains("pricing annex")))
    );
}

#[test]
fn full_excerpts_quote_the_marked_proposal_and_none_quotes_nothing() {
    let rows = scan("full");
    let marked = by_time(&rows, "12:02").unwrap();
    assert!(marked["reply_to"].starts_with("OFFICIAL-SENSITIVE: pricing annex"));
    let rows = scan("none");
    assert!(
        rows.iter()
            .all(|r| r["reply_to"].is_empty() && r["excerpt"].is_empty())
    );
    assert_eq!(rows.len(), 4);
}

#[test]
fn bad_principals_stop_the_run_with_every_problem() {
    let dir = tempfile::tempdir().unwrap();
    let config = put(
        dir.path(),
        "bad.toml",
        "timezone = \"Mars/Base\"\n[[principals]]\nname = \"\"\n[[principals]]\nname = \"Ann Marsh\"\naliases = [\"\"]\n",
    );
    let run = onrecord(
        &[
            "scan",
            dir.path().to_str().unwrap(),
            "--config",
            config.to_str().unwrap(),
        ],
        &dir.path().join("out"),
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    for part in [
        "timezone",
        "principals[0].name",
        "principals[1] (Ann Marsh).aliases[0]",
    ] {
        assert!(run.stderr.contains(part), "{part}: {}", run.stderr);
    }
}
