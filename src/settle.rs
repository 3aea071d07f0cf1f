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
/// Returns the decision rows, the findings for unrecorded ones, and the indices of
/// register entries no decision matched.
pub fn settle(
    candidates: Vec<Candidate>,
    entries: &[RegisterEntry],
    rules: &RuleSet,
    options: &SettleOptions,
) -> (Vec<DecisionRow>, Vec<Finding>, Vec<usize>) {
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
    let mut findings = Vec::new();
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
        if status != Status::Recorded
            && let Some(RuleKind::Decision(d)) = rules.get(&candidate.rule_id).map(|r| &r.kind)
        {
            let severity = match status {
                Status::Overdue => rules
                    .get(&candidate.rule_id)
                    .map(|r| r.severity)
                    .unwrap_or(d.pending_severity),
                _ => d.pending_severity,
            };
            findings.push(Finding {
                id: id.clone(),
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
                    status.as_str(),
                    days,
                    options.deadline_days,
                    candidate.cue.cue
                ),
            });
        }
        rows.push(DecisionRow {
            id,
            candidate,
            status,
            record_ref,
            match_reason,
            days_outstanding: days,
        });
    }
    (rows, findings, reconciled.unmatched_entries)
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
