//! The languages × event kinds table of `docs/WHATSAPP-WORDINGS.md`, made from the
//! wordings tables themselves; the test fails when the document and the tables
//! disagree (`UPDATE_WORDINGS_DOC=1 cargo test --lib coverage` rewrites it).

use super::*;

/// The rows of the table. A `pt` wording counts for both `pt-BR` and `pt-PT`.
const LANGUAGES: [&str; 20] = [
    "en", "de", "fr", "es", "it", "pt-BR", "pt-PT", "nl", "ru", "uk", "pl", "cs", "tr", "ar", "hi",
    "id", "ja", "th", "vi", "zh",
];

/// Where a column's wordings live.
#[derive(Clone, Copy)]
enum Source {
    Event(Table),
    Media,
    Edited,
}

/// The columns: heading, source and event name in that source.
const COLUMNS: [(&str, Source, &str); 30] = [
    ("deleted", Source::Event(Table::Deleted), "deleted"),
    ("you deleted", Source::Event(Table::Deleted), "you-deleted"),
    ("media (Android)", Source::Media, "media"),
    ("image", Source::Media, "image"),
    ("video", Source::Media, "video"),
    ("audio", Source::Media, "audio"),
    ("sticker", Source::Media, "sticker"),
    ("GIF", Source::Media, "gif"),
    ("document", Source::Media, "document"),
    ("contact card", Source::Media, "contact"),
    ("edited", Source::Edited, "edited"),
    ("security code", Source::Event(Table::Security), "security"),
    ("e2e notice", Source::Event(Table::Encryption), "e2e"),
    ("missed voice", Source::Event(Table::Call), "missed-voice"),
    ("missed video", Source::Event(Table::Call), "missed-video"),
    ("created", Source::Event(Table::Group), "created"),
    ("added", Source::Event(Table::Group), "added"),
    ("removed", Source::Event(Table::Group), "removed"),
    ("left", Source::Event(Table::Group), "left"),
    ("joined via link", Source::Event(Table::Group), "joined"),
    ("subject", Source::Event(Table::Group), "subject"),
    ("icon", Source::Event(Table::Group), "icon"),
    ("description", Source::Event(Table::Group), "description"),
    ("pinned", Source::Event(Table::Group), "pinned"),
    ("timer on", Source::Event(Table::Timer), "on"),
    ("timer off", Source::Event(Table::Timer), "off"),
    ("timer changed", Source::Event(Table::Timer), "changed"),
    ("default timer", Source::Event(Table::Timer), "default"),
    ("kept in chat", Source::Event(Table::Other), "kept"),
    ("admin", Source::Event(Table::Group), "admin"),
];

/// `(event, language, platform)` of every wording of a column's source.
fn wordings(source: Source) -> Vec<(&'static str, &'static str, &'static str)> {
    match source {
        Source::Event(table) => ROWS
            .iter()
            .filter(|r| r.table == table)
            .map(|r| (r.event, r.lang, r.platform))
            .collect(),
        Source::Media => lines("media_omitted.txt", MEDIA_OMITTED)
            .map(|l| (l.0, l.1, l.2))
            .collect(),
        Source::Edited => lines("edited.txt", EDITED)
            .map(|l| (l.0, l.1, l.2))
            .collect(),
    }
}

/// One cell: how many wordings, with `i` / `a` when they are all iOS / Android
/// only, or `·` for none.
fn cell(all: &[(&str, &str, &str)], event: &str, lang: &str) -> String {
    let base = lang.split('-').next().unwrap_or(lang);
    let mine: Vec<&str> = all
        .iter()
        .filter(|(e, l, _)| *e == event && (*l == lang || (*l == base && base == "pt")))
        .map(|(_, _, p)| *p)
        .collect();
    let mark = match mine.first() {
        None => return "·".to_owned(),
        Some(p) if mine.iter().all(|q| q == p) && *p != "both" => &p[..1],
        _ => "",
    };
    format!("{}{mark}", mine.len())
}

/// The generated part of the document: the table and its totals.
pub(super) fn table() -> String {
    let sources: Vec<_> = COLUMNS.iter().map(|(_, s, _)| wordings(*s)).collect();
    let mut out = String::from("| lang |");
    for (heading, ..) in COLUMNS {
        out.push_str(&format!(" {heading} |"));
    }
    out.push_str("\n|---|");
    out.push_str(&"---|".repeat(COLUMNS.len()));
    out.push('\n');
    for lang in LANGUAGES {
        out.push_str(&format!("| {lang} |"));
        for ((_, _, event), all) in COLUMNS.iter().zip(&sources) {
            out.push_str(&format!(" {} |", cell(all, event, lang)));
        }
        out.push('\n');
    }
    let covered = |lang: &str| {
        COLUMNS
            .iter()
            .zip(&sources)
            .filter(|((_, _, e), all)| cell(all, e, lang) != "·")
            .count()
    };
    out.push_str(&format!(
        "\n{} event rows, {} media placeholders, {} edited suffixes. Kinds covered per \
         language (of {}): {}.\n",
        ROWS.len(),
        lines("media_omitted.txt", MEDIA_OMITTED).count(),
        lines("edited.txt", EDITED).count(),
        COLUMNS.len(),
        LANGUAGES
            .iter()
            .map(|l| format!("{l} {}", covered(l)))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    out
}

const BEGIN: &str = "<!-- BEGIN GENERATED: wordings coverage -->\n";
const END: &str = "<!-- END GENERATED -->";

#[test]
fn the_document_shows_the_tables() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/WHATSAPP-WORDINGS.md");
    let doc = std::fs::read_to_string(path).expect("docs/WHATSAPP-WORDINGS.md");
    let (start, end) = (
        doc.find(BEGIN).expect("begin marker") + BEGIN.len(),
        doc.find(END).expect("end marker"),
    );
    let generated = table();
    if std::env::var_os("UPDATE_WORDINGS_DOC").is_some() {
        let updated = format!("{}{generated}{}", &doc[..start], &doc[end..]);
        std::fs::write(path, updated).expect("rewrite the document");
        return;
    }
    assert!(
        doc[start..end] == generated,
        "docs/WHATSAPP-WORDINGS.md is out of date: run \
         UPDATE_WORDINGS_DOC=1 cargo test --lib coverage\n{generated}"
    );
}

#[test]
fn every_column_has_wordings_and_counts_add_up() {
    for (heading, source, event) in COLUMNS {
        let all = wordings(source);
        assert!(
            all.iter().any(|(e, ..)| *e == event),
            "{heading}: no wordings"
        );
    }
    // Cells count wordings exactly: English has two pinned wordings.
    let group = wordings(Source::Event(Table::Group));
    assert_eq!(cell(&group, "pinned", "en"), "2");
    assert_eq!(cell(&group, "pinned", "ja"), "·");
    let media = wordings(Source::Media);
    assert_eq!(cell(&media, "image", "en"), "1i");
    // A `pt` wording counts for pt-BR and pt-PT.
    let deleted = wordings(Source::Event(Table::Deleted));
    assert_eq!(
        cell(&deleted, "you-deleted", "pt-BR"),
        format!(
            "{}",
            deleted
                .iter()
                .filter(|(e, l, _)| *e == "you-deleted" && (*l == "pt" || *l == "pt-BR"))
                .count()
        )
    );
}
