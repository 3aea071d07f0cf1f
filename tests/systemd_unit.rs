//! The shipped nightly set-up (`examples/nightly/`) as an operator deploys it: the
//! systemd units pass `systemd-analyze verify` with the binary where the README
//! installs it, the service scores at most 2.0 on `systemd-analyze security
//! --offline=true`, waits for the share, alerts on failure and on findings, runs
//! flags the binary accepts; the cron line logs to a folder the README creates and
//! logrotate rotates; the release build carries no debug info.
//!
//! `systemd-analyze` and `logrotate` are system tools: without them these checks are
//! skipped with a notice, and with `CI=true` they fail (`.ci/run` installs both).

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

const NIGHTLY: &str = "examples/nightly";
const SERVICE: &str = "onrecord-nightly.service";
const UNITS: [&str; 3] = [
    SERVICE,
    "onrecord-nightly.timer",
    "onrecord-notify@.service",
];
/// Where the README's `cargo install --root /usr/local` puts the binary.
const BIN: &str = "/usr/local/bin/onrecord";
const NOTIFY: &str = "/usr/local/lib/onrecord/onrecord-notify";
/// The highest `systemd-analyze security` exposure accepted for the service.
const MAX_EXPOSURE: f64 = 2.0;

/// The tool's path, or `None` after a skip notice (a failure with `CI=true`).
fn tool(name: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(name))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        let ci = std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1");
        assert!(
            !ci,
            "CI=true and {name} is not installed (.ci/run installs it)"
        );
        let test = std::thread::current().name().unwrap_or("?").to_string();
        let notice = format!("{test}: skipped: {name} is not installed\n");
        let _ = std::io::Write::write_all(&mut std::io::stderr(), notice.as_bytes());
    }
    found
}

fn unit_text(name: &str) -> String {
    std::fs::read_to_string(Path::new(NIGHTLY).join(name)).unwrap()
}

/// The values of `key=` in a unit file, continuation lines joined.
fn values(text: &str, key: &str) -> Vec<String> {
    let joined = text.replace("\\\n", " ");
    joined
        .lines()
        .filter_map(|l| l.strip_prefix(&format!("{key}=")))
        .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

/// A file system root holding what the README installs: systemd's own units (copied
/// from this machine), the shipped units, the binary and the alert script.
fn installed_root(with_binary: bool) -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    let system = root.path().join("usr/lib/systemd/system");
    std::fs::create_dir_all(&system).unwrap();
    for entry in std::fs::read_dir("/usr/lib/systemd/system").unwrap() {
        let entry = entry.unwrap();
        let path = entry.path();
        // Symbolic links (aliases) and .wants folders are not needed to load units.
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(&path, system.join(entry.file_name())).unwrap();
        }
    }
    let etc = root.path().join("etc/systemd/system");
    std::fs::create_dir_all(&etc).unwrap();
    for unit in UNITS {
        std::fs::copy(Path::new(NIGHTLY).join(unit), etc.join(unit)).unwrap();
    }
    let put = |to: &str, from: &Path| {
        let dest = root.path().join(to.trim_start_matches('/'));
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(from, dest).unwrap();
    };
    if with_binary {
        put(BIN, Path::new(env!("CARGO_BIN_EXE_onrecord")));
    }
    put(NOTIFY, &Path::new(NIGHTLY).join("onrecord-notify"));
    root
}

fn analyze(tool: &Path, root: &Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(tool)
        .args(args)
        .arg(format!("--root={}", root.display()))
        .args(UNITS.map(|u| format!("/etc/systemd/system/{u}")))
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_units_verify_clean_where_the_readme_installs_them() {
    let Some(sa) = tool("systemd-analyze") else {
        return;
    };
    let root = installed_root(true);
    let (ok, stdout, stderr) = analyze(&sa, root.path(), &["verify"]);
    assert!(ok && stderr.trim().is_empty(), "{stdout}{stderr}");
    // The same check on a machine without the binary fails, naming it.
    let bare = installed_root(false);
    let (ok, _, stderr) = analyze(&sa, bare.path(), &["verify"]);
    assert!(!ok && stderr.contains(BIN), "{stderr}");
}

#[test]
fn the_service_scores_at_most_2_on_systemd_analyze_security() {
    let Some(sa) = tool("systemd-analyze") else {
        return;
    };
    let root = installed_root(true);
    let out = Command::new(&sa)
        .args(["security", "--offline=true", "--no-pager"])
        .arg(format!("--root={}", root.path().display()))
        .arg(format!("/etc/systemd/system/{SERVICE}"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let marker = format!("Overall exposure level for {SERVICE}: ");
    let score: f64 = text
        .lines()
        .find_map(|l| l.split_once(&marker).map(|(_, rest)| rest))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no score in: {text}"));
    eprintln!("systemd-analyze security --offline=true {SERVICE}: {score}");
    assert!(
        score <= MAX_EXPOSURE,
        "exposure {score} > {MAX_EXPOSURE}:\n{text}"
    );
}

#[test]
fn the_service_waits_for_the_share_writes_only_reports_and_alerts() {
    let text = unit_text(SERVICE);
    let exec = values(&text, "ExecStart").join(" ");
    let args: Vec<&str> = exec.split_whitespace().collect();
    assert_eq!(args[0], BIN);
    let after = |flag: &str| {
        let i = args.iter().position(|a| *a == flag).unwrap();
        args[i + 1]
    };
    let share = args[2];
    let mounts = values(&text, "RequiresMountsFor").join(" ");
    assert!(mounts.split(' ').any(|m| m == share), "{mounts}");
    assert_eq!(values(&text, "ProtectSystem"), ["strict"]);
    assert_eq!(values(&text, "ReadWritePaths"), [after("--out")]);
    // Findings at --fail-on (1, 5) fail the unit, so OnFailure= alerts; 3 does not.
    assert_eq!(values(&text, "SuccessExitStatus"), ["3"]);
    assert_eq!(values(&text, "OnFailure"), ["onrecord-notify@%n.service"]);
    let notify = unit_text("onrecord-notify@.service");
    assert_eq!(values(&notify, "ExecStart"), [format!("{NOTIFY} %i")]);
    // The alert names what each failing code means.
    let script = unit_text("onrecord-notify");
    for code in ["1", "2", "4", "5", "6", "130"] {
        assert!(script.contains(&format!("\n{code}) what=")), "code {code}");
    }
    let sh = Command::new("sh")
        .arg("-n")
        .arg(Path::new(NIGHTLY).join("onrecord-notify"))
        .status()
        .unwrap();
    assert!(sh.success());

    // The flags run as they are, on the example drive in place of the share.
    let tmp = tempfile::tempdir().unwrap();
    let swap = [
        (share, "examples/drive"),
        (after("--config"), "examples/onrecord.toml"),
        (after("--register"), "examples/register.csv"),
        (
            after("--reviewed"),
            "examples/nightly/reviewed-findings.csv",
        ),
        (after("--out"), tmp.path().to_str().unwrap()),
    ];
    let local: Vec<&str> = args[1..]
        .iter()
        .map(|a| {
            swap.iter()
                .find(|(from, _)| from == a)
                .map_or(*a, |(_, to)| *to)
        })
        .collect();
    let (code, _, stderr) = common::onrecord_plain(&local);
    assert!(matches!(code, 1 | 5), "exit {code}: {stderr}");
    assert!(tmp.path().join("findings.csv").is_file());
}

#[test]
fn the_cron_line_runs_the_units_command_into_a_rotated_log_folder() {
    let cron = unit_text("crontab");
    let line = cron.lines().find(|l| l.starts_with("30 1 * * *")).unwrap();
    let service = unit_text(SERVICE);
    let exec = values(&service, "ExecStart").join(" ");
    assert!(line.contains(&format!("; {exec} >> ")), "{line}");
    assert!(
        line.contains("mountpoint -q /mnt/shared-drive ||"),
        "{line}"
    );
    let log = line.split(">> ").nth(1).unwrap().split(' ').next().unwrap();
    let folder = Path::new(log).parent().unwrap().to_str().unwrap();
    let readme = std::fs::read_to_string("README.md").unwrap();
    assert!(
        readme
            .lines()
            .any(|l| l.trim_start().starts_with("install -d") && l.ends_with(&format!(" {folder}"))),
        "README creates {folder}"
    );
    let rotate = unit_text("logrotate.conf");
    assert!(rotate.contains(&format!("{log} {{")), "{rotate}");
    let Some(logrotate) = tool("logrotate") else {
        return;
    };
    // This machine has no onrecord user: check the snippet as root's.
    let tmp = tempfile::tempdir().unwrap();
    let has_user = Command::new("id")
        .arg("onrecord")
        .output()
        .unwrap()
        .status
        .success();
    let conf = tmp.path().join("onrecord");
    let text = if has_user {
        rotate
    } else {
        rotate.replace("onrecord onrecord", "root root")
    };
    std::fs::write(&conf, text).unwrap();
    let out = Command::new(logrotate)
        .arg("--debug")
        .arg("--state")
        .arg(tmp.path().join("state"))
        .arg(&conf)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && !stderr.contains("error"),
        "{stderr}"
    );
}

#[test]
fn the_readme_installs_a_release_binary_without_debug_info_where_the_unit_runs_it() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    assert!(readme.contains("cargo install --locked --path . --root /usr/local"));
    assert!(readme.contains("useradd --system"));
    let cargo: toml::Table = std::fs::read_to_string("Cargo.toml")
        .unwrap()
        .parse()
        .unwrap();
    let release = &cargo["profile"]["release"];
    assert_eq!(release.get("debug").and_then(|d| d.as_bool()), Some(false));
    assert_eq!(release.get("strip").and_then(|s| s.as_bool()), Some(true));
}
