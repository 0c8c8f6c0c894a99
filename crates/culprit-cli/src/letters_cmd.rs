//! `culprit events letters`: WARN letters that list every affected job title (Amazon's Washington
//! letters of October and December 2025 in the mirror): the letters read and checked against
//! themselves and against a CSV extraction, every title coded, and the exposure of the roles
//! actually cut by title, facility and occupation.

use crate::output::{pct, print_json, thousands, Format, Table};
use anyhow::{Context, Result};
use clap::Args;
use culprit_evidence::warn_letter::{exposure, read_letters, GroupExposure};
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct LettersArgs {
    /// Folder with the letters' text (`pdftotext -layout letter.pdf`) and, optionally, a CSV
    /// extraction `impacts_by_facility.csv`; default: the mirror's warn/amazon_wa_2025.
    pub dir: Option<PathBuf>,
    /// Rows shown in the title, facility and occupation tables.
    #[arg(long, default_value_t = 15)]
    pub top: usize,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

pub fn run(a: LettersArgs) -> Result<()> {
    let dir = match a.dir {
        Some(d) => d,
        None => culprit_evidence::mirror::locate(None).context("data mirror not found: set CULPRIT_MIRROR or give the letters' folder")?.join("warn/amazon_wa_2025"),
    };
    let set = read_letters(&dir)?;
    let c = crate::coding::catalog_coder(None)?;
    let coder = culprit_evidence::catalog_exposure::CatalogExposure { titles: c.titles };
    let e = exposure(&set, &coder);
    if a.format == Format::Json {
        return print_json(&serde_json::json!({"letters": set, "exposure": e}));
    }
    println!("WARN LETTERS in {}", dir.display());
    let mut t = Table::new(["letter", "received", "stated", "facilities", "remote", "title rows", "people on title rows"]).numeric([2, 3, 4, 5, 6]);
    for l in &set.letters {
        t.push([
            l.origin.clone(),
            l.received.map(|d| d.to_string()).unwrap_or_default(),
            l.stated_total.map(|n| thousands(n as f64, 0)).unwrap_or_default(),
            l.facilities.len().to_string(),
            l.remote.map(|n| n.to_string()).unwrap_or_default(),
            l.titles.len().to_string(),
            thousands(l.title_total() as f64, 0),
        ]);
    }
    println!("{}", t.to_terminal());
    if set.checks.is_empty() {
        println!("Each letter's stated total, facility counts (with remote employees) and title table agree.");
    }
    for d in &set.checks {
        println!("Difference: {}: {} on the letter, {} on its title rows", d.what, d.letter, d.other);
    }
    if let Some(x) = &set.extraction {
        println!(
            "CSV extraction {}: {} rows, {} people; the letters list {}.",
            x.path,
            thousands(x.rows as f64, 0),
            thousands(x.people as f64, 0),
            thousands(set.people() as f64, 0)
        );
        for d in x.differences.iter().take(12) {
            println!("  {}: {} on the letter, {} in the extraction", d.what, d.letter, d.other);
        }
        if x.differences.len() > 12 {
            println!("  ... and {} more (--format json lists them)", x.differences.len() - 12);
        }
        println!("The letters are the primary record: the figures below use them.");
    }
    println!(
        "\nROLES CUT: {} people, {} itemised by title ({}), {} coded to an occupation ({}); mean {} exposure of the coded: {}",
        thousands(set.stated() as f64, 0),
        thousands(e.people as f64, 0),
        pct(e.people as f64 / set.stated().max(1) as f64, 1),
        thousands(e.coded as f64, 0),
        pct(e.coded as f64 / e.people.max(1) as f64, 1),
        e.measure,
        e.exposure.map(|x| pct(x, 1)).unwrap_or_else(|| "n/a".into())
    );
    let table = |title: &str, rows: &[GroupExposure], with_occ: bool| {
        let mut head = vec![title.to_string(), "people".into(), format!("{} exposure", e.measure)];
        if with_occ {
            head.push("occupation (coded)".into());
            head.push("confidence".into());
        }
        let mut t = Table::new(head).numeric([1, 2]);
        for r in rows.iter().take(a.top) {
            let mut row = vec![r.key.clone(), thousands(r.people as f64, 0), r.exposure.map(|x| pct(x, 1)).unwrap_or_else(|| "uncoded".into())];
            if with_occ {
                row.push(r.occupation.clone().unwrap_or_default());
                row.push(r.confidence.map(|c| format!("{c:.2}")).unwrap_or_default());
            }
            t.push(row);
        }
        println!("{}", t.to_terminal());
    };
    table("title (most people first)", &e.by_title, true);
    table("occupation", &e.by_occupation, false);
    table("facility", &e.by_facility, false);
    println!("Coder: {}. Exposure is technical feasibility, not a probability of losing a job.", e.coder);
    Ok(())
}
