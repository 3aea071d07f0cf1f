//! The `onrecord` binary: parse arguments, run, map the outcome to an exit code.

use std::process::ExitCode;

use clap::Parser;

use onrecord::cli::{Cli, Command, RulesCommand};
use onrecord::lock::LockError;
use onrecord::pipeline::{Diagnostics, EXIT_BUSY, EXIT_NOT_WRITTEN, EXIT_USAGE, ScanSummary};
use onrecord::plan::ScanPlan;
use onrecord::rules::{self, RuleSet, Severity};
use onrecord::scan::{self, PartsRejected};

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
                Err(problems) => return configuration_problems(&problems),
            };
            warn_register(&plan, &mut Stderr);
            let result = scan::run(&plan, &mut Stderr);
            conclude(result, &plan.out)
        }
        Command::Merge(args) => {
            let plan = match args.plan() {
                Ok(p) => p,
                Err(problems) => return configuration_problems(&problems),
            };
            warn_register(&plan, &mut Stderr);
            let result = scan::merge(&plan, &args.parts, &mut Stderr);
            conclude(result, &plan.out)
        }
    }
}

/// Warnings go to stderr as they happen.
struct Stderr;

impl Diagnostics for Stderr {
    fn warn(&mut self, message: String) {
        eprintln!("onrecord: warning: {message}");
    }
}

fn configuration_problems(problems: &[String]) -> ExitCode {
    eprintln!("onrecord: configuration problems (nothing was scanned):");
    for p in problems {
        eprintln!("  - {p}");
    }
    ExitCode::from(EXIT_USAGE)
}

/// Warns of the register rows with problems, the review rows not applied, and
/// files read from a legacy encoding.
fn warn_register(plan: &ScanPlan, diag: &mut dyn Diagnostics) {
    for p in &plan.register.problems {
        diag.warn(format!("register {p}"));
    }
    for p in &plan.reviews.problems {
        diag.warn(format!(
            "reviewed findings {} {} {}: not applied: {}",
            plan.reviews.file, p.unit, p.line, p.message
        ));
    }
    for note in plan.register.notes.iter().chain(&plan.reviews.notes) {
        diag.warn(note.clone());
    }
}

/// The closing log line and the exit code.
fn conclude(result: anyhow::Result<ScanSummary>, out: &std::path::Path) -> ExitCode {
    match result {
        Ok(summary) if summary.interrupted => {
            eprintln!(
                "onrecord: interrupted after {} file(s) ({} parsed, {} unchanged); no reports written",
                summary.read.parsed + summary.read.reused,
                summary.read.parsed,
                summary.read.reused
            );
            ExitCode::from(summary.exit_code())
        }
        Ok(summary) => {
            eprintln!("{}", closing_line(&summary, out));
            if summary.is_incomplete() {
                eprintln!(
                    "onrecord: scan incomplete: {} file(s) could not be read, first {}; see rows with status `error` in files.csv",
                    summary.errors,
                    summary.first_errors.join(", ")
                );
            }
            ExitCode::from(summary.exit_code())
        }
        Err(e)
            if e.downcast_ref::<LockError>()
                .is_some_and(|l| matches!(l, LockError::Busy { .. })) =>
        {
            eprintln!("onrecord: {e}");
            ExitCode::from(EXIT_BUSY)
        }
        Err(e) if e.downcast_ref::<PartsRejected>().is_some() => {
            eprintln!("onrecord: {e}");
            ExitCode::from(EXIT_USAGE)
        }
        Err(e) => {
            eprintln!("onrecord: {e:#}");
            eprintln!(
                "onrecord: no reports written (exit {EXIT_NOT_WRITTEN}); the reports in {} are the last run's, if any",
                out.display()
            );
            ExitCode::from(EXIT_NOT_WRITTEN)
        }
    }
}

/// One line for the log: what was read, findings by severity, where the reports are.
fn closing_line(summary: &ScanSummary, out: &std::path::Path) -> String {
    let by_severity: Vec<String> = Severity::ALL
        .iter()
        .zip(summary.by_severity)
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| format!("{n} {s}"))
        .collect();
    let by_severity = if by_severity.is_empty() {
        String::new()
    } else {
        format!(": {}", by_severity.join(", "))
    };
    format!(
        "onrecord: {} file(s) scanned, {} skipped, {} error(s); {} parsed, {} unchanged since the last run; {} messages; {} finding(s){by_severity} ({} new, {} resolved, {} under review); {} at or above --fail-on; reports in {}",
        summary.scanned,
        summary.skipped,
        summary.errors,
        summary.read.parsed,
        summary.read.reused,
        summary.messages,
        summary.findings,
        summary.findings_new,
        summary.findings_resolved,
        summary.findings_reviewed,
        summary.failing_findings,
        out.display()
    )
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
                .map(|r| r.must_match.len() + r.must_not_match.len() + r.kind.family_samples())
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
            if let rules::RuleKind::Decision(d) = &r.kind {
                println!("\n{}", d.explain());
            }
        }
    }
    ExitCode::SUCCESS
}
