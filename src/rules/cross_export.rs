//! Rule kind `cross-export`: evidence of deletion found by comparing the exports of
//! one conversation (see [`crate::conversation`]), made once every export has been
//! read. The rule only says which check, how serious, and its thresholds; the
//! conversation stage does the comparing.

use serde::Deserialize;

/// Documentation shown by `onrecord rules explain`.
pub const DOC: &str = "\
Kind `cross-export`: compares the exports of one conversation (matched across the
drive by their messages) once every file is read. `check` is one of:
  messages-missing       messages one export has and another lacks within the time
                         it covers (`min-count`, default 1): one finding per export
  deleted-text-survives  a deleted-message placeholder whose text another export holds
  starts-late            an export beginning `min-days` (default 7) or more after the
                         conversation's first message known from another export
  unexplained-gap        a silence of at least `min-days` (default 7) and at least
                         `rhythm-factor` (default 5) times the conversation's mean gap
                         between messages, with no disappearing-messages timer on
Samples do not apply: the kind compares whole exports (tests/conversations.rs).";

/// Settings as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawCrossExport {
    pub check: String,
    pub min_count: Option<u32>,
    pub min_days: Option<f64>,
    pub rhythm_factor: Option<f64>,
}

/// What a rule checks, with its thresholds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Check {
    MessagesMissing {
        min_count: u32,
    },
    DeletedTextSurvives,
    StartsLate {
        min_minutes: u32,
    },
    UnexplainedGap {
        min_minutes: u32,
        rhythm_factor: f64,
    },
}

/// A compiled cross-export rule.
#[derive(Debug)]
pub struct CrossExport {
    pub check: Check,
}

fn minutes(days: Option<f64>, field: &str) -> Result<u32, (Option<String>, String)> {
    let days = days.unwrap_or(7.0);
    if !(days > 0.0 && days < 36_500.0) {
        return Err((
            Some(field.into()),
            format!("{days} is not a number of days above 0"),
        ));
    }
    Ok((days * 1440.0).round() as u32)
}

impl CrossExport {
    /// Compiles the settings.
    pub fn compile(raw: RawCrossExport) -> Result<Self, (Option<String>, String)> {
        let unused = |field: &str, set: bool| {
            if set {
                Err((
                    Some(field.to_string()),
                    format!("not a setting of check {:?}", raw.check),
                ))
            } else {
                Ok(())
            }
        };
        let check = match raw.check.as_str() {
            "messages-missing" => {
                unused("min-days", raw.min_days.is_some())?;
                unused("rhythm-factor", raw.rhythm_factor.is_some())?;
                Check::MessagesMissing {
                    min_count: raw.min_count.unwrap_or(1).max(1),
                }
            }
            "deleted-text-survives" => {
                unused("min-count", raw.min_count.is_some())?;
                unused("min-days", raw.min_days.is_some())?;
                unused("rhythm-factor", raw.rhythm_factor.is_some())?;
                Check::DeletedTextSurvives
            }
            "starts-late" => {
                unused("min-count", raw.min_count.is_some())?;
                unused("rhythm-factor", raw.rhythm_factor.is_some())?;
                Check::StartsLate {
                    min_minutes: minutes(raw.min_days, "min-days")?,
                }
            }
            "unexplained-gap" => {
                unused("min-count", raw.min_count.is_some())?;
                let rhythm_factor = raw.rhythm_factor.unwrap_or(5.0);
                if !(rhythm_factor >= 1.0 && rhythm_factor.is_finite()) {
                    return Err((Some("rhythm-factor".into()), "must be 1 or more".into()));
                }
                Check::UnexplainedGap {
                    min_minutes: minutes(raw.min_days, "min-days")?,
                    rhythm_factor,
                }
            }
            other => {
                return Err((
                    Some("check".into()),
                    format!(
                        "{other:?} is not one of messages-missing, deleted-text-survives, starts-late, unexplained-gap"
                    ),
                ));
            }
        };
        Ok(CrossExport { check })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(check: &str) -> RawCrossExport {
        RawCrossExport {
            check: check.into(),
            min_count: None,
            min_days: None,
            rhythm_factor: None,
        }
    }

    #[test]
    fn checks_compile_with_their_own_settings_only() {
        let late = CrossExport::compile(RawCrossExport {
            min_days: Some(2.5),
            ..raw("starts-late")
        })
        .unwrap();
        assert_eq!(late.check, Check::StartsLate { min_minutes: 3600 });
        let wrong = CrossExport::compile(RawCrossExport {
            min_count: Some(3),
            ..raw("starts-late")
        })
        .unwrap_err();
        assert_eq!(wrong.0.as_deref(), Some("min-count"));
        assert!(CrossExport::compile(raw("deleted-everything")).is_err());
        assert!(
            CrossExport::compile(RawCrossExport {
                min_days: Some(-1.0),
                ..raw("unexplained-gap")
            })
            .is_err()
        );
    }
}
