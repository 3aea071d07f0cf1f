//! Making one text cell safe for spreadsheets: the only place that decides how a
//! string becomes a CSV cell.
//!
//! Chat titles, sender names and message text are attacker-controlled. A cell that
//! Excel or LibreOffice would read as a formula (`=`, `+`, `-`, `@`, tab, CR, LF,
//! also after leading whitespace and in their full-width forms) gets a leading `'`.
//! Line breaks inside a cell are flattened to ` ⏎ ` so a row stays one line for
//! `grep`, and cells are capped well under Excel's 32,767-character limit.

use std::borrow::Cow;

/// Longest cell written, in characters (Excel's hard limit is 32,767).
pub const DEFAULT_MAX_CHARS: usize = 4000;

/// Marks the end of a cell that was cut at the cap.
const ELLIPSIS: &str = "…[truncated]";

/// True when a spreadsheet could treat a cell starting with `c` as a formula.
fn is_trigger(c: char) -> bool {
    matches!(
        c,
        '=' | '+'
            | '-'
            | '@'
            | '\t'
            | '\r'
            | '\n'
            | '\u{ff1d}'
            | '\u{ff0b}'
            | '\u{ff0d}'
            | '\u{ff20}'
    )
}

/// True for leading characters a spreadsheet skips before looking for a formula.
fn is_leading_blank(c: char) -> bool {
    c == ' '
        || c == '\u{00a0}'
        || c == '\u{3000}'
        || c == '\u{feff}'
        || crate::text::is_space_like(c)
}

/// Returns the text as it must be written into a CSV cell: formula triggers
/// neutralised, line breaks flattened, length capped at `max_chars`.
pub fn safe_cell(text: &str, max_chars: usize) -> Cow<'_, str> {
    let needs_quote = text
        .chars()
        .find(|c| !is_leading_blank(*c))
        .is_some_and(is_trigger)
        || text.starts_with(['\t', '\r', '\n']);
    let has_breaks = text.contains(['\n', '\r']);
    let too_long = text.len() > max_chars && text.chars().count() > max_chars;
    if !needs_quote && !has_breaks && !too_long {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 2);
    if needs_quote {
        out.push('\'');
    }
    let mut chars = 0usize;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if chars >= max_chars {
            out.push_str(ELLIPSIS);
            break;
        }
        if rest.starts_with("\r\n") {
            rest = &rest[2..];
            out.push_str(" ⏎ ");
        } else {
            rest = &rest[c.len_utf8()..];
            match c {
                '\n' | '\r' => out.push_str(" ⏎ "),
                _ => out.push(c),
            }
        }
        chars += 1;
    }
    Cow::Owned(out)
}

/// An id or reference as written into a CSV cell: given a leading `'` (the quote a
/// spreadsheet reads as "text") when a spreadsheet would otherwise read it as a
/// number or a date (`0123…`, `12e45…`, `2021/045`). Readers of onrecord's own files
/// (`--reviewed`) drop that quote again. `text` is already a [`safe_cell`].
pub fn safe_id(text: &str) -> Cow<'_, str> {
    let numeric = text.bytes().any(|b| b.is_ascii_digit())
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || b" .,/:%eE+-".contains(&b));
    if numeric && !text.starts_with('\'') {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Permissions a report file is created with: readable and writable by all, as far
/// as the process's umask allows (the umask is applied on creation), like any file
/// the user's other tools write.
pub fn report_permissions() -> std::fs::Permissions {
    use std::os::unix::fs::PermissionsExt;
    std::fs::Permissions::from_mode(0o666)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn safe(s: &str) -> String {
        safe_cell(s, DEFAULT_MAX_CHARS).into_owned()
    }

    #[test]
    fn formula_triggers_get_a_quote() {
        for v in [
            "=HYPERLINK(\"http://x\",\"click\")",
            "+44 7700 900123",
            "-2+3",
            "@SUM(A1:A2)",
            "\t=1",
            "\r=1",
            "  =1",
            "\u{00a0}=1",
            "\u{ff1d}1+1",
            "\u{ff0b}1",
            "\u{ff0d}1",
            "\u{ff20}A1",
        ] {
            let out = safe(v);
            assert!(out.starts_with('\''), "{v:?} -> {out:?}");
        }
    }

    #[test]
    fn ordinary_text_is_untouched() {
        for v in [
            "PM Updates",
            "Jo Bloggs",
            "2021-04-15T09:14:00+01:00",
            "a=b",
            "line 12",
            "",
        ] {
            assert_eq!(safe(v), v);
        }
    }

    #[test]
    fn line_breaks_are_flattened() {
        assert_eq!(safe("one\r\ntwo\nthree"), "one ⏎ two ⏎ three");
        assert_eq!(safe("\n=cmd"), "' ⏎ =cmd");
    }

    #[test]
    fn long_cells_are_capped() {
        let long = "x".repeat(10_000);
        let out = safe_cell(&long, 100);
        assert_eq!(out.chars().count(), 100 + ELLIPSIS.chars().count());
        assert!(out.ends_with(ELLIPSIS));
    }
}
