//! Rule kind `disappearing-messages`: builds, per conversation, the windows during
//! which a disappearing-messages / auto-delete timer was on (turned on → turned
//! off, or → end of export) and reports each, escalating one that was open on a
//! legal-hold date (an inquiry announcement, a litigation hold).

use chrono::NaiveDate;
use serde::Deserialize;

use super::Rule;
use super::emit::Emitter;
use super::finding::Severity;
use crate::model::{Item, ItemKind, TimerChange, Timestamp};

/// Documentation shown by `onrecord rules explain`.
pub const DOC: &str = "\
Kind `disappearing-messages`: one finding per window in which a conversation's
disappearing-messages / auto-delete timer was on, from the event that turned it
on (or changed it) to the event that turned it off, changed it again, or the end
of the export (\"still on\"). The detail says the timer length, who changed it and
when it ended. A window open on a configured legal-hold date is raised to
`escalate-to` (default critical). Settings: `escalate-to`, `include-default-timer`
(default true: a user's default timer announced in the chat counts as turning it
on). Samples are export lines (parsed as real exports).";

/// What a finding's detail says of a window still on when the export was made
/// (the office page counts these: one wording, here).
pub const STILL_ON: &str = "still on at the end of the export";

/// What a finding's detail says of a window open on a legal-hold date.
pub const ACROSS_LEGAL_HOLD: &str = "on across legal hold";

/// Settings as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawDisappearing {
    #[serde(default = "critical")]
    pub escalate_to: Severity,
    #[serde(default = "yes")]
    pub include_default_timer: bool,
}

fn critical() -> Severity {
    Severity::Critical
}

fn yes() -> bool {
    true
}

/// A compiled disappearing-messages rule.
#[derive(Debug)]
pub struct Disappearing {
    escalate_to: Severity,
    include_default_timer: bool,
}

/// A period during which a timer was on.
#[derive(Debug, Clone)]
pub struct Window {
    /// The event that turned the timer on or changed it.
    pub start_item: Item,
    pub seconds: Option<u64>,
    /// Announced as the user's default timer for new chats.
    pub is_default: bool,
    pub end: Option<Timestamp>,
    /// How it ended and who ended it (`turned off`, `Sam Patel`), as the export says.
    pub ended_by: Option<(&'static str, String)>,
    /// The last time seen in the conversation (the end of the export).
    pub export_end: Option<Timestamp>,
    /// Turned off with no earlier "turned on" in the export: the timer was on
    /// before the export starts (`start_item` is then the event that turned it off).
    pub on_before_export: bool,
}

impl Window {
    /// True when the timer was still on when the export was made.
    pub fn is_still_on(&self) -> bool {
        self.ended_by.is_none()
    }

    /// The setting in words: `7 days`, `24 hours`, `unknown duration`.
    pub fn describe_setting(&self) -> String {
        self.seconds
            .map(describe_duration)
            .unwrap_or_else(|| "unknown duration".into())
    }

    fn covers(&self, day: NaiveDate) -> bool {
        let Some(start) = self.start_item.time else {
            return false;
        };
        let end = self.end.or(self.export_end);
        if self.on_before_export {
            return end.is_none_or(|e| day <= e.0.date_naive());
        }
        start.0.date_naive() <= day && end.is_none_or(|e| day <= e.0.date_naive())
    }
}

/// Collects windows as timer events stream past.
#[derive(Debug, Default)]
pub struct Tracker {
    open: Option<Window>,
    closed: Vec<Window>,
    /// A timer event was seen in this conversation.
    seen: bool,
}

impl Tracker {
    /// The kind's hook on each item: follows the timer events.
    #[inline]
    pub fn check_item(&mut self, item: &Item) {
        if let ItemKind::Timer(change) = item.kind {
            self.observe(change, item);
        }
    }

    /// Takes one timer event.
    pub fn observe(&mut self, change: TimerChange, item: &Item) {
        let who = item
            .sender
            .clone()
            .unwrap_or_else(|| "an unnamed participant".into());
        let close = |w: &mut Window, how: &'static str| {
            w.end = item.time;
            w.ended_by = Some((how, who.clone()));
        };
        let first = !std::mem::replace(&mut self.seen, true);
        match change {
            TimerChange::Off => {
                if let Some(mut w) = self.open.take() {
                    close(&mut w, "turned off");
                    self.closed.push(w);
                } else if first {
                    // On before the export starts: earlier messages may be gone.
                    let mut w = Window {
                        start_item: item.clone(),
                        seconds: None,
                        is_default: false,
                        end: None,
                        ended_by: None,
                        export_end: None,
                        on_before_export: true,
                    };
                    close(&mut w, "turned off");
                    self.closed.push(w);
                }
            }
            TimerChange::On(seconds) | TimerChange::Default(seconds) => {
                if let Some(mut w) = self.open.take() {
                    close(&mut w, "changed");
                    self.closed.push(w);
                }
                self.open = Some(Window {
                    start_item: item.clone(),
                    seconds,
                    is_default: matches!(change, TimerChange::Default(_)),
                    end: None,
                    ended_by: None,
                    export_end: None,
                    on_before_export: false,
                });
            }
        }
    }

    /// Closes the conversation: an open window stays open to the export's end.
    pub fn finish(mut self, export_end: Option<Timestamp>) -> Vec<Window> {
        self.closed.extend(self.open.take());
        for w in &mut self.closed {
            w.export_end = export_end;
        }
        self.closed
    }
}

impl Disappearing {
    /// Compiles the settings.
    pub fn compile(raw: RawDisappearing) -> Result<Self, (Option<String>, String)> {
        Ok(Disappearing {
            escalate_to: raw.escalate_to,
            include_default_timer: raw.include_default_timer,
        })
    }

    /// The severity and detail of the finding for one window; names from the
    /// export go through `shown` (the redaction decision, see `Emitter::shown`).
    pub fn assess(
        &self,
        w: &Window,
        holds: &[(String, NaiveDate)],
        base: Severity,
        shown: &dyn Fn(&str) -> String,
    ) -> (Severity, String) {
        let who = w
            .start_item
            .sender
            .as_deref()
            .unwrap_or("an unnamed participant");
        let how = if w.is_default {
            "default timer announced"
        } else {
            "turned on"
        };
        let mut detail = if w.on_before_export {
            "disappearing messages were on before the export starts (no earlier \"turned on\" in it): earlier messages may be gone".to_owned()
        } else {
            format!(
                "disappearing messages {how} ({}) by {}",
                w.describe_setting(),
                shown(who)
            )
        };
        match (&w.ended_by, w.end) {
            (Some((how, by)), Some(end)) => {
                detail.push_str(&format!("; {how} by {} at {}", shown(by), end.to_iso()))
            }
            (Some((how, by)), None) => detail.push_str(&format!("; {how} by {}", shown(by))),
            (None, _) => {
                let end = w
                    .export_end
                    .map(|t| t.to_iso())
                    .unwrap_or_else(|| "unknown".into());
                detail.push_str(&format!("; {STILL_ON} (last message {end})"));
            }
        }
        let mut severity = base;
        for (name, day) in holds {
            if w.covers(*day) {
                severity = severity.max(self.escalate_to);
                detail.push_str(&format!("; {ACROSS_LEGAL_HOLD} {name:?} ({day})"));
            }
        }
        (severity, detail)
    }

    /// The kind's hook at the end of a conversation: one finding per window this
    /// rule counts, at the severity [`Disappearing::assess`] gives it.
    pub fn end_conversation(&self, rule: &Rule, windows: &[Window], out: &mut Emitter) {
        let counted = windows
            .iter()
            .filter(|w| !w.is_default || self.counts(TimerChange::Default(None)));
        for w in counted {
            // The detail names who set the timer: export text, shown as such.
            let shown = |name: &str| out.shown(name);
            let (severity, detail) = self.assess(w, out.scope().legal_holds, rule.severity, &shown);
            let item = &w.start_item;
            let excerpt = out.excerpt(item, false);
            out.push(rule, Some(item), &w.describe_setting(), excerpt, detail)
                .severity = severity;
        }
    }

    /// True when this rule reports windows started by this kind of change.
    pub fn counts(&self, change: TimerChange) -> bool {
        self.include_default_timer || !matches!(change, TimerChange::Default(_))
    }

    /// True when the sample (export lines) holds a timer change that turns a timer on.
    pub fn sample_fires(&self, sample: &str) -> bool {
        super::sample_items(sample).iter().any(|i| match i.kind {
            ItemKind::Timer(c @ (TimerChange::On(_) | TimerChange::Default(_))) => self.counts(c),
            ItemKind::Timer(TimerChange::Off) => true,
            _ => false,
        })
    }
}

/// `604800` → `7 days`; `86400` → `24 hours`; `2678400` → `31 days`.
pub fn describe_duration(seconds: u64) -> String {
    let plural = |n: u64, unit: &str| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
    match seconds {
        0 => "off".into(),
        s if s % 604_800 == 0 && s / 604_800 < 4 && s >= 1_209_600 => plural(s / 604_800, "week"),
        s if s % 86_400 == 0 && s > 86_400 => plural(s / 86_400, "day"),
        s if s % 3_600 == 0 => plural(s / 3_600, "hour"),
        s if s % 60 == 0 => plural(s / 60, "minute"),
        s => plural(s, "second"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Location;
    use chrono::{FixedOffset, TimeZone};

    fn as_is(name: &str) -> String {
        name.to_string()
    }

    fn at(day: u32, sender: &str, kind: ItemKind) -> Item {
        let t = FixedOffset::east_opt(3600)
            .unwrap()
            .with_ymd_and_hms(2021, 4, day, 9, 0, 0)
            .unwrap();
        Item {
            kind,
            time: Some(Timestamp(t)),
            sender: Some(sender.into()),
            text: String::new(),
            attachments: vec![],
            location: Location::Line(day as u64),
        }
    }

    fn rule() -> Disappearing {
        Disappearing::compile(RawDisappearing {
            escalate_to: Severity::Critical,
            include_default_timer: true,
        })
        .unwrap()
    }

    #[test]
    fn windows_open_change_and_close() {
        let mut t = Tracker::default();
        let on = at(
            1,
            "Jo Bloggs",
            ItemKind::Timer(TimerChange::On(Some(604_800))),
        );
        t.observe(TimerChange::On(Some(604_800)), &on);
        let change = at(
            5,
            "Sam Patel",
            ItemKind::Timer(TimerChange::On(Some(86_400))),
        );
        t.observe(TimerChange::On(Some(86_400)), &change);
        let off = at(9, "Jo Bloggs", ItemKind::Timer(TimerChange::Off));
        t.observe(TimerChange::Off, &off);
        let ws = t.finish(at(20, "x", ItemKind::Message).time);
        assert_eq!(ws.len(), 2);
        assert_eq!(ws[0].describe_setting(), "7 days");
        assert_eq!(ws[0].ended_by, Some(("changed", "Sam Patel".into())));
        assert_eq!(ws[1].describe_setting(), "24 hours");
        assert_eq!(ws[1].ended_by, Some(("turned off", "Jo Bloggs".into())));
        assert!(!ws[1].is_still_on());
    }

    #[test]
    fn still_on_window_across_a_legal_hold_escalates() {
        let mut t = Tracker::default();
        let on = at(
            15,
            "Jo Bloggs",
            ItemKind::Timer(TimerChange::On(Some(604_800))),
        );
        t.observe(TimerChange::On(Some(604_800)), &on);
        let ws = t.finish(at(30, "x", ItemKind::Message).time);
        let holds = [(
            "Inquiry announced".to_string(),
            NaiveDate::from_ymd_opt(2021, 4, 20).unwrap(),
        )];
        let (sev, detail) = rule().assess(&ws[0], &holds, Severity::High, &as_is);
        assert_eq!(sev, Severity::Critical);
        assert!(
            detail.contains("still on at the end of the export"),
            "{detail}"
        );
        assert!(
            detail.contains("legal hold \"Inquiry announced\" (2021-04-20)"),
            "{detail}"
        );
        let later = [(
            "Later".to_string(),
            NaiveDate::from_ymd_opt(2021, 5, 20).unwrap(),
        )];
        assert_eq!(
            rule().assess(&ws[0], &later, Severity::High, &as_is).0,
            Severity::High
        );
    }

    #[test]
    fn turned_off_without_turned_on_is_a_window_from_before_the_export() {
        let mut t = Tracker::default();
        let off = at(10, "Sam Patel", ItemKind::Timer(TimerChange::Off));
        t.observe(TimerChange::Off, &off);
        let again = at(12, "Sam Patel", ItemKind::Timer(TimerChange::Off));
        t.observe(TimerChange::Off, &again);
        let ws = t.finish(at(20, "x", ItemKind::Message).time);
        assert_eq!(ws.len(), 1);
        assert!(ws[0].on_before_export && !ws[0].is_still_on());
        let holds = [(
            "Inquiry announced".to_string(),
            NaiveDate::from_ymd_opt(2021, 4, 2).unwrap(),
        )];
        let (sev, detail) = rule().assess(&ws[0], &holds, Severity::High, &as_is);
        assert!(
            detail.starts_with("disappearing messages were on before the export starts"),
            "{detail}"
        );
        assert!(
            detail.contains("; turned off by Sam Patel at 2021-04-10"),
            "{detail}"
        );
        assert_eq!(sev, Severity::Critical);
        // After a window that was opened in the export, "off" closes it as before.
        let mut t = Tracker::default();
        let on = at(1, "Jo", ItemKind::Timer(TimerChange::On(Some(86_400))));
        t.observe(TimerChange::On(Some(86_400)), &on);
        t.observe(TimerChange::Off, &off);
        t.observe(TimerChange::Off, &again);
        let ws = t.finish(None);
        assert_eq!(ws.len(), 1);
        assert!(!ws[0].on_before_export);
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(describe_duration(86_400), "24 hours");
        assert_eq!(describe_duration(604_800), "7 days");
        assert_eq!(describe_duration(7_776_000), "90 days");
        assert_eq!(describe_duration(2_678_400), "31 days");
        assert_eq!(describe_duration(1_209_600), "2 weeks");
        assert_eq!(describe_duration(30), "30 seconds");
    }
}
