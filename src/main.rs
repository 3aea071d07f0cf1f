//! The `onrecord` binary: parse arguments, run, map the outcome to an exit code.

use std::process::ExitCode;

use clap::Parser;

use onrecord::cli::{Cli, Command, RulesCommand};
use onrecord::rules::{self, RuleSet};
use onrecord::scan;

/// Exit codes schedulers can rely on.
const EXIT_FINDINGS: u8 = 1;
const EXIT_USAGE: u8 = 2;
const EXIT_INCOMPLETE: u8 = 3;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(EXIT_USAGE)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Rules(cmd) => rules_command(cmd),
        Command::Scan(args) => {
            let plan = match args.plan() {
                Ok(p) => p,
                Err(problems) => {
                    eprintln!("onrecord: configuration problems (nothing was scanned):");
                    for p in problems {
                        eprintln!("  - {p}");
                    }
                    return ExitCode::from(EXIT_USAGE);
                }
            };
            for p in &plan.register.problems {
                eprintln!(
                    "onrecord: warning: register {} line {}: {}",
                    p.file, p.line, p.message
                );
            }
            match scan::run(&plan) {
                Ok(summary) => {
                    eprintln!(
                        "onrecord: {} file(s) scanned, {} skipped, {} error(s); {} messages; reports in {}",
                        summary.scanned,
                        summary.skipped,
                        summary.errors,
                        summary.messages,
                        plan.out.display()
                    );
                    if summary.is_incomplete() {
                        eprintln!(
                            "onrecord: scan incomplete: see rows with status `error` in files.csv"
                        );
                        ExitCode::from(EXIT_INCOMPLETE)
                    } else if summary.has_findings_at_fail_level() {
                        ExitCode::from(EXIT_FINDINGS)
                    } else {
                        ExitCode::SUCCESS
                    }
                }
                Err(e) => {
                    eprintln!("onrecord: {e:#}");
                    ExitCode::from(EXIT_INCOMPLETE)
                }
            }
        }
    }
}

/// `onrecord rules list|check|explain`.
fn rules_command(cmd: RulesCommand) -> ExitCode {
    let paths = match &cmd {
        RulesCommand::List(a) | RulesCommand::Check(a) => a.paths(),
        RulesCommand::Explain { packs, .. } => packs.paths(),
    };
    let set: RuleSet = match rules::config::load(&paths) {
        Ok(set) => set,
        Err(errors) => {
            eprintln!("onrecord: {} problem(s) in the rule packs:", errors.len());
            for e in errors {
                eprintln!("  - {e}");
            }
            return ExitCode::from(EXIT_USAGE);
        }
    };
    match cmd {
        RulesCommand::List(_) => {
            for r in &set.rules {
                println!(
                    "{:<34} {:<22} {:<8} {}",
                    r.id,
                    r.kind.name(),
                    r.severity,
                    r.description.lines().next().unwrap_or("")
                );
            }
        }
        RulesCommand::Check(_) => {
            let samples: usize = set
                .rules
                .iter()
                .map(|r| r.must_match.len() + r.must_not_match.len())
                .sum();
            let packs: Vec<&str> = set.packs.iter().map(|(n, _)| n.as_str()).collect();
            println!(
                "ok: {} rules in {} pack(s) ({}); {samples} samples pass",
                set.rules.len(),
                packs.len(),
                packs.join(", ")
            );
        }
        RulesCommand::Explain { id, .. } => {
            let Some(r) = set.get(&id) else {
                eprintln!("onrecord: no rule with id {id:?} (see `onrecord rules list`)");
                return ExitCode::from(EXIT_USAGE);
            };
            println!("{}  [{}, severity {}]\n", r.id, r.kind.name(), r.severity);
            println!("{}\n", r.description);
            println!("{}\n", r.kind.doc());
            println!("Must match:");
            for s in &r.must_match {
                println!("  + {s}");
            }
            println!("Must not match:");
            for s in &r.must_not_match {
                println!("  - {s}");
            }
        }
    }
    ExitCode::SUCCESS
}
