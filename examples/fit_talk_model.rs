//! Fits the talk model (`src/rules/marking/talk_model.rs`) on the development half
//! of the marking corpus alone and writes `src/rules/marking/talk_model.tsv`:
//! `cargo run --release --example fit_talk_model -- OPENING INSIDE` (default:
//! the thresholds of the model in place; OPENING for a line opening with a word in
//! capitals, INSIDE for any other).
//!
//! `--writers` prints instead how the model does on each writer's lines when fitted
//! without them (leave-one-writer-out, on the development half only), at several
//! thresholds: the talk lines above a threshold (talk the model would catch) and the
//! marking lines written in message text above it (markings it would put at risk).
//! `--score TEXT …` prints the scores the model in place gives each text.

use std::collections::BTreeMap;

use onrecord::rules::marking::eval::{Label, Line, read_corpus, training_set};
use onrecord::rules::marking::talk_model::{
    MODEL_TSV, TalkModel, Thresholds, fit, opens_in_capitals,
};

const DEV: &str = "tests/corpus/markings/dev.tsv";
const OUT: &str = "src/rules/marking/talk_model.tsv";

/// The writer of a line: its id up to the first `-` (`h17-0042` → `h17`), or its
/// leading letters (`m0010` → `m`).
fn writer(id: &str) -> &str {
    match id.find('-') {
        Some(i) => &id[..i],
        None => id.trim_end_matches(|c: char| c.is_ascii_digit()),
    }
}

/// A marking line the model is asked about: message text, not a formula, portion
/// mark or page furniture.
fn at_risk(l: &Line) -> bool {
    l.label == Label::Marking
        && !l.attachment
        && !["formula", "portion", "header-footer", "filename"].contains(&l.form.as_str())
}

fn main() {
    let text = std::fs::read_to_string(DEV).expect("the development half is readable");
    let lines = read_corpus(&text).expect("the development half parses");
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, texts @ ..] = &args[..]
        && flag == "--score"
    {
        let model = TalkModel::parse(MODEL_TSV).expect("model parses");
        for t in texts {
            let threshold = model.thresholds.for_line(t);
            println!("{:7.3} (threshold {threshold}) {t}", model.score(t));
        }
        return;
    }
    if args.iter().any(|a| a == "--writers") {
        println!("Lines opening with a word in capitals:\n");
        leave_one_writer_out(&lines, true);
        println!("\nOther lines:\n");
        leave_one_writer_out(&lines, false);
        return;
    }
    let thresholds = match &args[..] {
        [opening, inside] => Thresholds {
            opening: opening.parse().expect("OPENING is a number"),
            inside: inside.parse().expect("INSIDE is a number"),
        },
        _ => {
            TalkModel::parse(MODEL_TSV)
                .expect("model parses")
                .thresholds
        }
    };
    let model = fit(&training_set(&lines), thresholds);
    std::fs::write(OUT, model.to_tsv()).expect("the model file is writable");
    println!("{OUT}: {} weights, {thresholds:?}", model.weights.len());
}

fn leave_one_writer_out(lines: &[Line], opening: bool) {
    const THRESHOLDS: [f64; 9] = [2.5, 3.0, 3.5, 4.0, 4.5, 5.0, 5.5, 6.0, 6.5];
    let mut writers: BTreeMap<&str, Vec<&Line>> = BTreeMap::new();
    for l in lines {
        writers.entry(writer(&l.id)).or_default().push(l);
    }
    println!("| writer | talk | markings in text | caught / at risk at {THRESHOLDS:?} |");
    println!("|---|---:|---:|---|");
    let mut totals = [(0, 0); THRESHOLDS.len()];
    for (name, own) in &writers {
        let rest: Vec<Line> = lines
            .iter()
            .filter(|l| writer(&l.id) != *name)
            .cloned()
            .collect();
        let unused = Thresholds {
            opening: 0.0,
            inside: 0.0,
        };
        let model = fit(&training_set(&rest), unused);
        let talk: Vec<f64> = own
            .iter()
            .filter(|l| l.label == Label::Talk && !l.attachment)
            .filter(|l| opens_in_capitals(&l.text) == opening)
            .map(|l| model.score(&l.text))
            .collect();
        let marks: Vec<f64> = own
            .iter()
            .filter(|l| at_risk(l) && opens_in_capitals(&l.text) == opening)
            .map(|l| model.score(&l.text))
            .collect();
        let cells: Vec<String> = THRESHOLDS
            .iter()
            .zip(totals.iter_mut())
            .map(|(&t, total)| {
                let caught = talk.iter().filter(|&&s| s > t).count();
                let risk = marks.iter().filter(|&&s| s > t).count();
                total.0 += caught;
                total.1 += risk;
                format!("{caught}/{risk}")
            })
            .collect();
        println!(
            "| {name} | {} | {} | {} |",
            talk.len(),
            marks.len(),
            cells.join(" ")
        );
    }
    let cells: Vec<String> = totals.iter().map(|(c, r)| format!("{c}/{r}")).collect();
    println!("| all | | | {} |", cells.join(" "));
}
