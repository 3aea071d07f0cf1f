#!/usr/bin/env python3
"""Writes examples/drive/: the bundled example shared drive for onrecord.

Python 3 standard library only and deterministic: fixed content, fixed zip
timestamps, no randomness, so re-running it gives byte-identical files.

    python3 examples/make_drive.py        # rewrites examples/drive/

Every name, number and event in here is fictional. Phone numbers use the Ofcom
drama range (07700 900xxx).
"""

import calendar
import io
import json
import shutil
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
DRIVE = HERE / "drive"

LRM = "\u200e"
NNBSP = "\u202f"
ZIP_TIME = (2021, 7, 1, 9, 0, 0)  # when the custodian handed the exports over


# --------------------------------------------------------------------------- helpers

def write(rel, data):
    path = DRIVE / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)


def zip_bytes(members, date_time=ZIP_TIME):
    """A deterministic zip: members is a list of (name, bytes), stored in order."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            zf.writestr(info, data)
    return buf.getvalue()


def crlf(lines):
    return "".join(line + "\r\n" for line in lines)


def lf(lines):
    return "".join(line + "\n" for line in lines)


def epoch(y, mo, d, h, mi, s=0, utc_offset_hours=0):
    """Epoch seconds of a wall-clock time at a fixed UTC offset (1 = BST)."""
    return calendar.timegm((y, mo, d, h - utc_offset_hours, mi, s, 0, 0, 0))


# A tiny but well-formed-looking JPEG: SOI, a JFIF APP0 segment, filler, EOI.
FAKE_JPEG = (
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    + b"\xff\xfe\x00\x1conrecord example image\x00\x00\x00\x00\x00"
    + b"\xff\xd9"
)


# --------------------------------------------------------------------------- No 10

def ios(ts, body, author=None, lrm_before=False):
    """One iOS `_chat.txt` line: `[dd/mm/yyyy, HH:MM:SS] Author: body`."""
    head = f"[{ts}] "
    if lrm_before:
        head = LRM + head
    return head + (f"{author}: {body}" if author else body)


def pm_updates_chat():
    """GUIDANCE.md §2: a No 10 group switched to 7-day disappearing messages on
    15 April 2021, before the inquiry was announced on 12 May 2021, and still on
    when the custodian exported it on 30 June 2021. Messages between mid-April
    and 23 June have already disappeared: that gap is the point of the story."""
    return crlf([
        ios("02/03/2021, 08:01:12", LRM + "Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.", "PM Updates"),
        ios("02/03/2021, 08:01:12", LRM + "Jo Bloggs created group \u201cPM Updates\u201d"),
        ios("02/03/2021, 08:01:13", LRM + "Jo Bloggs added you"),
        ios("02/03/2021, 08:01:14", LRM + "Jo Bloggs added Sam Patel, Alex Reid and Tom Hughes"),
        ios("02/03/2021, 08:05:40", "Morning all. This group is for quick updates to and from the PM's box. Submissions still go through the usual route please.", "Jo Bloggs"),
        ios("04/03/2021, 18:42:03", "Submission on the testing contract is in tonight's box. Option A extends the current supplier, option B is a call-off from the new framework.", "Sam Patel"),
        ios("05/03/2021, 09:12:55", "Has the PM agreed yet?", "Alex Reid"),
        ios("05/03/2021, 09:20:17", "Not agreed yet, he wants to see the costings for B first.", "Jo Bloggs"),
        ios("08/03/2021, 19:03:29", "PM is content with option B on the testing contract. Sam can you let DHSC know tonight?", "Jo Bloggs"),
        ios("08/03/2021, 19:05:02", "Will do \U0001f44d", "Sam Patel"),
        ios("12/03/2021, 07:55:48", "agreed, the coffee in 70 Whitehall is awful", "Tom Hughes"),
        ios("16/03/2021, 17:30:11", "DECISION: SoS agreed to extend the scheme to March 2022. Letter to the sector to follow.", "Priya Shah"),
        ios("16/03/2021, 17:31:40", LRM + "image omitted", "Priya Shah", lrm_before=True),
        ios("23/03/2021, 10:02:36", "For the record: Chancellor signed off the \u00a32m grant for the northern testing sites.", "Alex Reid"),
        ios("23/03/2021, 10:15:09", "Thanks. Noted on file DEC-2021-014", "Jo Bloggs"),
        ios("01/04/2021, 16:44:21", LRM + "This message was deleted.", "Sam Patel"),
        ios("14/04/2021, 21:40:03", "Reminder that the department's own guidance still says to use auto-delete on groups like this one.", "Tom Hughes"),
        ios("15/04/2021, 09:18:42", LRM * 3 + "Jo Bloggs turned on disappearing messages. " + LRM + "New messages will disappear from this chat " + LRM + "after 7 days."),
        ios("15/04/2021, 09:20:01", LRM + "<attached: 00000012-PHOTO-2021-04-15-09-20-01.jpg>", "Jo Bloggs", lrm_before=True),
        ios("24/06/2021, 08:30:27", "Quick one before the grid call: SoS has agreed the revised care home visiting guidance, publishing Monday.", "Sam Patel"),
        ios("25/06/2021, 11:02:14", "Is the PM content with the comms grid for next week?", "Alex Reid"),
        ios("25/06/2021, 11:09:50", "Not yet, back to you after the 2pm.", "Jo Bloggs"),
        ios("28/06/2021, 19:10:33", "PM has signed off the vaccine certification pilot for the test events. Go ahead and tell the venues.", "Jo Bloggs"),
        ios("29/06/2021, 08:47:05", LRM + "image omitted", "Tom Hughes", lrm_before=True),
        ios("30/06/2021, 17:58:12", "Inquiry preservation letter arrived today. Please don't delete anything in here and don't leave the group.", "Priya Shah"),
    ])


def sam_patel_chat():
    """Android en-GB, LF, 24-hour: markings that must be flagged and decoys that
    must not (GUIDANCE.md §3)."""
    return lf([
        "23/11/2020, 08:12 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.",
        "23/11/2020, 08:12 - Sam Patel: Morning. Secretary of State wants a call before the 10:00",
        "23/11/2020, 08:14 - Jo Bloggs: Fine, I'll set it up for 09:30",
        "24/11/2020, 14:03 - Sam Patel: Attached the UK SECRET - UK EYES ONLY assessment, don't forward",
        "24/11/2020, 14:03 - Sam Patel: <Media omitted>",
        "24/11/2020, 14:05 - Jo Bloggs: That can't be on here. Please delete it and send it over the secure system.",
        "24/11/2020, 14:06 - Sam Patel: This message was deleted",
        "25/11/2020, 09:30 - Sam Patel: Pricing annex is OFFICIAL-SENSITIVE: COMMERCIAL, the supplier hasn't seen it yet",
        "25/11/2020, 09:41 - Jo Bloggs: Permanent Secretary is content for the pricing annex to go in the PM's box tonight",
        "26/11/2020, 12:15 - Sam Patel: Secret Santa draw on Friday, are you in?",
        "26/11/2020, 12:16 - Jo Bloggs: Go on then. It's no secret that I'm terrible at presents",
        "27/11/2020, 16:20 - Sam Patel: Also Official Secrets Act training is due by 18 December",
        "27/11/2020, 16:21 - Jo Bloggs: Done it. And SECRETARY OF STATE'S BOX CLOSES AT 7 tonight,",
        "heads up to the team",
        "27/11/2020, 16:22 - Sam Patel: \U0001f44d",
    ])


# --------------------------------------------------------------------------- HMT

def sr23_chat():
    """Android en-US, 12-hour, U+202F before AM/PM (exports since early 2023).
    1/13/23 settles the month-first order. Timer turned on, then off."""
    def h(date, time, rest):
        return f"{date}, {time}{NNBSP}" + rest

    return lf([
        h("1/4/23", "7:02", "PM - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more."),
        h("1/4/23", "7:02", "PM - Tom Hughes created group \"SR23 Core Team\""),
        h("1/4/23", "7:03", "PM - Tom Hughes added you"),
        h("1/4/23", "7:05", "PM - Tom Hughes: Setting this up for the spending review core team. Keep it to logistics please."),
        h("1/9/23", "8:15", "AM - Tom Hughes turned on disappearing messages. New messages will disappear from this chat 24 hours after they're sent. Tap to change."),
        h("1/9/23", "8:16", "AM - Alex Reid: Why the timer?"),
        h("1/9/23", "8:20", "AM - Tom Hughes: Keeps the phone tidy"),
        h("1/13/23", "12:05", "AM - Alex Reid: <Media omitted>"),
        h("1/13/23", "9:31", "AM - Priya Shah: Bilateral with DHSC moved to Tuesday 3pm"),
        h("1/24/23", "5:47", "PM - You turned off disappearing messages. Tap to change."),
        h("1/24/23", "5:48", "PM - Alex Reid: Records team asked us to switch it off. Anything that matters goes in an email from now on."),
        h("2/1/23", "10:12", "AM - Tom Hughes: Understood"),
    ])


def telegram_chat(cut_at=None):
    """Telegram Desktop single-chat export (FORMATS.md §3): one CHAT object."""
    def msg(i, local, **kw):
        y, mo, d, hh, mm, ss = local
        m = {
            "id": i,
            "type": kw.pop("type", "message"),
            "date": f"{y:04d}-{mo:02d}-{d:02d}T{hh:02d}:{mm:02d}:{ss:02d}",
            "date_unixtime": str(epoch(y, mo, d, hh, mm, ss, utc_offset_hours=1)),
        }
        m.update(kw)
        return m

    def plain(text):
        return {"text": text, "text_entities": [{"type": "plain", "text": text}] if text else []}

    tom = {"from": "Tom Hughes", "from_id": "user5550101"}
    me = {"from": "Priya Shah", "from_id": "user5550102"}
    messages = [
        msg(1201, (2021, 5, 4, 9, 10, 2), **tom, **plain("Morning. Moving the Budget prep chat here from WhatsApp.")),
        msg(1202, (2021, 5, 4, 9, 11, 40), type="service", actor="Tom Hughes", actor_id="user5550101",
            action="set_messages_ttl", period=604800, text="", text_entities=[]),
        msg(1203, (2021, 5, 4, 9, 14, 5), **me,
            text=[{"type": "bold", "text": "Reminder:"}, " the scorecard is OFFICIAL-SENSITIVE: MARKET SENSITIVE until the statement."],
            text_entities=[{"type": "bold", "text": "Reminder:"},
                           {"type": "plain", "text": " the scorecard is OFFICIAL-SENSITIVE: MARKET SENSITIVE until the statement."}]),
        msg(1204, (2021, 5, 6, 18, 2, 51), **tom, file="files/Scorecard v3 TOP SECRET.pdf",
            mime_type="application/pdf", **plain("")),
        msg(1205, (2021, 5, 6, 18, 4, 13), **me, **plain("Tom, that can't come over Telegram. Deleting my copy and flagging it to the DSO.")),
        msg(1206, (2021, 5, 11, 8, 30, 0), **tom, **plain("#decision Chancellor approved the extension of the apprenticeship incentive to September.")),
        msg(1207, (2021, 5, 12, 16, 5, 44), **me, **plain("Inquiry announced. Should we still have auto-delete on?")),
        msg(1208, (2021, 5, 20, 10, 0, 9), type="service", actor="Priya Shah", actor_id="user5550102",
            action="set_messages_ttl", period=0, text="", text_entities=[]),
        msg(1209, (2021, 5, 20, 10, 1, 30), **me, **plain("Auto-delete off. Exporting this for the records team.")),
    ]
    chat = {"name": "Tom Hughes", "type": "personal_chat", "id": 5550101, "messages": messages}
    text = json.dumps(chat, ensure_ascii=False, indent=1) + "\n"
    if cut_at is not None:
        # Telegram Desktop killed mid-export: the file stops inside a message.
        anchor = text.index('"id": 1206')
        text = text[: anchor + cut_at]
    return text


def sms_backup():
    """SMS Backup & Restore XML (FORMATS.md §4.2): ms dates, one MMS."""
    def sms(addr, when, typ, body, name):
        y, mo, d, hh, mm = when
        ms = epoch(y, mo, d, hh, mm) * 1000  # March 2023 before the 26th: GMT
        readable = f"{d} Mar {y} {hh:02d}:{mm:02d}:00"
        return (f'  <sms protocol="0" address="{addr}" date="{ms}" type="{typ}" subject="null" '
                f'body="{body}" toa="null" sc_toa="null" service_center="null" read="1" status="-1" '
                f'locked="0" date_sent="0" sub_id="0" readable_date="{readable}" contact_name="{name}" />')

    alex = "+447700900456"
    mms_ms = epoch(2023, 3, 20, 14, 31) * 1000
    jpeg_b64 = "/9j/4AAQSkZJRgABAQAAAQABAAD/2Q=="
    return "\n".join([
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>",
        "<!--File Created By SMS Backup & Restore v10.18.300 on 01/04/2023 07:12:44-->",
        '<smses count="5" backup_set="6f1c2d3e-0000-4000-8000-000000000042" backup_date="1680329564000" type="full">',
        sms(alex, (2023, 3, 14, 8, 2), 1, "Can you call me? Rather not put this one in writing", "Alex Reid"),
        sms(alex, (2023, 3, 14, 8, 5), 2, "In the bilateral till 9, call after", "Alex Reid"),
        sms(alex, (2023, 3, 15, 17, 40), 1, "Costing note is OFFICIAL-SENSITIVE, please don't forward it&#10;Hard copy on your desk", "Alex Reid"),
        sms("07700 900789", (2023, 3, 16, 12, 0), 1, "Your parcel is due today between 12:00 and 14:00", "(Unknown)"),
        f'  <mms date="{mms_ms}" msg_box="1" address="{alex}~+447700900321" m_type="132" sub="null" '
        'ct_t="application/vnd.wap.multipart.related" text_only="0" read="1" '
        f'date_sent="{mms_ms // 1000 - 2}" readable_date="20 Mar 2023 14:31:00" contact_name="Alex Reid, Tom Hughes">',
        "    <parts>",
        '      <part seq="-1" ct="application/smil" name="null" chset="null" cd="null" fn="null" cid="&lt;smil&gt;" cl="smil.xml" ctt_s="null" ctt_t="null" text="&lt;smil&gt;&lt;body&gt;&lt;par dur=&quot;5000ms&quot;&gt;&lt;/par&gt;&lt;/body&gt;&lt;/smil&gt;" />',
        '      <part seq="0" ct="text/plain" name="null" chset="106" cd="null" fn="null" cid="&lt;text_0&gt;" cl="text_0.txt" ctt_s="null" ctt_t="null" text="Photo of the whiteboard from the away day" />',
        f'      <part seq="1" ct="image/jpeg" name="IMG_0412.jpg" chset="null" cd="null" fn="null" cid="&lt;0&gt;" cl="IMG_0412.jpg" ctt_s="null" ctt_t="null" data="{jpeg_b64}" />',
        "    </parts>",
        "    <addrs>",
        f'      <addr address="{alex}" type="137" charset="106" />',
        '      <addr address="+447700900321" type="151" charset="106" />',
        "    </addrs>",
        "  </mms>",
        "</smses>",
        "",
    ])


# --------------------------------------------------------------------------- DHSC

def signal_jo_bloggs():
    """signalbackup-tools --exporttxt (FORMATS.md §2.2). The 1-week timer set on
    20 April 2021 is never disabled, so it was running on 12 May 2021."""
    return lf([
        "[Apr 19, 2021 08:40:12] <Jo Bloggs> Morning. Can we use Signal for the PPE stock questions? WhatsApp is getting busy",
        "[Apr 19, 2021 08:41:30] <You> Fine by me",
        "[Apr 20, 2021 17:05:00] *** Jo Bloggs set the disappearing message timer to 1 week",
        "[Apr 22, 2021 12:14:51] <Jo Bloggs> Perm Sec approved the revised PPE stock policy, go ahead with the letter",
        "[Apr 22, 2021 12:16:03] <You> Great, I'll get it into the register today",
        "[Apr 22, 2021 12:20:44] *** <Jo Bloggs> sent file \"PPE stock policy v4.pdf\"",
        "[Jun 29, 2021 09:02:17] <Jo Bloggs> Are we still on for the stocktake meeting?",
    ])


def imessage_alex_reid():
    """imessage-exporter TXT (FORMATS.md §4.1): blank-line separated blocks,
    space-padded 12-hour clock."""
    return lf([
        "Jun 07, 2021  8:15:03 AM",
        "Alex Reid",
        "Is the Perm Sec free at 11?",
        "",
        "Jun 07, 2021  8:16:40 AM (Read by them after 2 minutes, 5 seconds)",
        "Me",
        "Yes, I'll put it in the diary",
        "",
        "Jun 07, 2021  1:02:09 PM",
        "Alex Reid",
        "This message was deleted from the conversation!",
        "Staff survey results are Official-Sensitive [PERSONAL], please keep them off the team channel",
        "",
        "Jun 08, 2021  9:45:00 AM",
        "Me",
        "Bringing my top secret recipe cake to the team meeting",
        "Reactions:",
        "    Loved by Alex Reid",
        "",
        "Jun 08, 2021 10:03:27 AM",
        "Alex Reid",
        "You deleted a message.",
        "",
    ])


def chat_backup_utf16():
    """An Android en-GB export that went through a Windows tool and was saved as
    UTF-16 LE with a BOM, under a name that says nothing about WhatsApp.
    Timer window 1 Feb - 1 Mar 2021: closed before the inquiry date."""
    text = lf([
        "28/01/2021, 17:02 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.",
        "28/01/2021, 17:02 - Tom Hughes: Here's my personal number for the winter planning stuff",
        "28/01/2021, 17:03 - Alex Reid: Thanks, saved",
        "01/02/2021, 09:10 - Tom Hughes turned on disappearing messages. New messages will disappear from this chat after 7 days.",
        "01/02/2021, 09:12 - Alex Reid: Is that allowed?",
        "01/03/2021, 08:55 - You turned off disappearing messages. Tap to change.",
        "01/03/2021, 08:56 - Tom Hughes: Fair enough, records team got in touch",
        "02/03/2021, 13:30 - Tom Hughes: You deleted this message",
        "02/03/2021, 13:31 - Tom Hughes: <Media omitted>",
    ])
    return b"\xff\xfe" + text.encode("utf-16-le")


def german_chat():
    """Android with the phone set to German: dotted dates, German system lines,
    English conversation. 14.06.21 settles day-first."""
    return lf([
        "14.06.21, 07:58 - Nachrichten und Anrufe sind Ende-zu-Ende-verschl\u00fcsselt. Niemand au\u00dferhalb dieses Chats kann sie lesen oder anh\u00f6ren, nicht einmal WhatsApp. Tippe, um mehr zu erfahren.",
        "14.06.21, 08:01 - Priya Shah: Hi, phone is still in German after Berlin, sorry",
        "14.06.21, 08:03 - Priya Shah hat selbstl\u00f6schende Nachrichten aktiviert. Neue Nachrichten bleiben nach dem Senden 7 Tage in diesem Chat und verschwinden dann wieder, wenn sie nicht behalten werden. Tippe zum \u00c4ndern.",
        "14.06.21, 08:10 - Priya Shah: The Secretariat wants the paper by Thursday",
        "15.06.21, 16:22 - Priya Shah: <Medien ausgeschlossen>",
        "21.06.21, 09:00 - Du hast selbstl\u00f6schende Nachrichten deaktiviert.",
        "21.06.21, 09:01 - Priya Shah: Thanks for switching that off",
    ])


def vaccine_deployment_chat():
    """iOS group export nested inside a handover zip."""
    return crlf([
        ios("03/05/2021, 07:30:00", LRM + "Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.", "Vaccine Deployment"),
        ios("03/05/2021, 07:30:00", LRM + "Tom Hughes created group \u201cVaccine Deployment\u201d"),
        ios("03/05/2021, 07:31:12", "Draft plan attached, OFFICIAL SENSITIVE until SoS has seen it", "Tom Hughes"),
        ios("03/05/2021, 07:31:30", "Deployment plan v2.pdf " + LRM + "\u2022 " + LRM + "6 pages " + LRM + "document omitted", "Tom Hughes", lrm_before=True),
        ios("06/05/2021, 18:20:45", "SoS has agreed the revised deployment plan for the over-50s. Comms tomorrow.", "Priya Shah"),
        ios("06/05/2021, 18:22:01", "Great, thanks all", "Sam Patel"),
    ])


# --------------------------------------------------------------------------- odd cases

README_TXT = """\
EXAMPLE SHARED DRIVE - FICTIONAL
================================

This folder is a small, made-up copy of what a private office shared drive
looks like when people have saved their messaging exports to it. Every name,
phone number and event in it is fictional. It exists so that a newcomer can run
onrecord once and see every kind of result it produces.

Run it from the top of the repository:

    cargo run -- scan examples/drive --config examples/onrecord.toml --out reports

What is here

  No10-Private-Office
    The "PM Updates" WhatsApp group, exported from an iPhone as a zip with
    one photo. Someone switched on 7-day disappearing messages on 15 April
    2021, before the public inquiry was announced on 12 May 2021, and nobody
    switched it off. Almost two months of messages are therefore missing.
    The group also contains decisions: some are in the decision register,
    some are not.
    A one-to-one chat with Sam Patel (Android) in which a UK SECRET - UK EYES
    ONLY document was shared, which must never happen on WhatsApp. It also
    contains harmless phrases such as "Secretary of State" and "Secret Santa"
    that must not be reported as security markings.
    An empty export file and some Mac clutter.

  HMT-Private-Office
    A WhatsApp group exported from a phone set to US English, where
    disappearing messages were turned on for two weeks in January 2023.
    A Telegram chat where auto-delete was on across the inquiry date and a
    TOP SECRET file was sent, plus a copy of the same export that was cut
    off half way through. A text message backup from a work phone. A damaged
    zip file.

  DHSC-Perm-Sec-Office
    A Signal chat with a disappearing-message timer that was never turned
    off, an iMessage conversation, a WhatsApp chat saved by a Windows tool
    under a name that does not say "WhatsApp", a chat from a phone set to
    German, a password-protected Word document, and a handover zip that
    contains another WhatsApp zip.

What you should see in the reports

  files.csv lists every file, including files inside zips. Chat exports say
  "scanned". Photos, the Word document and the Mac clutter say "skipped",
  with the reason. The empty export, the damaged zip and the half-written
  Telegram file say "error", because something that should have been a
  record could not be read; the scan exits with code 3 so that a scheduled
  job notices.

  findings.csv lists, for each chat:
    - every period with disappearing messages on, who switched it on, and
      whether it was still running on the inquiry date (those are critical);
    - every message carrying a security marking such as SECRET or
      OFFICIAL-SENSITIVE. For SECRET and TOP SECRET the text of the message
      is never copied into the report;
    - deleted messages and media left out of the export;
    - decisions made in chat and whether the decision register
      (examples/register.csv) has them: recorded, pending or overdue.

Nothing here should be reported for "Secret Santa", "Official Secrets Act",
"Permanent Secretary", "Secretariat" or "top secret recipe".
"""

# An old-style .DS_Store: "Bud1" buddy-allocator header full of NUL bytes.
DS_STORE = b"\x00\x00\x00\x01Bud1" + b"\x00" * 8 + b"\x10\x00\x00\x00\x08\x00" + b"\x00" * 42

# A password-protected .docx is an OLE compound file (EncryptedPackage), not a zip.
ENCRYPTED_DOCX = (
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff\x09\x00"
    + b"\x06\x00" + b"\x00" * 10 + b"\x01\x00\x00\x00" + b"\x00" * 20
    + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 16
)

THUMBS_DB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 56

HANDOVER_NOTE = """\
Tom - handover before leave

Everything from the work phone is in here. The Vaccine Deployment group was
exported from my own iPhone. Ask Priya if anything is missing.
"""


# --------------------------------------------------------------------------- main

def main():
    if DRIVE.exists():
        shutil.rmtree(DRIVE)
    DRIVE.mkdir(parents=True)

    write("README.txt", README_TXT)

    # No 10 private office
    no10 = "No10-Private-Office/"
    write(no10 + "WhatsApp Chat - PM Updates.zip", zip_bytes([
        ("_chat.txt", pm_updates_chat().encode("utf-8")),
        ("00000012-PHOTO-2021-04-15-09-20-01.jpg", FAKE_JPEG),
    ]))
    write(no10 + "WhatsApp Chat with Sam Patel.txt", sam_patel_chat())
    write(no10 + "WhatsApp Chat with Nobody.txt", b"")
    write(no10 + ".DS_Store", DS_STORE)

    # HM Treasury private office
    hmt = "HMT-Private-Office/"
    write(hmt + "WhatsApp Chat with SR23 Core Team.txt", sr23_chat())
    write(hmt + "Telegram - Tom Hughes/result.json", telegram_chat())
    write(hmt + "Telegram - Tom Hughes (copy)/result.json", telegram_chat(cut_at=60))
    write(hmt + "Phone backup - work mobile/sms-20230401.xml", sms_backup())
    full = zip_bytes([("_chat.txt", sr23_chat().replace("\n", "\r\n").encode("utf-8"))])
    write(hmt + "WhatsApp Chat - Broken.zip", full[:200])
    write(hmt + "Thumbs.db", THUMBS_DB)

    # DHSC permanent secretary's office
    dhsc = "DHSC-Perm-Sec-Office/"
    write(dhsc + "Signal/Jo Bloggs (_id12).txt", signal_jo_bloggs())
    write(dhsc + "iMessage/Alex Reid - 7.txt", imessage_alex_reid())
    write(dhsc + "chat backup.txt", chat_backup_utf16())
    write(dhsc + "WhatsApp Chat mit Priya Shah.txt", german_chat())
    write(dhsc + "notes.docx", ENCRYPTED_DOCX)
    inner = zip_bytes([("_chat.txt", vaccine_deployment_chat().encode("utf-8"))],
                      date_time=(2021, 6, 30, 16, 45, 0))
    write(dhsc + "Handover from Tom Hughes.zip", zip_bytes([
        ("Tom Hughes/handover note.txt", HANDOVER_NOTE.encode("utf-8")),
        ("Tom Hughes/WhatsApp Chat - Vaccine Deployment.zip", inner),
    ]))

    total = sum(p.stat().st_size for p in DRIVE.rglob("*") if p.is_file())
    print(f"wrote {DRIVE} ({total} bytes)")


if __name__ == "__main__":
    main()
