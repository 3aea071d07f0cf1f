//! Deletion evidence: the `cross-export` rules' findings (category `coverage`),
//! made from what comparing each conversation's exports showed.

use chrono::{DateTime, FixedOffset};

use super::compare::Union;
use super::{Export, Matched, minute_iso};
use crate::model::Timestamp;
use crate::prints::TimerEvent;
use crate::rules::cross_export::Check;
use crate::rules::finding::{self, Finding};
use crate::rules::{Rule, RuleKind, RuleSet};

/// The smallest silence any `unexplained-gap` rule asks about, in minutes (none:
/// no rule asks).
pub fn min_silence(rules: &RuleSet) -> u32 {
    rules
        .rules
        .iter()
        .filter_map(|r| match &r.kind {
            RuleKind::CrossExport(c) => match c.check {
                Check::UnexplainedGap { min_minutes, .. } => Some(min_minutes),
                _ => None,
            },
            _ => None,
        })
        .min()
        .unwrap_or(u32::MAX)
}

/// Every cross-export finding, in no particular order; `excerpts` holds each
/// survivor's excerpt (of `matched.compared.survivors`, by place; `None`: its
/// text could not be read again), from [`super::recall::survivor_excerpts`].
pub fn findings(matched: &Matched, rules: &RuleSet, excerpts: &[Option<String>]) -> Vec<Finding> {
    let mut out = Vec::new();
    for rule in &rules.rules {
        let RuleKind::CrossExport(c) = &rule.kind else {
            continue;
        };
        match c.check {
            Check::MessagesMissing { min_count } => missing(matched, rule, min_count, &mut out),
            Check::DeletedTextSurvives => survivors(matched, rule, excerpts, &mut out),
            Check::StartsLate { min_minutes } => late(matched, rule, min_minutes, &mut out),
            Check::UnexplainedGap {
                min_minutes,
                rhythm_factor,
            } => gaps(matched, rule, min_minutes, rhythm_factor, &mut out),
        }
    }
    out
}

fn at(minute: u32) -> Timestamp {
    let utc = FixedOffset::east_opt(0).expect("UTC");
    Timestamp(
        DateTime::from_timestamp(i64::from(minute) * 60, 0)
            .unwrap_or_default()
            .with_timezone(&utc),
    )
}

/// A finding of `rule` on export `x`, at `minute`.
fn finding(rule: &Rule, x: &Export, minute: u32, matched: &str, detail: String) -> Finding {
    let time = at(minute);
    Finding {
        id: finding::fingerprint(
            &rule.id,
            &x.source_path,
            &x.title,
            Some(&time),
            None,
            matched,
        ),
        rule_id: rule.id.clone(),
        category: rule.kind.category(),
        severity: rule.severity,
        office: x.office.clone(),
        source_path: x.source_path.clone(),
        platform: x.platform,
        conversation: x.title.clone(),
        time: Some(time),
        sender: None,
        location: None,
        excerpt: String::new(),
        detail,
        confidence: None,
    }
}

fn missing(matched: &Matched, rule: &Rule, min_count: u32, out: &mut Vec<Finding>) {
    for (i, m) in matched.compared.missing.iter().enumerate() {
        let Some(m) = m.filter(|m| m.count >= min_count) else {
            continue;
        };
        let holder = &matched.exports[m.holder as usize].source_path;
        let detail = format!(
            "{} message(s) sent from {} to {}, inside the time this export covers, are in {holder} but not in this export",
            m.count,
            minute_iso(m.first),
            minute_iso(m.last),
        );
        out.push(finding(rule, &matched.exports[i], m.first, holder, detail));
    }
}

fn survivors(matched: &Matched, rule: &Rule, excerpts: &[Option<String>], out: &mut Vec<Finding>) {
    for (s, excerpt) in matched.compared.survivors.iter().zip(excerpts) {
        let holder = &matched.exports[s.holder as usize].source_path;
        let mut detail = format!(
            "a \"message was deleted\" placeholder here; the message's text survives in {holder} at {}",
            minute_iso(s.minute)
        );
        if excerpt.is_none() {
            detail.push_str(
                " (not quoted: that export could not be read again; it was moved or changed since it was examined)",
            );
        }
        let mut f = finding(
            rule,
            &matched.exports[s.export as usize],
            s.minute,
            holder,
            detail,
        );
        f.excerpt = excerpt.clone().unwrap_or_default();
        out.push(f);
    }
}

fn late(matched: &Matched, rule: &Rule, min_minutes: u32, out: &mut Vec<Finding>) {
    for (i, x) in matched.exports.iter().enumerate() {
        let c = matched.conv[i];
        let Some(start) = x.first else { continue };
        let earliest = matched
            .members(c)
            .filter_map(|(j, y)| Some((y.first?, j)))
            .min();
        let Some((first, holder)) = earliest else {
            continue;
        };
        if start < first.saturating_add(min_minutes) {
            continue;
        }
        let holder = &matched.exports[holder as usize].source_path;
        let detail = format!(
            "this export begins at {}, {} day(s) after the conversation's first message ({}, in {holder}): the earlier history is not in it",
            minute_iso(start),
            (start - first) / 1440,
            minute_iso(first),
        );
        out.push(finding(rule, x, start, holder, detail));
    }
}

fn gaps(matched: &Matched, rule: &Rule, min_minutes: u32, factor: f64, out: &mut Vec<Finding>) {
    for (c, u) in matched.compared.unions.iter().enumerate() {
        let Some(mean) = mean_gap(u) else { continue };
        let timers: Vec<TimerEvent> = matched
            .members(c as u32)
            .flat_map(|(_, x)| x.timers.iter().copied())
            .collect();
        for &(start, end) in &u.silences {
            let length = end - start;
            if length < min_minutes
                || f64::from(length) < factor * mean
                || timer_on(&timers, start, end)
            {
                continue;
            }
            let detail = format!(
                "no message from {} to {} ({} day(s)), against a mean of {:.1} hour(s) between messages, and no disappearing-messages timer was on",
                minute_iso(start),
                minute_iso(end),
                length / 1440,
                mean / 60.0,
            );
            out.push(finding(rule, &matched.exports[c], start, "gap", detail));
        }
    }
}

/// Minutes between a conversation's messages, on average.
fn mean_gap(u: &Union) -> Option<f64> {
    let (first, last) = (u.first?, u.last?);
    (u.messages >= 2).then(|| f64::from(last - first) / f64::from(u.messages - 1))
}

/// True when a timer was on at `start` or changed before `end`.
fn timer_on(timers: &[TimerEvent], start: u32, end: u32) -> bool {
    let before = timers
        .iter()
        .filter(|(m, _)| *m <= start)
        .max_by_key(|(m, _)| *m);
    matches!(before, Some((_, Some(_)))) || timers.iter().any(|(m, _)| start < *m && *m < end)
}
