//! `culprit`: is AI the real culprit of a layoff, or the scapegoat? A thin binary over the
//! library crates: it parses arguments, calls the analyses and renders their typed results.

// Title coding and the organisation analysis allocate many small strings from every thread;
// glibc's allocator spent about a fifth of `titles code`'s time in malloc and free.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod catalog_cmd;
mod coding;
mod company_cmd;
mod inputs_cmd;
mod letters_cmd;
mod market_cmd;
mod org_cmd;
mod output;
mod postings_cmd;
mod report_cmd;
mod scenario_cmd;
mod serve_cmd;
mod titles_cmd;

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
    /// The seed case end to end: Amazon, October 2025. Prints the answers and writes report.html.
    Demo(report_cmd::DemoArgs),
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
    /// Company evidence: why did this company cut? (scorecard of the three explanations)
    #[command(subcommand)]
    Company(company_cmd::CompanyCommand),
    /// Layoff events from layoffs.fyi and WARN notices.
    #[command(subcommand)]
    Events(company_cmd::EventsCommand),
    /// The whole market: are AI-exposed jobs being cut more than others, month by month? (WARN
    /// register x industry exposure; layoffs.fyi; a break test around 2022-11)
    #[command(subcommand)]
    Market(market_cmd::MarketCommand),
    /// Organisation engine: layers, spans, payroll and AI exposure from an HR export.
    Org(org_cmd::OrgArgs),
    /// Synthetic data for demos, tests and benchmarks.
    Synth(org_cmd::SynthArgs),
    /// Restructuring scenarios: run a plan, compare plans, explain the assumptions.
    #[command(subcommand)]
    Scenario(scenario_cmd::ScenarioCommand),
    /// A self-contained HTML report (and JSON) for an organisation, scenarios, a company or an occupation.
    #[command(subcommand)]
    Report(report_cmd::ReportCommand),
    /// Code job titles to occupations; evaluate the coder.
    #[command(subcommand)]
    Titles(titles_cmd::TitlesCommand),
    /// The local web dashboard and its JSON API (localhost by default).
    Serve(serve_cmd::ServeArgs),
    /// How culprit reads a file (format, encoding, the column for each field), and the schemas it knows.
    #[command(subcommand)]
    Inputs(inputs_cmd::InputsCommand),
    /// Job postings: is the AI talk in hiring real? Scan a corpus, list the taxonomy.
    #[command(subcommand)]
    Postings(postings_cmd::PostingsCommand),
    /// Host an Apache DataFusion Ballista scheduler or executor with culprit's UDFs.
    #[cfg(feature = "cluster")]
    #[command(subcommand)]
    Cluster(postings_cmd::ClusterCommand),
}

/// `mi_option_purge_delay` in mimalloc 3's `mi_option_t` (include/mimalloc.h); libmimalloc-sys
/// names the options of mimalloc 2 only.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// A batch command keeps the memory it frees. By default mimalloc gives freed memory back to the
/// kernel after 10 ms; a command that frees and reallocates hundreds of MB then pays for the
/// kernel to zero the same pages again (`org analyze` of 1.6 M people: about 20,000 page faults
/// on 2 MB pages, 1-2 s of system time; with this, about 1,000). The server is long-lived and
/// keeps the default, which returns memory.
fn keep_freed_memory() {
    // SAFETY: sets a plain option of the allocator; mimalloc reads options atomically.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    if !matches!(cli.command, Command::Serve(_)) {
        keep_freed_memory();
    }
    let result = match cli.command {
        Command::Data(c) => catalog_cmd::run_data(c),
        Command::Occupation(a) => catalog_cmd::run_occupation(a),
        Command::Occupations(a) => catalog_cmd::run_occupations(a),
        Command::Exposure(c) => catalog_cmd::run_exposure(c),
        Command::Company(c) => company_cmd::run_company(c),
        Command::Events(c) => company_cmd::run_events(c),
        Command::Market(c) => market_cmd::run(c),
        Command::Org(a) => org_cmd::run_org(a),
        Command::Synth(a) => org_cmd::run_synth(a),
        Command::Scenario(c) => scenario_cmd::run_scenario(c),
        Command::Report(c) => report_cmd::run_report(c),
        Command::Demo(a) => report_cmd::run_demo(a),
        Command::Titles(c) => titles_cmd::run(c),
        Command::Serve(a) => serve_cmd::run(a),
        Command::Postings(c) => postings_cmd::run_postings(c),
        Command::Inputs(c) => inputs_cmd::run(c),
        #[cfg(feature = "cluster")]
        Command::Cluster(c) => postings_cmd::run_cluster(c),
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

#[cfg(all(test, feature = "cluster"))]
mod tests {
    use super::*;

    fn bind_of(args: &[&str]) -> std::net::SocketAddr {
        match Cli::try_parse_from(args).unwrap().command {
            Command::Cluster(postings_cmd::ClusterCommand::Scheduler { bind, .. }) | Command::Cluster(postings_cmd::ClusterCommand::Executor { bind, .. }) => bind,
            c => panic!("not a cluster role: {c:?}"),
        }
    }

    /// Ballista has no authentication: without --bind, both cluster roles listen on loopback.
    #[test]
    fn cluster_roles_bind_to_loopback_by_default() {
        let s = bind_of(&["culprit", "cluster", "scheduler"]);
        let e = bind_of(&["culprit", "cluster", "executor", "--scheduler", "df://127.0.0.1:50050"]);
        assert!(s.ip().is_loopback() && e.ip().is_loopback(), "{s} {e}");
        assert_eq!((s.port(), e.port()), (50050, 50051));
        // Another address is an explicit choice, and it is taken as given.
        assert_eq!(bind_of(&["culprit", "cluster", "executor", "--scheduler", "df://h:1", "--bind", "0.0.0.0:6000"]).to_string(), "0.0.0.0:6000");
        // Whose help says what another address exposes.
        let mut cli = <Cli as clap::CommandFactory>::command();
        let cluster = cli.find_subcommand_mut("cluster").unwrap();
        for role in ["scheduler", "executor"] {
            let cmd = cluster.find_subcommand_mut(role).unwrap();
            let help = cmd.get_arguments().find(|a| a.get_id() == "bind").and_then(|a| a.get_help()).unwrap().to_string();
            assert!(help.contains("no authentication") && help.contains("file access"), "{role}: {help}");
        }
    }
}
