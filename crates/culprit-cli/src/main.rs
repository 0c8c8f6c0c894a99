//! `culprit`: is AI the real culprit, or the scapegoat? A thin binary over the library crates.

mod company_cmd;
mod output;

use clap::{Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(name = "culprit", version, about = "Offline evidence engine: is AI the real culprit of a layoff, or the scapegoat?", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Company evidence: why did this company cut? (scorecard of the three explanations)
    #[command(subcommand)]
    Company(company_cmd::CompanyCommand),
    /// Layoff events from layoffs.fyi and WARN notices.
    #[command(subcommand)]
    Events(company_cmd::EventsCommand),
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result: anyhow::Result<()> = match cli.command {
        Command::Company(c) => company_cmd::run_company(c),
        Command::Events(c) => company_cmd::run_events(c),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::from(2)
        }
    }
}
