//! Settling the decisions found in chats against the official decision registers:
//! each becomes `recorded`, `pending` or `overdue`; the unrecorded ones become
//! findings; register rows that matched nothing are listed.

pub mod spill;

use chrono::NaiveDate;

use crate::register::{
    self, ChatDecision, MatchReason, MatchSettings, RegisterEntry, RegisterMatch, Status,
};
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
    /// The last day to record it in time (see [`register::due_date`]).
    pub due_date: NaiveDate,
}

/// The date a decision counts from: its message's, or `as_of` when undated.
pub fn decision_date(candidate: &Candidate, options: &SettleOptions) -> NaiveDate {
    candidate
        .time
        .map(|t| t.0.date_naive())
        .unwrap_or(options.as_of)
}

/// The date a decision is due in the register: its date plus the deadline.
pub fn due_date(candidate: &Candidate, options: &SettleOptions) -> NaiveDate {
    decision_date(candidate, options) + chrono::Days::new(u64::from(options.deadline_days))
}

/// A decision's id: the fingerprint its finding carries too.
pub fn decision_id(candidate: &Candidate) -> String {
    finding::fingerprint(
        &candidate.rule_id,
        &candidate.source_path,
        &candidate.conversation,
        candidate.time.as_ref(),
        candidate.sender.as_deref(),
        &candidate.cue.subject,
    )
}

/// The register key of a candidate, `None` when it can meet no register row
/// (see [`register::RegisterIndex`]).
pub fn register_key(
    candidate: &Candidate,
    index: &register::RegisterIndex<'_>,
    options: &SettleOptions,
) -> Option<register::DecisionKey> {
    index.key(&ChatDecision {
        key: 0,
        conversation: candidate.conversation.as_str().into(),
        date: decision_date(candidate, options),
        text: candidate.text.as_str().into(),
        subject: candidate.cue.subject.as_str().into(),
        cited: candidate.cited.as_slice().into(),
    })
}

/// Settles one candidate given the register entry reconciliation paired it with
/// (see [`register::reconcile_keys`]); [`finding_for`] makes the finding of an
/// unrecorded one.
pub fn settle(
    mut candidate: Candidate,
    matched: Option<&RegisterMatch>,
    entries: &[RegisterEntry],
    options: &SettleOptions,
) -> DecisionRow {
    let (record_ref, match_reason) = match (matched, &candidate.acknowledged_by) {
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
    let date = decision_date(&candidate, options);
    let (status, days) = register::status(date, recorded, options.as_of, options.deadline_days);
    DecisionRow {
        id: decision_id(&candidate),
        candidate,
        status,
        record_ref,
        match_reason,
        days_outstanding: days,
        due_date: register::due_date(date, options.deadline_days),
    }
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
        confidence: Some(finding::hundredths(candidate.cue.confidence)),
    })
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
