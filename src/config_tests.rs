//! Tests of the run configuration: every problem at once, limits, offices, principals.

use super::*;

fn from(text: &str) -> Result<Config, Vec<String>> {
    validate(toml::from_str(text).unwrap(), Path::new("site.toml"))
}

#[test]
fn all_problems_are_reported_at_once() {
    let errs = from(
        r#"
timezone = "Europe/Lodnon"
date-order = "sideways"
max-file-size = "12 parsecs"
[[legal-holds]]
name = "Inquiry announced"
date = "12th May"
"#,
    )
    .unwrap_err();
    assert_eq!(errs.len(), 4, "{errs:#?}");
    assert!(errs[0].starts_with("site.toml: timezone: \"Europe/Lodnon\""));
    assert!(
        errs.iter()
            .any(|e| e.contains("legal-holds[0] (Inquiry announced).date"))
    );
}

#[test]
fn unknown_keys_are_refused() {
    let err = toml::from_str::<RawConfig>("time-zone = \"UTC\"").unwrap_err();
    assert!(
        err.to_string().contains("unknown field `time-zone`"),
        "{err}"
    );
}

#[test]
fn offices_map_paths_with_first_folder_fallback() {
    let c = from(
        r#"
[[offices]]
name = "No10 Private Office"
paths = ["No10/**", "pm-*/**"]
"#,
    )
    .unwrap();
    assert_eq!(c.office_for("No10/PM Updates.zip"), "No10 Private Office");
    assert_eq!(c.office_for("pm-office/x.txt"), "No10 Private Office");
    assert_eq!(c.office_for("HMT/x.txt"), "HMT");
    assert_eq!(c.office_for("loose.txt"), "(root)");
}

#[test]
fn record_and_nested_archive_limits() {
    let c = from("max-record-size = \"64KiB\"\n[zip]\nmax-nested-size = \"8MiB\"\n").unwrap();
    assert_eq!(c.max_record_bytes, 64 * 1024);
    assert_eq!(c.zip.max_nested_bytes, 8 << 20);
    assert_eq!(Config::default().max_record_bytes, 1 << 20);
    let errs = from("max-record-size = 100\n[zip]\nmax-nested-size = \"lots\"\n").unwrap_err();
    assert_eq!(errs.len(), 2, "{errs:#?}");
    assert!(
        errs[0].contains("max-record-size: 100 is below"),
        "{errs:#?}"
    );
}

#[test]
fn principals_are_validated_with_the_rest() {
    let errs = from(
        r#"
timezone = "Mars/Olympus"
[[principals]]
name = "Helen Carrow"
role = "Prime Minister"
aliases = ["Helen", "HC", ""]
"#,
    )
    .unwrap_err();
    assert_eq!(errs.len(), 2, "{errs:#?}");
    assert!(errs[1].starts_with("site.toml: principals[0] (Helen Carrow).aliases[2]: is empty"));
    let c = from(
        r#"
[[principals]]
name = "Helen Carrow"
role = "Prime Minister"
aliases = ["Helen", "+44 7700 900214"]
"#,
    )
    .unwrap();
    assert_eq!(c.principals.sender(Some("+447700900214")), Some(0));
    assert_eq!(c.principals.get(0).role, "Prime Minister");
}

#[test]
fn sizes_parse() {
    assert_eq!(parse_size_text("4GiB").unwrap(), 4 << 30);
    assert_eq!(parse_size_text("500MB").unwrap(), 500_000_000);
    assert_eq!(parse_size_text("1024").unwrap(), 1024);
    assert!(parse_size_text("lots").is_err());
}

/// Loads `text` as the file `site.toml` in a temp folder, as `--config` would.
fn load_text(text: &str) -> Result<Config, Vec<String>> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("site.toml");
    std::fs::write(&path, text).unwrap();
    load(&path).map_err(|errs| {
        errs.into_iter()
            .map(|e| e.replace(&path.display().to_string(), "site.toml"))
            .collect()
    })
}

#[test]
fn type_errors_and_unknown_keys_hide_no_other_problem() {
    let errs = load_text(
        r#"
time-zone = "UTC"
timezone = "Mars/Olympus"
max-file-size = 0
[zip]
max-entries = "many"
max-ratio = 0
max-depth = 0
[[offices]]
name = "No10"
paths = "No10/**"
[[legal-holds]]
name = "Inquiry"
date = "soon"
"#,
    )
    .unwrap_err();
    let has = |start: &str| errs.iter().any(|e| e.starts_with(start));
    assert!(
        has("site.toml: time-zone: unknown field `time-zone`"),
        "{errs:#?}"
    );
    assert!(
        has("site.toml: zip.max-entries: invalid type: string \"many\""),
        "{errs:#?}"
    );
    assert!(
        has("site.toml: offices[0].paths: invalid type: string"),
        "{errs:#?}"
    );
    assert!(has("site.toml: timezone: \"Mars/Olympus\""), "{errs:#?}");
    assert!(has("site.toml: max-file-size: 0 is below"), "{errs:#?}");
    assert!(has("site.toml: zip.max-ratio: 0 is below"), "{errs:#?}");
    assert!(has("site.toml: zip.max-depth: 0 is below"), "{errs:#?}");
    assert!(has("site.toml: legal-holds[0] (Inquiry).date"), "{errs:#?}");
    assert_eq!(errs.len(), 8, "{errs:#?}");
    // Structural problems name their line.
    assert!(errs[0].ends_with("(line 2)"), "{errs:#?}");
}

#[test]
fn limits_too_small_to_read_anything_are_refused() {
    for (text, field) in [
        ("max-file-size = \"100B\"", "max-file-size"),
        ("[zip]\nmax-entries = 0", "zip.max-entries"),
        ("[zip]\nmax-total-size = 0", "zip.max-total-size"),
        ("[zip]\nmax-nested-size = \"1KiB\"", "zip.max-nested-size"),
        ("[zip]\nmax-ratio = 3", "zip.max-ratio"),
    ] {
        let errs = from(text).unwrap_err();
        assert_eq!(errs.len(), 1, "{errs:#?}");
        assert!(
            errs[0].starts_with(&format!("site.toml: {field}: ")) && errs[0].contains("is below"),
            "{errs:#?}"
        );
    }
    let c = from("max-file-size = \"1KiB\"\n[zip]\nmax-ratio = 10\nmax-depth = 1\n").unwrap();
    assert_eq!(
        (c.max_file_size, c.zip.max_ratio, c.zip.max_depth),
        (Some(1024), 10, 1)
    );
}
