//! `scan --shard K/N` + `merge`, with the real binary on the example drive: the
//! merged reports are byte-identical to an unsharded scan, zips stay whole, shards
//! are balanced, and parts that do not belong together are refused.

use crate::common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::{onrecord_plain, read_csv};

const FLAGS: [&str; 7] = [
    "--config",
    "examples/onrecord.toml",
    "--register",
    "examples/register.csv",
    "--as-of",
    "2021-07-01",
    "--quiet",
];

/// The reports an unsharded scan and a merge must agree on, byte for byte.
const REPORTS: [&str; 11] = [
    "files.csv",
    "conversations.csv",
    "findings.csv",
    "decisions.csv",
    "register-unmatched.csv",
    "summary.csv",
    "summary-detail.csv",
    "resolved.csv",
    "reviews.csv",
    "trend.csv",
    "report.xlsx",
];

/// report.html without its one run time-stamp line.
fn page_without_stamp(out: &Path) -> String {
    let page = std::fs::read_to_string(out.join("report.html")).unwrap();
    let kept: Vec<&str> = page
        .lines()
        .filter(|l| !l.contains("id=\"run-stamp\""))
        .collect();
    assert_eq!(kept.len() + 1, page.lines().count(), "one run-stamp line");
    kept.join("\n")
}

fn run(args: &[&str]) -> (i32, String) {
    let (code, _, stderr) = onrecord_plain(args);
    (code, stderr)
}

fn scan(out: &Path, extra: &[&str]) -> i32 {
    let mut args = vec!["scan", "examples/drive", "--out", out.to_str().unwrap()];
    args.extend(FLAGS);
    args.extend(extra);
    let (code, stderr) = run(&args);
    assert!(matches!(code, 0 | 1 | 3 | 5), "exit {code}: {stderr}");
    code
}

fn shards(dir: &Path, n: usize) -> Vec<PathBuf> {
    (1..=n)
        .map(|k| {
            let out = dir.join(format!("shard-{k}"));
            scan(&out, &["--shard", &format!("{k}/{n}")]);
            out
        })
        .collect()
}

fn merge(out: &Path, parts: &[PathBuf], extra: &[&str]) -> (i32, String) {
    let mut args = vec!["merge", "--out", out.to_str().unwrap()];
    args.extend(extra);
    args.extend(parts.iter().map(|p| p.to_str().unwrap()));
    run(&args)
}

#[test]
fn merged_reports_are_byte_identical_to_an_unsharded_scan() {
    let tmp = tempfile::tempdir().unwrap();
    let whole = tmp.path().join("whole");
    let whole_code = scan(&whole, &[]);
    for n in [1, 2, 4] {
        let dir = tmp.path().join(format!("n{n}"));
        let parts = shards(&dir, n);
        let merged = dir.join("merged");
        let mut flags: Vec<&str> = FLAGS.to_vec();
        flags.retain(|f| *f != "--as-of" && *f != "2021-07-01"); // the parts' date is the default
        let (code, stderr) = merge(&merged, &parts, &flags);
        assert_eq!(code, whole_code, "{n} shards: {stderr}");
        for name in REPORTS {
            let a = std::fs::read(whole.join(name)).unwrap();
            let b = std::fs::read(merged.join(name)).unwrap();
            assert!(a == b, "{n} shards: {name} differs from the unsharded run");
        }
        assert_eq!(
            page_without_stamp(&whole),
            page_without_stamp(&merged),
            "{n} shards: report.html differs beyond its run time"
        );
        // Every file row is in exactly one shard's own files.csv.
        let mut seen = BTreeSet::new();
        for p in &parts {
            for row in read_csv(&p.join("files.csv")) {
                assert!(seen.insert(row["source_path"].clone()), "{row:?} twice");
            }
        }
        let all: BTreeSet<String> = read_csv(&whole.join("files.csv"))
            .into_iter()
            .map(|r| r["source_path"].clone())
            .collect();
        assert_eq!(seen, all);
    }
}

#[test]
fn zips_stay_whole_and_shards_are_balanced() {
    let tmp = tempfile::tempdir().unwrap();
    let parts = shards(tmp.path(), 4);
    let mut sizes = Vec::new();
    for p in &parts {
        let rows = read_csv(&p.join("files.csv"));
        let own: BTreeSet<&str> = rows.iter().map(|r| r["source_path"].as_str()).collect();
        for r in &rows {
            if let Some((zip, _)) = r["source_path"].split_once("!/") {
                assert!(
                    own.contains(zip),
                    "{} is not with its zip",
                    r["source_path"]
                );
            }
        }
        let manifest: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(p.join("part/manifest.json")).unwrap())
                .unwrap();
        sizes.push(manifest["entries"].as_u64().unwrap());
    }
    // 17 entries on the example drive: 5/4/4/4 is as even as whole entries allow.
    let (min, max) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
    assert!(max - min <= 1, "{sizes:?}");
    assert_eq!(sizes.iter().sum::<u64>(), 17);
}

#[test]
fn parts_that_do_not_belong_together_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let parts = shards(tmp.path(), 3);
    let out = tmp.path().join("merged");
    let expect_refusal = |parts: &[PathBuf], extra: &[&str], says: &str| {
        let mut flags: Vec<&str> = FLAGS.to_vec();
        if extra.contains(&"--as-of") {
            flags.retain(|f| *f != "--as-of" && *f != "2021-07-01");
        }
        flags.extend(extra);
        let (code, stderr) = merge(&out, parts, &flags);
        assert_eq!(code, 2, "{stderr}");
        assert!(stderr.contains(says), "expected {says:?} in: {stderr}");
        assert!(!out.join("files.csv").exists(), "nothing written");
    };
    expect_refusal(&parts[..2], &[], "missing shard(s): 3/3");
    expect_refusal(
        &[
            parts[0].clone(),
            parts[1].clone(),
            parts[1].clone(),
            parts[2].clone(),
        ],
        &[],
        "shard 2/3 given twice",
    );
    expect_refusal(
        &parts,
        &["--as-of", "2021-08-01"],
        "made for --as-of 2021-07-01",
    );
    expect_refusal(&parts, &["--excerpts", "full"], "different configuration");
    let pack = tmp.path().join("extra.toml");
    std::fs::write(
        &pack,
        r#"
[pack]
name = "extra"
[[rule]]
id = "codeword"
kind = "pattern"
severity = "low"
category = "coverage"
description = "a codeword"
patterns = ['\bBLUEBIRD\b']
must-match = ["BLUEBIRD is go"]
must-not-match = ["bluebirds sing"]
"#,
    )
    .unwrap();
    let (code, stderr) = run(&["rules", "check", pack.to_str().unwrap()]);
    assert_eq!(code, 0, "the extra pack itself is valid: {stderr}");
    expect_refusal(
        &parts,
        &["--rules", pack.to_str().unwrap()],
        "different rule packs",
    );
    // A part from another version of onrecord.
    let manifest = parts[2].join("part/manifest.json");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(
        &manifest,
        text.replace("\"tool_version\": \"", "\"tool_version\": \"9."),
    )
    .unwrap();
    expect_refusal(&parts, &[], "made by onrecord 9.");
    // A folder that is not a shard output at all.
    expect_refusal(
        &[tmp.path().to_path_buf()],
        &[],
        "not a complete shard output",
    );
    // A part whose scan died before the manifest was written is incomplete.
    std::fs::remove_file(&manifest).unwrap();
    expect_refusal(&parts, &[], "not a complete shard output");
}

#[test]
fn a_merge_keeps_its_own_history() {
    let tmp = tempfile::tempdir().unwrap();
    let parts = shards(tmp.path(), 2);
    let out = tmp.path().join("merged");
    for expected in ["new", "open"] {
        let (code, stderr) = merge(&out, &parts, &FLAGS);
        assert!(matches!(code, 1 | 3 | 5), "{stderr}");
        let statuses: BTreeSet<String> = read_csv(&out.join("findings.csv"))
            .into_iter()
            .map(|r| r["status_since_last_run"].clone())
            .collect();
        assert_eq!(statuses, BTreeSet::from([expected.to_string()]));
    }
    assert_eq!(read_csv(&out.join("run.csv")).len(), 2);
}

#[test]
fn a_merge_takes_the_shards_flags_it_is_not_given_and_refuses_other_ones() {
    let tmp = tempfile::tempdir().unwrap();
    let whole = tmp.path().join("whole");
    let whole_code = scan(&whole, &[]);
    let parts = shards(tmp.path(), 2);
    // No flags at all: the shards' --config and --register are used, so the
    // decisions are settled against the register as in the unsharded run.
    let merged = tmp.path().join("merged");
    let (code, stderr) = merge(&merged, &parts, &["--quiet"]);
    assert_eq!(code, whole_code, "{stderr}");
    for name in REPORTS {
        let a = std::fs::read(whole.join(name)).unwrap();
        let b = std::fs::read(merged.join(name)).unwrap();
        assert!(a == b, "{name} differs from the unsharded run");
    }
    assert!(
        read_csv(&merged.join("decisions.csv"))
            .iter()
            .any(|r| r["status"] == "recorded"),
        "the register was used"
    );
    // Another register, or another --fail-on, contradicts the shards.
    let other = tmp.path().join("register.csv");
    let text = std::fs::read_to_string("examples/register.csv").unwrap();
    let fewer: Vec<&str> = text.lines().take(2).collect();
    std::fs::write(&other, fewer.join("\n") + "\n").unwrap();
    let out = tmp.path().join("refused");
    let (code, stderr) = merge(&out, &parts, &["--register", other.to_str().unwrap()]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("--register: the shards were run with examples/register.csv"),
        "{stderr}"
    );
    let (code, stderr) = merge(&out, &parts, &["--fail-on", "low"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("--fail-on: the shards were run with the default"),
        "{stderr}"
    );
    assert!(!out.join("files.csv").exists(), "nothing written");
}
