//! Turning a table wording into a regex fragment and into the literals the
//! prefilter looks for (the syntax is described in `wordings/mod.rs`).

use super::{UNITS, lines};

/// Quote marks a wording's quote stands for.
const QUOTES: &str = "\"“”«»„「」";
const QUOTE_CLASS: &str = "[\"“”«»„「」]";

/// The regex of a wording; with `captures`, names are `name0`, `name1`, the
/// number `n` and the unit `unit`.
pub(super) fn fragment(wording: &str, captures: bool) -> String {
    let mut out = String::new();
    let mut names = 0;
    let mut rest = wording;
    while let Some(c) = rest.chars().next() {
        if c == '{' {
            let close = rest
                .find('}')
                .unwrap_or_else(|| panic!("unclosed {{ in {wording:?}"));
            out.push_str(&placeholder(&rest[1..close], captures, &mut names, wording));
            rest = &rest[close + 1..];
            continue;
        }
        match c {
            '[' => out.push_str("(?:"),
            ']' => out.push_str(")?"),
            '\'' | '’' => out.push_str("['’]"),
            ' ' => out.push_str(r"\s"),
            c if QUOTES.contains(c) => out.push_str(QUOTE_CLASS),
            c => out.push_str(&regex::escape(c.encode_utf8(&mut [0; 4]))),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

fn placeholder(name: &str, captures: bool, names: &mut usize, wording: &str) -> String {
    let group = |label: &str, body: &str| {
        if captures {
            format!("(?P<{label}>{body})")
        } else {
            format!("(?:{body})")
        }
    };
    match name {
        "name" => {
            *names += 1;
            group(&format!("name{}", *names - 1), r"[^:\n]+?")
        }
        "phone" => r"\+?[0-9][0-9 ()-]{4,24}".into(),
        "text" => r"[^\n]+?".into(),
        "rest" => ".*".into(),
        "tail" => r"(?:[.,]\s.*)?".into(),
        "words" => r"[^.\n]{1,60}".into(),
        "n" => group("n", "[0-9]{1,4}"),
        "unit" => {
            let mut words: Vec<&str> = lines("timer_units.txt", UNITS).map(|l| l.3).collect();
            // Longest first, so `days` is preferred to `day`.
            words.sort_by_key(|w| std::cmp::Reverse(w.len()));
            let words: Vec<String> = words.iter().map(|w| regex::escape(w)).collect();
            group("unit", &words.join("|"))
        }
        other => panic!("unknown placeholder {{{other}}} in {wording:?}"),
    }
}

/// The literal a prefilter looks for in a wording, in every apostrophe variant.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Literal {
    /// The text must start with one of these.
    Opening(Vec<String>),
    /// One of these follows the leading name (or phone number).
    AfterName(Vec<String>),
}

/// The literal run at the start of a wording, or right after its leading name.
pub(super) fn literals(wording: &str) -> Literal {
    let after = ["{name}", "{phone}"]
        .iter()
        .find_map(|p| wording.strip_prefix(p));
    let run = literal_run(after.unwrap_or(wording));
    assert!(
        !run.is_empty() && !run[0].is_empty(),
        "no literal for the prefilter in {wording:?}"
    );
    match after {
        Some(_) => Literal::AfterName(run),
        None => Literal::Opening(run),
    }
}

/// The text up to the first placeholder, optional part or quote; an apostrophe
/// gives both variants.
fn literal_run(text: &str) -> Vec<String> {
    let mut variants = vec![String::new()];
    for c in text.chars() {
        if c == '{' || c == '[' || QUOTES.contains(c) {
            break;
        }
        if c == '\'' || c == '’' {
            variants = variants
                .into_iter()
                .flat_map(|v| [format!("{v}'"), format!("{v}’")])
                .collect();
        } else {
            variants.iter_mut().for_each(|v| v.push(c));
        }
    }
    variants
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_and_literals() {
        let f = fragment("{name} changed the subject to “{text}”", true);
        let re = regex::Regex::new(&format!("^{f}$")).unwrap();
        let caps = re
            .captures("Jo Bloggs changed the subject to «Budget»")
            .unwrap();
        assert_eq!(&caps["name0"], "Jo Bloggs");
        assert_eq!(
            literals("{name}'s security code changed.{rest}"),
            Literal::AfterName(vec![
                "'s security code changed.".into(),
                "’s security code changed.".into()
            ])
        );
        assert_eq!(
            literals("Missed voice call{tail}"),
            Literal::Opening(vec!["Missed voice call".into()])
        );
        let f = fragment("[All ]new messages {n} {unit}.", true);
        let re = regex::Regex::new(&format!("^{f}$")).unwrap();
        let caps = re.captures("new messages 7 days.").unwrap();
        assert_eq!((&caps["n"], &caps["unit"]), ("7", "days"));
        assert!(re.is_match("All new messages 1 week."));
    }
}
