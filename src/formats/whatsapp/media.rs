//! Media placeholders and attachments (FORMATS.md §1.7): `<Media omitted>`, iOS
//! `image omitted` / `NAME • 2 pages document omitted`, Android
//! `IMG-….jpg (file attached)` and iOS `<attached: 00000035-PHOTO-….jpg>`, with their
//! localisations. Document and file names go to `attachments`: a classification
//! scanner reads them there.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::ItemKind;

/// Android "exported without media" placeholders.
const OMITTED: [&str; 14] = [
    "<Media omitted>",
    "<Video note omitted>",
    "<Video message omitted>",
    "<Medien ausgeschlossen>",
    "<Media weggelaten>",
    "<Без медиафайлов>",
    "<Multimedia omitido>",
    "<Archivo omitido>",
    "<Médias omis>",
    "<Media omessi>",
    "<Mídia oculta>",
    "<Arquivo de mídia oculto>",
    "<Medya dahil edilmedi>",
    "<Media dihilangkan>",
];

/// iOS "exported without media" placeholders (also old iOS `<image omitted>`).
static IOS_OMITTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^<?(?:(?:image|video|audio|sticker|GIF|Contact card|video note|document) omitted|(?:Bild|Video|Audio|Sticker|GIF|Kontaktkarte|Dokument) weggelassen|(?:image|vidéo|audio|autocollant|GIF) absente?|document manquant|(?:imagen|video|audio|sticker|GIF) omitid[oa]|(?:immagine|video|audio|sticker|GIF) omess[oa]|(?:imagem|vídeo|áudio|figurinha|GIF) não revelad[oa])>?$",
    )
    .expect("media regex compiles")
});

/// iOS document placeholder: `Budget SECRET.pdf • 2 pages document omitted`.
static IOS_DOCUMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<name>.+?)(?: • \d+ (?:pages?|Seiten?|pages|páginas?|pagine|pagina))? (?:document omitted|Dokument weggelassen|document manquant|documento omitido|documento omesso|documento não revelado)$",
    )
    .expect("document regex compiles")
});

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

/// Words every [`IOS_OMITTED`] wording ends with (before an optional `>`).
const IOS_OMITTED_ENDS: [&str; 11] = [
    "omitted",
    "weggelassen",
    "absent",
    "absente",
    "manquant",
    "omitido",
    "omitida",
    "omesso",
    "omessa",
    "revelado",
    "revelada",
];

/// [`IOS_OMITTED`], after a test of the last word most short messages fail.
fn may_be_ios_omitted(first: &str) -> bool {
    let end = first.strip_suffix('>').unwrap_or(first);
    IOS_OMITTED_ENDS.iter().any(|w| end.ends_with(w)) && IOS_OMITTED.is_match(first)
}

/// Recognises a media body: its kind, the text to keep and the attachment names.
pub(super) fn recognise(body: &str) -> Option<(ItemKind, String, Vec<String>)> {
    let (first, more) = match body.split_once('\n') {
        Some((first, more)) => (first.trim(), Some(more)),
        None => (body.trim(), None),
    };
    // Cheap necessary conditions guard each regex: placeholders are short, documents
    // end in their placeholder word, attachments end in `)` or carry `<…>`.
    if OMITTED.contains(&first) || (first.len() <= 48 && may_be_ios_omitted(first)) {
        // Android lists a document's name on the line after `<Media omitted>`.
        let attachments = more
            .and_then(|m| m.lines().next())
            .map(str::trim)
            .filter(|l| FILE_NAME.is_match(l))
            .map(|l| vec![l.to_owned()])
            .unwrap_or_default();
        return Some((ItemKind::MediaOmitted, body.to_owned(), attachments));
    }
    let document_end = [
        "omitted",
        "weggelassen",
        "manquant",
        "omitido",
        "omesso",
        "revelado",
    ]
    .iter()
    .any(|w| first.ends_with(w));
    if let Some(caps) = document_end.then(|| IOS_DOCUMENT.captures(first)).flatten() {
        let name = caps["name"].trim().to_owned();
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
