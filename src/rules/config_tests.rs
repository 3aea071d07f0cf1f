//! Rule pack loading: every problem listed at once, samples run, shipped packs valid.

use super::*;

fn errors_of(text: &str) -> Vec<RuleError> {
    let mut errors = Vec::new();
    load_sources(&[("test.toml".into(), text.into())], &mut errors);
    errors
}

#[test]
fn every_problem_of_every_rule_is_listed_at_once() {
    let errors = errors_of(
        r#"
[[rule]]
id = "Bad_Id"
kind = "coverage"
severity = "urgent"
must-match = []
must-not-match = ["x"]
kinds = ["deleted"]

[[rule]]
id = "second"
kind = "pattern"
description = "d"
severity = "low"
must-match = ["OPERATION X"]
must-not-match = ["nothing"]
patterns = ["OPERATION [A-Z]"]
category = "coverage"
colour = "red"
"#,
    );
    let got: Vec<(Option<&str>, Option<&str>)> = errors
        .iter()
        .map(|e| (e.rule.as_deref(), e.field.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            (Some("Bad_Id"), Some("id")),
            (Some("Bad_Id"), Some("description")),
            (Some("Bad_Id"), Some("severity")),
            (Some("Bad_Id"), Some("must-match")),
            (Some("second"), Some("colour")),
        ],
        "{errors:#?}"
    );
    assert!(errors[2].message.contains("\"urgent\""), "{}", errors[2]);
    assert!(
        errors[4].message.contains("unknown field `colour`"),
        "{}",
        errors[4]
    );
}

#[test]
fn wrong_types_and_unknown_keys_are_all_listed_with_their_lines() {
    let errors = errors_of(
        r#"[pack]
name = "site"
colour = "red"

[[rule]]
id = "typed"
kind = "pattern"
description = "d"
severity = 3
must-match = "OPERATION X"
must-not-match = ["nothing"]

[[rule]]
id = "kind-settings"
kind = "pattern"
description = "d"
severity = "low"
must-match = ["OPERATION X"]
must-not-match = ["nothing"]
patterns = "OPERATION [A-Z]"
category = "coverage"
colour = "red"
"#,
    );
    let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
    let has = |s: &str| shown.iter().any(|e| e.starts_with(s));
    assert!(
        has("test.toml: pack.colour: unknown field `colour`"),
        "{shown:#?}"
    );
    assert!(shown[0].ends_with("(line 3)"), "{shown:#?}");
    assert!(
        has("test.toml: rule \"typed\": severity: invalid type: integer `3`"),
        "{shown:#?}"
    );
    assert!(
        has("test.toml: rule \"typed\": must-match: invalid type: string"),
        "{shown:#?}"
    );
    // A kind's own settings: both problems, by key.
    let kind = shown
        .iter()
        .find(|e| e.starts_with("test.toml: rule \"kind-settings\""))
        .unwrap();
    assert!(kind.contains("patterns: invalid type: string"), "{kind}");
    assert!(kind.contains("colour: unknown field `colour`"), "{kind}");
    assert_eq!(errors.len(), 4, "{shown:#?}");
}

#[test]
fn a_valid_rule_compiles_and_its_samples_are_run() {
    let ok = r#"
[[rule]]
id = "nightjar"
kind = "pattern"
description = "Project codeword"
severity = "medium"
must-match = ["OPERATION NIGHTJAR starts"]
must-not-match = ["operation theatre"]
patterns = ['\bOPERATION [A-Z]+\b']
category = "classification_marker"
"#;
    let mut errors = Vec::new();
    let set = load_sources(&[("test.toml".into(), ok.into())], &mut errors);
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(set.get("nightjar").map(|r| r.kind.name()), Some("pattern"));
    let failing = ok.replace("operation theatre", "OPERATION THEATRE");
    let errors = errors_of(&failing);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].field.as_deref(), Some("must-not-match"));
}

#[test]
fn the_shipped_packs_load_without_problems() {
    let set = load(&[]).unwrap_or_else(|e| panic!("{e:#?}"));
    assert!(set.rules.iter().any(|r| r.kind.name() == "decision"));
}
