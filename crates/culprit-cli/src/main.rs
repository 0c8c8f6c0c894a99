//! `culprit`: is AI the real culprit, or the scapegoat? A thin binary over the library crates.

mod org_cmd;
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
    /// Organisation engine: layers, spans, payroll and AI exposure from an HR export.
    Org(org_cmd::OrgArgs),
    /// Synthetic data for demos, tests and benchmarks.
    Synth(org_cmd::SynthArgs),
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result: anyhow::Result<()> = match cli.command {
        Command::Org(a) => org_cmd::run_org(a),
        Command::Synth(a) => org_cmd::run_synth(a),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::from(2)
        }
    }
}
