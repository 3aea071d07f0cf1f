//! What the office page needs beyond summary.csv's counts, gathered as findings
//! and decisions are written: SECRET-or-above and timer counts, and for each office
//! the few oldest overdue decisions and timers still on (a bounded list each, so
//! memory does not grow with the drive). Nothing here keeps message text.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::register::Status;
use crate::rules::disappearing::{ACROSS_LEGAL_HOLD, STILL_ON};
use crate::rules::{self, Category, Finding};
use crate::settle::{self, DecisionRow, SettleOptions};

/// Longest list of decisions or timers kept per office (and shown for the drive).
pub const LIST_LEN: usize = 10;

/// An overdue decision to transfer to the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverdueDecision {
    pub id: String,
    pub conversation: String,
    pub source_path: String,
    pub location: String,
    pub decided: NaiveDate,
    pub due: NaiveDate,
    pub days_outstanding: i64,
}

impl OverdueDecision {
    /// Most overdue first, then by where it is.
    fn order(a: &Self, b: &Self) -> Ordering {
        (b.days_outstanding, &a.source_path, &a.location, &a.id).cmp(&(
            a.days_outstanding,
            &b.source_path,
            &b.location,
            &b.id,
        ))
    }
}

/// A disappearing-messages timer still on at the end of its export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimerOn {
    pub id: String,
    pub conversation: String,
    pub source_path: String,
    pub location: String,
    /// When it was turned on (`yyyy-mm-ddTHH:MM:SS±hh:mm`; empty when unknown).
    pub since: String,
    pub across_legal_hold: bool,
}

impl TimerOn {
    /// On longest first (unknown start last), then by where it is.
    fn order(a: &Self, b: &Self) -> Ordering {
        let key = |t: &Self| {
            (
                t.since.is_empty(),
                t.since.clone(),
                t.source_path.clone(),
                t.location.clone(),
                t.id.clone(),
            )
        };
        key(a).cmp(&key(b))
    }
}

/// One office's facts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OfficeFacts {
    pub timers_across_legal_hold: u64,
    pub timers_still_on: u64,
    /// The [`LIST_LEN`] most overdue decisions, most overdue first.
    pub overdue: Vec<OverdueDecision>,
    /// The [`LIST_LEN`] timers on longest, longest first.
    pub timers: Vec<TimerOn>,
}

impl OfficeFacts {
    /// Adds another office's facts (the whole drive is the sum of its offices).
    pub fn add(&mut self, other: &OfficeFacts) {
        self.timers_across_legal_hold += other.timers_across_legal_hold;
        self.timers_still_on += other.timers_still_on;
        for d in &other.overdue {
            keep(&mut self.overdue, d.clone(), OverdueDecision::order);
        }
        for t in &other.timers {
            keep(&mut self.timers, t.clone(), TimerOn::order);
        }
    }
}

/// Inserts `item` in order, keeping at most [`LIST_LEN`].
fn keep<T>(list: &mut Vec<T>, item: T, order: impl Fn(&T, &T) -> Ordering) {
    let at = list.partition_point(|x| order(x, &item).is_le());
    if at < LIST_LEN {
        list.insert(at, item);
        list.truncate(LIST_LEN);
    }
}

/// The facts of every office, gathered as rows are written.
#[derive(Debug, Default)]
pub struct Facts {
    pub offices: BTreeMap<String, OfficeFacts>,
}

impl Facts {
    fn office(&mut self, office: &str) -> &mut OfficeFacts {
        self.offices.entry(office.to_string()).or_default()
    }

    /// Notes one reported finding (findings under a current review are not counted,
    /// as in summary.csv).
    pub fn finding(&mut self, f: &Finding) {
        if f.category != Category::DisappearingMessages {
            return;
        }
        let o = self.office(&f.office);
        let across_legal_hold = f.detail.contains(ACROSS_LEGAL_HOLD);
        o.timers_across_legal_hold += u64::from(across_legal_hold);
        if f.detail.contains(STILL_ON) {
            o.timers_still_on += 1;
            let timer = TimerOn {
                id: f.id.clone(),
                conversation: f.conversation.clone(),
                source_path: f.source_path.clone(),
                location: rules::location_text(f.location.as_ref()),
                since: f.time.map(|t| t.to_iso()).unwrap_or_default(),
                across_legal_hold,
            };
            keep(&mut o.timers, timer, TimerOn::order);
        }
    }

    /// Notes one decision row.
    pub fn decision(&mut self, d: &DecisionRow, options: &SettleOptions) {
        if d.status != Status::Overdue {
            return;
        }
        let c = &d.candidate;
        let decision = OverdueDecision {
            id: d.id.clone(),
            conversation: c.conversation.clone(),
            source_path: c.source_path.clone(),
            location: c.location.describe(),
            decided: settle::decision_date(c, options),
            due: settle::due_date(c, options),
            days_outstanding: d.days_outstanding,
        };
        keep(
            &mut self.office(&c.office).overdue,
            decision,
            OverdueDecision::order,
        );
    }

    /// The whole drive's facts.
    pub fn total(&self) -> OfficeFacts {
        let mut total = OfficeFacts::default();
        for o in self.offices.values() {
            total.add(o);
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decision(id: &str, days: i64) -> OverdueDecision {
        OverdueDecision {
            id: id.into(),
            conversation: "PM Updates".into(),
            source_path: "a.txt".into(),
            location: "line 3".into(),
            decided: NaiveDate::from_ymd_opt(2021, 5, 1).unwrap(),
            due: NaiveDate::from_ymd_opt(2021, 5, 21).unwrap(),
            days_outstanding: days,
        }
    }

    #[test]
    fn lists_keep_the_most_overdue_in_order_and_stay_bounded() {
        let mut list = Vec::new();
        for i in 0..30 {
            keep(
                &mut list,
                decision(&format!("{i:02}"), (i * 7) % 31),
                OverdueDecision::order,
            );
        }
        assert_eq!(list.len(), LIST_LEN);
        let days: Vec<i64> = list.iter().map(|d| d.days_outstanding).collect();
        let mut want: Vec<i64> = (0..30).map(|i| (i * 7) % 31).collect();
        want.sort_by(|a, b| b.cmp(a));
        assert_eq!(days, want[..LIST_LEN]);
    }

    #[test]
    fn the_drive_adds_its_offices() {
        let mut a = OfficeFacts {
            timers_still_on: 1,
            ..OfficeFacts::default()
        };
        a.overdue.push(decision("a", 30));
        let mut b = OfficeFacts {
            timers_still_on: 2,
            ..OfficeFacts::default()
        };
        b.overdue.push(decision("b", 45));
        let mut facts = Facts::default();
        facts.offices.insert("A".into(), a);
        facts.offices.insert("B".into(), b);
        let total = facts.total();
        assert_eq!(total.timers_still_on, 3);
        let ids: Vec<&str> = total.overdue.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["b", "a"]);
    }
}
