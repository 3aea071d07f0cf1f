//! Letters spaced or dotted out (`T O P  S E C R E T`, `S.E.C.R.E.T.`) joined back
//! into words, with a map to the offsets of the text they came from.
//!
//! A run is at least two single letters, each separated from the next by exactly one
//! space or `-` (spaced) or one `.` (dotted, an optional `.` after the last letter dropped);
//! a wider gap separates words and is kept. Only runs are rewritten, so ordinary text
//! around them is unchanged. The grammar calls this only when its prefilter saw a
//! keyword written this way.

use super::forms::Form;

/// The joined text, where each of its bytes came from, and the rewritten runs.
#[derive(Debug)]
pub(super) struct Collapsed {
    pub text: String,
    /// For each byte of `text`, the offset of the byte it came from (plus one entry
    /// for the end).
    origin: Vec<usize>,
    /// `(start, end, form)` of each joined run in `text`.
    pub runs: Vec<(usize, usize, Form)>,
}

fn is_letter(b: u8) -> bool {
    b.is_ascii_alphabetic()
}

/// The end of a run starting at `i` with separator `sep`, and its letter count.
fn run_end(bytes: &[u8], i: usize, sep: u8) -> (usize, usize) {
    let single = |j: usize| {
        is_letter(bytes[j]) && bytes.get(j + 1).is_none_or(|b| !b.is_ascii_alphanumeric())
    };
    let mut letters = 1;
    let mut j = i + 1; // just past the first letter
    while j + 1 < bytes.len() && bytes[j] == sep && single(j + 1) {
        letters += 1;
        j += 2;
    }
    if sep == b'.' && bytes.get(j) == Some(&b'.') {
        j += 1; // the dot after the last letter (`S.E.C.R.E.T.`)
    }
    (j, letters)
}

impl Collapsed {
    /// Joins every spaced or dotted run in `text`; `None` when there is none.
    pub(super) fn new(text: &str) -> Option<Collapsed> {
        let bytes = text.as_bytes();
        let mut out = Collapsed {
            text: String::with_capacity(text.len()),
            origin: Vec::with_capacity(text.len() + 1),
            runs: Vec::new(),
        };
        let mut copied = 0;
        let mut i = 0;
        while i < bytes.len() {
            let starts_word = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
            let next = bytes.get(i + 1).copied();
            let sep = match next {
                Some(s @ (b' ' | b'.' | b'-')) => s,
                _ => {
                    i += 1;
                    continue;
                }
            };
            if !(starts_word && is_letter(bytes[i])) {
                i += 1;
                continue;
            }
            let (end, letters) = run_end(bytes, i, sep);
            if letters < 2 {
                i += 1;
                continue;
            }
            out.copy(text, copied, i);
            let start = out.text.len();
            for j in (i..end).filter(|&j| is_letter(bytes[j])) {
                out.text.push(bytes[j] as char);
                out.origin.push(j);
            }
            let form = if sep == b'.' {
                Form::Dotted
            } else {
                Form::Spaced
            };
            out.runs.push((start, out.text.len(), form));
            copied = end;
            i = end;
        }
        if out.runs.is_empty() {
            return None;
        }
        out.copy(text, copied, text.len());
        out.origin.push(text.len());
        Some(out)
    }

    fn copy(&mut self, text: &str, from: usize, to: usize) {
        self.text.push_str(&text[from..to]);
        self.origin.extend(from..to);
    }

    /// Maps a non-empty byte range of the joined text back to the source text.
    pub(super) fn source_range(&self, start: usize, end: usize) -> (usize, usize) {
        (self.origin[start], self.origin[end - 1] + 1)
    }

    /// The form of the run overlapping `start..end`, if any.
    pub(super) fn form_in(&self, start: usize, end: usize) -> Option<Form> {
        self.runs
            .iter()
            .find(|(s, e, _)| *s < end && start < *e)
            .map(|r| r.2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_spaced_and_dotted_runs() {
        let c = Collapsed::new("T O P  S E C R E T – U K  E Y E S  O N L Y").unwrap();
        assert_eq!(c.text, "TOP  SECRET – UK  EYES  ONLY");
        let c = Collapsed::new("S.E.C.R.E.T. – U.K. E.Y.E.S O.N.L.Y").unwrap();
        assert_eq!(c.text, "SECRET – UK EYES ONLY");
        let c = Collapsed::new("O F F I C I A L-S E N S I T I V E [PERSONAL]").unwrap();
        assert_eq!(c.text, "OFFICIAL-SENSITIVE [PERSONAL]");
        assert!(Collapsed::new("no runs here at all").is_none());
    }

    #[test]
    fn maps_back_to_the_source() {
        let src = "note: S E C R E T ok";
        let c = Collapsed::new(src).unwrap();
        let at = c.text.find("SECRET").unwrap();
        let (s, e) = c.source_range(at, at + 6);
        assert_eq!(&src[s..e], "S E C R E T");
        assert_eq!(c.form_in(at, at + 6), Some(Form::Spaced));
    }
}
