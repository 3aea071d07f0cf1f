//! One parsed e-mail as an [`Item`]: sender, time, the text the rules read
//! (subject, sensitivity-label headers, text and HTML bodies, text attachments,
//! forwarded messages) and the names of its attachments.

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone, Utc};
use mail_parser::{Address, Message, MessageParser, MimeHeaders, PartType};

use crate::model::{Item, ItemKind, Location, Timestamp};
use crate::text::clean;

/// Largest text attachment whose content is read, in bytes.
const MAX_TEXT_ATTACHMENT: usize = 1024 * 1024;

/// The parser every e-mail is read with: headers onrecord does not know are
/// decoded as text (RFC 2047), so label headers read like the subject does.
pub fn parser() -> MessageParser {
    MessageParser::new().default_header_text()
}

/// True for headers that carry a sensitivity or classification label
/// (`Sensitivity`, `X-Classification`, `X-Protective-Marking`, Microsoft
/// `msip_labels`); `Importance` and `Priority` are not labels.
pub fn is_label_header(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name == "sensitivity"
        || name.ends_with("-sensitivity")
        || name.contains("classification")
        || name.contains("protective-marking")
        || name.contains("security-marking")
        || name.contains("security-label")
        || name == "msip_labels"
}

/// The lines label headers contribute to the text: `Name: value`, or for
/// `msip_labels` one `Sensitivity label: <Name>` line per label named in it.
fn label_lines(message: &Message<'_>, lines: &mut Vec<String>) {
    for header in message.headers() {
        let name = header.name();
        if !is_label_header(name) {
            continue;
        }
        let Some(value) = header.value().as_text().map(str::trim) else {
            continue;
        };
        if name.eq_ignore_ascii_case("msip_labels") {
            for part in value.split(';') {
                let Some((key, label)) = part.trim().split_once('=') else {
                    continue;
                };
                if key.ends_with("_Name") && !label.trim().is_empty() {
                    lines.push(format!("Sensitivity label: {}", label.trim()));
                }
            }
        } else if !value.is_empty() {
            lines.push(format!("{name}: {value}"));
        }
    }
}

/// Who sent a message: `Name <address>`, or whichever of the two it has.
pub fn sender(message: &Message<'_>) -> Option<String> {
    message
        .from()
        .or_else(|| message.sender())
        .and_then(Address::first)
        .and_then(|addr| {
            let name = addr.name().map(str::trim).filter(|n| !n.is_empty());
            let address = addr.address().map(str::trim).filter(|a| !a.is_empty());
            match (name, address) {
                (Some(n), Some(a)) if !n.eq_ignore_ascii_case(a) => Some(format!("{n} <{a}>")),
                (Some(n), _) => Some(n.to_owned()),
                (None, Some(a)) => Some(a.to_owned()),
                (None, None) => None,
            }
        })
        .map(|s| clean(&s).into_owned())
}

/// The `Date` header with its own offset; failing that, the mbox separator's date
/// (UTC by RFC 4155).
fn time(message: &Message<'_>, separator: Option<NaiveDateTime>) -> Option<Timestamp> {
    if let Some(date) = message.date().filter(|d| d.is_valid()) {
        let minutes = i32::from(date.tz_hour) * 60 + i32::from(date.tz_minute);
        let offset = FixedOffset::east_opt(
            if date.tz_before_gmt {
                -minutes
            } else {
                minutes
            } * 60,
        )?;
        let utc = DateTime::from_timestamp(date.to_timestamp(), 0)?;
        return Some(Timestamp(utc.with_timezone(&offset)));
    }
    separator.map(|naive| Timestamp(Utc.from_utc_datetime(&naive).fixed_offset()))
}

/// Converts a parsed message; `line` is where it starts in its file (used when it
/// has no Message-ID).
pub fn to_item(message: &Message<'_>, line: u64, separator: Option<NaiveDateTime>) -> Item {
    let mut lines = Vec::new();
    let mut attachments = Vec::new();
    content(message, &mut lines, &mut attachments, 0);
    let text = lines.join("\n").replace("\r\n", "\n");
    let text = clean(text.trim()).into_owned();
    Item {
        kind: if attachments.is_empty() {
            ItemKind::Message
        } else {
            ItemKind::Media
        },
        time: time(message, separator),
        sender: sender(message),
        text,
        attachments,
        location: match message.message_id() {
            Some(id) if !id.trim().is_empty() => Location::Id(id.trim().to_owned()),
            _ => Location::Line(line),
        },
    }
}

/// Subject, label headers, bodies and attachments of `message`, recursing into
/// forwarded (`message/rfc822`) parts.
fn content(message: &Message<'_>, lines: &mut Vec<String>, names: &mut Vec<String>, depth: u32) {
    if let Some(subject) = message.subject().map(str::trim).filter(|s| !s.is_empty()) {
        lines.push(subject.to_owned());
    }
    label_lines(message, lines);
    for i in 0..message.text_body.len() {
        if let Some(body) = message.body_text(i) {
            let body = body.trim();
            if !body.is_empty() {
                lines.push(body.to_owned());
            }
        }
    }
    for &id in &message.attachments {
        let Some(part) = message.parts.get(id as usize) else {
            continue;
        };
        if let Some(name) = part
            .attachment_name()
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            let name = clean(name).into_owned();
            if !names.contains(&name) {
                names.push(name);
            }
        }
        match &part.body {
            PartType::Message(inner) if depth < 8 => {
                lines.push("---------- Attached message ----------".to_owned());
                if let Some(from) = sender(inner) {
                    lines.push(format!("From: {from}"));
                }
                content(inner, lines, names, depth + 1);
            }
            // A text attachment that is not also shown as a body.
            PartType::Text(text)
                if text.len() <= MAX_TEXT_ATTACHMENT && !message.text_body.contains(&id) =>
            {
                lines.push(text.trim().to_owned());
            }
            _ => {}
        }
    }
}
