//! The `onrecord` binary: parse arguments, run, map the outcome to an exit code.

use std::process::ExitCode;

use clap::Parser;

use onrecord::cli::{Cli, Command};
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
