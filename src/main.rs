//! The `tally` binary: parses arguments, runs the library, and is the one place that prints
//! errors and picks the exit code (0 ok, 1 content errors, 2 usage or I/O errors).

mod cli;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};
use tally::{diag, Error};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            report(&e);
            ExitCode::from(e.exit_code())
        }
    }
}

fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Build(args) => {
            let report = tally::build(&args.options())?;
            if !report.warnings.is_empty() {
                eprint!(
                    "{}",
                    diag::render_human(&report.warnings, std::io::stderr().is_terminal())
                );
            }
            println!(
                "Built {} files ({}, {}, {}, {}) in {} ms into {}",
                report.files,
                count(report.incidents, "incident", "incidents"),
                count(report.companies, "company", "companies"),
                count(report.actors, "actor", "actors"),
                count(report.campaigns, "campaign", "campaigns"),
                report.elapsed.as_millis(),
                report.output.display()
            );
            Ok(())
        }
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn report(e: &Error) {
    if let Error::Content(diags) = e {
        eprint!("{}", diag::render_human(diags, std::io::stderr().is_terminal()));
    }
    eprintln!("error: {e}");
}
