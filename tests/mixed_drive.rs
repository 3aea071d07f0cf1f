//! End to end on a drive holding one export per platform (WhatsApp, Telegram,
//! Signal, SMS XML, iMessage, Slack, e-mail), each with a planted marking, a
//! decision and, where the platform has one, a timer change; plus a register
//! recording three of the decisions. Decoys (`Secretary of State`, `Secret Santa`,
//! `top secret recipe`) sit in every export and must not fire.

use crate::common;

use std::collections::BTreeMap;

use common::*;

const DRIVE: &str = "tests/fixtures/mixed/drive";
const REGISTER: &str = "tests/fixtures/mixed/register.csv";

fn scan() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let run = onrecord(
        &[
            "scan",
            DRIVE,
            "--register",
            REGISTER,
            "--as-of",
            "2024-04-15",
            "--quiet",
        ],
        out.path(),
    );
    assert_eq!(run.code, 1, "findings and nothing broken: {}", run.stderr);
    out
}

fn pick(row: &BTreeMap<String, String>, columns: &[&str]) -> Vec<String> {
    columns.iter().map(|c| row[*c].clone()).collect()
}

fn rows(want: &[&[&str]]) -> Vec<Vec<String>> {
    want.iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

#[test]
fn every_platform_is_read_and_slack_metadata_is_named() {
    let out = scan();
    let files = files_by_path(out.path());
    let got: Vec<Vec<String>> = files
        .values()
        .map(|r| {
            pick(
                r,
                &[
                    "source_path",
                    "status",
                    "format",
                    "conversations",
                    "messages",
                    "detail",
                ],
            )
        })
        .collect();
    let want: &[&[&str]] = &[
        &["Mail/Private Office.mbox", "scanned", "email", "2", "3", ""],
        &["Phone/sms-20240320.xml", "scanned", "sms-xml", "1", "3", ""],
        &[
            "Signal/Owen Price (_id3).txt",
            "scanned",
            "signalbackup-tools",
            "1",
            "4",
            "",
        ],
        &[
            "Slack/channels.json",
            "skipped",
            "",
            "0",
            "0",
            "Slack metadata (public channels); no messages in it",
        ],
        &[
            "Slack/policy-unit/2024-03-21.json",
            "scanned",
            "slack",
            "1",
            "3",
            "",
        ],
        &[
            "Slack/users.json",
            "skipped",
            "",
            "0",
            "0",
            "Slack metadata (workspace members); no messages in it",
        ],
        &["Telegram/result.json", "scanned", "telegram", "1", "3", ""],
        &[
            "WhatsApp/WhatsApp Chat with Nadia Kerr.txt",
            "scanned",
            "whatsapp",
            "1",
            "5",
            // Every date of this export reads both ways and goes forward both ways.
            "[n/n/nnnn] dates read day-first (ambiguous: the date-order setting)",
        ],
        &[
            "iMessage/Ruth Adeyemi - 4.txt",
            "scanned",
            "imessage-exporter",
            "1",
            "4",
            "",
        ],
    ];
    assert_eq!(got, rows(want));
}

#[test]
fn findings_per_platform_are_exactly_the_planted_ones() {
    let out = scan();
    let findings = read_csv(&out.path().join("findings.csv"));
    let mut got: Vec<Vec<String>> = findings
        .iter()
        .map(|f| {
            pick(
                f,
                &[
                    "platform",
                    "rule_id",
                    "severity",
                    "conversation",
                    "message_time",
                    "sender",
                ],
            )
        })
        .collect();
    got.sort();
    let want: &[&[&str]] = &[
        &[
            "email",
            "classification-official-sensitive",
            "medium",
            "Depot funding",
            "2024-03-25T09:00:00+00:00",
            "Nadia Kerr <nadia.kerr@dept.example>",
        ],
        &[
            "imessage",
            "classification-official-sensitive",
            "medium",
            "Ruth Adeyemi",
            "2024-03-18T09:02:09+00:00",
            "Ruth Adeyemi",
        ],
        &[
            "imessage",
            "decision-not-recorded",
            "medium",
            "Ruth Adeyemi",
            "2024-03-18T11:45:00+00:00",
            "Ruth Adeyemi",
        ],
        &[
            "signal",
            "classification-secret",
            "critical",
            "Owen Price",
            "2024-03-14T10:00:00+00:00",
            "Owen Price",
        ],
        &[
            "signal",
            "decision-not-recorded",
            "high",
            "Owen Price",
            "2024-03-14T12:14:51+00:00",
            "Owen Price",
        ],
        &[
            "signal",
            "disappearing-messages-on",
            "high",
            "Owen Price",
            "2024-03-13T17:05:00+00:00",
            "Owen Price",
        ],
        // Named from users.json: the day file gives only `U0NNN0001`.
        &[
            "slack",
            "classification-official-sensitive",
            "medium",
            "policy-unit",
            "2024-03-21T08:00:00+00:00",
            "Nadia Kerr",
        ],
        &[
            "sms",
            "classification-official-sensitive",
            "medium",
            "Ruth Adeyemi",
            "2024-03-15T09:00:00+00:00",
            "Ruth Adeyemi",
        ],
        &[
            "sms",
            "decision-not-recorded",
            "high",
            "Ruth Adeyemi",
            "2024-03-15T10:00:00+00:00",
            "Ruth Adeyemi",
        ],
        // The marking is in the attached document's name.
        &[
            "telegram",
            "classification-secret",
            "critical",
            "Tariq Malik",
            "2024-03-11T09:14:05+00:00",
            "Tariq Malik",
        ],
        &[
            "telegram",
            "decision-not-recorded",
            "high",
            "Tariq Malik",
            "2024-03-12T16:20:00+00:00",
            "Elin Morgan",
        ],
        &[
            "telegram",
            "disappearing-messages-on",
            "high",
            "Tariq Malik",
            "2024-03-11T09:11:40+00:00",
            "Tariq Malik",
        ],
        &[
            "whatsapp",
            "classification-official-sensitive",
            "medium",
            "Nadia Kerr",
            "2024-03-05T10:02:11+00:00",
            "Nadia Kerr",
        ],
        &[
            "whatsapp",
            "disappearing-messages-on",
            "high",
            "Nadia Kerr",
            "2024-03-05T09:18:42+00:00",
            "Nadia Kerr",
        ],
    ];
    assert_eq!(got, rows(want));
    // The e-mail marking came from its X-Classification header, not the body.
    let email = findings.iter().find(|f| f["platform"] == "email").unwrap();
    assert_eq!(
        email["detail"],
        "marking OFFICIAL-SENSITIVE in message text"
    );
    assert!(
        email["excerpt"].starts_with("[redacted"),
        "{}",
        email["excerpt"]
    );
    assert_eq!(email["location"], "id depot-1@dept.example");
}

#[test]
fn decisions_per_platform_are_settled_against_the_register() {
    let out = scan();
    let decisions = read_csv(&out.path().join("decisions.csv"));
    let mut got: Vec<Vec<String>> = decisions
        .iter()
        .map(|d| {
            pick(
                d,
                &[
                    "platform",
                    "conversation",
                    "message_time",
                    "sender",
                    "status",
                    "record_ref",
                    "days_outstanding",
                ],
            )
        })
        .collect();
    got.sort();
    let want: &[&[&str]] = &[
        &[
            "email",
            "Depot funding",
            "2024-03-25T11:00:00+00:00",
            "Owen Price <owen.price@dept.example>",
            "recorded",
            "DEC-2024-019",
            "0",
        ],
        &[
            "imessage",
            "Ruth Adeyemi",
            "2024-03-18T11:45:00+00:00",
            "Ruth Adeyemi",
            "pending",
            "",
            "28",
        ],
        &[
            "signal",
            "Owen Price",
            "2024-03-14T12:14:51+00:00",
            "Owen Price",
            "overdue",
            "",
            "32",
        ],
        &[
            "slack",
            "policy-unit",
            "2024-03-21T10:00:00+00:00",
            "Nadia Kerr",
            "recorded",
            "DEC-2024-017",
            "0",
        ],
        &[
            "sms",
            "Ruth Adeyemi",
            "2024-03-15T10:00:00+00:00",
            "Ruth Adeyemi",
            "overdue",
            "",
            "31",
        ],
        &[
            "telegram",
            "Tariq Malik",
            "2024-03-12T16:20:00+00:00",
            "Elin Morgan",
            "overdue",
            "",
            "34",
        ],
        &[
            "whatsapp",
            "Nadia Kerr",
            "2024-03-06T17:30:05+00:00",
            "Nadia Kerr",
            "recorded",
            "DEC-2024-011",
            "0",
        ],
    ];
    assert_eq!(got, rows(want));
    assert!(read_csv(&out.path().join("register-unmatched.csv")).is_empty());
    // Slack mentions read as names in the quoted text.
    let slack = decisions.iter().find(|d| d["platform"] == "slack").unwrap();
    assert!(
        slack["excerpt"].contains("@Owen Price can you tell HR?"),
        "{}",
        slack["excerpt"]
    );
}
