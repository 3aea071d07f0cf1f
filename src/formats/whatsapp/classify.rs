//! Turning the text after a header into a kind, a sender and attachments
//! (FORMATS.md §1.4, §1.7, §1.8): system events with or without an author, timer
//! changes, calls, deletions, edits, view-once and media placeholders.

use std::sync::LazyLock;

use super::media;
use super::wordings::{self, Hit, Table};
use crate::model::{ItemKind, TimerChange};

/// The classified content of one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Classified {
    pub kind: ItemKind,
    pub sender: Option<String>,
    pub text: String,
    pub attachments: Vec<String>,
}

impl Classified {
    fn new(kind: ItemKind, sender: Option<String>, text: &str) -> Self {
        Classified {
            kind,
            sender,
            text: text.to_owned(),
            attachments: Vec::new(),
        }
    }
}

/// Suffixes WhatsApp appends to an edited message's final text
/// (`wordings/edited.txt`).
static EDITED: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    wordings::lines("edited.txt", wordings::EDITED)
        .map(|l| l.3)
        .collect()
});

/// The sender of a message whose name was only invisible marks.
pub(super) const INVISIBLE_NAME: &str = "\u{200e}";

/// The kind a recognised wording gives its text.
fn kind_of(hit: &Hit) -> ItemKind {
    match hit.row.table {
        Table::Timer => ItemKind::Timer(match hit.row.event {
            "off" => TimerChange::Off,
            "default" => TimerChange::Default(hit.seconds),
            _ => TimerChange::On(hit.seconds),
        }),
        Table::Deleted => ItemKind::Deleted,
        Table::Call => ItemKind::Call,
        Table::Security | Table::Encryption | Table::Group | Table::Other => ItemKind::System,
    }
}

/// Classifies everything after a header (`text`, continuation lines included).
pub(super) fn classify(text: &str) -> Classified {
    if let Some(hit) = wordings::recognise(text, None) {
        // A timer names its actor in the text; other events have no author here.
        let sender = hit.actor.clone().filter(|_| hit.row.table == Table::Timer);
        return Classified::new(kind_of(&hit), sender, text);
    }
    let first_line = text.split('\n').next().unwrap_or("");
    match first_line.find(": ") {
        Some(i) if i > 0 && is_sender_length(&text[..i]) => {
            classify_body(&text[..i], &text[i + 2..])
        }
        // A name of invisible marks only (a lone U+200E) is cleaned to nothing; it
        // is still a sender.
        Some(0) => classify_body(INVISIBLE_NAME, &text[2..]),
        _ => {
            // `Name:` (empty body) and chat-miner's `Name:.` are withheld view-once
            // content; anything else without an author is a system line.
            for suffix in [":", ":."] {
                if let Some(author) = first_line
                    .strip_suffix(suffix)
                    .filter(|a| !a.is_empty() && !a.contains(": "))
                {
                    let body = text[first_line.len()..].trim_start_matches('\n');
                    if body.trim().is_empty() {
                        return Classified::new(ItemKind::ViewOnce, Some(author.to_owned()), "");
                    }
                    return classify_body(author, body);
                }
            }
            Classified::new(ItemKind::System, None, text)
        }
    }
}

/// WhatsApp's own limit on a profile ("push") name: 25 characters (its profile
/// editor refuses more; see e.g. https://whatsapp-tips.com/qa/view/how-can-you-rename-whatsapp,
/// "WhatsApp allows for a maximum of 25 characters"). The export may prefix it
/// with `~ ` when the exporting phone has no contact for the sender.
const PUSH_NAME_CHARS: usize = 25 + 2;

/// Names saved in the exporting phone's contacts have no WhatsApp limit; up to
/// this many bytes (as before) they are read as senders too.
const CONTACT_NAME_BYTES: usize = 200;

/// True when `name` (before the first `: ` of a line) can be a sender: any name
/// within WhatsApp's profile-name limit, counted as people see characters, so
/// 25 emoji with skin tones or joined by ZWJ (up to 35 bytes each) stay a sender
/// though they take far more than 200 bytes; or a contact name within
/// [`CONTACT_NAME_BYTES`] (25 characters of any script without emoji fit in it).
fn is_sender_length(name: &str) -> bool {
    if name.len() <= CONTACT_NAME_BYTES {
        return true;
    }
    // Characters as seen: a code point after a ZWJ joins the one before it.
    let mut seen = 0;
    let mut after_zwj = false;
    for c in name.chars() {
        if !is_joined(c) && !after_zwj {
            seen += 1;
        }
        after_zwj = c == '\u{200D}';
    }
    seen <= PUSH_NAME_CHARS
}

/// Code points that join the one before into one visible character: ZWJ,
/// variation selectors, skin-tone modifiers, combining marks, emoji tag
/// characters, direction marks.
fn is_joined(c: char) -> bool {
    matches!(c,
        '\u{200D}' | '\u{200E}' | '\u{200F}' | '\u{FE00}'..='\u{FE0F}'
        | '\u{1F3FB}'..='\u{1F3FF}' | '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}'
        | '\u{20D0}'..='\u{20FF}' | '\u{E0020}'..='\u{E007F}')
}

/// Classifies a body written after `Author: `.
fn classify_body(author: &str, body: &str) -> Classified {
    if let Some(hit) = wordings::recognise(body, Some(author)) {
        let sender = match hit.row.table {
            Table::Timer => hit.actor.clone(),
            _ => Some(author.to_owned()),
        };
        return Classified::new(kind_of(&hit), sender, body);
    }
    let sender = Some(author.to_owned());
    let trimmed = body.trim();
    if trimmed.is_empty()
        || trimmed == "null"
        || trimmed.starts_with("You received a view once message")
    {
        return Classified::new(ItemKind::ViewOnce, sender, body);
    }
    // Every EDITED suffix ends in `>`: one byte test before the suffix tests.
    let edited = trimmed.ends_with('>');
    if let Some(rest) = edited
        .then(|| EDITED.iter().find_map(|s| trimmed.strip_suffix(s)))
        .flatten()
    {
        return Classified::new(ItemKind::Edited, sender, rest.trim_end());
    }
    if let Some((kind, text, attachments)) = media::recognise(body) {
        return Classified {
            kind,
            sender,
            text,
            attachments,
        };
    }
    Classified::new(ItemKind::Message, sender, body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TimerChange;
    use ItemKind::*;

    fn c(text: &str) -> (ItemKind, Option<String>, String) {
        let got = classify(text);
        (got.kind, got.sender, got.text)
    }

    fn s(v: &str) -> Option<String> {
        Some(v.to_owned())
    }

    /// A name at WhatsApp's profile-name limit (25 characters) stays a sender in
    /// any make-up, though emoji make it several hundred bytes; past the limit,
    /// a long line before `: ` is not taken for a name.
    #[test]
    fn a_name_up_to_whatsapps_limit_stays_a_sender() {
        let coder = "\u{1F469}\u{1F3FD}\u{200D}\u{1F4BB}"; // woman technologist, medium skin
        let kiss =
            "\u{1F469}\u{1F3FD}\u{200D}\u{2764}\u{FE0F}\u{200D}\u{1F48B}\u{200D}\u{1F468}\u{1F3FB}";
        let flag = "\u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}"; // Scotland
        for name in [
            format!("~ {}", coder.repeat(25)),
            kiss.repeat(25),
            format!("Ailsa {}", flag.repeat(19)),
            "Bloggs".repeat(34).chars().take(200).collect(),
        ] {
            assert!(name.len() >= 200, "{} bytes", name.len());
            assert_eq!(
                c(&format!("{name}: on my way")),
                (Message, Some(name.clone()), "on my way".into())
            );
        }
        let sentence = format!("{} then this: not a name", "word ".repeat(50));
        assert_eq!(c(&sentence).0, System);
    }

    #[test]
    fn authors_and_text() {
        assert_eq!(
            c("Jo Bloggs: hello: there"),
            (Message, s("Jo Bloggs"), "hello: there".into())
        );
        assert_eq!(
            c("~ Sudharshanan Periyaswamy😎: hi"),
            (Message, s("~ Sudharshanan Periyaswamy😎"), "hi".into())
        );
        assert_eq!(
            c("John-John Doe: Lorem ipsum : dolor"),
            (Message, s("John-John Doe"), "Lorem ipsum : dolor".into())
        );
        assert_eq!(
            c("+91 98316 71628: ok\nsecond line"),
            (Message, s("+91 98316 71628"), "ok\nsecond line".into())
        );
        assert_eq!(
            c("Jo: should we turn on disappearing messages?"),
            (
                Message,
                s("Jo"),
                "should we turn on disappearing messages?".into()
            )
        );
    }

    #[test]
    fn system_lines_with_and_without_author() {
        assert_eq!(c("Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.").0, System);
        assert_eq!(
            c("+123 45 6789 is a contact"),
            (System, None, "+123 45 6789 is a contact".into())
        );
        assert_eq!(c("You created group “Group Chat”").1, None);
        assert_eq!(c("+12 345 578 created group \"Groupname\"").0, System);
        assert_eq!(
            c("Boris changed the subject from \"A: b\" to \"C\"").0,
            System
        );
        assert_eq!(
            c("Elon Musk: Your security code with Elon changed. Tap to learn more."),
            (
                System,
                s("Elon Musk"),
                "Your security code with Elon changed. Tap to learn more.".into()
            )
        );
        assert_eq!(c("My Group Name: Boris added you").0, System);
        assert_eq!(c("Group Chat XXX: Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.").1, s("Group Chat XXX"));
        assert_eq!(c("Sam Patel turned on advanced chat privacy.").0, System);
        assert_eq!(c("You were added").0, System);
    }

    #[test]
    fn timers_with_and_without_author() {
        assert_eq!(c("+123 45 6789: +123 45 6789 updated the message timer. New messages will disappear from this chat 24 hours after they're sent, except when kept. Tap to change.").0, Timer(TimerChange::On(Some(86_400))));
        assert_eq!(
            c("Lln: You turned off disappearing messages. Tap to change.").1,
            s("You")
        );
        assert_eq!(c("Aayaraa 🤝 Casagrand: Disappearing messages were turned on. New messages will disappear from this chat 7 days after they're sent, except when kept.").1, None);
        assert_eq!(
            c("Raju Thapar turned off disappearing messages.").1,
            s("Raju Thapar")
        );
    }

    #[test]
    fn invisible_names_are_senders() {
        assert_eq!(
            c(": hello there"),
            (Message, s(INVISIBLE_NAME), "hello there".into())
        );
    }

    #[test]
    fn calls_deleted_edited_view_once() {
        assert_eq!(c("Dmitry S: Missed voice call").0, Call);
        assert_eq!(c("Jo: Missed video call. Tap to call back").0, Call);
        assert_eq!(c("Jo: Voice call. 12 min").0, Call);
        assert_eq!(c("Jo: Voice call. No answer").0, Call);
        assert_eq!(c("Jo: I missed voice call yesterday").0, Message);
        assert_eq!(c("Jo: Verpasster Videoanruf").0, Call);
        assert_eq!(c("Missed group video call").0, Call);
        for deleted in [
            "This message was deleted",
            "You deleted this message.",
            "Diese Nachricht wurde gelöscht.",
            "Вы удалили данное сообщение",
            "This message was deleted by admin Sam Patel.",
            "This message was deleted by an admin.",
            "U hebt dit bericht verwijderd",
        ] {
            assert_eq!(c(&format!("Jo: {deleted}")).0, Deleted, "{deleted}");
        }
        assert_eq!(
            c("siddhi: very based <This message was edited>"),
            (Edited, s("siddhi"), "very based".into())
        );
        assert_eq!(
            c("Jo: line one\nline two <Diese Nachricht wurde bearbeitet>"),
            (Edited, s("Jo"), "line one\nline two".into())
        );
        assert_eq!(c("Dmitry S: null").0, ViewOnce);
        assert_eq!(c("John Doe:."), (ViewOnce, s("John Doe"), String::new()));
        assert_eq!(c("Carol:"), (ViewOnce, s("Carol"), String::new()));
        assert_eq!(c("Jo: You received a view once message. For added privacy, you can only open it on your phone.").0, ViewOnce);
        assert_eq!(c("Jo: .").0, Message);
    }
}
