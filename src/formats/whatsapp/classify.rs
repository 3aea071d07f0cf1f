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
        Some(i) if i > 0 && i <= 200 => classify_body(&text[..i], &text[i + 2..]),
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
