//! Development harness: build time, a few titles, held-out figures and the calibration fit.
//! `cargo run --release -p culprit-titles --example dev -- [titles...]`
//! `-- --held-out` (alternate-title folds, the development set), `-- --held-out-reported` (the
//! reported-title folds, the held-out set: run it rarely and say how often it was looked at),
//! `-- --gold FILE` (a gold CSV with `title` and `soc` columns), `-- --gold-misses FILE` (and list
//! the misses: only for development sets).
use culprit_data::{Catalog, Registry, TitleKind};
use culprit_titles::{eval, Coder, CoderOptions};

fn main() {
    let (cat, _) = Catalog::open(&Registry::builtin().unwrap()).unwrap();
    let t = std::time::Instant::now();
    let coder = Coder::new(&cat, CoderOptions::default()).unwrap();
    println!("build {:?}, {} docs", t.elapsed(), coder.indexed_titles());
    let args: Vec<String> = std::env::args().skip(1).collect();
    let titles: Vec<String> = if args.is_empty() {
        ["Sr. SDE II", "HRBP - Devices", "Mgr, Area Operations", "Program Manager III, Alexa", "Manager, People Experience", "Area Manager, Operations"].map(String::from).to_vec()
    } else if args[0] == "--gold" || args[0] == "--gold-misses" {
        let bytes = std::fs::read(&args[1]).unwrap();
        let gold = eval::read_gold(&bytes, &args[1], "title", "soc").unwrap();
        let (r, _) = eval::evaluate(&coder, &gold, &args[1]);
        println!("{}", serde_json::to_string(&r).unwrap());
        if args[0] == "--gold-misses" {
            for g in &gold {
                let c = coder.code(&g.title);
                if c.soc.as_deref() != Some(g.soc.as_str()) {
                    println!("  MISS {:40} want {} got {:?} {:?} | {:?}", g.title, g.soc, c.soc, c.occupation, c.evidence);
                }
            }
        }
        return;
    } else if args[0] == "--held-out" || args[0] == "--held-out-reported" {
        let sets = if args[0] == "--held-out" { vec![("alternate (dev)", vec![TitleKind::Alternate])] } else { vec![("reported", vec![TitleKind::Reported])] };
        for (name, kinds) in sets {
            let h = eval::held_out(&cat, &kinds, 5, 7, &CoderOptions::default(), name);
            println!("{}", serde_json::to_string(&h.report).unwrap());
            if name.starts_with("alternate") {
                println!("fit {:?}", eval::fit_calibration(&h.outcomes));
            }
            println!("ece {:.3}", eval::calibration_error(&h.outcomes, 10));
            for r in eval::reliability(&h.outcomes, 10) {
                println!("  {:?}", r);
            }
        }
        return;
    } else {
        args
    };
    for t in titles {
        let c = coder.code(&t);
        println!("{t:40} -> {:?} {:?} {:.2} {:.2} {} | {:?}", c.soc, c.occupation, c.confidence, c.score, c.method.label(), c.evidence);
        for a in c.alternatives.iter().take(3) {
            println!("      {} {} {:.2} {}", a.soc, a.occupation, a.score, a.evidence);
        }
    }
}
