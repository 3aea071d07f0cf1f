//! Format writers: a generated [`Chat`] as a WhatsApp `.txt` (Android and iOS line
//! shapes, en-GB / en-US / de), a Telegram Desktop `result.json`, or an SMS Backup &
//! Restore XML file. Each writes until it has written at least `target` bytes.

use std::io::{self, Write};

use chrono::{Datelike, NaiveDateTime, Timelike};

use crate::content::{Body, Chat, Msg, phone};

const LRM: &str = "\u{200e}";

/// WhatsApp phone locale and platform: the header shape and system wordings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaStyle {
    AndroidGb,
    AndroidUs,
    AndroidDe,
    IosGb,
    IosUs,
    IosDe,
}

impl WaStyle {
    pub fn is_ios(self) -> bool {
        matches!(self, WaStyle::IosGb | WaStyle::IosUs | WaStyle::IosDe)
    }

    fn is_de(self) -> bool {
        matches!(self, WaStyle::AndroidDe | WaStyle::IosDe)
    }

    /// The Android file name for a chat (iOS exports are `_chat.txt` in a zip).
    pub fn file_name(self, chat: &str, n: u64) -> String {
        if self.is_de() {
            format!("WhatsApp Chat mit {chat} ({n}).txt")
        } else {
            format!("WhatsApp Chat with {chat} ({n}).txt")
        }
    }

    fn header(self, out: &mut Vec<u8>, t: NaiveDateTime) {
        let (y, mo, d) = (t.year(), t.month(), t.day());
        let (h, mi, s) = (t.hour(), t.minute(), t.second());
        let (h12, ampm) = match h {
            0 => (12, "AM"),
            1..=11 => (h, "AM"),
            12 => (12, "PM"),
            _ => (h - 12, "PM"),
        };
        let yy = y % 100;
        // Writing into a Vec cannot fail.
        let _ = match self {
            WaStyle::AndroidGb => write!(out, "{d:02}/{mo:02}/{y}, {h:02}:{mi:02} - "),
            WaStyle::AndroidUs => write!(out, "{mo}/{d}/{yy:02}, {h12}:{mi:02}\u{202f}{ampm} - "),
            WaStyle::AndroidDe => write!(out, "{d:02}.{mo:02}.{yy:02}, {h:02}:{mi:02} - "),
            WaStyle::IosGb => write!(out, "[{d:02}/{mo:02}/{y}, {h:02}:{mi:02}:{s:02}] "),
            WaStyle::IosUs => write!(
                out,
                "[{mo}/{d}/{yy:02}, {h12}:{mi:02}:{s:02}\u{202f}{ampm}] "
            ),
            WaStyle::IosDe => write!(out, "[{d:02}.{mo:02}.{yy:02}, {h:02}:{mi:02}:{s:02}] "),
        };
    }

    fn newline(self) -> &'static str {
        if self.is_ios() { "\r\n" } else { "\n" }
    }

    /// One message as export lines, appended to `out`.
    fn message(self, out: &mut Vec<u8>, chat: &Chat, m: &Msg) {
        let who = chat.people[m.author];
        let nl = self.newline();
        let ios = self.is_ios();
        if ios && m.body == Body::Media {
            out.extend_from_slice(LRM.as_bytes());
        }
        self.header(out, m.at);
        let de = self.is_de();
        let days = |secs: u64| match (secs, de) {
            (86_400, false) => "24 hours".to_string(),
            (86_400, true) => "24 Stunden".to_string(),
            (s, false) => format!("{} days", s / 86_400),
            (s, true) => format!("{} Tage", s / 86_400),
        };
        let _ = match &m.body {
            Body::Text(text) => {
                let text = text.replace('\n', nl);
                write!(out, "{who}: {text}")
            }
            Body::Media => match (ios, de) {
                (false, false) => write!(out, "{who}: <Media omitted>"),
                (false, true) => write!(out, "{who}: <Medien ausgeschlossen>"),
                (true, false) => write!(out, "{who}: {LRM}image omitted"),
                (true, true) => write!(out, "{who}: {LRM}Bild weggelassen"),
            },
            Body::Deleted => match (ios, de) {
                (false, false) => write!(out, "{who}: This message was deleted"),
                (false, true) => write!(out, "{who}: Diese Nachricht wurde gelöscht"),
                (true, false) => write!(out, "{who}: {LRM}This message was deleted."),
                (true, true) => write!(out, "{who}: {LRM}Diese Nachricht wurde gelöscht."),
            },
            Body::TimerOn(secs) => match (ios, de) {
                (_, true) => write!(
                    out,
                    "{who} hat selbstlöschende Nachrichten aktiviert. Neue Nachrichten bleiben nach dem Senden {} in diesem Chat und verschwinden dann wieder, wenn sie nicht behalten werden. Tippe zum Ändern.",
                    days(*secs)
                ),
                (false, false) => write!(
                    out,
                    "{who} turned on disappearing messages. New messages will disappear from this chat {} after they're sent, except when kept. Tap to change.",
                    days(*secs)
                ),
                (true, false) => write!(
                    out,
                    "{LRM}{LRM}{LRM}{who} turned on disappearing messages. {LRM}New messages will disappear from this chat {LRM}{} after they're sent. {LRM}Tap to change.",
                    days(*secs)
                ),
            },
            Body::TimerOff => match (ios, de) {
                (_, true) => write!(
                    out,
                    "{who} hat selbstlöschende Nachrichten deaktiviert. Tippe zum Ändern."
                ),
                (false, false) => write!(
                    out,
                    "{who} turned off disappearing messages. Tap to change."
                ),
                (true, false) => write!(
                    out,
                    "{LRM}{who} turned off disappearing messages. {LRM}Tap to change."
                ),
            },
        };
        out.extend_from_slice(nl.as_bytes());
    }
}

/// Flushes `buf` to `w` once it holds a good chunk (keeps writes large).
fn spill(buf: &mut Vec<u8>, w: &mut dyn Write, written: &mut u64) -> io::Result<()> {
    if buf.len() >= 256 * 1024 {
        w.write_all(buf)?;
        *written += buf.len() as u64;
        buf.clear();
    }
    Ok(())
}

fn finish(buf: &mut Vec<u8>, w: &mut dyn Write, written: &mut u64) -> io::Result<()> {
    w.write_all(buf)?;
    *written += buf.len() as u64;
    buf.clear();
    Ok(())
}

/// A WhatsApp export of at least `target` bytes.
pub fn whatsapp(
    chat: &mut Chat,
    style: WaStyle,
    target: u64,
    w: &mut dyn Write,
) -> io::Result<u64> {
    let mut buf = Vec::with_capacity(300 * 1024);
    let mut written = 0u64;
    let first = chat.next_msg();
    style.header(&mut buf, first.at);
    let notice = if style.is_de() {
        "Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt. Niemand außerhalb dieses Chats kann sie lesen oder anhören."
    } else {
        "Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them."
    };
    if style.is_ios() {
        let _ = write!(buf, "{}: {LRM}{notice}", chat.name);
    } else {
        let _ = write!(buf, "{notice} Tap to learn more.");
    }
    buf.extend_from_slice(style.newline().as_bytes());
    while written + (buf.len() as u64) < target {
        let m = chat.next_msg();
        style.message(&mut buf, chat, &m);
        spill(&mut buf, w, &mut written)?;
    }
    finish(&mut buf, w, &mut written)?;
    Ok(written)
}

/// JSON string body (without quotes) with the escapes JSON requires.
fn json_escape(out: &mut Vec<u8>, s: &str) {
    for c in s.chars() {
        match c {
            '"' => out.extend_from_slice(b"\\\""),
            '\\' => out.extend_from_slice(b"\\\\"),
            '\n' => out.extend_from_slice(b"\\n"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => {
                let mut b = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
            }
        }
    }
}

/// XML attribute value with the five entities and `&#10;` for line breaks.
fn xml_escape(out: &mut Vec<u8>, s: &str) {
    for b in s.bytes() {
        match b {
            b'&' => out.extend_from_slice(b"&amp;"),
            b'<' => out.extend_from_slice(b"&lt;"),
            b'>' => out.extend_from_slice(b"&gt;"),
            b'"' => out.extend_from_slice(b"&quot;"),
            b'\'' => out.extend_from_slice(b"&apos;"),
            b'\n' => out.extend_from_slice(b"&#10;"),
            b => out.push(b),
        }
    }
}

fn iso(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// A Telegram Desktop single-chat `result.json` of at least `target` bytes.
pub fn telegram(chat: &mut Chat, id: u64, target: u64, w: &mut dyn Write) -> io::Result<u64> {
    let mut buf = Vec::with_capacity(300 * 1024);
    let mut written = 0u64;
    let kind = if chat.people.len() == 2 {
        "personal_chat"
    } else {
        "private_group"
    };
    buf.extend_from_slice(b"{\n \"name\": \"");
    json_escape(&mut buf, &chat.name);
    let _ = write!(
        buf,
        "\",\n \"type\": \"{kind}\",\n \"id\": {id},\n \"messages\": ["
    );
    let mut msg_id = 1000u64;
    while written + (buf.len() as u64) < target {
        let m = chat.next_msg();
        msg_id += 1;
        let who = chat.people[m.author];
        let user = 5_550_000 + m.author as u64;
        let unix = m.at.and_utc().timestamp();
        if msg_id > 1001 {
            buf.push(b',');
        }
        let _ = write!(
            buf,
            "\n  {{\n   \"id\": {msg_id},\n   \"type\": \"{}\",\n   \"date\": \"{}\",\n   \"date_unixtime\": \"{unix}\",\n",
            if matches!(m.body, Body::TimerOn(_) | Body::TimerOff) {
                "service"
            } else {
                "message"
            },
            iso(m.at)
        );
        match &m.body {
            Body::TimerOn(_) | Body::TimerOff => {
                let period = if let Body::TimerOn(s) = m.body { s } else { 0 };
                let _ = write!(
                    buf,
                    "   \"actor\": \"{who}\",\n   \"actor_id\": \"user{user}\",\n   \"action\": \"set_messages_ttl\",\n   \"period\": {period},\n   \"text\": \"\",\n   \"text_entities\": []\n  }}"
                );
            }
            Body::Media => {
                let _ = write!(
                    buf,
                    "   \"from\": \"{who}\",\n   \"from_id\": \"user{user}\",\n   \"photo\": \"(File not included. Change data exporting settings to download.)\",\n   \"width\": 1280,\n   \"height\": 960,\n   \"text\": \"\",\n   \"text_entities\": []\n  }}"
                );
            }
            Body::Deleted | Body::Text(_) => {
                let text = match &m.body {
                    Body::Text(t) => t.as_str(),
                    _ => "(message deleted)",
                };
                let _ = write!(
                    buf,
                    "   \"from\": \"{who}\",\n   \"from_id\": \"user{user}\",\n   \"text\": \""
                );
                json_escape(&mut buf, text);
                buf.extend_from_slice(b"\",\n   \"text_entities\": [\n    {\n     \"type\": \"plain\",\n     \"text\": \"");
                json_escape(&mut buf, text);
                buf.extend_from_slice(b"\"\n    }\n   ]\n  }");
            }
        }
        spill(&mut buf, w, &mut written)?;
    }
    buf.extend_from_slice(b"\n ]\n}\n");
    finish(&mut buf, w, &mut written)?;
    Ok(written)
}

/// An SMS Backup & Restore XML backup of at least `target` bytes: several threads
/// interleaved in time, with the odd MMS carrying an inline base64 photo.
pub fn sms(chat: &mut Chat, target: u64, w: &mut dyn Write) -> io::Result<u64> {
    let mut buf = Vec::with_capacity(300 * 1024);
    let mut written = 0u64;
    // The count attribute is informational; readers do not rely on it.
    buf.extend_from_slice(
        b"<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<!--File Created By SMS Backup & Restore v10.18.300-->\n<smses count=\"0\" backup_set=\"6f1c2d3e-0000-4000-8000-000000000042\" type=\"full\">\n",
    );
    while written + (buf.len() as u64) < target {
        let m = chat.next_msg();
        let who = chat.people[m.author];
        let ms = m.at.and_utc().timestamp_millis();
        let readable = m.at.format("%-d %b %Y %H:%M:%S");
        let kind = if m.author == 0 { 2 } else { 1 };
        let text = match &m.body {
            Body::Text(t) => t.as_str(),
            Body::Media => {
                let bytes = chat.rng.range(6_000, 24_000) as usize;
                let _ = write!(
                    buf,
                    "  <mms date=\"{ms}\" msg_box=\"{kind}\" address=\"{}\" m_type=\"132\" sub=\"null\" ct_t=\"application/vnd.wap.multipart.related\" text_only=\"0\" read=\"1\" readable_date=\"{readable}\" contact_name=\"{who}\">\n    <parts>\n      <part seq=\"0\" ct=\"image/jpeg\" name=\"IMG_{ms}.jpg\" chset=\"null\" cl=\"IMG_{ms}.jpg\" data=\"",
                    phone(m.author)
                );
                base64_noise(&mut buf, &mut chat.rng, bytes);
                let _ = write!(
                    buf,
                    "\" />\n    </parts>\n    <addrs>\n      <addr address=\"{}\" type=\"137\" charset=\"106\" />\n    </addrs>\n  </mms>\n",
                    phone(m.author)
                );
                spill(&mut buf, w, &mut written)?;
                continue;
            }
            // SMS has no timers or deletion placeholders: an ordinary text stands in.
            _ => "ok, call you in 5",
        };
        let _ = write!(
            buf,
            "  <sms protocol=\"0\" address=\"{}\" date=\"{ms}\" type=\"{kind}\" subject=\"null\" body=\"",
            phone(m.author)
        );
        xml_escape(&mut buf, text);
        let _ = writeln!(
            buf,
            "\" toa=\"null\" sc_toa=\"null\" service_center=\"null\" read=\"1\" status=\"-1\" locked=\"0\" date_sent=\"0\" sub_id=\"0\" readable_date=\"{readable}\" contact_name=\"{who}\" />"
        );
        spill(&mut buf, w, &mut written)?;
    }
    buf.extend_from_slice(b"</smses>\n");
    finish(&mut buf, w, &mut written)?;
    Ok(written)
}

/// `len` characters of base64-looking noise (an inline photo's `data`).
fn base64_noise(out: &mut Vec<u8>, rng: &mut crate::rng::Rng, len: usize) {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut left = len / 4 * 4;
    while left > 0 {
        let mut x = rng.next_u64();
        for _ in 0..8.min(left) {
            out.push(ALPHABET[(x & 63) as usize]);
            x >>= 6;
        }
        left = left.saturating_sub(8);
    }
}
