//! The track stage: memory of earlier runs (the finding history in the state).
//! Every finding and decision is marked `new` or `open` with the date it was first
//! seen, and findings the previous run reported that this one does not are listed
//! as resolved, with why: decision now recorded, file gone, or no longer found.

use std::collections::{HashMap, HashSet};

use chrono::Utc;

use crate::pipeline::{Diagnostics, Resolved, Since, Tracked, iso};
use crate::register::Status as DecisionStatus;
use crate::report;
use crate::rules::{Category, Finding};
use crate::settle::DecisionRow;
use crate::settle::spill::Settled;
use crate::state::{Seen, SeenKind, State};

/// Which files of the previous run's findings are still on the drive. Watches only
/// those paths (read from the history before the entries arrive), so the set of
/// every file on the drive is never held in memory.
#[derive(Debug, Default)]
pub struct Presence {
    /// `None` when the history could not say: every file then counts as present.
    watch: Option<HashSet<String>>,
    present: HashSet<String>,
}

impl Presence {
    /// Watches the source paths of the findings the last complete run reported.
    pub fn watch(state: Option<&State>) -> Presence {
        let watch = match state {
            None => Some(HashSet::new()),
            Some(s) => s
                .last_run()
                .and_then(|last| match last {
                    Some((previous, _)) => s.reported_paths(previous),
                    None => Ok(Vec::new()),
                })
                .ok()
                .map(|paths| paths.into_iter().collect()),
        };
        Presence {
            watch,
            present: HashSet::new(),
        }
    }

    /// Notes that this run lists `path` (a files.csv row).
    pub fn note(&mut self, path: &str) {
        if let Some(w) = &self.watch
            && !w.is_empty()
            && w.contains(path)
        {
            self.present.insert(path.to_string());
        }
    }

    /// Whether this run listed `path` (true when it cannot be told).
    pub fn is_present(&self, path: &str) -> bool {
        self.watch.is_none() || self.present.contains(path)
    }
}

/// Memory of earlier runs, kept in the state (when there is one). A state error
/// part-way is a warning: the run finishes without history.
pub struct History {
    state: Option<State>,
    run: Option<i64>,
    /// The last complete run before this one: id and date.
    previous: Option<(i64, String)>,
}

impl History {
    pub fn new(state: Option<State>, run: Option<i64>, diag: &mut dyn Diagnostics) -> History {
        let mut h = History {
            previous: None,
            run,
            state: if run.is_some() { state } else { None },
        };
        if let Some(s) = &h.state {
            match s.last_run() {
                Ok(p) => h.previous = p,
                Err(e) => h.fail(e, diag),
            }
        }
        h
    }

    fn fail(&mut self, e: anyhow::Error, diag: &mut dyn Diagnostics) {
        diag.warn(format!(
            "the state failed ({e}); this run's statuses may say `new` for open findings and it is not remembered"
        ));
        self.state = None;
    }

    pub fn earlier(
        &mut self,
        kind: SeenKind,
        id: &str,
        diag: &mut dyn Diagnostics,
    ) -> Option<Seen> {
        let s = self.state.as_ref()?;
        match s.seen(kind, id) {
            Ok(seen) => seen,
            Err(e) => {
                self.fail(e, diag);
                None
            }
        }
    }

    pub fn track(
        &mut self,
        kind: SeenKind,
        id: &str,
        today: &str,
        diag: &mut dyn Diagnostics,
    ) -> Tracked {
        let earlier = self.earlier(kind, id, diag);
        let open = matches!(
            (&earlier, &self.previous),
            (Some(s), Some((prev, _))) if s.last_run == *prev && s.reported
        );
        Tracked {
            since: if open { Since::Open } else { Since::New },
            first_seen: earlier.map_or_else(|| today.to_string(), |s| s.first_seen),
        }
    }

    pub fn saw(
        &mut self,
        kind: SeenKind,
        id: &str,
        reported: bool,
        row: &str,
        diag: &mut dyn Diagnostics,
    ) {
        if let Some(s) = self.state.as_mut()
            && let Err(e) = s.saw(kind, id, reported, row)
        {
            self.fail(e, diag);
        }
    }

    /// Findings the previous run reported that this run neither reported nor has
    /// under review, in report order, with why they went away.
    pub fn resolved(
        &mut self,
        decisions: &Settled<'_>,
        presence: &Presence,
        diag: &mut dyn Diagnostics,
    ) -> anyhow::Result<Vec<Resolved>> {
        let (Some(s), Some((previous, last_date))) = (self.state.as_mut(), self.previous.clone())
        else {
            return Ok(Vec::new());
        };
        let gone = match s.gone_since(previous) {
            Ok(g) => g,
            Err(e) => {
                self.fail(e, diag);
                return Ok(Vec::new());
            }
        };
        let mut gone: Vec<(Finding, Seen)> = gone
            .into_iter()
            .filter_map(|(_, seen)| Some((serde_json::from_str(&seen.row).ok()?, seen)))
            .collect();
        gone.sort_by(|a, b| report::findings::order(&a.0, &b.0));
        let recorded = recorded_among(
            decisions,
            gone.iter()
                .filter(|(f, _)| f.category == Category::UnrecordedDecision)
                .map(|(f, _)| f.id.as_str())
                .collect(),
        )?;
        Ok(gone
            .into_iter()
            .map(|(finding, seen)| {
                let resolution = match recorded.get(finding.id.as_str()) {
                    Some(d) if finding.category == Category::UnrecordedDecision => {
                        if d.record_ref.is_empty() {
                            format!("decision now recorded ({})", d.match_reason)
                        } else {
                            format!("decision now recorded as {}", d.record_ref)
                        }
                    }
                    _ if !presence.is_present(&finding.source_path) => {
                        "the file is no longer on the drive (moved, renamed or deleted)".to_string()
                    }
                    _ => {
                        "no longer found in the file (the export or the rules changed)".to_string()
                    }
                };
                Resolved {
                    first_seen: seen.first_seen,
                    last_seen: last_date.clone(),
                    resolution,
                    finding,
                }
            })
            .collect())
    }

    /// Folds this run into the history and marks it complete.
    pub fn complete(&mut self, today: &str, diag: &mut dyn Diagnostics) {
        if let (Some(s), Some(run)) = (self.state.as_mut(), self.run)
            && let Err(e) = s.finish_run(run, today, &iso(Utc::now()))
        {
            diag.warn(format!(
                "cannot record this run's findings in the state ({e}); tomorrow's statuses may say `new` for open findings"
            ));
        }
    }
}

/// The recorded decisions among `ids` (unrecorded-decision findings that went
/// away), read back from the spill: only these are held, not every decision.
/// Should two decisions share an id, the later one counts.
fn recorded_among(
    decisions: &Settled<'_>,
    ids: HashSet<&str>,
) -> anyhow::Result<HashMap<String, DecisionRow>> {
    let mut recorded = HashMap::new();
    if ids.is_empty() {
        return Ok(recorded);
    }
    for d in decisions.rows()? {
        let d = d?;
        if d.status == DecisionStatus::Recorded && ids.contains(d.id.as_str()) {
            recorded.insert(d.id.clone(), d);
        }
    }
    Ok(recorded)
}
