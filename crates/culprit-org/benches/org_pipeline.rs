//! Benchmark of the organisation engine on a synthetic organisation (default 1.6 M people):
//! synth -> CSV -> import -> validate -> code titles -> spans and layers -> roll-ups -> tables.
//!
//!     cargo bench -p culprit-org                        # 1.6 M people
//!     CULPRIT_BENCH_PEOPLE=200000 cargo bench -p culprit-org
//!     CULPRIT_BENCH_FILE=/path/org.csv cargo bench -p culprit-org   # an existing file
//!
//! Prints seconds per stage and rows per second. Not criterion: one run of a 1-second pipeline
//! on 115 MB is the figure of interest, and criterion's repetitions would take minutes.

use culprit_org::coder::KeywordCoder;
use culprit_org::import::no_progress;
use culprit_org::synth::{generate, SynthOptions};
use culprit_org::{analyze, write_outputs, AnalyzeOptions};
use std::time::Instant;

fn main() {
    let people: usize = std::env::var("CULPRIT_BENCH_PEOPLE").ok().and_then(|s| s.parse().ok()).unwrap_or(1_600_000);
    let dir = tempfile::tempdir().unwrap();
    let path = match std::env::var("CULPRIT_BENCH_FILE") {
        Ok(p) => std::path::PathBuf::from(p),
        Err(_) => {
            let p = dir.path().join("org.csv");
            let t = Instant::now();
            let s = generate(&SynthOptions { people, seed: 42, corporate_only: false, pay: None }).unwrap();
            let g = t.elapsed().as_secs_f64();
            s.write(&p).unwrap();
            println!("synth: {} people generated in {:.2} s, written in {:.2} s", people, g, t.elapsed().as_secs_f64() - g);
            p
        }
    };
    let bytes = std::fs::metadata(&path).unwrap().len();
    // Warm the page cache so that the figure is the engine, not the disk.
    let _ = std::fs::read(&path).map(|b| b.len());
    let opts = AnalyzeOptions::default();
    for (name, coder) in [("no coder", &culprit_org::NoCoder as &dyn culprit_org::JobCoder), ("keyword coder", &KeywordCoder::sample())] {
        let t = Instant::now();
        let a = analyze(&path, &opts, coder, &no_progress).unwrap();
        let total = t.elapsed().as_secs_f64();
        let out = dir.path().join("out");
        let t2 = Instant::now();
        write_outputs(&a, &out, false).unwrap();
        let w = t2.elapsed().as_secs_f64();
        println!(
            "analyze ({name}): {} rows, {:.1} MB in {:.3} s = {:.2} M rows/s, {:.0} MB/s; tables written in {:.3} s",
            a.summary.spans.people,
            bytes as f64 / 1e6,
            total,
            a.summary.spans.people as f64 / total / 1e6,
            bytes as f64 / 1e6 / total,
            w
        );
        for (stage, secs) in &a.summary.timings {
            println!("  {stage:<18} {secs:.3} s");
        }
        println!(
            "  layers {}, managers {}, median span {}, teams {}",
            a.summary.spans.layers,
            a.summary.spans.managers,
            a.summary.spans.median_span,
            a.rollups.teams.len()
        );
    }
}
