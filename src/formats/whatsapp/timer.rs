//! The disappearing-message recogniser (FORMATS.md §1.5, §1.6): EVENT, then an
//! optional EXPLANATION with the duration, then an optional call to action — the
//! whole text, anchored at both ends, so a user asking "should we turn on
//! disappearing messages?" is not an event.

use std::sync::LazyLock;

use memchr::memmem;
use regex::Regex;

use crate::model::TimerChange;

/// A recognised timer event and who caused it, as the text names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct TimerEvent {
    pub change: TimerChange,
    /// `You`, a name from the text, or `None` for the impersonal wordings.
    pub actor: Option<String>,
}

static ENGLISH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^
        (?:
            (?P<a1>[^:\n]{1,100}?)\ turned\ (?P<s1>on|off)\ disappearing\ messages
          | (?P<a2>[^:\n]{1,100}?)\ (?:updated|changed)\ the\ message\ timer
          | Disappearing\ messages\ were\ turned\ (?P<s3>on|off)
          | The\ message\ timer\ was\ (?:updated|changed)
          | (?P<a5>You)\ use\ (?:a|the)\ default\ timer\ for\ disappearing\ messages\ in\ new\ chats
          | (?P<a6>[^:\n]{1,100}?)\ uses\ (?:a|the)\ default\ timer\ for\ disappearing\ messages\ in\ new\ chats
          | (?P<d7>A)\ default\ timer\ for\ disappearing\ messages\ is\ used\ in\ new\ chats
        )
        (?:\.|$)
        (?:\ (?:While\ this\ setting\ is\ on,\ )?(?:All\ )?[Nn]ew\ messages\ (?:will\ disappear\ from\ this\ chat|in\ this\ chat\ will\ disappear)
            \ (?:after\ )?(?P<n>\d+)\ (?P<unit>second|minute|hour|day|week)s?
            (?:\ after\ they're\ (?:sent|read))?(?:,\ except\ when\ kept)?\.)?
        (?:\ (?:(?:Tap|Click)\ to\ [^.\n]{1,60}|Change\ timer|Set\ your\ own\ default\ timer|Learn\ more)\.)?
        \s*$",
    )
    .expect("timer regex compiles")
});

/// German, Spanish and Portuguese wordings: event sentence, then `tail` checked by
/// [`is_plausible_tail`]. Groups: `you` (second person), `a` (named actor), `off`,
/// `def` (default timer).
static OTHER: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        r"^(?:(?P<you>Du) hast|(?P<a>[^:\n]{1,100}?) hat) (?:selbstlöschende Nachrichten (?:aktiviert|(?P<off>deaktiviert))|die Nachrichtendauer (?:aktualisiert|geändert))\.(?P<tail>.*)$",
        r"^Selbstlöschende Nachrichten wurden (?:aktiviert|(?P<off>deaktiviert))\.(?P<tail>.*)$",
        r"^(?:(?P<you>Activaste|(?P<off>Desactivaste))|(?P<a>[^:\n]{1,100}?) (?:activó|(?P<off2>desactivó))) los mensajes temporales\.(?P<tail>.*)$",
        r"^(?:(?P<you>Usas)|(?P<a>[^:\n]{1,100}?) usa) una duración predeterminada para los mensajes temporales en chats nuevos\.(?P<def>)(?P<tail>.*)$",
        r"^(?:(?P<you>Você)|(?P<a>[^:\n]{1,100}?)) (?:ativou|(?P<off>desativou)) as mensagens temporárias\.(?P<tail>.*)$",
        r"^As mensagens temporárias estão (?:ativadas|(?P<off>desativadas))\.?(?P<tail>.*)$",
    ]
    .iter()
    .map(|p| Regex::new(p).expect("timer regex compiles"))
    .collect()
});

static FOREIGN_DURATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d+) (Sekunde|Minute|Stunde|Tag|Woche|segundo|minuto|hora|día|dia|semana)")
        .expect("duration regex compiles")
});

/// The cheap prefilter for [`recognise`]: every wording holds one of these words.
/// A text without them has none in any of its parts either, so [`classify`] tests
/// the whole text once and skips the timer on its body too.
///
/// `s tempor` stands for both `mensagens tempor…` (pt) and `mensajes temporales`
/// (es): one search instead of two; the regexes still want the whole words.
///
/// [`classify`]: super::classify::classify
pub(super) fn mentions_timer(text: &str) -> bool {
    TIMER_WORDS
        .iter()
        .any(|w| w.find(text.as_bytes()).is_some())
}

/// The words of [`mentions_timer`], as SIMD substring searchers built once.
static TIMER_WORDS: LazyLock<[memmem::Finder<'static>; 4]> = LazyLock::new(|| {
    ["isappear", "message timer", "s tempor", "Nachricht"].map(memmem::Finder::new)
});

/// Recognises a timer event in `text` (a whole post-header text, or a body after
/// `Author: `; `author` is that author). Named actors in a body must look like a
/// name, so a sentence a user typed is not mistaken for an event. Only texts that
/// pass [`mentions_timer`] can be events.
pub(super) fn recognise(text: &str, author: Option<&str>) -> Option<TimerEvent> {
    let normalised;
    let text = if text.contains('’') {
        normalised = text.replace('’', "'");
        normalised.as_str()
    } else {
        text
    };
    english(text, author).or_else(|| other(text, author))
}

fn english(text: &str, author: Option<&str>) -> Option<TimerEvent> {
    let caps = ENGLISH.captures(text)?;
    let actor = ["a1", "a2", "a5", "a6"]
        .iter()
        .find_map(|g| caps.name(g))
        .map(|m| m.as_str());
    if actor.is_some_and(|a| !is_plausible_actor(a, author)) {
        return None;
    }
    let seconds = caps.name("n").and_then(|n| {
        let n: u64 = n.as_str().parse().ok()?;
        Some(n * unit_seconds(caps.name("unit")?.as_str()))
    });
    let state = caps.name("s1").or(caps.name("s3")).map(|m| m.as_str());
    let change =
        if caps.name("a5").is_some() || caps.name("a6").is_some() || caps.name("d7").is_some() {
            TimerChange::Default(seconds)
        } else if state == Some("off") {
            TimerChange::Off
        } else {
            TimerChange::On(seconds)
        };
    Some(TimerEvent {
        change,
        actor: actor.map(str::to_owned),
    })
}

fn other(text: &str, author: Option<&str>) -> Option<TimerEvent> {
    let caps = OTHER.iter().find_map(|re| re.captures(text))?;
    let tail = caps.name("tail").map_or("", |m| m.as_str());
    if !is_plausible_tail(tail) {
        return None;
    }
    let actor = if caps.name("you").is_some() {
        Some("You".to_owned())
    } else {
        match caps.name("a").map(|m| m.as_str()) {
            Some(a) if !is_plausible_actor(a, author) => return None,
            a => a.map(str::to_owned),
        }
    };
    let seconds = FOREIGN_DURATION.captures(tail).and_then(|c| {
        let n: u64 = c[1].parse().ok()?;
        Some(n * unit_seconds(&c[2]))
    });
    let change = if caps.name("def").is_some() {
        TimerChange::Default(seconds)
    } else if caps.name("off").is_some() || caps.name("off2").is_some() {
        TimerChange::Off
    } else {
        TimerChange::On(seconds)
    };
    Some(TimerEvent { change, actor })
}

/// What may follow a foreign event sentence: nothing, the explanation, or a CTA.
fn is_plausible_tail(tail: &str) -> bool {
    let tail = tail.trim();
    tail.is_empty()
        || [
            "Neue Nachrichten",
            "Tippe",
            "Los mensajes nuevos",
            "Toca",
            "Haz clic",
            "As novas mensagens",
            "Novas mensagens",
            "Toque",
        ]
        .iter()
        .any(|p| tail.starts_with(p))
}

/// A named actor is `You`, the message's own author, or reads like a name (each
/// word capitalised, a digit/phone number, or a common surname particle).
fn is_plausible_actor(actor: &str, author: Option<&str>) -> bool {
    let Some(author) = author else {
        return true;
    };
    if actor == "You" || actor == author {
        return true;
    }
    const PARTICLES: [&str; 12] = [
        "van", "von", "de", "der", "den", "da", "di", "du", "dos", "del", "bin", "al",
    ];
    actor.split(' ').all(|word| {
        word.chars().next().is_some_and(|c| !c.is_lowercase()) || PARTICLES.contains(&word)
    })
}

fn unit_seconds(unit: &str) -> u64 {
    match unit {
        "second" | "Sekunde" | "segundo" => 1,
        "minute" | "Minute" | "minuto" => 60,
        "hour" | "Stunde" | "hora" => 3_600,
        "week" | "Woche" | "semana" => 604_800,
        _ => 86_400,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use TimerChange::{Default, Off, On};

    const DAY: u64 = 86_400;

    fn ev(text: &str, author: Option<&str>) -> Option<(TimerChange, Option<String>)> {
        mentions_timer(text)
            .then(|| recognise(text, author))
            .flatten()
            .map(|e| (e.change, e.actor))
    }

    fn you(change: TimerChange) -> Option<(TimerChange, Option<String>)> {
        Some((change, Some("You".into())))
    }

    #[test]
    fn english_wordings_by_era() {
        assert_eq!(
            ev("Raju Thapar turned off disappearing messages.", None),
            Some((Off, Some("Raju Thapar".into())))
        );
        assert_eq!(
            ev(
                "You turned on disappearing messages. New messages will disappear from this chat after 7 days.",
                None
            ),
            you(On(Some(7 * DAY)))
        );
        assert_eq!(
            ev(
                "You turned on disappearing messages. While this setting is on, new messages will disappear from this chat after 7 days.",
                None
            ),
            you(On(Some(7 * DAY)))
        );
        assert_eq!(
            ev(
                "You turned on disappearing messages. All new messages will disappear from this chat 24 hours after they're sent. Tap to change.",
                Some("Alam")
            ),
            you(On(Some(DAY)))
        );
        assert_eq!(
            ev(
                "You use a default timer for disappearing messages in new chats. All new messages will disappear from this chat 7 days after they're sent. Tap to update your own default timer.",
                None
            ),
            you(Default(Some(7 * DAY)))
        );
        assert_eq!(
            ev(
                "Kartikey Tandon Akg updated the message timer. New messages will disappear from this chat 7 days after they're sent. Tap to change.",
                None
            ),
            Some((On(Some(7 * DAY)), Some("Kartikey Tandon Akg".into())))
        );
        assert_eq!(
            ev(
                "You updated the message timer. New messages will disappear from this chat 90 days after they're sent. Tap to change.",
                None
            ),
            you(On(Some(90 * DAY)))
        );
        assert_eq!(
            ev(
                "You updated the message timer. New messages will disappear from this chat 24 hours after they’re sent, except when kept.",
                None
            ),
            you(On(Some(DAY)))
        );
        assert_eq!(
            ev(
                "+123 45 6789 updated the message timer. New messages will disappear from this chat 24 hours after they're sent, except when kept. Tap to change.",
                Some("+123 45 6789")
            ),
            Some((On(Some(DAY)), Some("+123 45 6789".into())))
        );
        assert_eq!(
            ev(
                "Elon Musk turned off disappearing messages. Tap to change.",
                None
            ),
            Some((Off, Some("Elon Musk".into())))
        );
        assert_eq!(
            ev(
                "Disappearing messages were turned on. New messages will disappear from this chat 7 days after they're sent, except when kept.",
                Some("Aayaraa 🤝 Casagrand")
            ),
            Some((On(Some(7 * DAY)), None))
        );
        assert_eq!(
            ev(
                "Disappearing messages were turned off. Tap to change.",
                Some("Alice Smith")
            ),
            Some((Off, None))
        );
        assert_eq!(
            ev(
                "The message timer was updated. New messages will disappear from this chat 90 days after they're sent, except when kept. Tap to change.",
                None
            ),
            Some((On(Some(90 * DAY)), None))
        );
        assert_eq!(
            ev(
                "Sam Patel uses a default timer for disappearing messages in new chats. New messages will disappear from this chat 24 hours after they're sent, except when kept. Tap to set your own default timer.",
                None
            ),
            Some((Default(Some(DAY)), Some("Sam Patel".into())))
        );
        assert_eq!(
            ev(
                "A default timer for disappearing messages is used in new chats.",
                None
            ),
            Some((Default(None), None))
        );
        assert_eq!(
            ev(
                "Jo Bloggs changed the message timer. New messages in this chat will disappear 24 hours after they're read, except when kept. Click to change.",
                None
            ),
            Some((On(Some(DAY)), Some("Jo Bloggs".into())))
        );
        assert_eq!(
            ev("You turned on disappearing messages.", None),
            you(On(None))
        );
        assert_eq!(
            ev(
                "You updated the message timer. New messages will disappear from this chat 1 week after they're sent. Change timer.",
                None
            ),
            you(On(Some(604_800)))
        );
        assert_eq!(
            ev(
                "You updated the message timer. New messages will disappear from this chat 30 seconds after they're sent.",
                None
            ),
            you(On(Some(30)))
        );
    }

    #[test]
    fn ordinary_sentences_are_not_events() {
        for (text, author) in [
            (
                "should we turn on disappearing messages?",
                Some("Jo Bloggs"),
            ),
            (
                "I think Sam turned on disappearing messages.",
                Some("Jo Bloggs"),
            ),
            (
                "You turned on disappearing messages. Why?",
                Some("Jo Bloggs"),
            ),
            (
                "Please never use disappearing messages in this chat",
                Some("Jo Bloggs"),
            ),
            ("Messages will disappear after 24 hours", None),
            (
                "You turned on disappearing messages. New messages will disappear soon.",
                None,
            ),
        ] {
            assert_eq!(ev(text, author), None, "{text:?}");
        }
    }

    #[test]
    fn german_spanish_portuguese() {
        assert_eq!(
            ev(
                "Du hast die Nachrichtendauer aktualisiert. Neue Nachrichten bleiben nach dem Senden 7 Tage in diesem Chat und verschwinden dann wieder, wenn sie nicht behalten werden. Tippe zum Ändern.",
                None
            ),
            you(On(Some(7 * DAY)))
        );
        assert_eq!(
            ev("Du hast selbstlöschende Nachrichten deaktiviert.", None),
            you(Off)
        );
        assert_eq!(
            ev(
                "Jo Bloggs hat selbstlöschende Nachrichten aktiviert. Neue Nachrichten bleiben nach dem Senden 24 Stunden in diesem Chat und verschwinden dann wieder, wenn sie nicht behalten werden. Tippe zum Ändern.",
                None
            ),
            Some((On(Some(DAY)), Some("Jo Bloggs".into())))
        );
        assert_eq!(
            ev(
                "Activaste los mensajes temporales. Los mensajes nuevos desaparecerán de este chat después de 7 días de haber sido enviados, a menos que se use la opción para conservarlos. Haz clic para cambiar esto.",
                None
            ),
            you(On(Some(7 * DAY)))
        );
        assert_eq!(
            ev("Sam Patel desactivó los mensajes temporales.", None),
            Some((Off, Some("Sam Patel".into())))
        );
        assert_eq!(
            ev(
                "Sam Patel usa una duración predeterminada para los mensajes temporales en chats nuevos. Los mensajes nuevos desaparecerán de este chat después de 24 horas de haber sido enviados.",
                None
            ),
            Some((Default(Some(DAY)), Some("Sam Patel".into())))
        );
        assert_eq!(
            ev("Você desativou as mensagens temporárias.", None),
            you(Off)
        );
        assert_eq!(
            ev("As mensagens temporárias estão ativadas.", None),
            Some((On(None), None))
        );
    }
}
