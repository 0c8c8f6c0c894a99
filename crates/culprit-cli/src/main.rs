//! `culprit`: is AI the real culprit, or the scapegoat? A thin binary over the library crates.

mod output;
mod titles_cmd;

use clap::{Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(name = "culprit", version, about = "Offline evidence engine: is AI the real culprit of a layoff, or the scapegoat?", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Code job titles to occupations; evaluate the coder.
    #[command(subcommand)]
    Titles(titles_cmd::TitlesCommand),
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result: anyhow::Result<()> = match cli.command {
        Command::Titles(c) => titles_cmd::run(c),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::from(2)
        }
    }
}
