//! Media placeholders and attachments (FORMATS.md §1.7): `<Media omitted>`, iOS
//! `image omitted` / `NAME • 2 pages document omitted`, Android
//! `IMG-….jpg (file attached)` and iOS `<attached: 00000035-PHOTO-….jpg>`, with their
//! localisations. Document and file names go to `attachments`: a classification
//! scanner reads them there.

use std::sync::LazyLock;

use regex::Regex;

use super::wordings;
use crate::model::ItemKind;

/// The placeholders of `wordings/media_omitted.txt`: `(kind, wording)`.
static OMITTED: LazyLock<Vec<(&'static str, &'static str)>> = LazyLock::new(|| {
    wordings::lines("media_omitted.txt", wordings::MEDIA_OMITTED)
        .map(|(event, _, _, wording, _)| (event, wording))
        .collect()
});

/// The last word of every placeholder, by length in bytes: a first line whose
/// last word is none of these (most messages) is not a placeholder.
static LAST_WORDS: LazyLock<Vec<Vec<&'static str>>> = LazyLock::new(|| {
    let mut by_len: Vec<Vec<&str>> = Vec::new();
    for word in OMITTED.iter().filter_map(|(_, w)| w.rsplit(' ').next()) {
        if by_len.len() <= word.len() {
            by_len.resize(word.len() + 1, Vec::new());
        }
        if !by_len[word.len()]
            .iter()
            .any(|w| w.eq_ignore_ascii_case(word))
        {
            by_len[word.len()].push(word);
        }
    }
    by_len
});

/// A first line without its `<…>` wrapping and final period.
fn unwrap_placeholder(first: &str) -> &str {
    let s = first.strip_prefix('<').unwrap_or(first);
    let s = s.strip_suffix('>').unwrap_or(s).trim();
    s.strip_suffix('.').unwrap_or(s)
}

fn ends_with_placeholder_word(s: &str) -> bool {
    let last = memchr::memrchr(b' ', s.as_bytes()).map_or(s, |i| &s[i + 1..]);
    LAST_WORDS
        .get(last.len())
        .is_some_and(|words| words.iter().any(|w| w.eq_ignore_ascii_case(last)))
}

/// The media kind of a whole placeholder (`image omitted`, `<Media omitted>`).
fn omitted_kind(first: &str) -> Option<&'static str> {
    let s = unwrap_placeholder(first);
    if s.len() > 96 || !ends_with_placeholder_word(s) {
        return None;
    }
    OMITTED
        .iter()
        .find(|(_, w)| w.len() == s.len() && w.eq_ignore_ascii_case(s))
        .map(|(kind, _)| *kind)
}

/// The file name of an iOS document placeholder:
/// `Budget SECRET.pdf • 2 pages document omitted`.
fn omitted_document(first: &str) -> Option<String> {
    if !ends_with_placeholder_word(first) {
        return None;
    }
    OMITTED
        .iter()
        .filter(|(kind, _)| *kind == "document")
        .find_map(|(_, w)| {
            let cut = first.len().checked_sub(w.len() + 1)?;
            let (head, tail) = (first.get(..cut)?, first.get(cut..)?);
            let matches = tail.starts_with(' ') && tail[1..].eq_ignore_ascii_case(w);
            matches.then(|| PAGES.replace(head, "").trim().to_owned())
        })
        .filter(|name| !name.is_empty())
}

/// ` • 2 pages` after a document's name.
static PAGES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r" • \d+ \p{L}+$").expect("pages regex compiles"));

/// Android "exported with media": `IMG-20230630-WA0000.jpg (file attached)`.
static ANDROID_ATTACHED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<name>.+?) \((?:file attached|Datei angehängt|bestand bijgevoegd|файл добавлен|archivo adjunto|fichier joint|file allegato|arquivo anexado|ficheiro anexado)\)$",
    )
    .expect("attached regex compiles")
});

/// iOS "exported with media": `<attached: 00000035-PHOTO-2022-03-27-21-41-55.jpg>`.
static IOS_ATTACHED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<pre>.*?)<(?:attached|adjunto|Anhang|anexo|allegato|bijlage|pièce jointe|прикреплено|vedhæftet|bifogad|liite|załącznik) ?: (?P<name>[^>]+)>(?P<post>.*)$",
    )
    .expect("attached regex compiles")
});

/// A file name: something with a short extension, for Android documents listed on the
/// line after `<Media omitted>`.
static FILE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[^/\\<>]{1,200}\.[A-Za-z0-9]{1,5}$").expect("file name regex compiles")
});

/// Recognises a media body: its kind, the text to keep and the attachment names.
pub(super) fn recognise(body: &str) -> Option<(ItemKind, String, Vec<String>)> {
    let (first, more) = match body.split_once('\n') {
        Some((first, more)) => (first.trim(), Some(more)),
        None => (body.trim(), None),
    };
    // Every placeholder ends in one of a few words; most messages do not.
    let placeholder_end = ends_with_placeholder_word(unwrap_placeholder(first));
    if placeholder_end && omitted_kind(first).is_some() {
        // Android lists a document's name on the line after `<Media omitted>`.
        let attachments = more
            .and_then(|m| m.lines().next())
            .map(str::trim)
            .filter(|l| FILE_NAME.is_match(l))
            .map(|l| vec![l.to_owned()])
            .unwrap_or_default();
        return Some((ItemKind::MediaOmitted, body.to_owned(), attachments));
    }
    if let Some(name) = placeholder_end.then(|| omitted_document(first)).flatten() {
        return Some((ItemKind::MediaOmitted, body.to_owned(), vec![name]));
    }
    if let Some(caps) = first
        .ends_with(')')
        .then(|| ANDROID_ATTACHED.captures(first))
        .flatten()
    {
        let caption = more.unwrap_or("").to_owned();
        return Some((
            ItemKind::Media,
            caption,
            vec![caps["name"].trim().to_owned()],
        ));
    }
    if let Some(caps) = (first.contains('<') && first.contains('>'))
        .then(|| IOS_ATTACHED.captures(first))
        .flatten()
    {
        let mut text = format!("{} {}", caps["pre"].trim(), caps["post"].trim())
            .trim()
            .to_owned();
        if let Some(more) = more {
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(more);
        }
        return Some((ItemKind::Media, text, vec![caps["name"].trim().to_owned()]));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use ItemKind::*;

    fn r(body: &str) -> Option<(ItemKind, String, Vec<String>)> {
        recognise(body)
    }

    #[test]
    fn omitted_placeholders() {
        for body in [
            "<Media omitted>",
            "<Medien ausgeschlossen>",
            "<Без медиафайлов>",
            "<Video note omitted>",
            "image omitted",
            "<image omitted>",
            "GIF omitted",
            "Contact card omitted",
            "video note omitted",
            "Bild weggelassen",
            "image absente",
            "imagen omitida",
            "immagine omessa",
            "imagem não revelada",
        ] {
            assert_eq!(r(body).map(|x| x.0), Some(MediaOmitted), "{body}");
        }
    }

    /// Every wording of `media_omitted.txt`, bare, wrapped and with a period.
    #[test]
    fn every_omitted_wording_is_recognised() {
        assert!(OMITTED.len() > 150);
        for (kind, w) in OMITTED.iter() {
            for body in [w.to_string(), format!("<{w}>"), format!("{w}.")] {
                assert_eq!(r(&body).map(|x| x.0), Some(MediaOmitted), "{kind}: {body}");
            }
            if *kind == "document" {
                let body = format!("Travel Plan.pdf • 3 pages {w}");
                assert_eq!(r(&body).unwrap().2, ["Travel Plan.pdf"], "{body}");
            }
        }
        for body in [
            "the image omitted the detail",
            "I omitted the video",
            "no media",
        ] {
            assert_eq!(r(body), None, "{body}");
        }
    }

    #[test]
    fn document_names_are_attachments() {
        assert_eq!(
            r("Budget SECRET.pdf • 2 pages document omitted"),
            Some((
                MediaOmitted,
                "Budget SECRET.pdf • 2 pages document omitted".into(),
                vec!["Budget SECRET.pdf".into()]
            ))
        );
        assert_eq!(
            r("Some file.txt document omitted").unwrap().2,
            ["Some file.txt"]
        );
        assert_eq!(
            r("<Media omitted>\nOfficial-Sensitive brief.docx")
                .unwrap()
                .2,
            ["Official-Sensitive brief.docx"]
        );
        assert!(r("<Media omitted>\nlook at this!").unwrap().2.is_empty());
    }

    #[test]
    fn attached_files_keep_captions() {
        assert_eq!(
            r("IMG-20230630-WA0000.jpg (file attached)\nimage comment"),
            Some((
                Media,
                "image comment".into(),
                vec!["IMG-20230630-WA0000.jpg".into()]
            ))
        );
        assert_eq!(
            r("PTT-20220323-WA0000.opus (bestand bijgevoegd)")
                .unwrap()
                .2,
            ["PTT-20220323-WA0000.opus"]
        );
        assert_eq!(
            r("<attached: 00000035-PHOTO-2022-03-27-21-41-55.jpg>"),
            Some((
                Media,
                String::new(),
                vec!["00000035-PHOTO-2022-03-27-21-41-55.jpg".into()]
            ))
        );
        assert_eq!(
            r("Template.docx <attached: 00000048-Template.docx>"),
            Some((
                Media,
                "Template.docx".into(),
                vec!["00000048-Template.docx".into()]
            ))
        );
        assert_eq!(
            r("<adjunto: 00000036-PHOTO-2022-03-27-21-41-56.jpg>")
                .unwrap()
                .2,
            ["00000036-PHOTO-2022-03-27-21-41-56.jpg"]
        );
        assert_eq!(r("see the attached file"), None);
    }
}
