//! A marking in capitals opening a WhatsApp message of ordinary text (`TOP SECRET the
//! plan is attached`, `TOP SECRET Canarymessage plan`, `SECRET DUSKROW pls delete`)
//! is a critical finding, as a bare `TOP SECRET` is, in Android and iOS exports alike;
//! the same capitals before an ordinary noun (`TOP SECRET recipe`), in a shouted
//! title or in talk about the tier are not; and the message is never quoted.

use crate::common;

use std::path::Path;

use common::{files_under, onrecord, put, read_csv, written_text, zip_bytes};

/// (minute, text, carries a SECRET-or-above marking)
const MESSAGES: &[(u32, &str, bool)] = &[
    (20, "TOP SECRET the plan is attached", true),
    (21, "TOP SECRET Canarymessage plan", true),
    (22, "TOP SECRET", true),
    (23, "SECRET DUSKROW pls delete after reading", true),
    (
        24,
        "SECRET readout below, Harrowgate numbers in the annex",
        true,
    ),
    (25, "'TOP SECRET' – Lanterndale timings", true),
    (26, "TOP SECRET recipe for the bake sale on Friday", false),
    (27, "SECRET Santa names out tomorrow", false),
    (
        28,
        "TOP SECRET DRUM CORPS at the Tattoo were amazing",
        false,
    ),
    (
        29,
        "TOP SECRET is reserved for the most sensitive material",
        false,
    ),
    (30, "SECRET lol", false),
];

/// The same messages as an Android (en-GB) export and as an iOS `_chat.txt` in a zip.
fn chat_drive(root: &Path) {
    let mut android = String::from("17/06/2024, 09:14 - Priya Kaur: Morning all\n");
    let mut ios = String::from(
        "[17/06/2024, 09:14:00] Ops Cell: \u{200e}Messages and calls are end-to-end encrypted. \
         No one outside of this chat, not even WhatsApp, can read or listen to them.\r\n",
    );
    for (minute, text, _) in MESSAGES {
        android.push_str(&format!("17/06/2024, 09:{minute} - Priya Kaur: {text}\n"));
        ios.push_str(&format!(
            "[17/06/2024, 09:{minute}:07] Priya Kaur: {text}\r\n"
        ));
    }
    put(root, "HO/WhatsApp Chat with Ops Cell.txt", &android);
    put(
        root,
        "DfT/WhatsApp Chat - Ops Cell.zip",
        zip_bytes(&[("_chat.txt", ios.as_bytes())]),
    );
}

#[test]
fn capitals_opening_a_message_are_a_critical_marking_in_both_exports() {
    let tmp = tempfile::tempdir().unwrap();
    let drive = tmp.path().join("drive");
    chat_drive(&drive);
    let out = tmp.path().join("out");
    let run = onrecord(
        &[
            "scan",
            drive.to_str().unwrap(),
            "--as-of",
            "2024-07-01",
            "--quiet",
        ],
        &out,
    );
    assert!(matches!(run.code, 0 | 1 | 3 | 5), "{}", run.stderr);
    let findings = read_csv(&out.join("findings.csv"));
    for export in ["HO/", "DfT/"] {
        for (minute, text, secret) in MESSAGES {
            let at = format!("2024-06-17T09:{minute}");
            // (A message in both exports is one finding, the other export in `also_in`.)
            let critical = findings.iter().any(|f| {
                (f["source_path"].starts_with(export) || f["also_in"].contains(export))
                    && f["message_time"].starts_with(&at)
                    && f["rule_id"] == "classification-secret"
                    && f["severity"] == "critical"
            });
            assert_eq!(critical, *secret, "{export} {text:?}: {findings:#?}");
        }
    }
    // The talk line is a mention at info, not nothing.
    assert!(
        findings
            .iter()
            .any(|f| f["rule_id"] == "classification-mention"
                && f["message_time"].starts_with("2024-06-17T09:29")
                && f["severity"] == "info")
    );
    // No written file holds the marked messages' own words.
    for file in files_under(&out) {
        let text = written_text(&file);
        for word in [
            "Canarymessage",
            "DUSKROW",
            "Harrowgate",
            "Lanterndale",
            "the plan is",
        ] {
            assert!(!text.contains(word), "{word:?} in {}", file.display());
        }
    }
}
