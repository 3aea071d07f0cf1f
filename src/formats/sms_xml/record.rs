//! Turning one `<sms>`, `<mms>` (with its `<part>`s and `<addr>`s) or `<call>`
//! element into an [`Item`] and the key of the thread it belongs to.

use std::borrow::Cow;

use chrono::TimeZone;
use chrono_tz::Tz;
use quick_xml::XmlVersion;
use quick_xml::events::BytesStart;

use crate::model::{Item, ItemKind, Location, Timestamp};
use crate::text::clean;

/// A record's thread key, thread display-name hint, and item.
pub(super) type Record = (String, Option<String>, Item);

/// Calls `f` with each attribute's name and value (unescaped, `"null"` and empty
/// values skipped). Values of attributes `f` does not want are never unescaped or
/// copied: `wanted` filters on the name first, which keeps inline base64 (`data`) out.
fn for_each_attr(
    e: &BytesStart<'_>,
    wanted: &[&[u8]],
    mut f: impl FnMut(&[u8], Cow<'_, str>),
) -> Result<(), String> {
    for attr in e.attributes() {
        let attr = attr.map_err(|err| format!("bad attribute: {err}"))?;
        let key = attr.key.local_name();
        let key = key.as_ref();
        if !wanted.contains(&key) {
            continue;
        }
        let value = attr
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|err| format!("bad value in attribute {}: {err}", lossy(key)))?;
        if value.is_empty() || value == "null" {
            continue;
        }
        f(key, value);
    }
    Ok(())
}

fn lossy(b: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(b)
}

/// Epoch milliseconds (or seconds, for values below 10^12) as a time in `tz`.
fn epoch_time(raw: &str, tz: Tz) -> Option<Timestamp> {
    let n: i64 = raw.trim().parse().ok()?;
    if n <= 0 {
        return None;
    }
    let ms = if n < 1_000_000_000_000 { n * 1000 } else { n };
    let t = tz.timestamp_millis_opt(ms).single()?;
    Some(Timestamp(t.fixed_offset()))
}

/// The thread key for an `address` attribute: each `~`-separated member with spaces,
/// dashes, dots and brackets removed (lower-cased), sorted and de-duplicated.
pub(super) fn thread_key(address: &str) -> String {
    let mut members: Vec<String> = address
        .split('~')
        .map(|a| {
            a.chars()
                .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '.' | '(' | ')'))
                .flat_map(char::to_lowercase)
                .collect::<String>()
        })
        .filter(|a| !a.is_empty())
        .collect();
    members.sort();
    members.dedup();
    if members.is_empty() {
        "(no address)".to_string()
    } else {
        members.join("~")
    }
}

/// A contact name worth showing: SMS Backup & Restore writes `(Unknown)` when the
/// address is not in the phone's contacts.
fn known_name(name: Option<String>) -> Option<String> {
    name.filter(|n| n != "(Unknown)")
}

fn location(kind: &str, date: &Option<String>, address: &str) -> Location {
    Location::Id(format!(
        "{kind}/{}/{address}",
        date.as_deref().unwrap_or("-")
    ))
}

/// An `<sms>` element. Types 2–6 (sent, draft, outbox, failed, queued) are the
/// phone owner's, written `Me`.
pub(super) fn sms_item(e: &BytesStart<'_>, tz: Tz) -> Result<Record, String> {
    let (mut address, mut date, mut kind, mut body, mut subject, mut contact) =
        (String::new(), None, None, String::new(), None, None);
    for_each_attr(
        e,
        &[
            b"address",
            b"date",
            b"type",
            b"body",
            b"subject",
            b"contact_name",
        ],
        |k, v| match k {
            b"address" => address = v.into_owned(),
            b"date" => date = Some(v.into_owned()),
            b"type" => kind = Some(v.into_owned()),
            b"body" => body = v.into_owned(),
            b"subject" => subject = Some(v.into_owned()),
            _ => contact = Some(v.into_owned()),
        },
    )?;
    let key = thread_key(&address);
    let is_group = key.contains('~');
    let contact = known_name(contact);
    let sender = match kind.as_deref() {
        Some("2" | "3" | "4" | "5" | "6") => Some("Me".to_string()),
        _ if is_group => non_empty(&address),
        _ => contact.clone().or_else(|| non_empty(&address)),
    };
    let text = match subject {
        Some(s) => format!("{s}\n{body}"),
        None => body,
    };
    let item = Item {
        kind: ItemKind::Message,
        time: date.as_deref().and_then(|d| epoch_time(d, tz)),
        sender: sender.map(|s| clean(&s).into_owned()),
        text: clean(&text).into_owned(),
        attachments: Vec::new(),
        location: location("sms", &date, &address),
    };
    Ok((key, contact, item))
}

fn non_empty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

/// An `<mms>` element being read: its own attributes, then its parts and addresses.
pub(super) struct Mms {
    address: String,
    date: Option<String>,
    msg_box: Option<String>,
    subject: Option<String>,
    contact: Option<String>,
    texts: Vec<String>,
    attachments: Vec<String>,
    from: Option<String>,
    tz: Tz,
}

impl Mms {
    pub(super) fn start(e: &BytesStart<'_>, tz: Tz) -> Result<Self, String> {
        let mut m = Mms {
            address: String::new(),
            date: None,
            msg_box: None,
            subject: None,
            contact: None,
            texts: Vec::new(),
            attachments: Vec::new(),
            from: None,
            tz,
        };
        for_each_attr(
            e,
            &[b"address", b"date", b"msg_box", b"sub", b"contact_name"],
            |k, v| match k {
                b"address" => m.address = v.into_owned(),
                b"date" => m.date = Some(v.into_owned()),
                b"msg_box" => m.msg_box = Some(v.into_owned()),
                b"sub" => m.subject = Some(v.into_owned()),
                _ => m.contact = Some(v.into_owned()),
            },
        )?;
        Ok(m)
    }

    /// The finished item: `Media` when any non-text part was present.
    pub(super) fn finish(self) -> Record {
        let key = thread_key(&self.address);
        let is_group = key.contains('~');
        let contact = known_name(self.contact);
        let sender = match self.msg_box.as_deref() {
            Some("2" | "3" | "4") => Some("Me".to_string()),
            _ if is_group => self.from.clone(),
            _ => contact.clone().or(self.from.clone()),
        }
        .or_else(|| (!is_group).then(|| non_empty(&self.address)).flatten());
        let mut text = self.subject.into_iter().collect::<Vec<_>>();
        text.extend(self.texts);
        let kind = if self.attachments.is_empty() {
            ItemKind::Message
        } else {
            ItemKind::Media
        };
        let item = Item {
            kind,
            time: self.date.as_deref().and_then(|d| epoch_time(d, self.tz)),
            sender: sender.map(|s| clean(&s).into_owned()),
            text: clean(&text.join("\n")).into_owned(),
            attachments: self.attachments,
            location: location("mms", &self.date, &self.address),
        };
        (key, contact, item)
    }
}

/// A `<part>` or `<addr>` inside an `<mms>`.
pub(super) fn mms_part(m: &mut Mms, element: &[u8], e: &BytesStart<'_>) -> Result<(), String> {
    if element == b"addr" {
        let (mut address, mut kind) = (None, None);
        for_each_attr(e, &[b"address", b"type"], |k, v| match k {
            b"address" => address = Some(v.into_owned()),
            _ => kind = Some(v.into_owned()),
        })?;
        if kind.as_deref() == Some("137") && m.from.is_none() {
            m.from = address;
        }
        return Ok(());
    }
    let (mut ct, mut text, mut name, mut file, mut cl) = (None, None, None, None, None);
    for_each_attr(e, &[b"ct", b"text", b"name", b"fn", b"cl"], |k, v| {
        let v = Some(v.into_owned());
        match k {
            b"ct" => ct = v,
            b"text" => text = v,
            b"name" => name = v,
            b"fn" => file = v,
            _ => cl = v,
        }
    })?;
    match ct.as_deref() {
        Some("application/smil") => {}
        Some("text/plain") => m.texts.extend(text),
        _ => {
            if let Some(label) = name.or(file).or(cl).or(ct) {
                m.attachments.push(label);
            }
        }
    }
    Ok(())
}

/// A `<call>` from a calls backup: type 1 incoming, 2 outgoing, 3 missed,
/// 4 voicemail, 5 rejected, 6 blocked, 7 answered elsewhere.
pub(super) fn call_item(e: &BytesStart<'_>, tz: Tz) -> Result<Item, String> {
    let (mut number, mut date, mut kind, mut duration, mut contact) =
        (String::new(), None, None, None, None);
    for_each_attr(
        e,
        &[b"number", b"date", b"type", b"duration", b"contact_name"],
        |k, v| match k {
            b"number" => number = v.into_owned(),
            b"date" => date = Some(v.into_owned()),
            b"type" => kind = Some(v.into_owned()),
            b"duration" => duration = Some(v.into_owned()),
            _ => contact = Some(v.into_owned()),
        },
    )?;
    let contact = known_name(contact);
    let party = match &contact {
        Some(name) if !number.is_empty() => format!("{name} ({number})"),
        Some(name) => name.clone(),
        None => number.clone(),
    };
    let (what, outgoing) = match kind.as_deref() {
        Some("1") => ("Incoming call from", false),
        Some("2") => ("Outgoing call to", true),
        Some("3") => ("Missed call from", false),
        Some("4") => ("Voicemail from", false),
        Some("5") => ("Rejected call from", false),
        Some("6") => ("Blocked call from", false),
        Some("7") => ("Call answered on another device from", false),
        _ => ("Call with", false),
    };
    let mut text = format!("{what} {party}");
    if let Some(secs) = duration.filter(|d| d != "0") {
        text.push_str(&format!(", {secs} s"));
    }
    let sender = if outgoing {
        Some("Me".to_string())
    } else {
        contact.or_else(|| non_empty(&number))
    };
    Ok(Item {
        kind: ItemKind::Call,
        time: date.as_deref().and_then(|d| epoch_time(d, tz)),
        sender: sender.map(|s| clean(&s).into_owned()),
        text: clean(&text).into_owned(),
        attachments: Vec::new(),
        location: location("call", &date, &number),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thread_key_normalises_and_sorts_members() {
        assert_eq!(thread_key("+44 7700 900-123"), "+447700900123");
        assert_eq!(
            thread_key("+17705550101~+14045550199~+1 404 555 0199"),
            "+14045550199~+17705550101"
        );
        assert_eq!(thread_key(""), "(no address)");
    }

    #[test]
    fn epoch_time_accepts_seconds_and_millis() {
        let tz = chrono_tz::Europe::London;
        assert_eq!(
            epoch_time("1704448800000", tz).unwrap().to_iso(),
            "2024-01-05T10:00:00+00:00"
        );
        assert_eq!(
            epoch_time("1704448800", tz).unwrap().to_iso(),
            "2024-01-05T10:00:00+00:00"
        );
        assert!(epoch_time("0", tz).is_none());
        assert!(epoch_time("soon", tz).is_none());
    }
}
