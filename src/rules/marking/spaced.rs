//! Letters spaced or dotted out (`T O P  S E C R E T`, `S.E.C.R.E.T.`) joined back
//! into words, with a map to the offsets of the text they came from.
//!
//! A run is at least two single letters, each separated from the next by the same
//! separator from [`SPACED_SEPARATORS`]: one or two spaces or `-` (spaced), `.` or `·`
//! (dotted, an optional one after the last letter dropped); a wider gap separates
//! words and is kept. A run that spells two words without a gap
//! (`O-F-F-I-C-I-A-L-S-E-N-S-I-T-I-V-E`) gets its gap back ([`SPACED_COMPOUNDS`]). Only runs are rewritten, so ordinary text
//! around them is unchanged. The grammar calls this only when its prefilter saw a
//! keyword written this way.

use super::forms::Form;
use super::vocab::{SPACED_COMPOUNDS, SPACED_SEPARATORS};

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
fn run_end(bytes: &[u8], i: usize, sep: &[u8]) -> (usize, usize) {
    let single = |j: usize| {
        bytes.get(j).copied().is_some_and(is_letter)
            && bytes.get(j + 1).is_none_or(|b| !b.is_ascii_alphanumeric())
    };
    let mut letters = 1;
    let mut j = i + 1; // just past the first letter
    while bytes[j..].starts_with(sep) && single(j + sep.len()) {
        letters += 1;
        j += sep.len() + 1;
    }
    if sep != b" " && sep != b"  " && sep != b"-" && bytes[j..].starts_with(sep) {
        j += sep.len(); // the dot after the last letter (`S.E.C.R.E.T.`)
    }
    (j, letters)
}

/// The separator a run starting at letter `i` uses: the longest in the table that
/// follows the letter and is itself followed by a single letter.
fn separator_at(bytes: &[u8], i: usize) -> Option<&'static str> {
    SPACED_SEPARATORS
        .iter()
        .map(|(sep, _)| *sep)
        .filter(|sep| {
            bytes[i + 1..].starts_with(sep.as_bytes())
                && bytes.get(i + 1 + sep.len()).copied().is_some_and(is_letter)
        })
        .max_by_key(|sep| sep.len())
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
            let sep = if starts_word && is_letter(bytes[i]) {
                separator_at(bytes, i)
            } else {
                None
            };
            let Some(sep) = sep else {
                i += 1;
                continue;
            };
            let (end, letters) = run_end(bytes, i, sep.as_bytes());
            if letters < 2 {
                i += 1;
                continue;
            }
            out.copy(text, copied, i);
            out.push_run(bytes, i, end, sep);
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

    /// Appends the letters of the run `i..end` (separator `sep`), restoring the gap
    /// of a listed compound.
    fn push_run(&mut self, bytes: &[u8], i: usize, end: usize, sep: &str) {
        let start = self.text.len();
        let letters: Vec<usize> = (i..end).filter(|&j| is_letter(bytes[j])).collect();
        let word: String = letters.iter().map(|&j| bytes[j] as char).collect();
        let gap = SPACED_COMPOUNDS
            .iter()
            .find(|(compound, _, _)| compound.eq_ignore_ascii_case(&word))
            .map(|&(_, at, gap)| (at, gap));
        for (n, &j) in letters.iter().enumerate() {
            if let Some((at, gap)) = gap
                && n == at
            {
                self.text.push(gap);
                self.origin.push(j);
            }
            self.text.push(bytes[j] as char);
            self.origin.push(j);
        }
        let form = SPACED_SEPARATORS
            .iter()
            .find(|(s, _)| *s == sep)
            .map_or(Form::Spaced, |(_, form)| *form);
        self.runs.push((start, self.text.len(), form));
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
        let c = Collapsed::new("S  E  C  R  E  T   U  K  E  O").unwrap();
        assert_eq!(c.text, "SECRET   UKEO");
        let c = Collapsed::new("S·E·C·R·E·T – read").unwrap();
        assert_eq!(c.text, "SECRET – read");
        assert_eq!(c.runs[0].2, Form::Dotted);
        let c = Collapsed::new("O-F-F-I-C-I-A-L-S-E-N-S-I-T-I-V-E: scores").unwrap();
        assert_eq!(c.text, "OFFICIAL-SENSITIVE: scores");
        let c = Collapsed::new("T.O.P.S.E.C.R.E.T.").unwrap();
        assert_eq!(c.text, "TOP SECRET");
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
