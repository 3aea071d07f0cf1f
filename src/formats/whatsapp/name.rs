//! The conversation's name (FORMATS.md §1.1): from `WhatsApp Chat with NAME.txt` and
//! its localised forms, from the `WhatsApp Chat - NAME.zip` holding a `_chat.txt`,
//! from a `created group "X"` / subject-change line, and finally the file stem.

use std::sync::LazyLock;

use regex::Regex;

use crate::text::clean;

static FILE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:WhatsApp Chat (?:with|-|mit) |Chat WhatsApp s uživatelem |Чат WhatsApp с контактом |Chat de WhatsApp con |Discussion WhatsApp avec |Chat WhatsApp con |Conversa do WhatsApp com |WhatsApp-chat met |Czat WhatsApp z )(?P<name>.+?)(?:\.txt|\.zip)?$",
    )
    .expect("name regex compiles")
});

static GROUP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?: created group | changed the subject from ["“].*["”] to )["“](?P<name>.+)["”]$"#,
    )
    .expect("group regex compiles")
});

/// The chat name a file or container name gives, if it follows WhatsApp's naming.
pub(super) fn from_file_names(file_name: &str, container: Option<&str>) -> Option<String> {
    let own = from_name(file_name);
    if own.is_some() {
        return own;
    }
    let container = container?;
    let last = container.rsplit(['/', '\\']).next().unwrap_or(container);
    from_name(last)
}

fn from_name(name: &str) -> Option<String> {
    let cleaned = clean(name);
    let caps = FILE_NAME.captures(cleaned.trim())?;
    Some(caps["name"].trim().to_owned()).filter(|n| !n.is_empty())
}

/// The group name a `created group "X"` or subject-change text names.
pub(super) fn from_text(rest: &str) -> Option<&str> {
    if !rest.contains("created group") && !rest.contains("changed the subject") {
        return None;
    }
    GROUP
        .captures(rest.trim_end())
        .and_then(|c| c.name("name"))
        .map(|m| m.as_str())
}

/// The file name without its extension: the last resort.
pub(super) fn stem(file_name: &str) -> String {
    match file_name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem.to_owned(),
        _ => file_name.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_files_and_containers() {
        let f = |n: &str, c: Option<&str>| from_file_names(n, c);
        assert_eq!(
            f("WhatsApp Chat with +123 45 6789.txt", None).as_deref(),
            Some("+123 45 6789")
        );
        assert_eq!(
            f("Chat WhatsApp s\u{a0}uživatelem Dmitry S.txt", None).as_deref(),
            Some("Dmitry S")
        );
        assert_eq!(
            f("Чат WhatsApp с\u{a0}контактом Dmitry S.txt", None).as_deref(),
            Some("Dmitry S")
        );
        assert_eq!(
            f("WhatsApp Chat mit Jo Bloggs.txt", None).as_deref(),
            Some("Jo Bloggs")
        );
        assert_eq!(
            f("_chat.txt", Some("Office/WhatsApp Chat - PM Updates.zip")).as_deref(),
            Some("PM Updates")
        );
        assert_eq!(
            f("_chat.txt", Some("WhatsApp Chat with Private Office.zip")).as_deref(),
            Some("Private Office")
        );
        assert_eq!(
            f("_chat.txt", Some("WhatsApp Chat - Private Office")).as_deref(),
            Some("Private Office")
        );
        assert_eq!(f("notes.txt", None), None);
    }

    #[test]
    fn names_from_content_and_stem() {
        assert_eq!(
            from_text("You created group “Group Chat”"),
            Some("Group Chat")
        );
        assert_eq!(
            from_text("+12 345 578 created group \"Groupname\""),
            Some("Groupname")
        );
        assert_eq!(
            from_text("Jo changed the subject from \"A\" to \"B\""),
            Some("B")
        );
        assert_eq!(from_text("hello"), None);
        assert_eq!(stem("_chat.txt"), "_chat");
        assert_eq!(stem("export"), "export");
    }
}
