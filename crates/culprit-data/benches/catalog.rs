//! `cargo bench -p culprit-data`: catalog build, catalog load and occupation queries, on the
//! real mirror. Prints the median and best of several runs.

use culprit_data::catalog::Catalog;
use culprit_data::lookup::{self, OccupationView};
use culprit_data::national::national_summary;
use culprit_data::Registry;
use std::time::{Duration, Instant};

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, Duration) {
    let mut v: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed()
        })
        .collect();
    v.sort();
    (v[v.len() / 2], v[0])
}

fn report(name: &str, (median, best): (Duration, Duration)) {
    println!("{name:<40} median {:>10.3} ms   best {:>10.3} ms", median.as_secs_f64() * 1e3, best.as_secs_f64() * 1e3);
}

fn main() {
    let reg = Registry::builtin().expect("registry");
    if reg.locate("gpts_labels").is_err() {
        eprintln!("no data mirror: set CULPRIT_MIRROR");
        return;
    }
    let dir = std::env::temp_dir().join(format!("culprit-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("catalog.bin");
    report("catalog build (parse + verify + compile)", time(5, || Catalog::build(&reg).unwrap()));
    let cat = Catalog::build(&reg).unwrap();
    cat.write(&path).unwrap();
    println!("catalog file size: {:.1} MB", std::fs::metadata(&path).unwrap().len() as f64 / 1e6);
    report("catalog load (read + deserialize)", time(20, || Catalog::read(&path).unwrap()));
    report("catalog open (load + staleness check)", time(20, || {
        std::env::set_var("CULPRIT_CATALOG", &path);
        Catalog::open(&reg).unwrap()
    }));
    report("occupation by code + full view", time(200, || {
        let lookup::Found::One { soc, onet } = lookup::find(&cat, "15-1252") else { panic!() };
        OccupationView::new(&cat, soc, onet)
    }));
    report("occupation by words (ranked)", time(50, || lookup::find(&cat, "human resources manager")));
    report("national exposure summary", time(200, || national_summary(&cat)));
    std::fs::remove_dir_all(&dir).ok();
}
