//! Settling the decisions found in chats against the official decision registers:
//! each becomes `recorded`, `pending` or `overdue`; the unrecorded ones become
//! findings; register rows that matched nothing are listed.

use chrono::NaiveDate;

use crate::register::{self, ChatDecision, MatchReason, MatchSettings, RegisterEntry, Status};
use crate::rules::decisions::Candidate;
use crate::rules::{Finding, RuleKind, RuleSet, finding};

/// How decisions are settled.
#[derive(Debug, Clone)]
pub struct SettleOptions {
    /// "Today" for days outstanding (`--as-of`; default: the run's date).
    pub as_of: NaiveDate,
    /// Days a decision may wait for the record before it is overdue.
    pub deadline_days: u32,
    pub matching: MatchSettings,
}

/// One row of decisions.csv.
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionRow {
    pub id: String,
    pub candidate: Candidate,
    pub status: Status,
    pub record_ref: String,
    pub match_reason: String,
    pub days_outstanding: i64,
}

/// Settles every candidate (already in report order) against `entries`.
/// Returns the decision rows and the indices of register entries no decision
/// matched; [`finding_for`] makes the finding of an unrecorded one.
pub fn settle(
    candidates: Vec<Candidate>,
    entries: &[RegisterEntry],
    options: &SettleOptions,
) -> (Vec<DecisionRow>, Vec<usize>) {
    let chat: Vec<ChatDecision> = candidates
        .iter()
        .enumerate()
        .map(|(key, c)| ChatDecision {
            key,
            conversation: c.conversation.as_str().into(),
            date: c.time.map(|t| t.0.date_naive()).unwrap_or(options.as_of),
            text: c.text.as_str().into(),
            subject: c.cue.subject.as_str().into(),
            cited: c.cited.as_slice().into(),
        })
        .collect();
    let reconciled = register::reconcile(&chat, entries, &options.matching);
    let dates: Vec<_> = chat.iter().map(|d| d.date).collect();
    drop(chat);
    let mut rows = Vec::new();
    for ((mut candidate, date), matched) in
        candidates.into_iter().zip(dates).zip(reconciled.matches)
    {
        let (record_ref, match_reason) = match (&matched, &candidate.acknowledged_by) {
            (Some(m), _) => (entries[m.entry].reference.clone(), describe(&m.reason)),
            (None, Some(ack)) => (
                candidate.cited.first().cloned().unwrap_or_default(),
                format!("acknowledged in chat: {ack:?}"),
            ),
            (None, None) => (
                String::new(),
                format!("no record found; cue: {}", candidate.cue.cue),
            ),
        };
        // The full text was only for matching the register; do not carry it on.
        candidate.text = String::new();
        let recorded = matched.is_some() || candidate.acknowledged_by.is_some();
        let (status, days) = register::status(date, recorded, options.as_of, options.deadline_days);
        let id = finding::fingerprint(
            &candidate.rule_id,
            &candidate.source_path,
            &candidate.conversation,
            candidate.time.as_ref(),
            candidate.sender.as_deref(),
            &candidate.cue.subject,
        );
        rows.push(DecisionRow {
            id,
            candidate,
            status,
            record_ref,
            match_reason,
            days_outstanding: days,
        });
    }
    (rows, reconciled.unmatched_entries)
}

/// The finding for a decision not (yet) recorded; `None` for a recorded one.
/// Made on demand rather than kept: a drive may hold many thousands.
pub fn finding_for(row: &DecisionRow, rules: &RuleSet, options: &SettleOptions) -> Option<Finding> {
    let candidate = &row.candidate;
    if row.status == Status::Recorded {
        return None;
    }
    let rule = rules.get(&candidate.rule_id)?;
    let RuleKind::Decision(d) = &rule.kind else {
        return None;
    };
    let severity = match row.status {
        Status::Overdue => rule.severity,
        _ => d.pending_severity,
    };
    Some(Finding {
        id: row.id.clone(),
        rule_id: candidate.rule_id.clone(),
        category: finding::Category::UnrecordedDecision,
        severity,
        office: candidate.office.clone(),
        source_path: candidate.source_path.clone(),
        platform: candidate.platform,
        conversation: candidate.conversation.clone(),
        time: candidate.time,
        sender: candidate.sender.clone(),
        location: Some(candidate.location.clone()),
        excerpt: candidate.excerpt.clone(),
        detail: format!(
            "decision {} ({} days since it was made; deadline {} days); cue: {}",
            row.status.as_str(),
            row.days_outstanding,
            options.deadline_days,
            candidate.cue.cue
        ),
    })
}

/// The indices of the rows that make findings, in findings.csv order (the same
/// order [`crate::report::findings::order`] gives their findings).
pub fn finding_order(rows: &[DecisionRow]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..rows.len())
        .filter(|&i| rows[i].status != Status::Recorded)
        .collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&rows[a].candidate, &rows[b].candidate);
        (
            &x.source_path,
            &x.time,
            &x.rule_id,
            &x.location,
            &rows[a].id,
        )
            .cmp(&(
                &y.source_path,
                &y.time,
                &y.rule_id,
                &y.location,
                &rows[b].id,
            ))
    });
    order
}

fn describe(reason: &MatchReason) -> String {
    match reason {
        MatchReason::CitedReference(r) => format!("reference {r} cited in chat"),
        MatchReason::ConversationDateSubject {
            days_apart,
            overlap,
            shared_words,
        } => format!(
            "same conversation, recorded date {days_apart:+} days from the message, {shared_words} subject words shared (overlap {overlap:.2})"
        ),
    }
}
