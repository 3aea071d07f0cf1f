//! Turning the text after a header into a kind, a sender and attachments
//! (FORMATS.md §1.4, §1.7, §1.8): system events with or without an author, timer
//! changes, calls, deletions, edits, view-once and media placeholders.

use std::sync::LazyLock;

use regex::Regex;

use super::media;
use super::timer;
use crate::model::ItemKind;

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

/// System texts safe to recognise anywhere, even after an author (iOS): nobody types
/// these as a message. Names are `[^:]` so `Name: text` is never swallowed whole.
/// The wordings after a name share one `[^:]{1,100}`: written once per wording,
/// the lazy DFA tracked ten counters in step and built far larger states.
static SYSTEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?x)^(?:
          Messages\ and\ calls\ are\ end-to-end\ encrypted\..*
        | Messages\ (?:you\ send\ )?to\ this\ (?:group|chat(?:\ and\ calls)?)\ are\ now\ secured\ with\ end-to-end\ encryption.*
        | This\ chat\ is\ with\ a\ business\ account\..*
        | Disappearing\ messages\ now\ support\ keeping\ messages\ in\ the\ chat\..*
        | Your\ security\ code\ with\ [^:]{1,100}\ changed\..*
        | \+?[0-9][0-9\ ()-]{4,24}\ changed\ to\ \+?[0-9][0-9\ ()-]{4,24}
        | [^:]{1,100}(?:
              's\ security\ code\ changed\..*
            | \ changed\ their\ phone\ number\ to\ a\ new\ number\..*
            | \ created\ group\ ["“].*["”]
            | \ changed\ the\ subject\ from\ ["“].*["”]\ to\ ["“].*["”]
            | \ changed\ (?:this\ group's\ icon|the\ group\ description|this\ group's\ settings\ .*)
            | \ deleted\ this\ group's\ icon
            | \ joined\ using\ this\ group's\ invite\ link
            | \ added\ you
            | \ turned\ (?:on|off)\ advanced\ chat\ privacy\..*
            | \ hat\ den\ erweiterten\ Chat-Datenschutz\ (?:ein|aus)geschaltet\..*
          )
        | You\ were\ added | You\ joined\ using\ this\ group's\ invite\ link
        | You're\ now\ an\ admin | You're\ no\ longer\ an\ admin
        | You\ blocked\ this\ contact\..* | You\ unblocked\ this\ contact\.
        | Waiting\ for\ this\ message\..*
        | This\ message\ will\ not\ disappear\ from\ the\ chat\..*
        | Kept\ by\ [^:]{1,100}
        | Disappearing\ messages\ are\ (?:no\ longer|not)\ supported\ .*
        | Nachrichten\ und\ Anrufe\ sind\ Ende-zu-Ende-verschlüsselt\..*
        | Les\ messages\ et\ les\ appels\ sont\ chiffrés\ de\ bout\ en\ bout\..*
        | Los\ mensajes\ y\ las\ llamadas\ están\ cifrados\ de\ extremo\ a\ extremo\..*
        | I\ messaggi\ e\ le\ chiamate\ sono\ crittografati\ end-to-end\..*
        | As\ mensagens\ e\ chamadas\ são\ encriptadas\ ponto\ a\ ponto\..*
        | Berichten\ en\ gesprekken\ worden\ end-to-end\ versleuteld\..*
        | Сообщения\ и\ звонки\ защищены\ сквозным\ шифрованием\..*
        )$"#,
    )
    .expect("system regex compiles")
});

/// Openings of the wordings of [`SYSTEM`] that start the text.
const SYSTEM_OPENINGS: [&str; 15] = [
    "Messages ",
    "This chat is with",
    "Disappearing messages ",
    "Your security code",
    "You",
    "Waiting for this message",
    "This message will not",
    "Kept by ",
    "Nachrichten und",
    "Les messages",
    "Los mensajes",
    "I messaggi",
    "As mensagens",
    "Berichten en",
    "Сообщения",
];

/// Openings (after their space) of the wordings of [`SYSTEM`] that follow a name
/// (`[^:]{1,100}`), the phone-number change included.
const SYSTEM_AFTER_NAME: [&str; 8] = [
    "changed",
    "created group",
    "deleted this group",
    "joined using",
    "added you",
    "turned o",
    "hat den erweiterten",
    "security code changed",
];

/// A cheap test every text [`SYSTEM`] matches passes (most messages fail it and are
/// spared the regex, whose name-first wordings give it no literal to skip ahead
/// with): it opens with a [`SYSTEM_OPENINGS`] entry, or a space after a name of at
/// most 100 characters and before any `:` is followed by a [`SYSTEM_AFTER_NAME`] entry.
/// Keep in step with `SYSTEM`: `system_prefilter_passes_every_wording` has one
/// sample per wording.
fn may_be_system(text: &str) -> bool {
    if SYSTEM_OPENINGS.iter().any(|o| text.starts_with(o)) {
        return true;
    }
    let bytes = text.as_bytes();
    // `[^:]{1,100}`: the name before the wording is 1 to 100 characters (at most
    // 400 bytes, and `'s` may follow it before the space) and holds no colon, so
    // the wording lies before the first one.
    let colon = memchr::memchr(b':', bytes).unwrap_or(bytes.len());
    SYSTEM_AFTER_NAME_FINDERS
        .iter()
        .any(|f| f.find(&bytes[..colon]).is_some_and(|space| space <= 402))
}

/// [`SYSTEM_AFTER_NAME`] with their space, as SIMD substring searchers (one per
/// wording costs less than visiting every space of a message).
static SYSTEM_AFTER_NAME_FINDERS: LazyLock<Vec<memchr::memmem::Finder<'static>>> =
    LazyLock::new(|| {
        SYSTEM_AFTER_NAME
            .iter()
            .map(|w| memchr::memmem::Finder::new(format!(" {w}").as_bytes()).into_owned())
            .collect()
    });

static STARTED_A: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new(" started a "));

static CALL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:Missed (?:group )?(?:voice|video) call|(?:Group )?(?:Voice|Video) call|[^:]{1,100} started a (?:video )?call)(?:\..*|, .*)?$",
    )
    .expect("call regex compiles")
});

static ADMIN_DELETED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^This message was deleted by (?:an admin|admin [^:]{1,100})\.?$")
        .expect("deleted regex compiles")
});

/// "Deleted for everyone" placeholders, without their final period (FORMATS.md §1.7).
const DELETED: [&str; 19] = [
    "This message was deleted",
    "You deleted this message",
    "You deleted this message as admin",
    "Message deleted",
    "Diese Nachricht wurde gelöscht",
    "Du hast diese Nachricht gelöscht",
    "Ce message a été supprimé",
    "Vous avez supprimé ce message",
    "Se eliminó este mensaje",
    "Eliminaste este mensaje",
    "Este mensaje fue eliminado",
    "Questo messaggio è stato eliminato",
    "Hai eliminato questo messaggio",
    "Esta mensagem foi apagada",
    "Apagou esta mensagem",
    "Dit bericht is verwijderd",
    "U hebt dit bericht verwijderd",
    "Данное сообщение удалено",
    "Вы удалили данное сообщение",
];

/// Suffixes WhatsApp appends to an edited message's final text.
const EDITED: [&str; 7] = [
    "<This message was edited>",
    "<Diese Nachricht wurde bearbeitet>",
    "<Este mensaje fue editado>",
    "<Ce message a été modifié>",
    "<Questo messaggio è stato modificato>",
    "<Esta mensagem foi editada>",
    "<Это сообщение изменено>",
];

/// True for a call event: `Missed voice call`, `Video call, 12 min`, `Jo started a call`.
fn is_call(text: &str) -> bool {
    // Every wording of CALL opens with one of these or holds ` started a `; those
    // checks cost a fraction of a regex search, and nearly every message fails them.
    let may_be = ["Missed ", "Group ", "Voice call", "Video call"]
        .iter()
        .any(|p| text.starts_with(p))
        || STARTED_A.find(text.as_bytes()).is_some();
    may_be && CALL.is_match(text)
}

/// True for texts that are a known system event when they are the whole text.
pub(super) fn is_system_text(text: &str) -> bool {
    may_be_system(text) && SYSTEM.is_match(text.trim_end())
}

/// Classifies everything after a header (`text`, continuation lines included).
pub(super) fn classify(text: &str) -> Classified {
    let timer_words = timer::mentions_timer(text);
    if timer_words && let Some(event) = timer::recognise(text, None) {
        return Classified::new(ItemKind::Timer(event.change), event.actor, text);
    }
    if is_system_text(text) {
        return Classified::new(ItemKind::System, None, text);
    }
    let first_line = text.split('\n').next().unwrap_or("");
    match first_line.find(": ") {
        Some(i) if i > 0 && i <= 200 => classify_body(&text[..i], &text[i + 2..], timer_words),
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
                    return classify_body(author, body, timer_words);
                }
            }
            if is_call(text) {
                return Classified::new(ItemKind::Call, None, text);
            }
            Classified::new(ItemKind::System, None, text)
        }
    }
}

/// Classifies a body written after `Author: `; `timer_words` is whether the whole
/// text passed [`timer::mentions_timer`] (the body is part of it).
fn classify_body(author: &str, body: &str, timer_words: bool) -> Classified {
    let sender = Some(author.to_owned());
    if timer_words && let Some(event) = timer::recognise(body, Some(author)) {
        return Classified::new(ItemKind::Timer(event.change), event.actor, body);
    }
    if is_system_text(body) {
        return Classified::new(ItemKind::System, sender, body);
    }
    if is_call(body) {
        return Classified::new(ItemKind::Call, sender, body);
    }
    let trimmed = body.trim();
    let unpunctuated = trimmed.strip_suffix('.').unwrap_or(trimmed);
    // ADMIN_DELETED opens with this literal; most messages are spared the regex.
    let admin_deleted =
        trimmed.starts_with("This message was deleted by ") && ADMIN_DELETED.is_match(trimmed);
    if DELETED.contains(&unpunctuated) || admin_deleted {
        return Classified::new(ItemKind::Deleted, sender, body);
    }
    if trimmed.is_empty()
        || trimmed == "null"
        || trimmed.starts_with("You received a view once message")
    {
        return Classified::new(ItemKind::ViewOnce, sender, body);
    }
    // Every EDITED suffix ends in `>`: one byte test before seven suffix tests.
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

    /// One text per wording of SYSTEM: each must match the regex and hold one of the
    /// prefilter's words, or the prefilter would hide a system event.
    #[test]
    fn system_prefilter_passes_every_wording() {
        let samples = [
            "Messages and calls are end-to-end encrypted. Tap to learn more.",
            "Messages you send to this group are now secured with end-to-end encryption. Tap for more info.",
            "Messages to this chat and calls are now secured with end-to-end encryption.",
            "This chat is with a business account. Tap to learn more.",
            "Disappearing messages now support keeping messages in the chat. Tap to learn more.",
            "Your security code with Jo Bloggs changed. Tap to learn more.",
            "+44 7700 900123 changed to +44 7700 900456",
            "Jo Bloggs's security code changed. Tap to learn more.",
            "Jo Bloggs changed their phone number to a new number. Tap to message or add the new number.",
            "Jo created group “Cabinet”",
            "Jo changed the subject from \"A\" to “B”",
            "Jo changed this group's icon",
            "Jo changed the group description",
            "Jo changed this group's settings to allow only admins to send messages",
            "Jo deleted this group's icon",
            "Jo joined using this group's invite link",
            "Jo added you",
            "Jo turned on advanced chat privacy. Tap to learn more.",
            "Jo hat den erweiterten Chat-Datenschutz eingeschaltet. Mehr erfahren.",
            "You were added",
            "You joined using this group's invite link",
            "You're now an admin",
            "You're no longer an admin",
            "You blocked this contact. Tap to unblock.",
            "You unblocked this contact.",
            "Waiting for this message. This may take a while.",
            "This message will not disappear from the chat. Tap to learn more.",
            "Kept by Jo Bloggs",
            "Disappearing messages are no longer supported on this device.",
            "Disappearing messages are not supported in this chat.",
            "Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt. Niemand außerhalb.",
            "Les messages et les appels sont chiffrés de bout en bout. Personne.",
            "Los mensajes y las llamadas están cifrados de extremo a extremo. Nadie.",
            "I messaggi e le chiamate sono crittografati end-to-end. Nessuno.",
            "As mensagens e chamadas são encriptadas ponto a ponto. Ninguém.",
            "Berichten en gesprekken worden end-to-end versleuteld. Niemand.",
            "Сообщения и звонки защищены сквозным шифрованием. Никто.",
        ];
        for text in samples {
            assert!(SYSTEM.is_match(text), "regex: {text}");
            assert!(may_be_system(text), "prefilter: {text}");
            assert!(is_system_text(text), "{text}");
        }
        assert!(!is_system_text("Jo: the secretary changed her mind"));
        assert!(!is_system_text("I added you to the list"));
        // A name of 100 four-byte characters puts the wording's space at byte 400…
        let name = "😀".repeat(100);
        assert!(is_system_text(&format!("{name} added you")));
        assert!(!is_system_text(&format!("{name}😀 added you")));
        // …or at byte 402 after the possessive `'s`.
        assert!(is_system_text(&format!(
            "{name}'s security code changed. Tap to learn more."
        )));
        // Most messages do not even reach the regex.
        for text in [
            "Jo Bloggs: see you at 3",
            "hello there, how are you",
            "Jo Bloggs: I changed my mind about the minister",
        ] {
            assert!(!may_be_system(text), "{text}");
        }
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
    fn calls_deleted_edited_view_once() {
        assert_eq!(c("Dmitry S: Missed voice call").0, Call);
        assert_eq!(c("Jo: Missed video call. Tap to call back").0, Call);
        assert_eq!(c("Jo: Voice call. 12 min").0, Call);
        assert_eq!(c("Jo: Voice call. No answer").0, Call);
        assert_eq!(c("Jo: I missed voice call yesterday").0, Message);
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
