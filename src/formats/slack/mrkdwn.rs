//! Slack message markup to plain text: mrkdwn entities (`<@U…>`, `<#C…|name>`,
//! `<https://…|label>`, `&amp;`) and rich-text `blocks`.

use serde_json::Value;

use super::users::Users;

/// Where user ids get their names: the message's own author (its `user_profile`)
/// and the export's `users.json`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Names<'a> {
    pub author: Option<(&'a str, &'a str)>,
    pub users: Option<&'a Users>,
}

impl Names<'_> {
    /// The name for user `id`, if known.
    pub fn get(&self, id: &str) -> Option<&str> {
        match self.author {
            Some((author, name)) if author == id => Some(name),
            _ => self.users.and_then(|u| u.get(id)),
        }
    }
}

/// Converts Slack mrkdwn to readable text; a mention of a user `names` knows
/// shows the name instead of the id.
pub fn to_plain(text: &str, names: Names<'_>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('>') {
            Some(end) => {
                entity(&after[..end], names, &mut out);
                rest = &after[end + 1..];
            }
            None => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    unescape(&out)
}

/// Slack escapes only these three in message text.
fn unescape(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// One `<…>` entity, without the brackets.
fn entity(inner: &str, names: Names<'_>, out: &mut String) {
    let (target, label) = match inner.split_once('|') {
        Some((t, l)) => (t, Some(l).filter(|l| !l.is_empty())),
        None => (inner, None),
    };
    if let Some(user) = target.strip_prefix('@') {
        out.push('@');
        match label {
            Some(label) => out.push_str(label.trim_start_matches('@')),
            None => out.push_str(names.get(user).unwrap_or(user)),
        }
    } else if let Some(channel) = target.strip_prefix('#') {
        out.push('#');
        out.push_str(label.unwrap_or(channel));
    } else if let Some(special) = target.strip_prefix('!') {
        match label {
            Some(label) => out.push_str(label),
            None => {
                out.push('@');
                out.push_str(special.split('^').next().unwrap_or(special));
            }
        }
    } else {
        match label {
            Some(label) if label != target && target.strip_prefix("mailto:") != Some(label) => {
                out.push_str(label);
                out.push_str(" (");
                out.push_str(target);
                out.push(')');
            }
            Some(label) => out.push_str(label),
            None => out.push_str(target),
        }
    }
}

/// Text of a message's `blocks`: rich_text sections, lists, quotes and
/// preformatted runs one per line, plus the text of section/header/context blocks.
pub fn blocks_text(blocks: &Value, names: Names<'_>) -> String {
    let mut lines: Vec<String> = Vec::new();
    for block in blocks.as_array().into_iter().flatten() {
        match str_field(block, "type") {
            "rich_text" => {
                for container in elements(block) {
                    rich_container(container, names, &mut lines);
                }
            }
            "section" | "header" => {
                push_text_object(block.get("text"), &mut lines);
                for field in block
                    .get("fields")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    push_text_object(Some(field), &mut lines);
                }
            }
            "context" => {
                for element in elements(block) {
                    push_text_object(Some(element), &mut lines);
                }
            }
            _ => {}
        }
    }
    lines.retain(|l| !l.is_empty());
    lines.join("\n")
}

fn str_field<'v>(value: &'v Value, key: &str) -> &'v str {
    value.get(key).and_then(Value::as_str).unwrap_or("")
}

fn elements(value: &Value) -> impl Iterator<Item = &Value> {
    value
        .get("elements")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
}

/// A `{"type": "mrkdwn"|"plain_text", "text": …}` object.
fn push_text_object(object: Option<&Value>, lines: &mut Vec<String>) {
    if let Some(text) = object.and_then(|o| o.get("text")).and_then(Value::as_str) {
        lines.push(to_plain(text, Names::default()));
    }
}

fn rich_container(container: &Value, names: Names<'_>, lines: &mut Vec<String>) {
    if str_field(container, "type") == "rich_text_list" {
        for item in elements(container) {
            rich_container(item, names, lines);
        }
        return;
    }
    let mut line = String::new();
    for element in elements(container) {
        inline(element, names, &mut line);
    }
    lines.push(line);
}

fn inline(element: &Value, names: Names<'_>, line: &mut String) {
    let text = str_field(element, "text");
    match str_field(element, "type") {
        "link" => {
            let url = str_field(element, "url");
            if text.is_empty() || text == url {
                line.push_str(url);
            } else {
                line.push_str(&format!("{text} ({url})"));
            }
        }
        "user" => {
            let id = str_field(element, "user_id");
            line.push_str(&format!("@{}", names.get(id).unwrap_or(id)));
        }
        "usergroup" => line.push_str(&format!("@{}", str_field(element, "usergroup_id"))),
        "channel" => line.push_str(&format!("#{}", str_field(element, "channel_id"))),
        "broadcast" => line.push_str(&format!("@{}", str_field(element, "range"))),
        "emoji" => line.push_str(&format!(":{}:", str_field(element, "name"))),
        "date" => line.push_str(str_field(element, "fallback")),
        _ => line.push_str(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_become_text() {
        assert_eq!(
            to_plain(
                "hi <@U1> and <@U2|bob> in <#C9|general>",
                Names {
                    author: Some(("U1", "Ann Smith")),
                    users: None
                }
            ),
            "hi @Ann Smith and @bob in #general"
        );
        assert_eq!(
            to_plain(
                "see <https://x.test/a|the plan> or <https://x.test/b>",
                Names::default()
            ),
            "see the plan (https://x.test/a) or https://x.test/b"
        );
        assert_eq!(
            to_plain("<!here> &lt;b&gt; &amp;amp; 1 < 2", Names::default()),
            "@here <b> &amp; 1 < 2"
        );
        assert_eq!(
            to_plain("<mailto:a@b.test|a@b.test>", Names::default()),
            "a@b.test"
        );
    }

    #[test]
    fn rich_text_blocks_are_flattened() {
        let blocks: Value = serde_json::from_str(
            r#"[{"type": "rich_text", "elements": [
                {"type": "rich_text_section", "elements": [
                    {"type": "text", "text": "Plan "},
                    {"type": "link", "url": "https://x.test", "text": "here"},
                    {"type": "user", "user_id": "U1"}]},
                {"type": "rich_text_list", "elements": [
                    {"type": "rich_text_section", "elements": [{"type": "text", "text": "one"}]},
                    {"type": "rich_text_section", "elements": [{"type": "text", "text": "two"}]}]}]}]"#,
        )
        .unwrap();
        assert_eq!(
            blocks_text(&blocks, Names::default()),
            "Plan here (https://x.test)@U1\none\ntwo"
        );
    }
}
