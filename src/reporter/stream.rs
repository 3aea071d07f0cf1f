//! The findings stream of the writing stage: the spilled findings merged in report
//! order with the decisions' and the cross-export evidence, and the first of the
//! two passes over it (which findings repeat another export's: see
//! [`crate::conversation::once`]).

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use super::ReportOptions;
use crate::conversation::Matched;
use crate::conversation::once::{Once, RowOf};
use crate::report;
use crate::rules::Finding;
use crate::settle::{self, spill::Settled};

/// Which findings repeat another export's, and the other sources of those kept.
pub(super) fn counted_once(
    plan: &ReportOptions,
    spill: &Path,
    decisions: &Settled<'_>,
    evidence: &[Finding],
    matched: &Matched,
) -> anyhow::Result<Once> {
    let mut once = Once::default();
    for f in all_findings(plan, spill, decisions, evidence)? {
        let f = f?;
        let place = RowOf {
            source_path: &f.source_path,
            conversation: &f.conversation,
            rule_id: &f.rule_id,
            time: f.time.as_ref(),
        };
        // The most severe of the same finding is kept (a copy cut short sees less).
        once.take(matched, place, f.severity as u8);
    }
    Ok(once)
}

/// Every finding in report order: the spilled ones merged with the decisions' and
/// the cross-export evidence (sorted).
pub(super) fn all_findings<'a>(
    plan: &'a ReportOptions,
    spill: &Path,
    decisions: &'a Settled<'_>,
    evidence: &'a [Finding],
) -> anyhow::Result<impl Iterator<Item = anyhow::Result<Finding>> + 'a> {
    let spilled = BufReader::new(File::open(spill)?)
        .lines()
        .map(|line| -> anyhow::Result<Finding> { Ok(serde_json::from_str(&line?)?) });
    let decision_findings = decisions
        .rows_in_finding_order()?
        .filter_map(|row| match row {
            Ok(row) => settle::finding_for(&row, &plan.rules, &plan.settle).map(Ok),
            Err(e) => Some(Err(e)),
        });
    let spilled = merge_sorted(spilled, decision_findings);
    Ok(merge_sorted(spilled, evidence.iter().cloned().map(Ok)))
}

/// Merges two iterators already in report order into one.
fn merge_sorted(
    a: impl Iterator<Item = anyhow::Result<Finding>>,
    b: impl Iterator<Item = anyhow::Result<Finding>>,
) -> impl Iterator<Item = anyhow::Result<Finding>> {
    let mut a = a.peekable();
    let mut b = b.peekable();
    std::iter::from_fn(move || match (a.peek(), b.peek()) {
        (Some(Ok(x)), Some(Ok(y))) => {
            if report::findings::order(x, y).is_le() {
                a.next()
            } else {
                b.next()
            }
        }
        (Some(Err(_)), _) | (Some(_), None) => a.next(),
        _ => b.next(),
    })
}
