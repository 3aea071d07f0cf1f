//! Header shapes read and rejected, one test per family.

use super::*;
use crate::text::clean;

fn check(line: &str, fields: [u32; 3], time: (u32, u32, u32), rest: &str) -> Shape {
    let cleaned = clean(line);
    let h = parse(&cleaned).unwrap_or_else(|| panic!("no header in {line:?}"));
    assert_eq!(h.date.fields, fields, "{line:?}");
    assert_eq!(h.time, Some(time), "{line:?}");
    assert_eq!(h.rest, rest, "{line:?}");
    h.date.shape
}

#[test]
fn android_and_ios_families() {
    let s = check(
        "18/03/2022, 14:56 - Dmitry S: Hello",
        [18, 3, 2022],
        (14, 56, 0),
        "Dmitry S: Hello",
    );
    assert!(!s.bracketed && s.wide_last && s.sep == '/');
    let s = check(
        "[3/18/22, 14:56:01] Elon Musk: hi",
        [3, 18, 22],
        (14, 56, 1),
        "Elon Musk: hi",
    );
    assert!(s.bracketed && !s.wide_last);
    check(
        "\u{200e}[3/27/22, 21:41:55] Dmitry S: \u{200e}image omitted",
        [3, 27, 22],
        (21, 41, 55),
        "Dmitry S: image omitted",
    );
    check(
        "[3/27/22 14:56:00] Elon Musk: x",
        [3, 27, 22],
        (14, 56, 0),
        "Elon Musk: x",
    );
    check(
        "[01/01/19 11:25] John Doe: L",
        [1, 1, 19],
        (11, 25, 0),
        "John Doe: L",
    );
    check(
        "\u{feff}23/03/2022, 13:31 - Sys",
        [23, 3, 2022],
        (13, 31, 0),
        "Sys",
    );
}

#[test]
fn older_and_rarer_shapes() {
    check(
        "4/26/16, 16:23:03: \u{202a}+55\u{a0}61\u{202c}: <\u{200e}image omitted>",
        [4, 26, 16],
        (16, 23, 3),
        "+55 61: <image omitted>",
    );
    check(
        "12/11/15 15:39:56: Kevin Dyer: x",
        [12, 11, 15],
        (15, 39, 56),
        "Kevin Dyer: x",
    );
    let s = check(
        "2019-05-02, 11:23 a.m. - Name: x",
        [2019, 5, 2],
        (11, 23, 0),
        "Name: x",
    );
    assert!(s.year_first && s.sep == '-');
    check(
        "29/07/2022, 2:21 pm - Name: x",
        [29, 7, 2022],
        (14, 21, 0),
        "Name: x",
    );
    check(
        "05/01/2021, 3:07 in the afternoon - N: x",
        [5, 1, 2021],
        (15, 7, 0),
        "N: x",
    );
    check(
        "05/01/2021, 11:07 at night - N: x",
        [5, 1, 2021],
        (23, 7, 0),
        "N: x",
    );
    check(
        "05/01/2021, 2:07 at night - N: x",
        [5, 1, 2021],
        (2, 7, 0),
        "N: x",
    );
    check(
        "05/01/2021, 9:07 in the morning - N: x",
        [5, 1, 2021],
        (9, 7, 0),
        "N: x",
    );
    check("29.01.18, 12:24 - N: x", [29, 1, 18], (12, 24, 0), "N: x");
    check(
        "23-03-2022 13:31 - N: x",
        [23, 3, 2022],
        (13, 31, 0),
        "N: x",
    );
    check(
        "[29.01.18, 23:33:03] N: x",
        [29, 1, 18],
        (23, 33, 3),
        "N: x",
    );
    check(
        "[19/12/2019, 08:00] N: x",
        [19, 12, 2019],
        (8, 0, 0),
        "N: x",
    );
    let s = check(
        "[3/27/2565 BE, 21:41:55] Dmitry S: x",
        [3, 27, 2565],
        (21, 41, 55),
        "Dmitry S: x",
    );
    assert!(s.buddhist);
}

#[test]
fn japanese_era_headers() {
    let s = check(
        "[3/18/R4, 14:56:01] Elon Musk: x",
        [3, 18, 4],
        (14, 56, 1),
        "Elon Musk: x",
    );
    assert!(s.era == Some(crate::formats::whatsapp::era::Era::Reiwa) && s.wide_last);
    let s = check(
        "[R4/03/18 14:56:01] 田中: x",
        [4, 3, 18],
        (14, 56, 1),
        "田中: x",
    );
    assert!(s.year_first && s.era.is_some());
    let s = check(
        "[平成31/04/28 9:05:00] a: m",
        [31, 4, 28],
        (9, 5, 0),
        "a: m",
    );
    assert_eq!(s.era, Some(crate::formats::whatsapp::era::Era::Heisei));
    // An era on both the first and the last field, or beside `BE`, is no header.
    assert!(parse("[R4/03/R18 14:56:01] a: m").is_none());
    assert!(parse("[3/18/R2565 BE, 14:56:01] a: m").is_none());
    assert!(may_start_header("[R4/03/18 14:56:01] a: m"));
    assert!(may_start_date("[R4/03/18 14:56:01] a: m"));
    assert!(may_start_date("\u{200e}[3/18/R4, 14:56:01] a: m"));
    assert!(!may_start_date("Rowan: R4 is out"));
}

#[test]
fn arabic_ios_header() {
    check(
        "[١٨\u{200f}/٣\u{200f}/٢٠٢٢، ٢:٥٦:٠٠\u{a0}م] \u{202a}+40\u{a0}521\u{202c}: \u{200f}مرحبا",
        [18, 3, 2022],
        (14, 56, 0),
        "+40 521: مرحبا",
    );
}

#[test]
fn pustur_format_list() {
    check("3/6/18, 1:55 p.m. - a: m", [3, 6, 18], (13, 55, 0), "a: m");
    check(
        "03-06-2018, 01.55 PM - a: m",
        [3, 6, 2018],
        (13, 55, 0),
        "a: m",
    );
    check("13.06.18 21.25.15: a: m", [13, 6, 18], (21, 25, 15), "a: m");
    check(
        "[06.13.18 21:25:15] a: m",
        [6, 13, 18],
        (21, 25, 15),
        "a: m",
    );
    check(
        "13.6.2018 klo 21.25.15 - a: m",
        [13, 6, 2018],
        (21, 25, 15),
        "a: m",
    );
    check(
        "13. 6. 2018. 21:25:15 a: m",
        [13, 6, 2018],
        (21, 25, 15),
        "a: m",
    );
    check(
        "[3/6/18 1:55:00 p. m.] a: m",
        [3, 6, 18],
        (13, 55, 0),
        "a: m",
    );
    check(
        "[2018/06/13, 21:25:15] a: m",
        [2018, 6, 13],
        (21, 25, 15),
        "a: m",
    );
    check(
        "3/6/2018 1:55 p.\u{a0}m. - a: m",
        [3, 6, 2018],
        (13, 55, 0),
        "a: m",
    );
    check(
        "3/6/18, 1:55\u{202f}PM - a: m",
        [3, 6, 18],
        (13, 55, 0),
        "a: m",
    );
    check(
        "[14/10/2021, 3:34:09\u{202f}PM] a: m",
        [14, 10, 2021],
        (15, 34, 9),
        "a: m",
    );
    check(
        "06/20/2020, 00:08 a. m. - a: m",
        [6, 20, 2020],
        (0, 8, 0),
        "a: m",
    );
    check(
        "12/20/2021, 12:10 a. m. - a: m",
        [12, 20, 2021],
        (0, 10, 0),
        "a: m",
    );
    check(
        "12/20/2021, 12:10 p. m. - a: m",
        [12, 20, 2021],
        (12, 10, 0),
        "a: m",
    );
}

#[test]
fn rejects_non_headers() {
    for line in [
        "2021-04-15 09:14:00 INFO: started",
        "[3/6/18, 1:55 a: m",
        "3/6-18, 1:55 - a: m",
        "Meeting on 3/6/18 at 1:55",
        "12/11/15 15:39: x",
        "1.5 hours later",
    ] {
        assert!(parse(&clean(line)).is_none(), "{line:?}");
    }
}

#[test]
fn native_digits() {
    check(
        "१८/०३/२०२२, १४:५६ - Rowan Vale: नमस्ते",
        [18, 3, 2022],
        (14, 56, 0),
        "Rowan Vale: नमस्ते",
    );
    check(
        "[๑๘/๓/๒๕๖๕ ๑๔:๕๖:๐๑] Rowan Vale: x",
        [18, 3, 2565],
        (14, 56, 1),
        "Rowan Vale: x",
    );
    check(
        "১৮/৩/২২, ২:৫৬ PM - Imani Okafor: x",
        [18, 3, 22],
        (14, 56, 0),
        "Imani Okafor: x",
    );
}

#[test]
fn prefilter_sees_through_marks() {
    assert!(may_start_header("\u{200e}\u{200e}[1/1/23, 10:00:00] a: b"));
    assert!(may_start_header("١٨/٣/٢٠٢٢"));
    assert!(!may_start_header("\u{200e}hello"));
    assert!(!may_start_header(""));
}
