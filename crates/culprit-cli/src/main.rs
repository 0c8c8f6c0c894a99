//! `culprit`: is AI the real culprit of a layoff, or the scapegoat? A thin binary over the
//! library crates: it parses arguments, calls the analyses and renders their typed results.

mod catalog_cmd;
mod output;
mod postings_cmd;

use clap::{Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "culprit",
    version,
    about = "Offline evidence engine: is AI the real culprit of a layoff, or the scapegoat?",
    long_about = "culprit joins what AI can do of each occupation's tasks (open exposure data), an \
organisation's structure (HRIS export), the economics of a cut, a company's public record and the \
AI talk in job postings. Everything runs offline on a local mirror of public data.\n\n\
Exposure is technical feasibility, not a probability of losing a job."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Upstream sources and the compiled catalog: status, fetch, build.
    #[command(subcommand)]
    Data(catalog_cmd::DataCommand),
    /// One occupation: employment, wages, every exposure measure and its tasks.
    Occupation(catalog_cmd::OccupationArgs),
    /// The table of all SOC occupations with their exposure.
    Occupations(catalog_cmd::OccupationsArgs),
    /// National exposure figures.
    #[command(subcommand)]
    Exposure(catalog_cmd::ExposureCommand),
    /// Job postings: is the AI talk in hiring real? Scan a corpus, list the taxonomy.
    #[command(subcommand)]
    Postings(postings_cmd::PostingsCommand),
    /// Host an Apache DataFusion Ballista scheduler or executor with culprit's UDFs.
    #[cfg(feature = "engine")]
    #[command(subcommand)]
    Cluster(postings_cmd::ClusterCommand),
    /// Synthetic data for tests and benchmarks.
    #[command(subcommand)]
    Synth(SynthCommand),
}

/// `culprit synth ...`: one subcommand per kind of synthetic data.
#[derive(Subcommand, Debug)]
enum SynthCommand {
    /// A job postings corpus (JSON Lines) with controllable AI-mention rates by occupation.
    Postings(postings_cmd::SynthPostingsArgs),
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Data(c) => catalog_cmd::run_data(c),
        Command::Occupation(a) => catalog_cmd::run_occupation(a),
        Command::Occupations(a) => catalog_cmd::run_occupations(a),
        Command::Exposure(c) => catalog_cmd::run_exposure(c),
        Command::Postings(c) => postings_cmd::run_postings(c),
        #[cfg(feature = "engine")]
        Command::Cluster(c) => postings_cmd::run_cluster(c),
        Command::Synth(SynthCommand::Postings(a)) => postings_cmd::run_synth_postings(a),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            // A closed pipe (`culprit occupations | head`) is not an error worth a message.
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
                    || c.to_string().contains("Broken pipe")
            }) {
                return std::process::ExitCode::SUCCESS;
            }
            eprintln!("error: {e:#}");
            std::process::ExitCode::from(2)
        }
    }
}
