//! What the generated chats say: participants, times and message bodies, with
//! planted classification markings, decoys, decisions, timer changes, deleted
//! messages and omitted media at fixed rates. Format writers turn a [`Msg`] into
//! bytes; nothing here knows a file format.

use chrono::{Duration, NaiveDate, NaiveDateTime};

use crate::rng::Rng;

/// Rates per 10,000 messages.
pub const MARKING_PER_10K: u64 = 20;
pub const DECOY_PER_10K: u64 = 40;
pub const DECISION_PER_10K: u64 = 25;
pub const TIMER_PER_10K: u64 = 15;
pub const DELETED_PER_10K: u64 = 50;
pub const MEDIA_PER_10K: u64 = 200;

/// Fictional people (phone numbers, where used, are in the Ofcom drama range).
pub const PEOPLE: [&str; 24] = [
    "Jo Bloggs",
    "Sam Patel",
    "Alex Reid",
    "Tom Hughes",
    "Priya Shah",
    "Chris Doyle",
    "Morgan Ellis",
    "Ravi Kumar",
    "Hannah Webb",
    "Ola Adeyemi",
    "Fran McKay",
    "Lena Vogel",
    "Jonas Becker",
    "Megan O'Brien",
    "Dev Mistry",
    "Kate Lowe",
    "Ben Carter",
    "Aisha Rahman",
    "Nick Fraser",
    "Zoe Price",
    "Ed Morris",
    "Sofia Rossi",
    "Liam Byrne",
    "Grace Ho",
];

/// Offices: the first folder under the drive root.
pub const OFFICES: [&str; 6] = [
    "No10-Private-Office",
    "HMT-Private-Office",
    "DHSC-Perm-Sec-Office",
    "MoJ-Private-Office",
    "FCDO-Private-Office",
    "Cabinet-Office-Perm-Sec",
];

const WORDS: [&str; 96] = [
    "the",
    "the",
    "the",
    "a",
    "to",
    "to",
    "and",
    "and",
    "of",
    "in",
    "on",
    "for",
    "is",
    "it",
    "we",
    "I",
    "you",
    "can",
    "will",
    "be",
    "that",
    "this",
    "with",
    "at",
    "by",
    "draft",
    "box",
    "note",
    "submission",
    "meeting",
    "call",
    "grid",
    "lines",
    "brief",
    "minister",
    "team",
    "office",
    "update",
    "comms",
    "figures",
    "budget",
    "policy",
    "statement",
    "press",
    "deadline",
    "tomorrow",
    "today",
    "tonight",
    "morning",
    "afternoon",
    "slot",
    "diary",
    "readout",
    "annex",
    "options",
    "costings",
    "letter",
    "sector",
    "stakeholders",
    "numbers",
    "timeline",
    "review",
    "comments",
    "version",
    "latest",
    "final",
    "quick",
    "check",
    "send",
    "share",
    "chase",
    "confirm",
    "think",
    "need",
    "have",
    "got",
    "back",
    "before",
    "after",
    "about",
    "should",
    "could",
    "would",
    "just",
    "still",
    "also",
    "now",
    "again",
    "please",
    "thanks",
    "ok",
    "sure",
    "next",
    "week",
    "Monday",
    "Friday",
];

const OPENERS: [&str; 12] = [
    "Morning all.",
    "Quick one:",
    "Thanks,",
    "Update:",
    "FYI",
    "Sorry, late to this.",
    "Can you",
    "Just seen this.",
    "On it.",
    "Heads up:",
    "Reminder:",
    "👍",
];

const EXTRAS: [&str; 8] = [
    " 👍",
    " 🙏",
    " £2m",
    " — see below",
    " (café downstairs)",
    " 😅",
    " ✅",
    " 10:30",
];

const SUBJECTS: [&str; 10] = [
    "testing contract",
    "care home visiting guidance",
    "northern testing sites",
    "revised deployment plan",
    "schools funding formula",
    "prison capacity statement",
    "visa fee uplift",
    "flood recovery grant",
    "border fees consultation",
    "spending review settlement",
];

const MARKINGS: [&str; 8] = [
    "Attached the UK SECRET - UK EYES ONLY assessment, don't forward",
    "Pricing annex is OFFICIAL-SENSITIVE: COMMERCIAL, the supplier hasn't seen it yet",
    "Classification: SECRET. Draft lines for the statement below",
    "RESTRICTED - draft minutes from the bilateral",
    "TOP SECRET – UK / US EYES ONLY readout is in the safe",
    "OFFICIAL-SENSITIVE [PERSONAL] list for the visit, please delete after",
    "[SECRET] options paper v3",
    "UKEO copy of the note is on the high side",
];

const DECOYS: [&str; 8] = [
    "Secretary of State wants a call before the 10:00",
    "Secret Santa draw is on Friday, are you in?",
    "Permanent Secretary is content for the annex to go in the box",
    "Official Secrets Act training is due by the 18th",
    "It's no secret that the grid is late again",
    "SECRETARY OF STATE'S BOX closes at 7 tonight",
    "Can you ask the Secretariat for the minutes?",
    "Official figures out at 9:30 tomorrow",
];

/// What a message is.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    Text(String),
    Media,
    Deleted,
    /// Disappearing messages on, for this many seconds.
    TimerOn(u64),
    TimerOff,
}

/// One generated message or event.
#[derive(Debug, Clone)]
pub struct Msg {
    pub at: NaiveDateTime,
    /// Index into the chat's participants.
    pub author: usize,
    pub body: Body,
}

/// A conversation being generated: its people and its clock.
pub struct Chat {
    pub name: String,
    pub people: Vec<&'static str>,
    pub rng: Rng,
    now: NaiveDateTime,
    timer_on: bool,
    text: String,
}

impl Chat {
    /// A chat between 2–8 people starting somewhere in 2019–2023.
    pub fn new(mut rng: Rng, index: u64) -> Chat {
        let size = rng.range(2, 8) as usize;
        let mut people: Vec<&'static str> = Vec::with_capacity(size);
        while people.len() < size {
            let p = *rng.pick(&PEOPLE);
            if !people.contains(&p) {
                people.push(p);
            }
        }
        let name = if size == 2 {
            people[1].to_string()
        } else {
            format!("{} {}", rng.pick(&SUBJECTS), index)
        };
        let start = NaiveDate::from_ymd_opt(2019, 1, 1)
            .expect("valid date")
            .and_hms_opt(8, 0, 0)
            .expect("valid time")
            + Duration::seconds(rng.range(0, 4 * 365 * 86_400) as i64);
        Chat {
            name,
            people,
            rng,
            now: start,
            timer_on: false,
            text: String::with_capacity(512),
        }
    }

    /// The next message, its time a realistic gap after the last.
    pub fn next_msg(&mut self) -> Msg {
        let r = &mut self.rng;
        let gap = match r.range(0, 99) {
            0..=69 => r.range(5, 600),
            70..=94 => r.range(600, 7_200),
            _ => r.range(7_200, 3 * 86_400),
        };
        self.now += Duration::seconds(gap as i64);
        let author = r.range(0, self.people.len() as u64 - 1) as usize;
        let body = self.body();
        Msg {
            at: self.now,
            author,
            body,
        }
    }

    fn body(&mut self) -> Body {
        let r = &mut self.rng;
        let roll = r.range(0, 9_999);
        let mut t = MEDIA_PER_10K;
        if roll < t {
            return Body::Media;
        }
        t += DELETED_PER_10K;
        if roll < t {
            return Body::Deleted;
        }
        t += TIMER_PER_10K;
        if roll < t {
            self.timer_on = !self.timer_on;
            return if self.timer_on {
                Body::TimerOn(*r.pick(&[86_400, 604_800, 7_776_000]))
            } else {
                Body::TimerOff
            };
        }
        self.text.clear();
        t += MARKING_PER_10K;
        if roll < t {
            self.text.push_str(r.pick::<&str>(&MARKINGS));
            return Body::Text(self.text.clone());
        }
        t += DECOY_PER_10K;
        if roll < t {
            self.text.push_str(r.pick::<&str>(&DECOYS));
            return Body::Text(self.text.clone());
        }
        t += DECISION_PER_10K;
        if roll < t {
            let subject = r.pick(&SUBJECTS);
            let text = match r.range(0, 3) {
                0 => format!("DECISION: SoS agreed to extend the {subject} to March"),
                1 => format!("PM is content with option B on the {subject}"),
                2 => format!(
                    "For the record: Chancellor signed off the £{}m for the {subject}",
                    r.range(1, 40)
                ),
                _ => format!("SoS has agreed the revised {subject}"),
            };
            return Body::Text(text);
        }
        self.sentence();
        if self.rng.chance(600) {
            // A multi-line message: continuation lines in text exports.
            self.text.push('\n');
            self.sentence();
        }
        Body::Text(self.text.clone())
    }

    /// Appends a sentence of 3–30 words to `self.text`.
    fn sentence(&mut self) {
        let r = &mut self.rng;
        if r.chance(2_500) {
            self.text.push_str(r.pick::<&str>(&OPENERS));
            self.text.push(' ');
        }
        let words = match r.range(0, 9) {
            0..=5 => r.range(3, 12),
            6..=8 => r.range(12, 25),
            _ => r.range(25, 60),
        };
        for i in 0..words {
            if i > 0 {
                self.text.push(' ');
            }
            self.text.push_str(r.pick::<&str>(&WORDS));
        }
        if r.chance(300) {
            self.text.push_str(r.pick::<&str>(&EXTRAS));
        }
        self.text
            .push_str(r.pick::<&str>(&[".", ".", "?", "", "!"]));
    }
}

/// Phone number in the Ofcom drama range for person `i`.
pub fn phone(i: usize) -> String {
    format!("+447700900{:03}", 100 + i % 900)
}
